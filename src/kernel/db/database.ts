// Connection pools and the transaction helper. The application pool logs in as the application role
// (no owner rights, subject to row-level security); every unit of work runs in a transaction that
// first records the acting user and the request's origin in transaction-local settings (`casus.*`),
// sealed with an HMAC over them and the connection's nonce (actor-seal.ts, driver.ts). Row-level
// security policies read them through the casus_actor_*() functions, which verify the seal; the audit
// trail takes its actor and origin columns from them (kernel migration 0013).
import pg from 'pg';
import { Kysely, PostgresDialect, type Driver, type Transaction } from 'kysely';
import type { ActorContext } from '../auth/actor.ts';
import type { Tables } from './tables.ts';
import { prepareStatements } from './prepared.ts';
import { SealingDriver, transactionActors, type SealingOptions } from './driver.ts';

export interface Tx {
  db: Transaction<Tables>;
  ctx: ActorContext;
}

export interface DatabaseOptions {
  /** Login of the application role; or the owner login plus `setRole` when no separate login exists. */
  appUrl: string;
  setRole: string | null;
  poolMax: number;
  statementTimeoutMs: number;
  applicationName?: string;
  /** Key for sealing the actor (migrations/0006); null before that migration: policies then see no actor. */
  actorKey: () => Buffer | null;
}

export interface TransactionOptions {
  /** Read committed by default; repeatable read for work that must see one snapshot throughout. */
  isolation?: 'repeatable read' | 'serializable';
}

export interface Database {
  kysely: Kysely<Tables>;
  pool: pg.Pool;
  transaction<T>(ctx: ActorContext, work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

// Keep timestamps as Date and bigint ids as strings (pg's default), numerics as strings: no silent
// precision loss. int8 counts we need as numbers are cast in SQL.
export function createPool(
  connectionString: string,
  options: { max: number; statementTimeoutMs: number; applicationName: string; setRole?: string | null },
): pg.Pool {
  // Without a login of its own, the application role is taken at connection start (`-c role=...`), so
  // no query runs before it. Transactions set it again and fail if they cannot (see createDatabase),
  // so a refused role never leaves work running as the owner.
  const role = options.setRole ?? null;
  if (role !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`Unusable role name for the application connection: ${role}`);
  const pool = new pg.Pool({
    connectionString,
    max: options.max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    application_name: options.applicationName,
    options: `-c statement_timeout=${options.statementTimeoutMs} -c idle_in_transaction_session_timeout=60000${role ? ` -c role=${role}` : ''}`,
  });
  // A broken idle connection (database restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}

/** Kysely's PostgreSQL dialect with the sealing driver (driver.ts). */
class SealingDialect extends PostgresDialect {
  readonly #pool: pg.Pool;
  readonly #options: SealingOptions;

  constructor(pool: pg.Pool, options: SealingOptions) {
    super({ pool });
    this.#pool = pool;
    this.#options = options;
  }

  override createDriver(): Driver {
    return new SealingDriver(this.#pool, this.#options);
  }
}

export function createDatabase(options: DatabaseOptions): Database {
  const pool = createPool(options.appUrl, {
    max: options.poolMax,
    statementTimeoutMs: options.statementTimeoutMs,
    applicationName: options.applicationName ?? 'casus',
    setRole: options.setRole,
  });
  prepareStatements(pool);
  const kysely = new Kysely<Tables>({ dialect: new SealingDialect(pool, { actorKey: options.actorKey, setRole: options.setRole }) });

  return {
    kysely,
    pool,
    async transaction(ctx, work, options) {
      const builder = options?.isolation ? kysely.transaction().setIsolationLevel(options.isolation) : kysely.transaction();
      return transactionActors.run({ ctx }, () => builder.execute((trx) => work({ db: trx, ctx })));
    },
    async close() {
      await kysely.destroy();
    },
  };
}
