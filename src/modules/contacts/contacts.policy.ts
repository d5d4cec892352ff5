// Who may do what with contact moments, as small rules. The same rules hold in the database
// (row-level security, migrations/0001_contact_moments.ts); these refuse early with a clear problem
// and tell the client what it may offer (allowedActions).
import { definePolicy } from '../../kernel/auth/policy.ts';
import { hasPermissionIn } from '../../kernel/auth/access.ts';
import type { Actor } from '../../kernel/auth/actor.ts';

/** The author may correct her own contact moment this long after logging it. */
export const CORRECTION_WINDOW_MS = 24 * 3_600_000;

/** The case a contact moment belongs to, as the policy needs it (the actor's relation to it included). */
export interface ContactCase {
  owningUnitId: string;
  confidentiality: 'normal' | 'sensitive' | 'shielded';
  closed: boolean;
  /** The actor works on it (live assignment). */
  assigned: boolean;
  /** The actor holds a live explicit or break-the-glass grant. */
  granted: boolean;
}

export interface ContactMomentResource {
  kase: ContactCase;
  createdBy: string | null;
  createdAt: Date;
}

// The case's own visibility rule (cases.policy.ts), repeated: contact moments are visible exactly
// when their case is.
const seesCase = (actor: Actor, c: ContactCase) =>
  c.assigned || c.granted || (c.confidentiality !== 'shielded' && hasPermissionIn(actor, 'cases.read-unit', c.owningUnitId));

export const isOwnRecentContact = (actor: Actor, m: ContactMomentResource, now = Date.now()) =>
  actor.id !== null && m.createdBy === actor.id && now - m.createdAt.getTime() < CORRECTION_WINDOW_MS;

export const caseContactPolicy = definePolicy<ContactCase, 'read' | 'log'>({
  read: seesCase,
  log: (actor, c) => seesCase(actor, c) && !c.closed && (c.assigned || hasPermissionIn(actor, 'cases.update', c.owningUnitId)),
});

export const contactMomentPolicy = definePolicy<ContactMomentResource, 'read' | 'update'>({
  read: (actor, m) => seesCase(actor, m.kase),
  update: (actor, m) => seesCase(actor, m.kase) && (isOwnRecentContact(actor, m) || hasPermissionIn(actor, 'contacts.correct', m.kase.owningUnitId)),
});
