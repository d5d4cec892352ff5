// Who may do what with campaigns and review items. A campaign's permissions count in its unit (the
// whole organisation: the root), so a regional security officer runs and reads their region only.
// An item is decided by its reviewer, its escalation target, or (escalated without a named target)
// a review manager over the item's unit; never by the person whose grant it is.
import { definePolicy } from '../../kernel/auth/policy.ts';
import { hasPermissionIn } from '../../kernel/auth/permissions.ts';
import { MANAGE, READ } from './access-reviews.permissions.ts';

export interface CampaignResource {
  /** The campaign's unit, or the root unit for the whole organisation. */
  scopeUnitId: string;
  status: 'open' | 'closed';
}

export const campaignPolicy = definePolicy<CampaignResource, 'start' | 'read' | 'close'>({
  start: (actor, c) => hasPermissionIn(actor, MANAGE, c.scopeUnitId),
  read: (actor, c) => hasPermissionIn(actor, READ, c.scopeUnitId) || hasPermissionIn(actor, MANAGE, c.scopeUnitId),
  close: (actor, c) => c.status === 'open' && hasPermissionIn(actor, MANAGE, c.scopeUnitId),
});

export interface ItemResource {
  unitId: string;
  reviewerId: string | null;
  escalatedAt: Date | null;
  escalatedTo: string | null;
  /** The grant is the acting user's own, directly or through one of their groups. */
  ownGrant: boolean;
  decided: boolean;
  campaignOpen: boolean;
}

/** May see the item and (while it is undecided in an open campaign) decide it. */
export function isReviewerOf(actor: Parameters<typeof hasPermissionIn>[0], item: ItemResource): boolean {
  if (actor.kind !== 'user' || item.ownGrant) return false;
  if (item.reviewerId === actor.id) return true;
  if (item.escalatedAt === null) return false;
  return item.escalatedTo === actor.id || (item.escalatedTo === null && hasPermissionIn(actor, MANAGE, item.unitId));
}

export const itemPolicy = definePolicy<ItemResource, 'decide'>({
  decide: (actor, item) => isReviewerOf(actor, item) && item.campaignOpen && !item.decided,
});
