// The Kysely driver of the application pools. It does what Kysely's PostgresDriver does, plus two
// things that need to know which connection a transaction runs on:
//
// - The seal is bound to the transaction. Each connection holds a nonce drawn from the sequence
//   casus_actor_nonce (its currval, which only nextval in that session can set; the application role
//   may call nextval but not setval). A transaction's seal covers the nonce, and the nonce is drawn
//   anew in the same round trip as COMMIT or ROLLBACK. So a seal read from one transaction (from
//   current_setting, pg_stat_activity or a log) is worthless in any other: on another connection the
//   currval differs, on the same one it has moved on (kernel migration 0012 verifies it).
// - BEGIN and the transaction's actor settings go in one round trip (one simple query), as does
//   COMMIT with the next nonce: every request runs at least one transaction, and each round trip
//   costs both processes a write, a wake-up and a read (docs/performance.md).
//
// Why a driver of our own, and which pg and Kysely internals it relies on: docs/adr/0021, checked by
// src/kernel/db/internals.test.ts.
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import {
  AbortedTransactionError,
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { ActorContext } from '../auth/actor.ts';
import { actorSettings, sealActor, SEAL_FIELDS, type SealedFields } from './actor-seal.ts';

const { escapeLiteral } = pg;

/**
 * Null, not an error, before the kernel migration that creates the sequence has run or for a role not
 * allowed to draw (such a connection's seals never verify: fail closed, reported by `casus doctor`).
 */
const NEXT_NONCE = `select case when has_sequence_privilege(s, 'USAGE') then nextval(s)::text end as nonce
  from (select to_regclass('public.casus_actor_nonce') as s) as nonce_sequence`;

export interface SealingOptions {
  /** Key for sealing the actor; null before the kernel migrations created it (policies then see no actor). */
  actorKey: () => Buffer | null;
  /** The role to assume per transaction when the pool logs in as the owner (development fallback). */
  setRole: string | null;
}

/** The actor of the next transaction begun in this async context; taken once (see Database.transaction). */
export const transactionActors = new AsyncLocalStorage<{ ctx: ActorContext | null }>();

type Results = pg.QueryResult | pg.QueryResult[];
const lastOf = (results: Results): pg.QueryResult => (Array.isArray(results) ? results[results.length - 1]! : results);
const firstOf = (results: Results): pg.QueryResult => (Array.isArray(results) ? results[0]! : results);

/** Free text in a sealed field: no '|' (the separator) and no control characters (refused by set_config). */
function clean(value: string | null | undefined, max = 512): string {
  // eslint-disable-next-line no-control-regex
  return (value ?? '').slice(0, max).replace(/[\u0000-\u001f\u007f|]/g, ' ');
}

export function sealedFieldsOf(ctx: ActorContext): SealedFields {
  const { origin } = ctx;
  return {
    ...actorSettings(ctx.actor),
    requestId: clean(origin.requestId, 200),
    traceId: clean(origin.traceId, 200),
    originIp: clean(origin.ip, 64),
    userAgent: clean(origin.userAgent),
  };
}

class SealingConnection implements DatabaseConnection {
  readonly client: pg.PoolClient;
  /** The nonce this connection's next transaction seals over; null when unknown (drawn before use). */
  nonce: Promise<string | null> | null;
  discarded = false;

  constructor(client: pg.PoolClient) {
    this.client = client;
    this.nonce = null;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.client.query(compiledQuery.sql, [...compiledQuery.parameters]);
    const { command, rowCount, rows } = result;
    return {
      numAffectedRows: ['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(command) ? BigInt(rowCount ?? 0) : undefined,
      rows: (rows ?? []) as R[],
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not used by Casus; read in pages');
  }

  /**
   * Ends the transaction and draws the next nonce in one round trip, the draw after COMMIT or ROLLBACK:
   * deferred constraint triggers run at COMMIT and still read the actor through the seal. A failing
   * COMMIT stops the message before the draw (the nonce is then drawn anew before the next transaction);
   * the draw itself cannot fail (NEXT_NONCE answers null rather than raise), so an error here never
   * hides a COMMIT that succeeded.
   */
  async endWith(end: 'commit' | 'rollback'): Promise<pg.QueryResult> {
    try {
      const results = (await this.client.query(`${end}; ${NEXT_NONCE}`)) as unknown as Results;
      this.nonce = Promise.resolve((lastOf(results).rows[0] as { nonce: string | null } | undefined)?.nonce ?? null);
      return firstOf(results);
    } catch (error) {
      // Whether the draw ran is unknown: draw again before the next transaction, or lose the connection.
      this.nonce = null;
      throw error;
    }
  }

  currentNonce(): Promise<string | null> {
    this.nonce ??= this.client.query(NEXT_NONCE).then((r) => (r.rows[0] as { nonce: string | null }).nonce);
    return this.nonce;
  }
}

export class SealingDriver implements Driver {
  readonly #pool: pg.Pool;
  readonly #options: SealingOptions;
  readonly #connections = new WeakMap<pg.PoolClient, SealingConnection>();

  constructor(pool: pg.Pool, options: SealingOptions) {
    this.#pool = pool;
    this.#options = options;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const client = await this.#pool.connect();
    let connection = this.#connections.get(client);
    if (!connection) {
      connection = new SealingConnection(client);
      this.#connections.set(client, connection);
    }
    return connection;
  }

  async beginTransaction(db: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const connection = db as SealingConnection;
    const begin =
      settings.isolationLevel || settings.accessMode
        ? ['start transaction', settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : '', settings.accessMode ?? '']
            .filter(Boolean)
            .join(' ')
        : 'begin';
    const store = transactionActors.getStore();
    const ctx = store?.ctx ?? null;
    // Taken once: a transaction nested in the work (another connection) begins without an actor.
    if (store) store.ctx = null;
    if (!ctx) {
      await connection.executeQuery(CompiledQuery.raw(begin));
      return;
    }
    const fields = sealedFieldsOf(ctx);
    const nonce = await connection.currentNonce().catch(() => null);
    const key = this.#options.actorKey();
    const seal = key && nonce !== null ? sealActor(key, fields, nonce) : '';
    const values: [string, string][] = [
      // Without a login of its own, the application role is assumed per transaction: set_config('role')
      // is SET LOCAL ROLE, and if it fails the transaction fails (fail closed, never run as owner).
      ...(this.#options.setRole ? [['role', this.#options.setRole] as [string, string]] : []),
      ...SEAL_FIELDS.map(([name, setting]) => [setting, fields[name]] as [string, string]),
      ['casus.actor_seal', seal],
    ];
    const prelude = `select ${values.map(([name, value]) => `set_config(${escapeLiteral(name)}, ${escapeLiteral(value)}, true)`).join(', ')}`;
    try {
      await connection.executeQuery(CompiledQuery.raw(`${begin}; ${prelude}`));
    } catch (error) {
      // The work never runs; the connection goes back clean, with a fresh nonce.
      await connection.endWith('rollback').catch(() => {
        connection.discarded = true;
      });
      throw error;
    }
  }

  async commitTransaction(db: DatabaseConnection): Promise<void> {
    const commit = await (db as SealingConnection).endWith('commit');
    // PostgreSQL completes COMMIT with a ROLLBACK tag if an earlier error left the transaction aborted.
    if (commit.command === 'ROLLBACK') throw new AbortedTransactionError();
  }

  async rollbackTransaction(db: DatabaseConnection): Promise<void> {
    const connection = db as SealingConnection;
    try {
      await connection.endWith('rollback');
    } catch (error) {
      connection.discarded = true;
      throw error;
    }
  }

  async savepoint(db: DatabaseConnection, name: string): Promise<void> {
    await db.executeQuery(CompiledQuery.raw(`savepoint ${pg.escapeIdentifier(name)}`));
  }

  async rollbackToSavepoint(db: DatabaseConnection, name: string): Promise<void> {
    await db.executeQuery(CompiledQuery.raw(`rollback to savepoint ${pg.escapeIdentifier(name)}`));
  }

  async releaseSavepoint(db: DatabaseConnection, name: string): Promise<void> {
    await db.executeQuery(CompiledQuery.raw(`release savepoint ${pg.escapeIdentifier(name)}`));
  }

  async releaseConnection(db: DatabaseConnection): Promise<void> {
    const connection = db as SealingConnection;
    // A connection whose state is unknown (a failed rollback) is closed, not reused.
    connection.client.release(connection.discarded ? true : undefined);
  }

  async destroy(): Promise<void> {
    await this.#pool.end();
  }
}
