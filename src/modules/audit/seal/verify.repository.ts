// The SQL the verifier reads (seal/verifier.ts), SELECT only, inside one repeatable-read, read-only
// transaction, so every answer is of the same moment while `casus serve` keeps writing.
import { sql } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';
import type { CanonicalEventRow } from './canonical.ts';
import { canonicalColumns } from './seal.repository.ts';
import type { TombstoneLine } from './notes.ts';

/** The verifier's transaction: read only, and without the request timeout (a full run reads the whole trail). */
export async function readOnly(tx: Tx): Promise<void> {
  await sql`set transaction read only`.execute(tx.db);
  await sql`set local statement_timeout = '30min'`.execute(tx.db);
}

export interface SealState {
  treeSize: bigint;
  /** The sealer's boundary of what is final: events of transactions below it and not among `seenXip` were sealable. */
  seenXmax: string | null;
  seenXip: string[];
}

export async function sealState(tx: Tx): Promise<SealState> {
  const { rows } = await sql<{ tree_size: string; seen_xmax: string | null; seen_xip: string[] }>`select tree_size::text,
    seen_xmax::text, seen_xip::text[] as seen_xip from audit_seal_state`.execute(tx.db);
  const row = rows[0];
  return { treeSize: BigInt(row?.tree_size ?? '0'), seenXmax: row?.seen_xmax ?? null, seenXip: row?.seen_xip ?? [] };
}

export interface StoredRetentionNote {
  id: bigint;
  boundary: bigint;
  checkpointSize: bigint;
  madeAt: Date;
  note: string;
  witnessedAt: Date | null;
}

export async function retentionNotes(tx: Tx): Promise<StoredRetentionNote[]> {
  const { rows } = await sql<{
    id: string;
    boundary: string;
    checkpoint_size: string;
    made_at: Date;
    note: string;
    witnessed_at: Date | null;
  }>`select
    id::text, boundary::text, checkpoint_size::text, made_at, note, witnessed_at from audit_retention_note order by audit_retention_note.id`.execute(
    tx.db,
  );
  return rows.map((r) => ({
    id: BigInt(r.id),
    boundary: BigInt(r.boundary),
    checkpointSize: BigInt(r.checkpoint_size),
    madeAt: r.made_at,
    note: r.note,
    witnessedAt: r.witnessed_at,
  }));
}

/** Where the last successful run ended (its to_leaf), or null when none succeeded. */
export async function lastVerifiedLeaf(tx: Tx): Promise<bigint | null> {
  const { rows } = await sql<{ to_leaf: string }>`select to_leaf::text from audit_verify_run where ok order by id desc limit 1`.execute(
    tx.db,
  );
  return rows[0] ? BigInt(rows[0].to_leaf) : null;
}

/** Leaves held at or above the boundary: count and extremes; the first gap when they are not contiguous. */
export async function leafSpan(
  tx: Tx,
  boundary: bigint,
): Promise<{ count: bigint; min: bigint | null; max: bigint | null; firstGap: bigint | null }> {
  const b = boundary.toString();
  const { rows } = await sql<{ count: string; min: string | null; max: string | null }>`select count(*)::text as count,
    min(leaf_index)::text as min, max(leaf_index)::text as max from audit_leaf where leaf_index >= ${b}::bigint`.execute(tx.db);
  const span = {
    count: BigInt(rows[0]!.count),
    min: rows[0]!.min === null ? null : BigInt(rows[0]!.min),
    max: rows[0]!.max === null ? null : BigInt(rows[0]!.max),
  };
  let firstGap: bigint | null = null;
  if (span.min !== null && span.max !== null && span.max - span.min + 1n !== span.count) {
    const gap = await sql<{ missing: string }>`select (l.leaf_index + 1)::text as missing from audit_leaf l
      where l.leaf_index >= ${b}::bigint and l.leaf_index < ${span.max.toString()}::bigint
        and not exists (select 1 from audit_leaf m where m.leaf_index = l.leaf_index + 1)
      order by l.leaf_index limit 1`.execute(tx.db);
    firstGap = gap.rows[0] ? BigInt(gap.rows[0].missing) : null;
  }
  return { ...span, firstGap };
}

/** Leaves at or above the boundary whose event is gone without a tombstone: the first few, in leaf order. */
export async function leavesWithoutEvent(tx: Tx, boundary: bigint, limit: number): Promise<{ leafIndex: bigint; eventId: string }[]> {
  const { rows } = await sql<{ leaf_index: string; event_id: string }>`select l.leaf_index::text, l.event_id::text from audit_leaf l
    where l.leaf_index >= ${boundary.toString()}::bigint
      and not exists (select 1 from audit_event e where e.id = l.event_id)
      and not exists (select 1 from audit_tombstone t where t.leaf_index = l.leaf_index and t.event_id = l.event_id)
    order by l.leaf_index limit ${limit}`.execute(tx.db);
  return rows.map((r) => ({ leafIndex: BigInt(r.leaf_index), eventId: r.event_id }));
}

/**
 * Final events without a leaf: written by a transaction the sealer's last complete round saw as ended
 * (below its xmax, not among its running ids), so it sealed every one that committed. One without a leaf
 * got in behind the sealer's back (an insert with triggers disabled records transaction id 0).
 */
export async function eventsWithoutLeaf(
  tx: Tx,
  state: SealState,
  limit: number,
): Promise<{ count: bigint; first: { eventId: string; occurredAt: string }[] }> {
  if (state.seenXmax === null) return { count: 0n, first: [] };
  const { rows } = await sql<{ id: string; occurred_at: string; total: string }>`select e.id::text,
      to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at, count(*) over ()::text as total
    from audit_event e
    where e.xact_id < ${state.seenXmax}::xid8 and not (e.xact_id = any(${state.seenXip}::xid8[]))
      and not exists (select 1 from audit_leaf l where l.event_id = e.id)
    order by e.id limit ${limit}`.execute(tx.db);
  return { count: BigInt(rows[0]?.total ?? '0'), first: rows.map((r) => ({ eventId: r.id, occurredAt: r.occurred_at })) };
}

/** Tombstones at or above the boundary, in leaf order, a page at a time (for the retention note's digest). */
export async function tombstonePage(tx: Tx, after: bigint, limit: number): Promise<TombstoneLine[]> {
  const { rows } = await sql<{ leaf_index: string; event_id: string; category: string; occurred_at: string; expired_at: string }>`select
      leaf_index::text, event_id::text, category,
      to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at,
      to_char(expired_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as expired_at
    from audit_tombstone where leaf_index > ${after.toString()}::bigint order by audit_tombstone.leaf_index limit ${limit}`.execute(tx.db);
  return rows.map((r) => ({
    leafIndex: r.leaf_index,
    eventId: r.event_id,
    category: r.category,
    occurredAt: r.occurred_at,
    expiredAt: r.expired_at,
  }));
}

export interface WalkedLeaf {
  leafIndex: bigint;
  eventId: string;
  storedHash: Buffer;
  /** The event as it is now, or null when its row is gone. */
  event: CanonicalEventRow | null;
  /** The tombstone's event id when the leaf's event expired. */
  tombstoneEventId: string | null;
}

type WalkRow = Omit<CanonicalEventRow, 'id'> & {
  id: string | null;
  leaf_index: string;
  leaf_event_id: string;
  leaf_hash: Buffer;
  tombstone_event_id: string | null;
};

/** Leaves [from, to) with their events (read as the sealer read them) and tombstones, in leaf order. */
export async function walkPage(tx: Tx, from: bigint, to: bigint): Promise<WalkedLeaf[]> {
  const { rows } = await sql<WalkRow>`select ${canonicalColumns}, l.leaf_index::text as leaf_index, l.event_id::text as leaf_event_id,
      l.leaf_hash, t.event_id::text as tombstone_event_id
    from audit_leaf l
    left join audit_event e on e.id = l.event_id
    left join audit_tombstone t on t.leaf_index = l.leaf_index
    where l.leaf_index >= ${from.toString()}::bigint and l.leaf_index < ${to.toString()}::bigint
    order by l.leaf_index`.execute(tx.db);
  return rows.map((r) => {
    const { leaf_index, leaf_event_id, leaf_hash, tombstone_event_id, ...event } = r;
    return {
      leafIndex: BigInt(leaf_index),
      eventId: leaf_event_id,
      storedHash: leaf_hash,
      event: event.id === null ? null : (event as CanonicalEventRow),
      tombstoneEventId: tombstone_event_id,
    };
  });
}

/** The smallest checkpoint size above `size` (a checkpoint claiming leaves the tree no longer has). */
export async function checkpointAbove(tx: Tx, size: bigint): Promise<bigint | null> {
  const { rows } = await sql<{ size: string | null }>`select min(tree_size)::text as size from audit_checkpoint
    where tree_size > ${size.toString()}::bigint`.execute(tx.db);
  return rows[0]?.size ? BigInt(rows[0].size) : null;
}
