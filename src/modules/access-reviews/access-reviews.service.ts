// Access review campaigns (BIO: all rights yearly, privileged rights quarterly). A campaign snapshots
// the grants in its scope; reviewers keep or revoke each. A revoke takes effect at once, in the same
// transaction as the decision (grants are read on every request). Authorisation is the first step
// of every operation; a campaign counts in its unit (the root for the whole organisation).
import { requireUserId, type Actor, type ActorContext } from '../../kernel/auth/actor.ts';
import { hasPermission } from '../../kernel/auth/permissions.ts';
import { authorize, can } from '../../kernel/auth/policy.ts';
import type { PermissionRegistry } from '../../kernel/auth/permissions.ts';
import type { Database, Tx } from '../../kernel/db/database.ts';
import { AppError } from '../../kernel/errors.ts';
import { recordAudit, type AuditEvent } from '../../kernel/audit/audit.ts';
import { describeUnits, describeUsers, groupIdsOf, revokeRoleAssignment, rootUnitId, type UserSummary } from '../identity/index.ts';
import { peopleIn } from './access-reviews.report.ts';
import { MANAGE, READ } from './access-reviews.permissions.ts';
import { campaignPolicy } from './access-reviews.policy.ts';
import {
  closeCampaignRow,
  countsOf,
  findCampaign,
  findItem,
  insertCampaign,
  itemsFor,
  itemsOf,
  listCampaigns,
  recordDecision,
  type CampaignCounts,
  type CampaignRow,
  type ItemRow,
  type ItemWithCampaign,
} from './access-reviews.repository.ts';
import { itemResource, presentCampaign, presentItem, type Campaign, type Item } from './access-reviews.presenter.ts';
import { snapshotCampaign } from './access-reviews.snapshot.ts';
import type { OnMissed, ReviewScope } from './access-reviews.tables.ts';
import { isReviewerOf } from './access-reviews.policy.ts';

export interface StartInput {
  name: string;
  scope: ReviewScope;
  unitId: string | null;
  deadline: string;
  onMissed: OnMissed;
}

export interface ReportData {
  campaign: CampaignRow;
  counts: CampaignCounts;
  items: ItemRow[];
  users: Map<string, UserSummary>;
  unitLabel: string;
}

export interface DecisionInput {
  decision: 'keep' | 'revoke';
  comment?: string | null;
}

const MAX_DEADLINE_DAYS = 366;
/** role_assignment.revoke_reason holds at most this many characters. */
const MAX_REASON = 2000;

/** The reason recorded on a grant revoked by a review. */
export const revokeReason = (campaignName: string, comment: string) => `access review ${campaignName}: ${comment}`.slice(0, MAX_REASON);

/** The privileged permissions (quarterly review), as the modules define them. */
export const privilegedOf = (registry: PermissionRegistry) =>
  registry
    .all()
    .filter((p) => p.privileged)
    .map((p) => p.name);

export class AccessReviewService {
  readonly db: Database;
  readonly #registry: PermissionRegistry;

  constructor(db: Database, registry: PermissionRegistry) {
    this.db = db;
    this.#registry = registry;
  }

  privileged(): string[] {
    return privilegedOf(this.#registry);
  }

  async start(ctx: ActorContext, input: StartInput): Promise<Campaign> {
    const actor = ctx.actor;
    const userId = requireUserId(actor, 'Only a person starts a review campaign; schedules start the regular ones.');
    const name = input.name.trim();
    const deadline = new Date(input.deadline);
    const now = Date.now();
    const errors = [
      ...(name.length === 0 ? [{ pointer: '/body/name', detail: 'must not be blank' }] : []),
      ...(Number.isNaN(deadline.getTime()) || deadline.getTime() <= now
        ? [{ pointer: '/body/deadline', detail: 'must lie in the future' }]
        : []),
      ...(deadline.getTime() > now + MAX_DEADLINE_DAYS * 86_400_000
        ? [{ pointer: '/body/deadline', detail: `must lie within ${MAX_DEADLINE_DAYS} days` }]
        : []),
    ];
    if (errors.length > 0) throw AppError.badRequest('The campaign is not valid.', errors);
    const started = await this.db.transaction(ctx, async (tx) => {
      const scopeUnitId = input.unitId ?? (await rootUnitId(tx));
      if (input.unitId && !(await describeUnits(tx, [input.unitId])).has(input.unitId)) {
        throw AppError.badRequest('The campaign is not valid.', [{ pointer: '/body/unitId', detail: 'no such organisational unit' }]);
      }
      if (!can(actor, campaignPolicy, 'start', { scopeUnitId, status: 'open' })) return null;
      const campaign = await insertCampaign(tx, {
        name,
        scope: input.scope,
        unit_id: input.unitId,
        deadline,
        on_missed: input.onMissed,
        created_by: userId,
      });
      if (!campaign) throw new Error('campaign insert returned nothing');
      const items = await snapshotCampaign(tx, campaign, this.privileged(), new Date(now));
      await recordAudit(tx, startAudit(campaign, items));
      return presentCampaign(actor, campaign, (await countsOf(tx, [campaign.id])).get(campaign.id)!, scopeUnitId);
    });
    if (!started) {
      await this.#denied(ctx, {
        action: 'access-review.start',
        objectType: 'review-campaign',
        reason: 'no access-reviews.manage in the unit',
        details: { unitId: input.unitId },
      });
      throw AppError.forbidden('You may not start a review campaign for this unit.');
    }
    return started;
  }

  async list(ctx: ActorContext, limit: number): Promise<Campaign[]> {
    return this.db.transaction(ctx, async (tx) => {
      const root = await rootUnitId(tx);
      const actor = ctx.actor;
      // The units where the actor may read campaigns, narrowed in SQL so the limit counts readable ones.
      const unitIds = [
        ...new Set([READ, MANAGE].flatMap((p) => (hasPermission(actor, p) ? (actor.scopes?.[p] ?? actor.units ?? []) : []))),
      ];
      const rows = (await listCampaigns(tx, { unitIds, organisation: unitIds.includes(root), limit })).filter((c) =>
        can(actor, campaignPolicy, 'read', { scopeUnitId: c.unit_id ?? root, status: c.status }),
      );
      const counts = await countsOf(
        tx,
        rows.map((r) => r.id),
      );
      return rows.map((r) => presentCampaign(ctx.actor, r, counts.get(r.id)!, r.unit_id ?? root));
    });
  }

  async get(ctx: ActorContext, id: string): Promise<Campaign> {
    return this.db.transaction(ctx, async (tx) => {
      const { campaign, scopeUnitId } = await this.#readable(tx, id);
      return presentCampaign(ctx.actor, campaign, (await countsOf(tx, [id])).get(id)!, scopeUnitId);
    });
  }

  /** Closes by hand: undecided items stay undecided (the report shows them as not reviewed). */
  async close(ctx: ActorContext, id: string): Promise<Campaign> {
    const result = await this.db.transaction(ctx, async (tx) => {
      const { campaign, scopeUnitId } = await this.#readable(tx, id, true);
      if (campaign.status === 'closed') throw AppError.conflict('The campaign is already closed.');
      if (!can(ctx.actor, campaignPolicy, 'close', { scopeUnitId, status: campaign.status })) return null;
      const closed = await closeWithAudit(tx, campaign, `user:${ctx.actor.id}`, new Date(), 'closed by hand');
      return presentCampaign(ctx.actor, closed, (await countsOf(tx, [id])).get(id)!, scopeUnitId);
    });
    if (!result) {
      await this.#denied(ctx, {
        action: 'access-review.close',
        objectType: 'review-campaign',
        objectId: id,
        reason: 'no access-reviews.manage in the unit',
      });
      throw AppError.forbidden('You may not close this campaign.');
    }
    return result;
  }

  async myItems(ctx: ActorContext, limit: number): Promise<Item[]> {
    const actor = ctx.actor;
    if (actor.kind !== 'user') return [];
    return this.db.transaction(ctx, async (tx) => {
      const groupIds = await groupIdsOf(tx, actor.id);
      const poolUnits = hasPermission(actor, MANAGE) ? (actor.scopes?.[MANAGE] ?? actor.units ?? []) : [];
      const rows = await itemsFor(tx, actor.id, { poolUnits, groupIds, limit });
      return rows.map((row) => presentItem(actor, row, ownGrant(actor, row, groupIds)));
    });
  }

  async decide(ctx: ActorContext, itemId: string, input: DecisionInput): Promise<Item> {
    const actor = ctx.actor;
    const comment = input.comment?.trim() || null;
    if (input.decision === 'revoke' && !comment) {
      throw AppError.badRequest('Say why the grant is revoked.', [{ pointer: '/body/comment', detail: 'is required when revoking' }]);
    }
    const result = await this.db
      .transaction(ctx, async (tx) => {
        // Lock order everywhere: campaign, then items. The shared campaign lock makes a close (or the
        // deadline job) wait for decisions in flight, and a decision wait for a close.
        const campaignId = (await findItem(tx, itemId))?.campaign_id;
        const campaign = campaignId ? await findCampaign(tx, campaignId, { lock: 'share' }) : undefined;
        const item = campaign ? await findItem(tx, itemId, { forUpdate: true }) : undefined;
        if (!item || !campaign || actor.kind !== 'user') return null;
        const row = withCampaign(item, campaign);
        const own = ownGrant(actor, row, await groupIdsOf(tx, actor.id));
        if (!isReviewerOf(actor, itemResource(row, own))) return null;
        if (campaign.status === 'closed') throw AppError.conflict('The campaign is closed; decisions can no longer be made.');
        if (item.decision !== null) throw AppError.conflict('This item has already been decided.');
        await recordDecision(tx, item.id, { decision: input.decision, comment, decidedBy: actor.id });
        if (input.decision === 'revoke')
          await revokeRoleAssignment(tx, item.assignment_id, revokeReason(campaign.name, comment!), { allowSelf: false });
        await recordAudit(tx, {
          action: 'access-review.decide',
          objectType: 'review-item',
          objectId: item.id,
          reason: comment,
          details: {
            campaignId: campaign.id,
            assignmentId: item.assignment_id,
            decision: input.decision,
            userId: item.user_id,
            groupId: item.group_id,
            roleId: item.role_id,
            unitId: item.unit_id,
          },
        });
        const decided = withCampaign((await findItem(tx, item.id))!, campaign);
        return presentItem(actor, decided, own);
      })
      .catch(async (error: unknown) => {
        if (error instanceof AppError && error.status === 409) {
          await this.#denied(
            ctx,
            { action: 'access-review.decide', objectType: 'review-item', objectId: itemId, reason: error.detail ?? error.title },
            'failure',
          );
        }
        throw error;
      });
    if (!result) {
      // Not the reviewer, or no such item: the same answer, so ids reveal nothing.
      await this.#denied(ctx, {
        action: 'access-review.decide',
        objectType: 'review-item',
        objectId: itemId,
        reason: 'not a reviewer of this item',
      });
      throw AppError.notFound();
    }
    return result;
  }

  /** The campaign and its items for a report; the read is audited. */
  async reportData(ctx: ActorContext, id: string, format: 'csv' | 'pdf'): Promise<ReportData> {
    return this.db.transaction(ctx, async (tx) => {
      const { campaign, scopeUnitId } = await this.#readable(tx, id);
      const items = await itemsOf(tx, id);
      const counts = (await countsOf(tx, [id])).get(id)!;
      const users = await describeUsers(tx, peopleIn(items));
      const units = await describeUnits(tx, [scopeUnitId]);
      const unit = units.get(scopeUnitId);
      await recordAudit(tx, {
        action: 'access-review.report',
        objectType: 'review-campaign',
        objectId: id,
        details: { format, items: items.length },
      });
      return {
        campaign,
        counts,
        items,
        users,
        unitLabel: `${unit ? `${unit.name} (${unit.code})` : scopeUnitId}${campaign.unit_id ? ' and its subtree' : ', the whole organisation'}`,
      };
    });
  }

  /** The campaign if the actor may read it; else 404, whether or not it exists. */
  async #readable(tx: Tx, id: string, forUpdate = false): Promise<{ campaign: CampaignRow; scopeUnitId: string }> {
    const campaign = await findCampaign(tx, id, forUpdate ? { lock: 'update' } : {});
    const scopeUnitId = campaign?.unit_id ?? (await rootUnitId(tx));
    if (!campaign) throw AppError.notFound();
    authorize(tx.ctx.actor, campaignPolicy, 'read', { scopeUnitId, status: campaign.status }, { hideExistence: true });
    return { campaign, scopeUnitId };
  }

  /** A refused attempt, recorded in its own transaction so it stays when the request fails. */
  async #denied(ctx: ActorContext, event: AuditEvent, result: 'denied' | 'failure' = 'denied'): Promise<void> {
    await this.db.transaction(ctx, (tx) => recordAudit(tx, { ...event, result }));
  }
}

function ownGrant(actor: Actor, item: Pick<ItemRow, 'user_id' | 'group_id'>, groupIds: readonly string[]): boolean {
  return (item.user_id !== null && item.user_id === actor.id) || (item.group_id !== null && groupIds.includes(item.group_id));
}

function withCampaign(item: ItemRow, campaign: CampaignRow): ItemWithCampaign {
  return {
    ...item,
    campaign_name: campaign.name,
    campaign_status: campaign.status,
    campaign_deadline: campaign.deadline,
    campaign_escalation_deadline: campaign.escalation_deadline,
  };
}

export function startAudit(campaign: CampaignRow, items: number): AuditEvent {
  return {
    action: 'access-review.start',
    objectType: 'review-campaign',
    objectId: campaign.id,
    details: {
      name: campaign.name,
      scope: campaign.scope,
      unitId: campaign.unit_id,
      deadline: campaign.deadline.toISOString(),
      onMissed: campaign.on_missed,
      items,
      schedule: campaign.started_by_schedule,
      period: campaign.schedule_period,
    },
  };
}

/** Closes the campaign with its audit event (counts of what stayed unreviewed). */
export async function closeWithAudit(tx: Tx, campaign: CampaignRow, closedBy: string, now: Date, reason: string): Promise<CampaignRow> {
  await closeCampaignRow(tx, campaign.id, closedBy, now);
  const counts = (await countsOf(tx, [campaign.id])).get(campaign.id)!;
  await recordAudit(tx, {
    action: 'access-review.close',
    objectType: 'review-campaign',
    objectId: campaign.id,
    reason,
    details: { ...counts },
  });
  return { ...campaign, status: 'closed', closed_at: now, closed_by: closedBy };
}
