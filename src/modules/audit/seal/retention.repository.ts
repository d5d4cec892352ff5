// The SQL of retention (seal/retention.ts, migrations/0005_retention.ts): the expiry and pruning functions,
// where the boundary may move to, and the database's clock for the note.
import { sql } from 'kysely';
import type { RetentionSettings } from '../../../kernel/config-audit.ts';
import type { Tx } from '../../../kernel/db/database.ts';

/** One batch of expiry (casus_audit_expire): the number of events whose content went. */
export async function expireBatch(tx: Tx, rules: RetentionSettings, limit: bigint, batchSize: number): Promise<number> {
  const { rows } = await sql<{ n: string }>`select casus_audit_expire(${rules.securityDays}, ${rules.accessDays}, ${rules.changeDays},
    ${limit.toString()}::bigint, ${batchSize})::text as n`.execute(tx.db);
  return Number(rows[0]!.n);
}

/** How far the boundary may move: the last verified leaf, the witnessed checkpoint, the slowest stream consumer. */
export async function pruneCap(tx: Tx, verifiedTo: bigint, checkpointSize: bigint): Promise<bigint> {
  const { rows } = await sql<{ cap: string }>`select least(${verifiedTo.toString()}::bigint, ${checkpointSize.toString()}::bigint,
      coalesce((select min(s.leaf_index) + 1 from audit_stream_cursor s), ${checkpointSize.toString()}::bigint))::text as cap`.execute(
    tx.db,
  );
  return BigInt(rows[0]!.cap);
}

/** The first leaf in [from, cap) that is not a tombstone, or null when all are. */
export async function firstLiveLeaf(tx: Tx, from: bigint, cap: bigint): Promise<bigint | null> {
  const { rows } = await sql<{ leaf: string | null }>`select min(l.leaf_index)::text as leaf from audit_leaf l
    where l.leaf_index >= ${from.toString()}::bigint and l.leaf_index < ${cap.toString()}::bigint
      and not exists (select 1 from audit_tombstone t where t.leaf_index = l.leaf_index)`.execute(tx.db);
  return rows[0]?.leaf != null ? BigInt(rows[0].leaf) : null;
}

/**
 * The database's clock (as for the tombstones' expired_at), rounded up to the millisecond a note shows,
 * so a note is never older than a tombstone it covers.
 */
export async function noteTime(tx: Tx): Promise<Date> {
  const { rows } = await sql<{ at: Date }>`select date_trunc('milliseconds', clock_timestamp()) + interval '1 millisecond' as at`.execute(
    tx.db,
  );
  return rows[0]!.at;
}

/** Records the signed note and removes the prefix below its boundary (casus_audit_retention_apply). */
export async function applyRetention(
  tx: Tx,
  note: { boundary: bigint; checkpointSize: bigint; time: Date; keyId: string; text: string; witnessed: boolean },
): Promise<void> {
  await sql`select casus_audit_retention_apply(${note.boundary.toString()}::bigint, ${note.checkpointSize.toString()}::bigint, ${note.time},
    ${note.keyId}, ${note.text}, ${note.witnessed})`.execute(tx.db);
}
