// Who may do what with a referral, as small rules. Seeing one is decided by row-level security
// (migrations/0001_referrals.ts): a referral that loads is one the actor may see. These rules decide
// what the API offers (allowedActions) and refuse early with a clear problem; the database refuses
// whatever slips past.
import { definePolicy } from '../../kernel/auth/policy.ts';
import { hasPermissionIn } from '../../kernel/auth/permissions.ts';
import type { Actor } from '../../kernel/auth/actor.ts';
import { LIVE_STATUSES, type ReferralStatus } from './referrals.tables.ts';

export interface ReferralResource {
  owningUnitId: string;
  status: ReferralStatus;
  assignedTo: string | null;
}

export const isLive = (status: ReferralStatus) => LIVE_STATUSES.includes(status);
const readsUnit = (actor: Actor, r: ReferralResource) => hasPermissionIn(actor, 'referrals.read-unit', r.owningUnitId);
const assignedToMe = (actor: Actor, r: ReferralResource) => actor.kind === 'user' && r.assignedTo === actor.id;
/** The team works its queue; an assignee works what was handed to her. */
const works = (actor: Actor, r: ReferralResource) => readsUnit(actor, r) || assignedToMe(actor, r);

export const referralPolicy = definePolicy<ReferralResource, 'recordAttempt' | 'assign' | 'take' | 'convert' | 'close'>({
  recordAttempt: (actor, r) => isLive(r.status) && works(actor, r),
  assign: (actor, r) => isLive(r.status) && hasPermissionIn(actor, 'referrals.assign', r.owningUnitId),
  // Taking an unassigned referral from one's own team's queue needs no team lead.
  take: (actor, r) => isLive(r.status) && r.assignedTo === null && actor.kind === 'user' && readsUnit(actor, r),
  convert: (actor, r) => isLive(r.status) && works(actor, r) && hasPermissionIn(actor, 'referrals.convert', r.owningUnitId),
  close: (actor, r) => isLive(r.status) && works(actor, r) && hasPermissionIn(actor, 'referrals.convert', r.owningUnitId),
});

/** Giving a referral back to the queue: the assignee who can still see it there. */
export const mayReturn = (actor: Actor, r: ReferralResource) => isLive(r.status) && assignedToMe(actor, r) && readsUnit(actor, r);
