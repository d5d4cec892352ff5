// Starting and stopping the whole system: database (embedded or external), migrations, pools, job
// queue and event relay, HTTP server. `casus serve`, `casus worker` and the test harness all use this.
// Shutdown order matters: stop taking work, finish what was accepted, then close what it needs.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Settings } from '../kernel/config.ts';
import { createDatabase, type Database } from '../kernel/db/database.ts';
import { Migrator } from '../kernel/db/migrator.ts';
import { loadActorKey } from '../kernel/db/actor-seal.ts';
import { syncClosedDaysAt } from '../kernel/calendar/closed-days.ts';
import { resolveDatabaseTarget, type DatabaseTarget } from '../kernel/db/target.ts';
import { EventBus } from '../kernel/events/bus.ts';
import { keyRingFromSettings, type KeyRing } from '../kernel/crypto/keyring.ts';
import { defineKeyRotationJob, EncryptionRegistry } from '../kernel/crypto/rotation.ts';
import { buildApp } from '../kernel/http/app.ts';
import { IdempotencyStore } from '../kernel/http/idempotency-store.ts';
import { createSecretBox, masterKeyOf } from '../kernel/crypto/secret-box.ts';
import { installJobSchema, JobQueue } from '../kernel/jobs/jobs.ts';
import type { Registry } from 'prom-client';
import type { BackgroundWorker, CasusModule, ModuleContext } from '../kernel/module.ts';
import type { RoutePlugin } from '../kernel/http/app.ts';
import type { Authenticator } from '../kernel/auth/access.ts';
import { PermissionRegistry } from '../kernel/auth/permissions.ts';
import { Readiness } from '../kernel/observability/health.ts';
import type { Logger } from '../kernel/observability/logger.ts';
import { createMetrics, type Metrics } from '../kernel/observability/metrics.ts';
import { allMigrations, modules as defaultModules } from './modules.ts';

export interface SystemOptions {
  settings: Settings;
  log: Logger;
  /** Serve HTTP. */
  http: boolean;
  /** Listen on HOST:PORT (default); false builds the app for `inject` only (tests). */
  listen?: boolean;
  /** Work jobs and relay events in this process. */
  worker: boolean;
  modules?: CasusModule[];
  /** Use this database instead of resolving one from settings (tests). */
  target?: DatabaseTarget;
}

export interface RunningSystem {
  settings: Settings;
  target: DatabaseTarget;
  db: Database;
  /** The authentication role's pool (identity, access reviews). */
  authDb: Database;
  jobs: JobQueue;
  events: EventBus;
  /** The key ring modules encrypt with, and the columns they registered for rotation. */
  keyRing: KeyRing;
  encryption: EncryptionRegistry;
  migrator: Migrator;
  metrics: Metrics;
  readiness: Readiness;
  app: FastifyInstance | null;
  /** "http://127.0.0.1:3000" once listening. */
  address: string | null;
  stop(): Promise<void>;
}

export function createMigrator(settings: Settings, target: DatabaseTarget, log: Logger, modules: CasusModule[] = defaultModules): Migrator {
  return new Migrator({
    ownerUrl: target.ownerUrl,
    modules: allMigrations(modules),
    context: { appRole: settings.database.appRole, authRole: settings.database.authRole },
    log,
  });
}

/** Applies all pending migrations, then installs or upgrades the job queue's schema. */
export async function migrateUp(migrator: Migrator, target: DatabaseTarget): Promise<number> {
  const applied = await migrator.up();
  await installJobSchema(target.ownerUrl);
  return applied.length;
}

function migrationsCheck(migrator: Migrator): () => Promise<{ ok: boolean; detail: string }> {
  let cached: { at: number; result: { ok: boolean; detail: string } } | null = null;
  return async () => {
    if (cached && Date.now() - cached.at < 15_000) return cached.result;
    const pending = (await migrator.status()).filter((m) => m.state === 'pending');
    const result =
      pending.length === 0
        ? { ok: true, detail: 'all migrations applied' }
        : {
            ok: false,
            detail: `${pending.length} pending: ${pending
              .slice(0, 5)
              .map((m) => `${m.module}/${m.name}`)
              .join(', ')} (run casus migrate up)`,
          };
    cached = { at: Date.now(), result };
    return result;
  };
}

/** Every permission the modules define, checked for duplicates and names. */
export function permissionsOf(modules: CasusModule[]): PermissionRegistry {
  const permissions = new PermissionRegistry();
  for (const module of modules) permissions.define(module.name, module.permissions ?? []);
  return permissions;
}

/** What the modules contribute when registered: authenticators, routes (static and built), start hooks. */
export function registerModules(
  modules: CasusModule[],
  base: Pick<ModuleContext, 'settings' | 'db' | 'authDb' | 'jobs' | 'events' | 'permissions' | 'keyRing' | 'encryption'> & { log: Logger },
) {
  const authenticators: Authenticator[] = [];
  const routes: RoutePlugin[] = modules.flatMap((m) => m.routes ?? []);
  const startedHooks: ((address: string | null) => Promise<void>)[] = [];
  const workers: BackgroundWorker[] = [];
  const metricHooks: ((registry: Registry) => void)[] = [];
  for (const module of modules) {
    module.register?.({
      ...base,
      log: base.log.child({ module: module.name }),
      addAuthenticator: (a) => void authenticators.push(a),
      addRoutes: (...added) => void routes.push(...added),
      onStarted: (hook) => void startedHooks.push(hook),
      addWorker: (worker) => void workers.push(worker),
      addMetrics: (register) => void metricHooks.push(register),
    });
  }
  return { authenticators, routes, startedHooks, workers, metricHooks };
}

export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const { settings, log } = options;
  const modules = options.modules ?? defaultModules;
  const target = options.target ?? (await resolveDatabaseTarget(settings, log));
  const cleanups: (() => Promise<void>)[] = [() => target.release()];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((error: unknown) => log.error({ err: error }, 'cleanup failed'));
  };
  try {
    log.info({ database: target.describe, env: settings.env }, 'database selected');
    const migrator = createMigrator(settings, target, log, modules);
    if (settings.migrateOnStart) {
      const count = await migrateUp(migrator, target);
      log.info({ applied: count }, 'migrations current');
    }
    // The SQL twin of the working-day calendar follows the settings (extra closure days, Good Friday).
    await syncClosedDaysAt(target.ownerUrl, settings.calendar, log);

    // Without the key (migrations not yet applied) transactions carry no seal and policies see no actor
    // (fail closed). The readiness check below keeps trying, so `casus migrate up` needs no restart.
    let actorKey: Buffer | null = null;
    const loadKey = async () => {
      actorKey ??= await loadActorKey(target.ownerUrl).catch(() => null);
      return actorKey;
    };
    if (!(await loadKey())) log.error('no actor key: row-level security treats every actor as anonymous until `casus migrate up`');
    const db = createDatabase({
      appUrl: target.appUrl,
      setRole: target.setRole,
      poolMax: settings.database.poolMax,
      statementTimeoutMs: settings.database.statementTimeoutMs,
      actorKey: () => actorKey,
    });
    cleanups.push(() => db.close());
    const authDb = createDatabase({
      appUrl: target.authUrl,
      setRole: target.authSetRole,
      poolMax: settings.database.authPoolMax,
      statementTimeoutMs: settings.database.statementTimeoutMs,
      applicationName: 'casus-auth',
      actorKey: () => actorKey,
    });
    cleanups.push(() => authDb.close());
    const jobs = new JobQueue({ ownerUrl: target.ownerUrl, log: log.child({ component: 'jobs' }), migrate: settings.migrateOnStart });
    const events = new EventBus({ db, jobs, log: log.child({ component: 'events' }) });
    events.defineRetentionJob();
    const idempotency = new IdempotencyStore({
      db,
      box: createSecretBox(masterKeyOf(settings)),
      ttlHours: settings.http.idempotencyTtlHours,
      // A claim outlives any request that could still be running (the request timeout, twice over).
      leaseSeconds: Math.max(60, Math.ceil((2 * settings.http.requestTimeoutMs) / 1000)),
      log: log.child({ component: 'idempotency' }),
    });
    idempotency.defineRetentionJob(jobs);
    // Modules register their encrypted columns in register(); the job reads the registry when it runs.
    const keyRing = keyRingFromSettings(settings);
    const encryption = new EncryptionRegistry();
    defineKeyRotationJob(jobs, { db, authDb, keyRing, encryption, log: log.child({ component: 'keys' }) });
    const permissions = permissionsOf(modules);
    const { authenticators, routes, startedHooks, workers, metricHooks } = registerModules(modules, {
      settings,
      db,
      authDb,
      jobs,
      events,
      permissions,
      keyRing,
      encryption,
      log,
    });

    const metrics = createMetrics();
    metrics.observePool('app', db.pool);
    metrics.observePool('auth', authDb.pool);
    metrics.observeJobQueue(() => jobs.depth());
    metrics.observeOutbox(() => events.pending());
    for (const register of metricHooks) register(metrics.registry);

    await jobs.start({ work: options.worker });
    cleanups.push(() => jobs.stop(Math.max(1000, settings.shutdownTimeoutMs - 5000)));
    if (options.worker) {
      await events.start({ listenUrl: target.appUrl });
      cleanups.push(() => events.stop());
      for (const worker of workers) {
        await worker.start();
        cleanups.push(() => worker.stop());
      }
    }

    const readiness = new Readiness();
    readiness.add('database', async () => {
      await sql`select 1`.execute(db.kysely);
      return { ok: true, detail: 'reachable' };
    });
    readiness.add('migrations', migrationsCheck(migrator));
    readiness.add('jobs', () => jobs.health());
    readiness.add('actor key', async () =>
      (await loadKey())
        ? { ok: true, detail: 'loaded' }
        : { ok: false, detail: 'not found: row-level security sees no actor until `casus migrate up` creates it' },
    );

    let app: FastifyInstance | null = null;
    let address: string | null = null;
    if (options.http) {
      app = await buildApp({ settings, log, metrics, readiness, permissions, authenticators, routes, idempotency });
      const server = app;
      // Close the HTTP server first: it waits for accepted requests, which need the pool and queue.
      cleanups.push(() => server.close());
      if (options.listen === false) {
        await server.ready();
      } else {
        address = await server.listen({ host: settings.http.host, port: settings.http.port });
        log.info({ url: address }, 'Casus is listening');
      }
    }

    for (const hook of startedHooks) await hook(address);

    let stopping: Promise<void> | null = null;
    return {
      settings,
      target,
      db,
      authDb,
      jobs,
      events,
      keyRing,
      encryption,
      migrator,
      metrics,
      readiness,
      app,
      address,
      stop() {
        readiness.drain();
        // Keep serving while reporting not-ready, so a load balancer stops sending before we close.
        stopping ??= new Promise<void>((resolve) => setTimeout(resolve, settings.shutdownDrainMs)).then(cleanup);
        return stopping;
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
