// What a business module contributes to the platform. The application lists its modules in
// src/app/modules.ts; the kernel itself knows none of them.
import type { Settings } from './config.ts';
import type { Database } from './db/database.ts';
import type { Migration } from './db/migrator.ts';
import type { EventBus } from './events/bus.ts';
import type { RoutePlugin } from './http/app.ts';
import type { JobQueue } from './jobs/jobs.ts';
import type { Logger } from './observability/logger.ts';
import type { KeyRing } from './crypto/keyring.ts';
import type { EncryptionRegistry } from './crypto/rotation.ts';
import type { Authenticator } from './auth/access.ts';
import type { PermissionDefinition, PermissionRegistry } from './auth/permissions.ts';
import type { Registry } from 'prom-client';

/**
 * A loop that runs beside the jobs in every working instance (`casus worker`, `casus serve` without
 * --no-worker): the audit sealer, for example, which must follow the trail within seconds, more often
 * than a cron schedule can. It must be safe to run in several instances at once (take a lock per round).
 * Stopped on shutdown before the pools close.
 */
export interface BackgroundWorker {
  name: string;
  start(): Promise<void>;
  /** Finishes the round in progress, then returns; starts no new one. */
  stop(): Promise<void>;
}

export interface ModuleContext {
  settings: Settings;
  /** The application role's pool: case work, subject to row-level security. */
  db: Database;
  /**
   * The authentication role's pool: the only login that may write identity, session and grant tables
   * (kernel migration 0014). For the identity and access-review modules; every other module uses `db`.
   */
  authDb: Database;
  jobs: JobQueue;
  events: EventBus;
  log: Logger;
  /** Every permission the modules define (roles may only bundle these). */
  permissions: PermissionRegistry;
  /** Encrypts personal data at rest (fields, document data keys) and makes blind indexes. */
  keyRing: KeyRing;
  /** Every column encrypted with the key ring must be registered here, so `casus keys rotate` finds it. */
  encryption: EncryptionRegistry;
  /** Adds a way to recognise who sends a request (session cookie, API token); tried in module order. */
  addAuthenticator(authenticator: Authenticator): void;
  /** Mounts route plugins under /api/v1 that need the module's services (built in register). */
  addRoutes(...routes: RoutePlugin[]): void;
  /** Runs once the HTTP server listens (its address) or, without HTTP, once the system has started. */
  onStarted(hook: (address: string | null) => Promise<void>): void;
  /** Adds a loop that working instances run (see BackgroundWorker). */
  addWorker(worker: BackgroundWorker): void;
  /** Adds the module's own metrics to /metrics (gauges computed when Prometheus scrapes). */
  addMetrics(register: (registry: Registry) => void): void;
}

export interface CasusModule {
  /** kebab-case; also the migration namespace. */
  name: string;
  migrations?: Migration[];
  /** Route plugins mounted under /api/v1. */
  routes?: RoutePlugin[];
  /** The permissions this module owns; roles grant them, routes and policies require them. */
  permissions?: PermissionDefinition[];
  /** Defines jobs and event subscriptions; called before the job queue starts. */
  register?(ctx: ModuleContext): void;
}
