// Who may break the glass and who decides a request to break it on a shielded case. The database
// holds the same (migrations/0009_shielding_and_grants.ts, 0010_break_glass_requests.ts): these say
// what the API offers (allowedActions) and refuse early with a clear problem.
import { definePolicy } from '../../kernel/auth/policy.ts';
import { hasPermission, hasPermissionIn } from '../../kernel/auth/permissions.ts';
import type { Actor } from '../../kernel/auth/actor.ts';

export type BreakGlassRequestStatus = 'pending' | 'approved' | 'refused' | 'expired';

/** A request as the policy needs it: the case's unit, who asked, where it stands. */
export interface BreakGlassRequestResource {
  unitId: string;
  requestedBy: string;
  status: BreakGlassRequestStatus;
}

export const mayBreakGlass = (actor: Actor) => actor.kind === 'user' && hasPermission(actor, 'cases.break-glass');

/** A second person: the case's team lead (cases.grant-access) or a security officer (cases.review-access) in its unit, never the one who asked. */
const decides = (actor: Actor, r: BreakGlassRequestResource) =>
  actor.kind === 'user' &&
  actor.id !== r.requestedBy &&
  r.status === 'pending' &&
  (hasPermissionIn(actor, 'cases.grant-access', r.unitId) || hasPermissionIn(actor, 'cases.review-access', r.unitId));

export const breakGlassRequestPolicy = definePolicy<BreakGlassRequestResource, 'approve' | 'refuse'>({
  approve: decides,
  refuse: decides,
});
