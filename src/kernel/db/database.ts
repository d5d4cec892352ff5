// Connection pools and the transaction helper. The application pool logs in as the application role
// (no owner rights, subject to row-level security); every unit of work runs in a transaction that
// first records the acting user in transaction-local settings (`casus.*`), sealed with an HMAC
// (actor-seal.ts). Row-level security policies read them through the casus_actor_*() functions,
// which verify the seal; the audit trail's column defaults read them too.
import pg from 'pg';
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CompiledQuery, Kysely, PostgresDialect, PostgresDriver,
  type DatabaseConnection, type Driver, type PostgresDialectConfig, type Transaction, type TransactionSettings,
} from 'kysely';
import type { ActorContext } from '../auth/actor.ts';
import type { Tables } from './tables.ts';
import { actorSettings, sealActor } from './actor-seal.ts';
import { prepareStatements } from './prepared.ts';

const { escapeLiteral } = pg;

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

export interface Database {
  kysely: Kysely<Tables>;
  pool: pg.Pool;
  transaction<T>(ctx: ActorContext, work: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Keep timestamps as Date and bigint ids as strings (pg's default), numerics as strings: no silent
// precision loss. int8 counts we need as numbers are cast in SQL.
export function createPool(connectionString: string, options: { max: number; statementTimeoutMs: number; applicationName: string; setRole?: string | null }): pg.Pool {
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

/** The statements the next transaction begun in this async context sends together with its BEGIN. */
const preludes = new AsyncLocalStorage<{ sql: string | null }>();

/**
 * BEGIN and the transaction's actor settings in one round trip (one simple query, "begin; select
 * set_config(...)", the values as escaped literals): every request runs at least one transaction,
 * and each round trip costs both processes a write, a wake-up and a read (about a tenth of a
 * millisecond of CPU on each side, measured in docs/performance.md). A failing prelude (a role that
 * cannot be taken) rolls the transaction back before the error goes up: the connection goes back to
 * the pool clean, and no work runs.
 */
class TransactionPreludeDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const store = preludes.getStore();
    const prelude = store?.sql ?? null;
    if (prelude === null || settings.isolationLevel || settings.accessMode) return super.beginTransaction(connection, settings);
    // Taken once: a transaction nested in the work (another connection) begins plainly.
    store!.sql = null;
    try {
      await connection.executeQuery(CompiledQuery.raw(`begin; ${prelude}`));
    } catch (error) {
      await connection.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined);
      throw error;
    }
  }
}

class TransactionPreludeDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig;

  constructor(config: PostgresDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new TransactionPreludeDriver(this.#config);
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
  const kysely = new Kysely<Tables>({ dialect: new TransactionPreludeDialect({ pool }) });

  return {
    kysely,
    pool,
    async transaction(ctx, work) {
      const { actor, origin } = ctx;
      const settings = actorSettings(actor);
      const key = options.actorKey();
      const seal = key ? sealActor(key, settings) : '';
      // Without a login of its own, the application role is assumed per transaction: set_config('role')
      // is SET LOCAL ROLE, and if it fails the transaction fails (fail closed, never run as owner).
      const values: [string, string][] = [
        ...(options.setRole ? [['role', options.setRole] as [string, string]] : []),
        ['casus.actor_kind', settings.kind],
        ['casus.actor_id', settings.id],
        ['casus.actor_permissions', settings.permissions],
        ['casus.actor_units', settings.units],
        ['casus.actor_scopes', settings.scopes],
        ['casus.actor_seal', seal],
        ['casus.request_id', origin.requestId ?? ''],
        ['casus.trace_id', origin.traceId ?? ''],
      ];
      const prelude = `select ${values.map(([name, value]) => `set_config(${escapeLiteral(name)}, ${escapeLiteral(value)}, true)`).join(', ')}`;
      return preludes.run({ sql: prelude }, () => kysely.transaction().execute((trx) => work({ db: trx, ctx })));
    },
    async close() {
      await kysely.destroy();
    },
  };
}
