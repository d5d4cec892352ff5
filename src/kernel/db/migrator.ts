// Per-module migrations with up and down. Modules are applied in the order the application lists
// them (a module may depend on tables of modules before it), each module's migrations by name.
// A session-level advisory lock makes concurrent starters queue up: the first applies, the others
// find nothing left to do, so every migration runs exactly once however many instances start.
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Logger } from '../observability/logger.ts';

export interface MigrationContext {
  /** The application's database role, to grant privileges to. */
  appRole: string;
  /** The authentication role (identity, sessions, grants), to grant privileges to (kernel migration 0014). */
  authRole: string;
}

export interface Migration {
  /** Sortable and stable, e.g. "0001_audit_trail". Never rename one that has shipped. */
  name: string;
  up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void>;
  down(db: Kysely<unknown>, ctx: MigrationContext): Promise<void>;
}

export interface ModuleMigrations {
  module: string;
  migrations: Migration[];
}

export interface MigrationState {
  module: string;
  name: string;
  state: 'applied' | 'pending' | 'unknown';
  appliedAt: Date | null;
}

/** Arbitrary but fixed: the key every Casus instance locks before migrating. */
const MIGRATION_LOCK_KEY = 7_310_411_552_019n;

export class Migrator {
  readonly #ownerUrl: string;
  readonly #modules: ModuleMigrations[];
  readonly #ctx: MigrationContext;
  readonly #log: Logger;

  constructor(options: { ownerUrl: string; modules: ModuleMigrations[]; context: MigrationContext; log: Logger }) {
    this.#ownerUrl = options.ownerUrl;
    this.#modules = options.modules;
    this.#ctx = options.context;
    this.#log = options.log;
    const seen = new Set<string>();
    for (const { module, migrations } of this.#modules) {
      for (const m of migrations) {
        const key = `${module}/${m.name}`;
        if (seen.has(key)) throw new Error(`Duplicate migration ${key}`);
        seen.add(key);
      }
    }
  }

  /** Every known migration in apply order, plus any applied one this code does not know (a newer release). */
  async status(): Promise<MigrationState[]> {
    return this.#withOwner(async (_db, client) => {
      const applied = await this.#applied(client);
      const byKey = new Map(applied.map((a) => [`${a.module}/${a.name}`, a]));
      const states: MigrationState[] = this.#ordered().map(({ module, migration }) => {
        const row = byKey.get(`${module}/${migration.name}`);
        byKey.delete(`${module}/${migration.name}`);
        return { module, name: migration.name, state: row ? 'applied' : 'pending', appliedAt: row?.applied_at ?? null };
      });
      for (const row of byKey.values()) states.push({ module: row.module, name: row.name, state: 'unknown', appliedAt: row.applied_at });
      return states;
    });
  }

  async up(): Promise<MigrationState[]> {
    return this.#locked(async (db, client) => {
      const applied = new Set((await this.#applied(client)).map((a) => `${a.module}/${a.name}`));
      const done: MigrationState[] = [];
      for (const { module, migration } of this.#ordered()) {
        if (applied.has(`${module}/${migration.name}`)) continue;
        this.#log.info({ module, migration: migration.name }, 'applying migration');
        await db.transaction().execute(async (trx) => {
          await migration.up(trx, this.#ctx);
          await sql`insert into casus_migration (module, name) values (${module}, ${migration.name})`.execute(trx);
        });
        done.push({ module, name: migration.name, state: 'applied', appliedAt: new Date() });
      }
      return done;
    });
  }

  /** Reverts the most recently applied migrations, newest first. */
  async down(steps = 1): Promise<MigrationState[]> {
    return this.#locked(async (db, client) => {
      const known = new Map(this.#ordered().map(({ module, migration }) => [`${module}/${migration.name}`, migration]));
      const latest = (await this.#applied(client)).reverse().slice(0, steps);
      const undone: MigrationState[] = [];
      for (const row of latest) {
        const migration = known.get(`${row.module}/${row.name}`);
        if (!migration) throw new Error(`Migration ${row.module}/${row.name} was applied by a newer release; roll back with that release`);
        this.#log.info({ module: row.module, migration: row.name }, 'reverting migration');
        await db.transaction().execute(async (trx) => {
          await migration.down(trx, this.#ctx);
          await sql`delete from casus_migration where module = ${row.module} and name = ${row.name}`.execute(trx);
        });
        undone.push({ module: row.module, name: row.name, state: 'pending', appliedAt: null });
      }
      return undone;
    });
  }

  #ordered(): { module: string; migration: Migration }[] {
    return this.#modules.flatMap(({ module, migrations }) =>
      [...migrations].sort((a, b) => a.name.localeCompare(b.name)).map((migration) => ({ module, migration })),
    );
  }

  async #applied(client: pg.Client): Promise<{ module: string; name: string; applied_at: Date }[]> {
    const exists = await client.query<{ present: boolean }>(`select to_regclass('casus_migration') is not null as present`);
    if (!exists.rows[0]?.present) return [];
    const result = await client.query<{ module: string; name: string; applied_at: Date }>(
      'select module, name, applied_at from casus_migration order by id',
    );
    return result.rows;
  }

  async #locked<T>(work: (db: Kysely<unknown>, client: pg.Client) => Promise<T>): Promise<T> {
    return this.#withOwner(async (db, client) => {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
      try {
        await client.query(`create table if not exists casus_migration (
            id bigint generated always as identity primary key,
            module text not null,
            name text not null,
            applied_at timestamptz not null default now(),
            unique (module, name))`);
        return await work(db, client);
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]).catch(() => undefined);
      }
    });
  }

  async #withOwner<T>(work: (db: Kysely<unknown>, client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.#ownerUrl, application_name: 'casus-migrate' });
    await client.connect();
    const db = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: this.#ownerUrl, max: 1, application_name: 'casus-migrate' }) }),
    });
    try {
      return await work(db, client);
    } finally {
      await db.destroy();
      await client.end();
    }
  }
}
