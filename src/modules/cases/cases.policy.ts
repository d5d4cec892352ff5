// Who may do what with a case, as small rules. The same rules hold in the database (row-level
// security, migrations/0001_cases.ts): these decide what the API offers (allowedActions) and refuse
// early with a clear problem; the database refuses whatever slips past.
import { definePolicy } from '../../kernel/auth/policy.ts';
import { hasPermissionIn } from '../../kernel/auth/permissions.ts';
import type { Actor } from '../../kernel/auth/actor.ts';
import type { SecurityNotice } from '../../kernel/audit/security-events.ts';
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

const readsUnit = (actor: Actor, c: CaseResource) =>
  c.confidentiality !== 'shielded' && hasPermissionIn(actor, 'cases.read-unit', c.owningUnitId);
const canRead = (actor: Actor, c: CaseResource) => c.assigned || c.granted || readsUnit(actor, c);
const canChange = (actor: Actor, c: CaseResource) =>
  canRead(actor, c) && (c.assigned || hasPermissionIn(actor, 'cases.update', c.owningUnitId));

const grantsIn = (actor: Actor, c: CaseResource) => hasPermissionIn(actor, 'cases.grant-access', c.owningUnitId);

/**
 * The one case-visibility rule of the application: `read` is who sees a case, `update` who may change
 * an open one. Contacts, documents and the case screen decide with it (index.ts exports it) on the
 * CaseAccess the cases module loads for them; none restates it.
 */
export const casePolicy = definePolicy<
  CaseResource,
  'read' | 'update' | 'close' | 'reopen' | 'assign' | 'addParticipant' | 'grantAccess' | 'shield' | 'unshield' | 'legalHold'
>({
  read: canRead,
  update: (actor, c) => !c.closed && canChange(actor, c),
  close: (actor, c) => !c.closed && canChange(actor, c),
  reopen: (actor, c) => c.closed && canRead(actor, c) && hasPermissionIn(actor, 'cases.update', c.owningUnitId),
  assign: (actor, c) => !c.closed && canRead(actor, c) && hasPermissionIn(actor, 'cases.assign', c.owningUnitId),
  addParticipant: (actor, c) => !c.closed && canChange(actor, c),
  grantAccess: (actor, c) => canRead(actor, c) && grantsIn(actor, c),
  // Shielding and leaving `shielded` both need someone who can grant access to the case: cases.grant-access in its unit.
  shield: (actor, c) => !c.closed && c.confidentiality !== 'shielded' && canChange(actor, c) && grantsIn(actor, c),
  unshield: (actor, c) => !c.closed && c.confidentiality === 'shielded' && canChange(actor, c) && grantsIn(actor, c),
  // Putting the case on legal hold or lifting it (legal-hold.service.ts; the SQL decides again): cases.legal-hold in its
  // unit. Offered here to those who see the case; the API also lets a holder act on a case she does not see.
  legalHold: (actor, c) => canRead(actor, c) && hasPermissionIn(actor, 'cases.legal-hold', c.owningUnitId),
});

/** Who hears at once of a security event about a case: its unit's team lead and security officers. */
export const notifyOfCase = (unitId: string): SecurityNotice[] => [
  { permission: 'cases.grant-access', unitId },
  { permission: 'cases.review-access', unitId },
];
