// The SQL behind the verification screens (verification.routes.ts): the sealed tree, the checkpoints, the
// verification runs and the retention notes, newest first, keyset-paged on their numbers. Row-level
// security lets holders of audit.verify read these tables (migrations 0003-0005).
import { sql } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';
import type { Finding, VerificationReport } from './verify-report.ts';

export interface RunRow {
  id: string;
  started_at: Date;
  finished_at: Date;
  mode: 'incremental' | 'full';
  ok: boolean;
  from_leaf: string;
  to_leaf: string;
  boundary: string;
  anchor_size: string | null;
  anchor_root: Buffer | null;
  checkpoints: number;
  first_bad_leaf: string | null;
  first_bad_event: string | null;
  first_bad_exact: boolean | null;
  findings: Finding[];
  warnings: string[];
}

const RUN_COLUMNS = sql`id::text as id, started_at, finished_at, mode, ok, from_leaf::text as from_leaf, to_leaf::text as to_leaf,
  boundary::text as boundary, anchor_size::text as anchor_size, anchor_root, checkpoints, first_bad_leaf::text as first_bad_leaf,
  first_bad_event::text as first_bad_event, first_bad_exact, findings, warnings`;

/** Runs newest first, below `before` (a run id) when given. */
export async function runs(tx: Tx, limit: number, before?: bigint): Promise<RunRow[]> {
  const { rows } = await sql<RunRow>`select ${RUN_COLUMNS} from audit_verify_run r
    where (${before?.toString() ?? null}::bigint is null or r.id < ${before?.toString() ?? null}::bigint)
    order by r.id desc limit ${limit}`.execute(tx.db);
  return rows;
}

export async function lastSuccessfulRun(tx: Tx): Promise<RunRow | null> {
  const { rows } = await sql<RunRow>`select ${RUN_COLUMNS} from audit_verify_run r where r.ok order by r.id desc limit 1`.execute(tx.db);
  return rows[0] ?? null;
}

export async function failuresSinceSuccess(tx: Tx): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_verify_run r
    where not r.ok and r.id > coalesce((select max(o.id) from audit_verify_run o where o.ok), 0)`.execute(tx.db);
  return rows[0]?.n ?? 0;
}

export interface TreeRow {
  tree_size: string;
  sealed_at: Date | null;
  unwitnessed: number;
  boundary: string;
}

export async function tree(tx: Tx): Promise<TreeRow> {
  const { rows } = await sql<TreeRow>`select s.tree_size::text as tree_size, s.sealed_at,
      (select count(*)::int from audit_checkpoint c where c.witnessed_at is null) as unwitnessed,
      coalesce((select max(n.boundary) from audit_retention_note n), 0)::text as boundary
    from audit_seal_state s`.execute(tx.db);
  return rows[0] ?? { tree_size: '0', sealed_at: null, unwitnessed: 0, boundary: '0' };
}

export interface CheckpointRow {
  tree_size: string;
  root_hash: Buffer;
  issued_at: Date;
  key_id: string;
  note: string;
  witnessed_at: Date | null;
}

/** Checkpoints newest first, below `before` (a tree size) when given. */
export async function checkpoints(tx: Tx, limit: number, before?: bigint): Promise<CheckpointRow[]> {
  const { rows } =
    await sql<CheckpointRow>`select c.tree_size::text as tree_size, c.root_hash, c.issued_at, c.key_id, c.note, c.witnessed_at
    from audit_checkpoint c
    where (${before?.toString() ?? null}::bigint is null or c.tree_size < ${before?.toString() ?? null}::bigint)
    order by c.tree_size desc limit ${limit}`.execute(tx.db);
  return rows;
}

export interface RetentionRow {
  id: string;
  boundary: string;
  checkpoint_size: string;
  made_at: Date;
  key_id: string;
  note: string;
  witnessed_at: Date | null;
}

/** Retention notes newest first, below `before` (a note id) when given. */
export async function retentionBoundaries(tx: Tx, limit: number, before?: bigint): Promise<RetentionRow[]> {
  const { rows } =
    await sql<RetentionRow>`select n.id::text as id, n.boundary::text as boundary, n.checkpoint_size::text as checkpoint_size,
      n.made_at, n.key_id, n.note, n.witnessed_at
    from audit_retention_note n
    where (${before?.toString() ?? null}::bigint is null or n.id < ${before?.toString() ?? null}::bigint)
    order by n.id desc limit ${limit}`.execute(tx.db);
  return rows;
}

/** Everything /metrics shows of the trail, in one query (seal/metrics.ts), as text (numbers may exceed 2^53). */
export async function trailHealthRow(
  tx: Tx,
): Promise<
  Record<
    'treeSize' | 'sealLagSeconds' | 'checkpointSize' | 'checkpointAgeSeconds' | 'unwitnessed' | 'lastSuccess' | 'failures',
    string | null
  >
> {
  const { rows } = await sql<Record<string, string | null>>`select
      s.tree_size::text as "treeSize",
      coalesce(extract(epoch from clock_timestamp() - (select min(e.occurred_at) from audit_event e
        where (s.seen_xmax is null or e.xact_id >= s.seen_xmax or e.xact_id = any(s.seen_xip))
          and not exists (select 1 from audit_leaf l where l.event_id = e.id))), 0)::text as "sealLagSeconds",
      coalesce((select max(c.tree_size) from audit_checkpoint c), 0)::text as "checkpointSize",
      extract(epoch from clock_timestamp() - (select max(c.issued_at) from audit_checkpoint c))::text as "checkpointAgeSeconds",
      (select count(*) from audit_checkpoint c where c.witnessed_at is null)::text as "unwitnessed",
      extract(epoch from (select max(r.finished_at) from audit_verify_run r where r.ok))::text as "lastSuccess",
      (select count(*) from audit_verify_run r
        where not r.ok and r.id > coalesce((select max(o.id) from audit_verify_run o where o.ok), 0))::text as "failures"
    from audit_seal_state s`.execute(tx.db);
  const row = rows[0] ?? {};
  return {
    treeSize: row.treeSize ?? null,
    sealLagSeconds: row.sealLagSeconds ?? null,
    checkpointSize: row.checkpointSize ?? null,
    checkpointAgeSeconds: row.checkpointAgeSeconds ?? null,
    unwitnessed: row.unwitnessed ?? null,
    lastSuccess: row.lastSuccess ?? null,
    failures: row.failures ?? null,
  };
}

/** The latest run's outcome and first bad position (to tell a new failure from the same one again). */
export async function latestRun(
  tx: Tx,
): Promise<{ ok: boolean; to_leaf: string; first_bad_leaf: string | null; first_bad_event: string | null } | null> {
  const { rows } = await sql<{ ok: boolean; to_leaf: string; first_bad_leaf: string | null; first_bad_event: string | null }>`select ok,
    to_leaf::text as to_leaf, first_bad_leaf::text as first_bad_leaf, first_bad_event::text as first_bad_event
    from audit_verify_run r order by r.id desc limit 1`.execute(tx.db);
  return rows[0] ?? null;
}

export async function recordRun(tx: Tx, report: VerificationReport): Promise<void> {
  const bad = report.firstBad;
  await sql`insert into audit_verify_run (started_at, mode, ok, from_leaf, to_leaf, boundary, anchor_size, anchor_root, checkpoints,
      first_bad_leaf, first_bad_event, first_bad_exact, findings, warnings)
    values (${report.startedAt}::timestamptz, ${report.mode}, ${report.ok}, ${report.from}::bigint, ${report.to}::bigint,
      ${report.boundary}::bigint, ${report.anchor?.size ?? null}::bigint,
      ${report.anchor ? Buffer.from(report.anchor.root, 'base64') : null}::bytea, ${report.checkpoints},
      ${bad?.leafIndex ?? null}::bigint, ${bad?.eventId ?? null}::bigint, ${bad?.exact ?? null}::boolean,
      ${JSON.stringify(report.findings)}::jsonb, ${JSON.stringify(report.warnings)}::jsonb)`.execute(tx.db);
}
