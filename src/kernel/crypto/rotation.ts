// Key rotation: modules register the columns they encrypt with the key ring, and `casus keys rotate`
// (the job kernel.keys-rotate, or in-process with --wait) re-encrypts every value not yet under the
// active key. It walks each table by its id (keyset pagination) in short transactions, so it can run
// beside normal work, be stopped at any point and be run again: values already under the active key
// are filtered out in SQL by their header bytes (version, key-id length, key id), never decrypted.
//
// Concurrent writers are safe: a batch first lists candidate ids, then locks them FOR UPDATE SKIP
// LOCKED, re-checking the header, and updates only the rows it holds. A row a user is changing at
// that moment is skipped rather than waited for (and is retried at the end of the pass), and a row
// changed since it was listed is re-read, so no write is ever overwritten with older data.
import type pg from 'pg';
import { CompiledQuery, type Kysely } from 'kysely';
import { systemContext, type ActorContext } from '../auth/actor.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Database } from '../db/database.ts';
import type { JobQueue } from '../jobs/jobs.ts';
import type { Logger } from '../observability/logger.ts';
import { headerOf, type KeyRing } from './keyring.ts';

export interface EncryptedColumn {
  /** Stable name, e.g. 'persons.bsn'. */
  name: string;
  table: string;
  idColumn: string;
  column: string;
  /** 'field': keyRing.encrypt(purpose, …, context?); 'data-key': a wrapped data key (rewrapDataKey). */
  kind: 'field' | 'data-key';
  purpose?: string;
  /** The context (AAD) of each value: the id column's text (`id::text`), or none (the default). */
  context?: 'id' | 'none';
  /**
   * Which database login reads and writes the table: the application's (the default), or the
   * authentication login for identity's tables, which the application role may not touch.
   */
  login?: 'application' | 'authentication';
}

/** The database a column is rotated (and counted) through: the authentication login's for identity's tables. */
export function rotationDbFor(column: EncryptedColumn, db: RotationDb, authDb: RotationDb | undefined): RotationDb {
  if (column.login !== 'authentication') return db;
  if (!authDb) throw new Error(`Encrypted column ${column.name} is on the authentication login, and none was given`);
  return authDb;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export class EncryptionRegistry {
  readonly #columns = new Map<string, EncryptedColumn>();

  register(column: EncryptedColumn): void {
    const problem = checkColumn(column);
    if (problem) throw new Error(`Encrypted column ${column.name}: ${problem}`);
    if (this.#columns.has(column.name)) throw new Error(`Encrypted column ${column.name} registered twice`);
    this.#columns.set(column.name, { ...column });
  }

  all(): EncryptedColumn[] {
    return [...this.#columns.values()].map((c) => ({ ...c }));
  }
}

function checkColumn(column: EncryptedColumn): string | null {
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(column.name)) return 'the name must be lower-case letters, digits, . _ -';
  const tableParts = column.table.split('.');
  if (tableParts.length > 2 || !tableParts.every((p) => IDENTIFIER.test(p)))
    return `table ${column.table} is not a plain (optionally schema-qualified) identifier`;
  if (!IDENTIFIER.test(column.idColumn) || !IDENTIFIER.test(column.column)) return 'the id column and the column must be plain identifiers';
  if (column.kind === 'field' && !column.purpose) return "a 'field' column needs its purpose";
  if (column.kind === 'data-key' && column.purpose !== undefined && column.purpose !== 'data-key')
    return "a 'data-key' column always has the purpose 'data-key'";
  return null;
}

const quote = (name: string) =>
  name
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');

/**
 * Where rotation reads and writes: an owner or application pool, a Kysely instance (of any table map:
 * the SQL is built here), or the Database.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyKysely = Kysely<any>;
export type RotationDb = Database | AnyKysely | pg.Pool;

type Query = (text: string, values?: unknown[]) => Promise<Record<string, unknown>[]>;

function kyselyQuery(db: AnyKysely): Query {
  return async (text, values = []) => (await db.executeQuery(CompiledQuery.raw(text, values))).rows as Record<string, unknown>[];
}

/**
 * One transaction. Through the Database it runs as a sealed system actor, so row-level security
 * policies that admit the system actor (as the case tables' do) let it see and change every row.
 */
async function inTransaction<T>(db: RotationDb, ctx: ActorContext, work: (query: Query) => Promise<T>): Promise<T> {
  if ('selectFrom' in db) return db.transaction().execute((trx) => work(kyselyQuery(trx)));
  if ('kysely' in db) return db.transaction(ctx, (tx) => work(kyselyQuery(tx.db)));
  const client = await db.connect();
  try {
    await client.query('begin');
    const result = await work(async (text, values) => (await client.query(text, values)).rows as Record<string, unknown>[]);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export interface RotationResult {
  /** Rows looked at (locked and decrypted). */
  examined: number;
  /** Rows re-encrypted under the active key. */
  rotated: number;
  /** Rows that could not be decrypted (key no longer listed, altered data): left as they are. */
  failed: number;
  /** A few ids of failed rows, for the operator (ids only, never values). */
  failedIds: string[];
  /** Rows still locked by other transactions after the retries: the next run picks them up. */
  skipped: number;
  /** False when stopped by the signal before the end of the table. */
  complete: boolean;
}

export interface RotationOptions {
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number) => void;
  /** The actor recorded in transactions through the Database (default system `kernel.keys-rotate`). */
  context?: ActorContext;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Re-encrypts the rows of one column that are not under the active key, in batches (keyset
 * pagination on the id, one short transaction each, FOR UPDATE SKIP LOCKED). Safe to stop (signal)
 * and to run again, also from several processes at once.
 */
export async function rotateColumn(
  db: RotationDb,
  keyRing: KeyRing,
  column: EncryptedColumn,
  options: RotationOptions = {},
): Promise<RotationResult> {
  const problem = checkColumn(column);
  if (problem) throw new Error(`Encrypted column ${column.name}: ${problem}`);
  const batchSize = Math.min(Math.max(Math.trunc(options.batchSize ?? 500), 1), 10_000);
  const ctx = options.context ?? systemContext('kernel.keys-rotate');
  const header = headerOf(keyRing.activeKeyId);
  const [table, id, col] = [quote(column.table), quote(column.idColumn), quote(column.column)];
  // Only the header is read (a slice of the value): no decryption, and little I/O for large values.
  const stale = `${col} is not null and substring(${col} from 1 for ${header.length}) <> $1::bytea`;

  const typeRows = await inTransaction(db, ctx, (query) =>
    query(
      `select format_type(a.atttypid, a.atttypmod) as type from pg_attribute a
      where a.attrelid = to_regclass($1) and a.attname = $2 and not a.attisdropped`,
      [column.table, column.idColumn],
    ),
  );
  const idType = typeRows[0]?.type as string | undefined;
  if (!idType) throw new Error(`Encrypted column ${column.name}: table ${column.table} or its column ${column.idColumn} does not exist`);

  const result: RotationResult = { examined: 0, rotated: 0, failed: 0, failedIds: [], skipped: 0, complete: false };
  const transform = (row: { id: string; value: Buffer }): Buffer => {
    if (column.kind === 'data-key') return keyRing.rewrapDataKey(row.value);
    return keyRing.reencrypt(column.purpose!, row.value, column.context === 'id' ? row.id : undefined);
  };

  /** Locks the given ids (those still stale), re-encrypts and writes them; returns the ids it could not lock. */
  const rotateIds = (ids: string[]) =>
    inTransaction(db, ctx, async (query) => {
      // Output names unlike any column: ORDER BY prefers an output name, and `id` as text sorts wrongly.
      const rows = (
        (await query(
          `select ${id}::text as row_id, ${col} as row_value from ${table} where ${id} = any($2::${idType}[]) and ${stale}
         order by ${id} for update skip locked`,
          [header, ids],
        )) as { row_id: string; row_value: Buffer }[]
      ).map((r) => ({ id: r.row_id, value: r.row_value }));
      const changed: string[] = [];
      const values: Buffer[] = [];
      for (const row of rows) {
        try {
          const next = transform(row);
          if (next !== row.value) {
            changed.push(row.id);
            values.push(next);
          }
        } catch {
          result.failed++;
          if (result.failedIds.length < 20) result.failedIds.push(row.id);
        }
      }
      if (changed.length > 0) {
        await query(
          `update ${table} as target set ${col} = v.value
          from unnest($1::${idType}[], $2::bytea[]) as v(id, value) where target.${id} = v.id`,
          [changed, values],
        );
      }
      result.examined += rows.length;
      result.rotated += changed.length;
      // Not returned: locked elsewhere, or changed/removed since listed (those the retry drops again).
      const held = new Set(rows.map((r) => r.id));
      return ids.filter((candidate) => !held.has(candidate));
    });

  // Each statement looks at a bounded window of rows by id, so a run over a table that is mostly
  // done already (a rerun) never becomes one long scan that a statement timeout would kill.
  const windowSize = Math.min(batchSize * 10, 50_000);
  let after: string | null = null;
  let notLocked: string[] = [];
  let dropped = 0;
  for (;;) {
    if (options.signal?.aborted) return result;
    const [window] = await inTransaction(db, ctx, (query) =>
      query(
        `with w as (select ${id} as k, (${stale}) as stale from ${table} ${after === null ? '' : `where ${id} > $3::${idType}`} order by ${id} limit $2)
        select (select k::text from w order by k desc limit 1) as last_id,
               array(select k::text from w where stale order by k) as ids`,
        after === null ? [header, windowSize] : [header, windowSize, after],
      ),
    );
    if (!window?.last_id) break;
    after = window.last_id as string;
    const candidates = window.ids as string[];
    for (let i = 0; i < candidates.length; i += batchSize) {
      if (options.signal?.aborted) return result;
      const missed = await rotateIds(candidates.slice(i, i + batchSize));
      // Bounded memory: beyond this many, locked rows are only counted (the next run gets them).
      const room = Math.max(0, 50_000 - notLocked.length);
      notLocked.push(...missed.slice(0, room));
      dropped += Math.max(0, missed.length - room);
      options.onProgress?.(result.examined);
    }
  }
  // Rows held by users' transactions a moment ago: a few more tries, then leave them to the next run.
  for (let attempt = 0; attempt < 3 && notLocked.length > 0 && !options.signal?.aborted; attempt++) {
    await sleep(200 * (attempt + 1));
    const retry = notLocked;
    notLocked = [];
    for (let i = 0; i < retry.length; i += batchSize) notLocked.push(...(await rotateIds(retry.slice(i, i + batchSize))));
  }
  if (notLocked.length > 0) {
    // What is left is either still locked or no longer stale; count only the former.
    const stillStale = await inTransaction(db, ctx, (query) =>
      query(`select count(*)::int as n from ${table} where ${id} = any($2::${idType}[]) and ${stale}`, [header, notLocked]),
    );
    result.skipped = Number(stillStale[0]?.n ?? 0);
  }
  result.skipped += dropped;
  result.complete = !options.signal?.aborted;
  options.onProgress?.(result.examined);
  return result;
}

export interface ColumnStatus {
  column: EncryptedColumn;
  /** False when the table does not exist (migrations not applied). */
  exists: boolean;
  total: number;
  /** Rows whose column is null (nothing encrypted). */
  empty: number;
  active: number;
  /** Rows per key id other than the active one ('?' for values that are not in the key ring's format). */
  others: Record<string, number>;
}

/** How many rows of the column are under which key. Reads the whole table: an operator's command. */
export async function columnStatus(
  db: RotationDb,
  keyRing: KeyRing,
  column: EncryptedColumn,
  context?: ActorContext,
): Promise<ColumnStatus> {
  const problem = checkColumn(column);
  if (problem) throw new Error(`Encrypted column ${column.name}: ${problem}`);
  const ctx = context ?? systemContext('kernel.keys-status');
  const col = quote(column.column);
  return inTransaction(db, ctx, async (query) => {
    // A count over every row of a large table may take longer than a request may.
    await query(`select set_config('statement_timeout', '1800000', true)`);
    const status: ColumnStatus = { column, exists: false, total: 0, empty: 0, active: 0, others: {} };
    if ((await query('select to_regclass($1) is not null as exists', [column.table]))[0]?.exists !== true) return status;
    status.exists = true;
    const rows = await query(`select case when ${col} is null then null
        when length(${col}) < 2 or get_byte(${col}, 0) <> 1 then '?'
        else encode(substring(${col} from 3 for get_byte(${col}, 1)), 'escape') end as key_id, count(*)::bigint as n
      from ${quote(column.table)} group by 1`);
    for (const row of rows) {
      const n = Number(row.n);
      status.total += n;
      if (row.key_id === null) status.empty += n;
      else if (row.key_id === keyRing.activeKeyId) status.active += n;
      else status.others[row.key_id as string] = n;
    }
    return status;
  });
}

export const KEY_ROTATION_JOB = 'kernel.keys-rotate';

/**
 * Rotates every registered column in turn. Through the Database each column's outcome is also
 * written to the audit trail (action `keys.rotate`): a key-management event an auditor asks about.
 */
export interface RotationOutcome {
  column: string;
  result: RotationResult;
  /** Why the column could not be rotated at all (a missing table, a missing grant); the others still are. */
  error?: string;
}

export async function rotateAll(
  db: RotationDb,
  keyRing: KeyRing,
  columns: EncryptedColumn[],
  options: {
    signal?: AbortSignal;
    context?: ActorContext;
    onProgress?: (column: EncryptedColumn, done: number) => void;
    log?: Logger;
    authDb?: RotationDb;
  } = {},
): Promise<RotationOutcome[]> {
  const ctx = options.context ?? systemContext('kernel.keys-rotate');
  const outcomes: RotationOutcome[] = [];
  for (const column of columns) {
    if (options.signal?.aborted) break;
    const outcome: RotationOutcome = {
      column: column.name,
      result: { examined: 0, rotated: 0, failed: 0, failedIds: [], skipped: 0, complete: false },
    };
    try {
      outcome.result = await rotateColumn(rotationDbFor(column, db, options.authDb), keyRing, column, {
        context: ctx,
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (done) => options.onProgress?.(column, done),
      });
    } catch (error) {
      outcome.error = (error as Error).message;
    }
    outcomes.push(outcome);
    const { failedIds, ...counts } = outcome.result;
    const trouble = outcome.error !== undefined || counts.failed > 0;
    options.log?.[trouble ? 'error' : 'info'](
      { column: column.name, activeKeyId: keyRing.activeKeyId, ...counts, failedIds, error: outcome.error },
      'key rotation of column',
    );
    if ('kysely' in db) {
      await db.transaction(ctx, (tx) =>
        recordAudit(tx, {
          action: 'keys.rotate',
          objectType: 'encrypted-column',
          objectId: column.name,
          result: trouble ? 'failure' : 'success',
          details: { activeKeyId: keyRing.activeKeyId, ...counts, ...(outcome.error ? { error: outcome.error.slice(0, 500) } : {}) },
        }),
      );
    }
  }
  return outcomes;
}

/** The kernel's job `kernel.keys-rotate` (enqueued by `casus keys rotate`), run as the system actor. */
export function defineKeyRotationJob(
  jobs: JobQueue,
  deps: { db: Database; authDb?: Database; keyRing: KeyRing; encryption: EncryptionRegistry; log: Logger },
): void {
  jobs.define({
    name: KEY_ROTATION_JOB,
    // A pass over millions of rows takes a while; it stops on the signal and a retry resumes.
    expireInSeconds: 6 * 3600,
    retryLimit: 3,
    retryDelaySeconds: 60,
    concurrency: 1,
    handler: async (_data, job) => {
      const outcomes = await rotateAll(deps.db, deps.keyRing, deps.encryption.all(), {
        signal: job.signal,
        log: deps.log,
        ...(deps.authDb ? { authDb: deps.authDb } : {}),
      });
      if (job.signal.aborted) throw new Error('key rotation stopped before the end; the retry continues');
      const broken = outcomes.filter((o) => o.error !== undefined).map((o) => o.column);
      // Retried: a column that could not be rotated at all (e.g. migrations still running) may work later.
      if (broken.length > 0) throw new Error(`key rotation could not process ${broken.join(', ')}: see the lines per column`);
      const failed = outcomes.reduce((n, o) => n + o.result.failed, 0);
      if (failed > 0) deps.log.error({ failed }, 'key rotation left values it could not decrypt: see the lines per column');
    },
  });
}
