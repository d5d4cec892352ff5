// Who may do what with an incident (gebeurtenis), as small rules. Row-level security holds the same
// (migrations/0001_cases.ts, 0005_incident_recorder.ts): these refuse early with a clear problem and
// say what the API offers (allowedActions); the database refuses whatever slips past.
import { definePolicy } from '../../kernel/auth/policy.ts';
import { hasPermissionIn } from '../../kernel/auth/access.ts';
import type { Actor } from '../../kernel/auth/actor.ts';

/** An incident as the policy needs it: its unit and how the actor is related to it. */
export interface IncidentResource {
  owningUnitId: string;
  /** The units of the linked cases the actor can see (row-level security decides which). */
  linkedCaseUnits: string[];
  /** The actor recorded it in the last seven days (before a case links it). */
  recordedByActor: boolean;
}

const canRead = (actor: Actor, i: IncidentResource) =>
  i.recordedByActor || i.linkedCaseUnits.length > 0 || hasPermissionIn(actor, 'cases.read-unit', i.owningUnitId);

export const incidentPolicy = definePolicy<IncidentResource, 'read' | 'update'>({
  read: canRead,
  // Changing: cases.update in the incident's unit, or in the unit of a linked case one can see.
  update: (actor, i) => canRead(actor, i) && [i.owningUnitId, ...i.linkedCaseUnits].some((unit) => hasPermissionIn(actor, 'cases.update', unit)),
});
