// Who may do what with an incident (gebeurtenis), as small rules. Row-level security holds the same
// (migrations/0007_incident_visibility.ts): these refuse early with a clear problem and
// say what the API offers (allowedActions); the database refuses whatever slips past.
import { definePolicy } from '../../kernel/auth/policy.ts';
import { hasPermissionIn } from '../../kernel/auth/permissions.ts';
import type { Actor } from '../../kernel/auth/actor.ts';
import { casePolicy, type CaseResource } from './cases.policy.ts';

/** An incident as the policy needs it: its unit and how the actor is related to it. */
export interface IncidentResource {
  owningUnitId: string;
  /** Some case links it, whether or not the actor can see that case. */
  linked: boolean;
  /** The linked cases row-level security shows the actor; the case policy says which she sees. */
  linkedCases: CaseResource[];
  /** The actor recorded it in the last seven days. */
  recordedByActor: boolean;
}

/** The units of the linked cases the actor sees, by the cases' own rule (casePolicy.read), not a copy of it. */
const seenCaseUnits = (actor: Actor, i: IncidentResource) =>
  i.linkedCases.filter((c) => casePolicy.read(actor, c)).map((c) => c.owningUnitId);

// An incident is as confidential as its cases: once a case links it, it is seen only through a linked
// case one can see (the unit's cases.read-unit does not reach past a shielded case); before that, by
// the unit and by whoever recorded it.
const canRead = (actor: Actor, i: IncidentResource) =>
  i.linked ? seenCaseUnits(actor, i).length > 0 : i.recordedByActor || hasPermissionIn(actor, 'cases.read-unit', i.owningUnitId);

export const incidentPolicy = definePolicy<IncidentResource, 'read' | 'update'>({
  read: canRead,
  // Changing: cases.update in the incident's unit, or in the unit of a linked case one can see.
  update: (actor, i) =>
    canRead(actor, i) &&
    (i.linked ? [i.owningUnitId, ...seenCaseUnits(actor, i)] : [i.owningUnitId]).some((unit) =>
      hasPermissionIn(actor, 'cases.update', unit),
    ),
});
