// Who may do what with a case, as small rules. The same rules hold in the database (row-level
// security, migrations/0001_cases.ts): these decide what the API offers (allowedActions) and refuse
// early with a clear problem; the database refuses whatever slips past.
import { definePolicy } from '../../kernel/auth/policy.ts';
import { hasPermission, hasPermissionIn } from '../../kernel/auth/access.ts';
import type { Actor } from '../../kernel/auth/actor.ts';
import type { Confidentiality } from './cases.tables.ts';

/** A case as the policy needs it: where it lives, how confidential, and the actor's relation to it. */
export interface CaseResource {
  owningUnitId: string;
  confidentiality: Confidentiality;
  closed: boolean;
  /** The actor works on it (live assignment). */
  assigned: boolean;
  /** The actor holds a live explicit or break-the-glass grant. */
  granted: boolean;
}

const readsUnit = (actor: Actor, c: CaseResource) => c.confidentiality !== 'shielded' && hasPermissionIn(actor, 'cases.read-unit', c.owningUnitId);
const canRead = (actor: Actor, c: CaseResource) => c.assigned || c.granted || readsUnit(actor, c);
const canChange = (actor: Actor, c: CaseResource) =>
  canRead(actor, c) && (c.assigned || hasPermissionIn(actor, 'cases.update', c.owningUnitId));

export const casePolicy = definePolicy<CaseResource, 'read' | 'update' | 'close' | 'reopen' | 'assign' | 'addParticipant' | 'grantAccess'>({
  read: canRead,
  update: (actor, c) => !c.closed && canChange(actor, c),
  close: (actor, c) => !c.closed && canChange(actor, c),
  reopen: (actor, c) => c.closed && canRead(actor, c) && hasPermissionIn(actor, 'cases.update', c.owningUnitId),
  assign: (actor, c) => !c.closed && canRead(actor, c) && hasPermissionIn(actor, 'cases.assign', c.owningUnitId),
  addParticipant: (actor, c) => !c.closed && canChange(actor, c),
  grantAccess: (actor, c) => canRead(actor, c) && hasPermissionIn(actor, 'cases.grant-access', c.owningUnitId),
});

export const mayBreakGlass = (actor: Actor) => actor.kind === 'user' && hasPermission(actor, 'cases.break-glass');
