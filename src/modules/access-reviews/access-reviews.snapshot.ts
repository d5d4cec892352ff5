// What a campaign reviews: the grants in force in its scope when it starts, each with its reviewer.
// The reviewer is the manager responsible for the grant's unit; never the grantee (nor a member of
// the grantee group): then the next manager up. Without one, the item goes straight to the
// campaign's owner, or for a scheduled campaign to the review managers (escalated_to null).
import type { Tx } from '../../kernel/db/database.ts';
import {
  currentAssignments,
  describeGroups,
  describeUnits,
  describeUsers,
  groupIdsOf,
  managerChain,
  responsibleManager,
  unitSubtree,
  type RoleAssignment,
} from '../identity/index.ts';
import { insertItems, type CampaignRow } from './access-reviews.repository.ts';

/** Whose grant: a user's own, or a group's (then all its members'). */
export interface Grantee {
  userId: string | null;
  groupId: string | null;
}

/** Answers "is this person (one of) the grantee(s)?", remembering group memberships per person. */
export function granteeCheck(tx: Tx): (personId: string, grantee: Grantee) => Promise<boolean> {
  const groups = new Map<string, Promise<string[]>>();
  return async (personId, grantee) => {
    if (grantee.userId !== null) return grantee.userId === personId;
    if (grantee.groupId === null) return false;
    let memberOf = groups.get(personId);
    if (!memberOf) groups.set(personId, (memberOf = groupIdsOf(tx, personId)));
    return (await memberOf).includes(grantee.groupId);
  };
}

/** The reviewer of one grant, or null when no manager up the tree may review it. */
function reviewerFinder(tx: Tx, isGrantee: ReturnType<typeof granteeCheck>) {
  const nearest = new Map<string, Promise<string | null>>();
  const chains = new Map<string, Promise<string[]>>();
  const cached = <T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>) => {
    let value = map.get(key);
    if (!value) map.set(key, (value = load()));
    return value;
  };
  return async (grant: RoleAssignment): Promise<string | null> => {
    const first = await cached(nearest, grant.unitId, () => responsibleManager(tx, grant.unitId));
    if (first === null) return null;
    if (!(await isGrantee(first, grant))) return first;
    for (const manager of await cached(chains, grant.unitId, () => managerChain(tx, grant.unitId))) {
      if (!(await isGrantee(manager, grant))) return manager;
    }
    return null;
  };
}

/** Inserts the campaign's items; returns how many. */
export async function snapshotCampaign(tx: Tx, campaign: CampaignRow, privileged: readonly string[], now: Date): Promise<number> {
  let grants = await currentAssignments(tx, campaign.scope === 'privileged' ? { permissions: [...privileged] } : {});
  if (campaign.unit_id) {
    const subtree = new Set(await unitSubtree(tx, campaign.unit_id));
    grants = grants.filter((g) => subtree.has(g.unitId));
  }
  const users = await describeUsers(
    tx,
    grants.flatMap((g) => (g.userId ? [g.userId] : [])),
  );
  const groups = await describeGroups(
    tx,
    grants.flatMap((g) => (g.groupId ? [g.groupId] : [])),
  );
  const units = await describeUnits(
    tx,
    grants.map((g) => g.unitId),
  );
  const isGrantee = granteeCheck(tx);
  const reviewerOf = reviewerFinder(tx, isGrantee);
  const rows = [];
  for (const grant of grants) {
    const reviewer = await reviewerOf(grant);
    const owner = campaign.created_by !== null && !(await isGrantee(campaign.created_by, grant)) ? campaign.created_by : null;
    const user = grant.userId ? users.get(grant.userId) : undefined;
    const group = grant.groupId ? groups.get(grant.groupId) : undefined;
    const unit = units.get(grant.unitId);
    rows.push({
      campaign_id: campaign.id,
      assignment_id: grant.id,
      user_id: grant.userId,
      group_id: grant.groupId,
      grantee_name: user?.username ?? group?.name ?? '?',
      grantee_display_name: user?.displayName ?? (group ? `group ${group.name}` : '?'),
      role_id: grant.roleId,
      role_name: grant.roleName,
      unit_id: grant.unitId,
      unit_code: unit?.code ?? '?',
      unit_name: unit?.name ?? '?',
      granted_at: grant.grantedAt,
      starts_at: grant.startsAt,
      ends_at: grant.endsAt,
      reviewer_id: reviewer,
      escalated_at: reviewer === null ? now : null,
      escalated_to: reviewer === null ? owner : null,
    });
  }
  await insertItems(tx, rows);
  return rows.length;
}
