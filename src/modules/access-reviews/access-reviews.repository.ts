// The SQL of access reviews: campaigns, their item snapshots, decisions and outcomes.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';
import type { ReviewCampaignTable, ReviewItemTable } from './access-reviews.tables.ts';

export type CampaignRow = Selectable<ReviewCampaignTable>;
export type ItemRow = Selectable<ReviewItemTable>;

export interface CampaignCounts {
  total: number;
  decided: number;
  kept: number;
  revoked: number;
  undecided: number;
  escalated: number;
  revokedUnreviewed: number;
}

const EMPTY_COUNTS: CampaignCounts = { total: 0, decided: 0, kept: 0, revoked: 0, undecided: 0, escalated: 0, revokedUnreviewed: 0 };

export function insertCampaign(tx: Tx, values: Insertable<ReviewCampaignTable>): Promise<CampaignRow | undefined> {
  // A schedule that fires twice for one period finds its campaign already there: no second one.
  return tx.db
    .insertInto('review_campaign')
    .values(values)
    .onConflict((oc) => oc.columns(['started_by_schedule', 'schedule_period']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function insertItems(tx: Tx, rows: Insertable<ReviewItemTable>[]): Promise<void> {
  // Bounded statements: PostgreSQL takes at most 65,535 parameters per statement.
  for (let i = 0; i < rows.length; i += 1000) {
    await tx.db
      .insertInto('review_item')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}

export function findCampaign(tx: Tx, id: string, options: { lock?: 'share' | 'update' } = {}): Promise<CampaignRow | undefined> {
  const query = tx.db.selectFrom('review_campaign').selectAll().where('id', '=', id);
  return (options.lock === 'update' ? query.forUpdate() : options.lock === 'share' ? query.forShare() : query).executeTakeFirst();
}

/** Campaigns of these units; `organisation`: also those of the whole organisation. */
export function listCampaigns(
  tx: Tx,
  options: { unitIds: readonly string[]; organisation: boolean; limit: number },
): Promise<CampaignRow[]> {
  const units = options.unitIds.length > 0 ? [...options.unitIds] : ['00000000-0000-0000-0000-000000000000'];
  return tx.db
    .selectFrom('review_campaign')
    .selectAll()
    .where((eb) => eb.or([eb('unit_id', 'in', units), ...(options.organisation ? [eb('unit_id', 'is', null)] : [])]))
    .orderBy(sql`status = 'open'`, 'desc')
    .orderBy('created_at', 'desc')
    .limit(options.limit)
    .execute();
}

export async function countsOf(tx: Tx, campaignIds: readonly string[]): Promise<Map<string, CampaignCounts>> {
  const result = new Map<string, CampaignCounts>(campaignIds.map((id) => [id, { ...EMPTY_COUNTS }]));
  if (campaignIds.length === 0) return result;
  const rows = await tx.db
    .selectFrom('review_item')
    .select((eb) => [
      'campaign_id',
      eb.fn.countAll<number>().as('total'),
      sql<number>`count(*) filter (where decision = 'keep')`.as('kept'),
      sql<number>`count(*) filter (where decision = 'revoke')`.as('revoked'),
      sql<number>`count(*) filter (where decision is null)`.as('undecided'),
      sql<number>`count(*) filter (where outcome = 'escalated')`.as('escalated'),
      sql<number>`count(*) filter (where outcome = 'revoked-unreviewed')`.as('revokedUnreviewed'),
    ])
    .where('campaign_id', 'in', [...campaignIds])
    .groupBy('campaign_id')
    .execute();
  for (const r of rows) {
    const kept = Number(r.kept);
    const revoked = Number(r.revoked);
    result.set(r.campaign_id, {
      total: Number(r.total),
      decided: kept + revoked,
      kept,
      revoked,
      undecided: Number(r.undecided),
      escalated: Number(r.escalated),
      revokedUnreviewed: Number(r.revokedUnreviewed),
    });
  }
  return result;
}

export function findItem(tx: Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<ItemRow | undefined> {
  const query = tx.db.selectFrom('review_item').selectAll().where('id', '=', id);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export type ItemWithCampaign = ItemRow & {
  campaign_name: string;
  campaign_status: 'open' | 'closed';
  campaign_deadline: Date;
  campaign_escalation_deadline: Date | null;
};

/**
 * The items a user reviews: as reviewer, as escalation target, or (`poolUnits`) as a review manager
 * for escalated items without a named target in those units. Never items about the user themselves.
 */
export function itemsFor(
  tx: Tx,
  userId: string,
  options: { poolUnits: readonly string[]; groupIds: readonly string[]; limit: number },
): Promise<ItemWithCampaign[]> {
  const groups = options.groupIds.length > 0 ? [...options.groupIds] : ['00000000-0000-0000-0000-000000000000'];
  return tx.db
    .selectFrom('review_item as i')
    .innerJoin('review_campaign as c', 'c.id', 'i.campaign_id')
    .selectAll('i')
    .select([
      'c.name as campaign_name',
      'c.status as campaign_status',
      'c.deadline as campaign_deadline',
      'c.escalation_deadline as campaign_escalation_deadline',
    ])
    .where((eb) =>
      eb.or([
        eb('i.reviewer_id', '=', userId),
        eb('i.escalated_to', '=', userId),
        ...(options.poolUnits.length > 0
          ? [
              eb.and([
                eb('i.escalated_at', 'is not', null),
                eb('i.escalated_to', 'is', null),
                eb('i.unit_id', 'in', [...options.poolUnits]),
              ]),
            ]
          : []),
      ]),
    )
    .where((eb) => eb.or([eb('i.user_id', 'is', null), eb('i.user_id', '!=', userId)]))
    .where((eb) => eb.or([eb('i.group_id', 'is', null), eb('i.group_id', 'not in', groups)]))
    .orderBy(sql`c.status = 'open'`, 'desc')
    .orderBy(sql`coalesce(c.escalation_deadline, c.deadline)`)
    .orderBy('i.decision', (ob) => ob.desc().nullsFirst())
    .orderBy('i.grantee_name')
    .orderBy('i.id')
    .limit(options.limit)
    .execute();
}

export async function recordDecision(
  tx: Tx,
  id: string,
  values: { decision: 'keep' | 'revoke'; comment: string | null; decidedBy: string },
): Promise<void> {
  await tx.db
    .updateTable('review_item')
    .set({ decision: values.decision, comment: values.comment, decided_by: values.decidedBy, decided_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export function undecidedItems(tx: Tx, campaignId: string): Promise<ItemRow[]> {
  return tx.db
    .selectFrom('review_item')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('decision', 'is', null)
    .where((eb) => eb.or([eb('outcome', 'is', null), eb('outcome', '=', 'escalated')]))
    .orderBy('id')
    .execute();
}

export async function setOutcome(
  tx: Tx,
  id: string,
  values: Partial<Pick<ItemRow, 'outcome' | 'escalated_at' | 'escalated_to'>>,
): Promise<void> {
  await tx.db.updateTable('review_item').set(values).where('id', '=', id).execute();
}

export async function closeCampaignRow(tx: Tx, id: string, closedBy: string, now: Date): Promise<void> {
  await tx.db.updateTable('review_campaign').set({ status: 'closed', closed_at: now, closed_by: closedBy }).where('id', '=', id).execute();
}

export async function markEscalated(tx: Tx, id: string, now: Date, until: Date): Promise<void> {
  await tx.db.updateTable('review_campaign').set({ escalated_at: now, escalation_deadline: until }).where('id', '=', id).execute();
}

/** Open campaigns whose deadline (or, once escalated, escalation deadline) has passed. */
export async function dueCampaignIds(tx: Tx, now: Date): Promise<string[]> {
  const rows = await tx.db
    .selectFrom('review_campaign')
    .select('id')
    .where('status', '=', 'open')
    .where(sql<boolean>`coalesce(escalation_deadline, deadline) <= ${now}`)
    .orderBy('deadline')
    .execute();
  return rows.map((r) => r.id);
}

/** Open campaigns whose (escalation) deadline lies within `until`. */
export function campaignsEndingBefore(tx: Tx, until: Date): Promise<CampaignRow[]> {
  return tx.db
    .selectFrom('review_campaign')
    .selectAll()
    .where('status', '=', 'open')
    .where(sql<boolean>`coalesce(escalation_deadline, deadline) <= ${until}`)
    .orderBy('deadline')
    .execute();
}

export function itemsOf(tx: Tx, campaignId: string): Promise<ItemRow[]> {
  return tx.db
    .selectFrom('review_item')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('unit_code')
    .orderBy('grantee_name')
    .orderBy('role_name')
    .orderBy('id')
    .execute();
}

export async function markReminded(tx: Tx, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.db
    .updateTable('review_item')
    .set({ reminded_at: now })
    .where('id', 'in', [...ids])
    .execute();
}
