// Who may do what with contact moments, as small rules. The same rules hold in the database
// (row-level security, migrations/0001_contact_moments.ts); these refuse early with a clear problem
// and tell the client what it may offer (allowedActions).
import { definePolicy } from '../../kernel/auth/policy.ts';
import { hasPermissionIn } from '../../kernel/auth/permissions.ts';
import type { Actor } from '../../kernel/auth/actor.ts';
import { casePolicy, type CaseResource } from '../cases/index.ts';

/** The author may correct her own contact moment this long after logging it. */
export const CORRECTION_WINDOW_MS = 24 * 3_600_000;

/** The case a contact moment belongs to, as the cases module's policy needs it (the actor's relation to it included). */
export type ContactCase = CaseResource;

export interface ContactMomentResource {
  kase: ContactCase;
  createdBy: string | null;
  createdAt: Date;
}

// Contact moments are visible exactly when their case is, logged by whoever may change the open case:
// the cases module's own rules (casePolicy), not a copy of them.
const seesCase = (actor: Actor, c: ContactCase) => casePolicy.read(actor, c);

export const isOwnRecentContact = (actor: Actor, m: ContactMomentResource, now = Date.now()) =>
  actor.id !== null && m.createdBy === actor.id && now - m.createdAt.getTime() < CORRECTION_WINDOW_MS;

export const caseContactPolicy = definePolicy<ContactCase, 'read' | 'log'>({
  read: seesCase,
  log: (actor, c) => casePolicy.update(actor, c),
});

export const contactMomentPolicy = definePolicy<ContactMomentResource, 'read' | 'update'>({
  read: (actor, m) => seesCase(actor, m.kase),
  update: (actor, m) =>
    seesCase(actor, m.kase) && (isOwnRecentContact(actor, m) || hasPermissionIn(actor, 'contacts.correct', m.kase.owningUnitId)),
});
