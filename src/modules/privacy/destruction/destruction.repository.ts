// The SQL of destruction rounds (migrations/0010_destruction_rounds.ts). Reads run under row-level
// security (rounds for holders of privacy.destruction, items in their units; the system sees all);
// every change is a call of one of the module's SECURITY DEFINER functions, which check the actor and
// answer a word for the service.
import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';
import { keyset, keysetPage, type KeysetCursor } from '../../../kernel/db/keyset.ts';
import type { DestructionCounts, DestructionItemStatus, DestructionItemTable, DestructionRoundTable } from '../privacy.tables.ts';

export type RoundRow = Selectable<DestructionRoundTable>;
export type ItemRow = Selectable<DestructionItemTable>;

export interface RoundTally {
  /** Items per status, as far as the actor sees them (her units). */
  pending: number;
  removed: number;
  destroyed: number;
  skipped: number;
  /** On a list that was cancelled: proposed again next time. */
  withdrawn: number;
  /** Destroyed cases whose documents' blobs still wait for removal. */
  blobsPending: number;
  /** What went, summed over the destroyed cases. */
  totals: DestructionCounts;
  /** Destroyed cases per case type. */
  byCaseType: Record<string, number>;
}

const NEWEST_FIRST = keyset('proposed_at', 'desc');

export function listRounds(tx: Tx, page: { after?: KeysetCursor; limit: number }) {
  return keysetPage(tx.db.selectFrom('destruction_round').selectAll().select(NEWEST_FIRST.cursorAt), NEWEST_FIRST, page).execute();
}

export function findRound(tx: Tx, id: string): Promise<RoundRow | undefined> {
  return tx.db.selectFrom('destruction_round').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findItem(tx: Tx, id: string): Promise<ItemRow | undefined> {
  return tx.db.selectFrom('destruction_item').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The tally of each round among `ids`, over the items the actor sees. */
export async function tallies(tx: Tx, ids: readonly string[]): Promise<Map<string, RoundTally>> {
  const result = new Map<string, RoundTally>();
  if (ids.length === 0) return result;
  const { rows } = await sql<{
    round_id: string;
    pending: number;
    removed: number;
    destroyed: number;
    skipped: number;
    withdrawn: number;
    blobs_pending: number;
    totals: Record<string, string | number> | null;
    by_type: Record<string, number> | null;
  }>`
    select i.round_id,
      count(*) filter (where i.status = 'pending')::int as pending,
      count(*) filter (where i.status = 'removed')::int as removed,
      count(*) filter (where i.status = 'destroyed')::int as destroyed,
      count(*) filter (where i.status = 'skipped')::int as skipped,
      count(*) filter (where i.status = 'withdrawn')::int as withdrawn,
      count(*) filter (where cardinality(i.blobs_pending) > 0)::int as blobs_pending,
      (select jsonb_object_agg(k, s) from (select e.key as k, sum(e.value::bigint) as s
         from destruction_item d, jsonb_each_text(d.counts) e where d.round_id = i.round_id and d.status = 'destroyed' group by e.key) t) as totals,
      (select jsonb_object_agg(t.case_type_key, t.n) from (select d.case_type_key, count(*)::int as n
         from destruction_item d where d.round_id = i.round_id and d.status = 'destroyed' group by d.case_type_key) t) as by_type
    from destruction_item i where i.round_id = any(${[...ids]}::uuid[]) group by i.round_id`.execute(tx.db);
  for (const id of ids) result.set(id, emptyTally());
  for (const r of rows) {
    const totals = emptyTally().totals;
    for (const [kind, n] of Object.entries(r.totals ?? {})) if (kind in totals) totals[kind as keyof DestructionCounts] = Number(n);
    result.set(r.round_id, {
      pending: r.pending,
      removed: r.removed,
      destroyed: r.destroyed,
      skipped: r.skipped,
      withdrawn: r.withdrawn,
      blobsPending: r.blobs_pending,
      totals,
      byCaseType: r.by_type ?? {},
    });
  }
  return result;
}

export function emptyTally(): RoundTally {
  return {
    pending: 0,
    removed: 0,
    destroyed: 0,
    skipped: 0,
    withdrawn: 0,
    blobsPending: 0,
    totals: {
      contactMoments: 0,
      documents: 0,
      tasks: 0,
      referrals: 0,
      participants: 0,
      assignments: 0,
      incidents: 0,
      personsErased: 0,
      personsKept: 0,
    },
    byCaseType: {},
  };
}

/**
 * One page of a round's items (those the actor sees), oldest retention date first. The cursor's
 * moment is the retention day at midnight UTC (the kernel's cursors carry moments).
 */
export async function listItems(
  tx: Tx,
  roundId: string,
  page: { after?: KeysetCursor; limit: number; status?: DestructionItemStatus },
): Promise<(ItemRow & { cursor_at: string })[]> {
  const { rows } = await sql<ItemRow & { cursor_at: string }>`
    select i.*, to_char(i.retention_until, 'YYYY-MM-DD"T00:00:00Z"') as cursor_at from destruction_item i
    where i.round_id = ${roundId}::uuid
      ${page.status ? sql`and i.status = ${page.status}` : sql``}
      ${page.after ? sql`and (i.retention_until, i.id) > ((${page.after.at}::timestamptz at time zone 'UTC')::date, ${page.after.id}::uuid)` : sql``}
    order by i.retention_until, i.id limit ${page.limit + 1}`.execute(tx.db);
  return rows;
}

/** Every item of the round the actor sees, for the report. */
export function allItems(tx: Tx, roundId: string): Promise<ItemRow[]> {
  return tx.db
    .selectFrom('destruction_item')
    .selectAll()
    .where('round_id', '=', roundId)
    .orderBy('retention_until')
    .orderBy('id')
    .execute();
}

const call = async <T>(tx: Tx, query: RawBuilder<unknown>): Promise<T> => ((await query.execute(tx.db)).rows[0] as { result: T }).result;

export const proposeRound = (tx: Tx, maxCases: number) =>
  call<string | null>(tx, sql`select privacy_destruction_propose(${maxCases}::int) as result`);
export const removeItem = (tx: Tx, itemId: string, reason: string) =>
  call<'removed' | 'not-found' | 'list-closed' | 'not-pending'>(
    tx,
    sql`select privacy_destruction_remove(${itemId}::uuid, ${reason}) as result`,
  );
export type SignOutcome = 'reviewed' | 'approved' | 'not-found' | 'wrong-state' | 'not-permitted' | 'empty' | 'same-person';
export const reviewRound = (tx: Tx, roundId: string) =>
  call<SignOutcome>(tx, sql`select privacy_destruction_review(${roundId}::uuid) as result`);
export const approveRound = (tx: Tx, roundId: string) =>
  call<SignOutcome>(tx, sql`select privacy_destruction_approve(${roundId}::uuid) as result`);
export const cancelRound = (tx: Tx, roundId: string, reason: string) =>
  call<'cancelled' | 'not-found' | 'wrong-state' | 'not-permitted'>(
    tx,
    sql`select privacy_destruction_cancel(${roundId}::uuid, ${reason}) as result`,
  );
export const startRound = (tx: Tx, roundId: string) =>
  call<'started' | 'running' | 'not-found' | 'wrong-state'>(tx, sql`select privacy_destruction_start(${roundId}::uuid) as result`);
/** 'cleared' (the case may be destroyed in this transaction), 'done' (not pending any more), or why it was skipped. */
export const clearItem = (tx: Tx, itemId: string) => call<string>(tx, sql`select privacy_destruction_clear(${itemId}::uuid) as result`);
export async function markDestroyed(tx: Tx, itemId: string, counts: DestructionCounts, blobIds: readonly string[]): Promise<void> {
  await sql`select privacy_destruction_done(${itemId}::uuid, ${JSON.stringify(counts)}::jsonb, ${[...blobIds]}::uuid[])`.execute(tx.db);
}
export async function markBlobsRemoved(tx: Tx, itemId: string, removed: readonly string[]): Promise<void> {
  await sql`select privacy_destruction_blobs_removed(${itemId}::uuid, ${[...removed]}::uuid[])`.execute(tx.db);
}
export const completeRound = (tx: Tx, roundId: string) =>
  call<'completed' | 'unfinished' | 'wrong-state'>(tx, sql`select privacy_destruction_complete(${roundId}::uuid) as result`);

/** The pending items of a round, oldest retention date first (the system's batches). */
export async function pendingItemIds(tx: Tx, roundId: string, limit: number): Promise<string[]> {
  const rows = await tx.db
    .selectFrom('destruction_item')
    .select('id')
    .where('round_id', '=', roundId)
    .where('status', '=', 'pending')
    .orderBy('retention_until')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Destroyed items whose documents' blobs still wait for removal. */
export function itemsWithPendingBlobs(tx: Tx, roundId: string) {
  return tx.db
    .selectFrom('destruction_item')
    .select(['id', 'blobs_pending'])
    .where('round_id', '=', roundId)
    .where(sql<boolean>`cardinality(blobs_pending) > 0`)
    .execute();
}

/** Rounds approved or being carried out: what the system still has to do. */
export async function roundsToCarryOut(tx: Tx): Promise<string[]> {
  const rows = await tx.db.selectFrom('destruction_round').select('id').where('status', 'in', ['approved', 'executing']).execute();
  return rows.map((r) => r.id);
}
