// The SQL of checkpoints (migrations/0003_checkpoints.ts): the last one and its frontier, the leaf hashes
// sealed since, adding one (through casus_audit_checkpoint_add, which checks it against the sealed tree),
// and which copies the witness store still lacks.
import { sql } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';

export interface StoredCheckpoint {
  size: bigint;
  root: Buffer;
  issuedAt: Date;
  keyId: string;
  note: string;
  frontier: Buffer[];
  witnessedAt: Date | null;
}

interface Row {
  tree_size: string;
  root_hash: Buffer;
  issued_at: Date;
  key_id: string;
  note: string;
  frontier: Buffer[];
  witnessed_at: Date | null;
}

const toCheckpoint = (r: Row): StoredCheckpoint => ({
  size: BigInt(r.tree_size),
  root: r.root_hash,
  issuedAt: r.issued_at,
  keyId: r.key_id,
  note: r.note,
  frontier: r.frontier,
  witnessedAt: r.witnessed_at,
});

const COLUMNS = sql`tree_size::text, root_hash, issued_at, key_id, note, frontier, witnessed_at`;

export async function lastCheckpoint(tx: Tx): Promise<StoredCheckpoint | null> {
  const { rows } = await sql<Row>`select ${COLUMNS} from audit_checkpoint order by audit_checkpoint.tree_size desc limit 1`.execute(tx.db);
  return rows[0] ? toCheckpoint(rows[0]) : null;
}

export async function checkpointAt(tx: Tx, size: bigint): Promise<StoredCheckpoint | null> {
  const { rows } = await sql<Row>`select ${COLUMNS} from audit_checkpoint where tree_size = ${size.toString()}::bigint`.execute(tx.db);
  return rows[0] ? toCheckpoint(rows[0]) : null;
}

/** Checkpoints with sizes in [from, to], oldest first. */
export async function checkpointsBetween(tx: Tx, from: bigint, to: bigint): Promise<StoredCheckpoint[]> {
  const { rows } = await sql<Row>`select ${COLUMNS} from audit_checkpoint
    where tree_size between ${from.toString()}::bigint and ${to.toString()}::bigint order by audit_checkpoint.tree_size`.execute(tx.db);
  return rows.map(toCheckpoint);
}

/** The newest checkpoint whose witness copy was written, at or below `atMost`. */
export async function lastWitnessed(tx: Tx, atMost?: bigint): Promise<StoredCheckpoint | null> {
  const { rows } = await sql<Row>`select ${COLUMNS} from audit_checkpoint where witnessed_at is not null
    and (${atMost?.toString() ?? null}::bigint is null or tree_size <= ${atMost?.toString() ?? null}::bigint)
    order by audit_checkpoint.tree_size desc limit 1`.execute(tx.db);
  return rows[0] ? toCheckpoint(rows[0]) : null;
}

export async function sealedSize(tx: Tx): Promise<bigint> {
  const { rows } = await sql<{ tree_size: string }>`select tree_size::text from audit_seal_state`.execute(tx.db);
  return BigInt(rows[0]?.tree_size ?? '0');
}

/** The stored leaf hashes of leaves [from, to), in order; throws if one is missing (the tree is gap-free). */
export async function leafHashes(tx: Tx, from: bigint, to: bigint): Promise<Buffer[]> {
  const { rows } = await sql<{ leaf_index: string; leaf_hash: Buffer }>`select leaf_index::text, leaf_hash from audit_leaf
    where leaf_index >= ${from.toString()}::bigint and leaf_index < ${to.toString()}::bigint order by audit_leaf.leaf_index`.execute(tx.db);
  rows.forEach((r, i) => {
    if (BigInt(r.leaf_index) !== from + BigInt(i)) throw new Error(`leaf ${from + BigInt(i)} is missing from audit_leaf`);
  });
  if (BigInt(rows.length) !== to - from) throw new Error(`leaves ${from + BigInt(rows.length)}..${to - 1n} are missing from audit_leaf`);
  return rows.map((r) => r.leaf_hash);
}

export async function addCheckpoint(tx: Tx, c: Omit<StoredCheckpoint, 'witnessedAt'>): Promise<void> {
  await sql`select casus_audit_checkpoint_add(${c.size.toString()}::bigint, ${c.root}, ${c.issuedAt}, ${c.keyId}, ${c.note},
    ${c.frontier}::bytea[])`.execute(tx.db);
}

export async function unwitnessed(tx: Tx, limit: number): Promise<StoredCheckpoint[]> {
  const { rows } =
    await sql<Row>`select ${COLUMNS} from audit_checkpoint where witnessed_at is null order by audit_checkpoint.tree_size limit ${limit}`.execute(
      tx.db,
    );
  return rows.map(toCheckpoint);
}

export async function markWitnessed(tx: Tx, size: bigint): Promise<void> {
  await sql`select casus_audit_checkpoint_witnessed(${size.toString()}::bigint)`.execute(tx.db);
}

/** pg_try_advisory_xact_lock: one instance at a time does the work this key names; the others skip it. */
export async function tryLock(tx: Tx, key: bigint): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${key.toString()}::bigint) as locked`.execute(tx.db);
  return rows[0]?.locked === true;
}
