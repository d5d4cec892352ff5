// What the operator commands share: registering the modules without a server (their routes and
// encrypted columns), connecting like the server does (the application role with the actor seal),
// and acting as a named system actor that the audit trail records with the operating-system user.
import { userInfo } from 'node:os';
import type { Settings } from '../kernel/config.ts';
import { systemContext, type ActorContext } from '../kernel/auth/actor.ts';
import { createDatabase, type Database } from '../kernel/db/database.ts';
import { loadActorKey } from '../kernel/db/actor-seal.ts';
import { resolveDatabaseTarget } from '../kernel/db/target.ts';
import { EventBus } from '../kernel/events/bus.ts';
import { JobQueue } from '../kernel/jobs/jobs.ts';
import { keyRingFromSettings, type KeyRing } from '../kernel/crypto/keyring.ts';
import { EncryptionRegistry } from '../kernel/crypto/rotation.ts';
import { createLogger, type Logger } from '../kernel/observability/logger.ts';
import { modules } from '../app/modules.ts';
import { permissionsOf, registerModules } from '../app/runtime.ts';

/**
 * The modules registered offline: pools and the job queue connect on first use, and nothing here
 * uses them. Close it when done.
 */
export function registerOffline(settings: Settings, keyRing: KeyRing = keyRingFromSettings(settings)) {
  const log = createLogger({ level: 'silent' });
  const offline = 'postgres://casus-cli@127.0.0.1:1/offline';
  const db = createDatabase({ appUrl: offline, setRole: null, poolMax: 1, statementTimeoutMs: 1000, actorKey: () => null });
  const jobs = new JobQueue({ ownerUrl: offline, log, migrate: false });
  const permissions = permissionsOf(modules);
  const encryption = new EncryptionRegistry();
  const registered = registerModules(modules, {
    settings,
    db,
    authDb: db,
    jobs,
    events: new EventBus({ db, jobs, log }),
    permissions,
    keyRing,
    encryption,
    log,
  });
  return { ...registered, permissions, encryption, close: () => db.close() };
}

/** The system actor `component` (e.g. `cli:keys`), with the operating-system user as its user agent. */
export function cliContext(component: string): ActorContext {
  let who = 'unknown';
  try {
    who = userInfo().username;
  } catch {
    // no user name (container without passwd entry)
  }
  return systemContext(component, { userAgent: `casus-cli (os user ${who})` });
}

/** Logs quieter than the server: a command's output is its answer. */
export const cliLogger = (settings: Settings): Logger => createLogger({ level: settings.logLevel === 'info' ? 'warn' : settings.logLevel });

/**
 * The configured database as the application role (or, for identity's commands, the authentication
 * role), with the actor key; always disconnected.
 */
export async function withAppDatabase<T>(
  settings: Settings,
  log: Logger,
  work: (db: Database, ownerUrl: string) => Promise<T>,
  poolMax = 2,
  login: 'application' | 'authentication' = 'application',
): Promise<T> {
  return withDatabases(settings, log, (dbs, ownerUrl) => work(login === 'application' ? dbs.app : dbs.auth, ownerUrl), poolMax);
}

/** Both logins at once (key rotation reaches columns of each); pools connect on first use. */
export async function withDatabases<T>(
  settings: Settings,
  log: Logger,
  work: (dbs: { app: Database; auth: Database }, ownerUrl: string) => Promise<T>,
  poolMax = 2,
): Promise<T> {
  const target = await resolveDatabaseTarget(settings, log);
  try {
    const key = await loadActorKey(target.ownerUrl);
    const common = { poolMax, statementTimeoutMs: settings.database.statementTimeoutMs, actorKey: () => key, applicationName: 'casus-cli' };
    const app = createDatabase({ ...common, appUrl: target.appUrl, setRole: target.setRole });
    const auth = createDatabase({ ...common, appUrl: target.authUrl, setRole: target.authSetRole });
    try {
      return await work({ app, auth }, target.ownerUrl);
    } finally {
      await Promise.all([app.close(), auth.close()]);
    }
  } finally {
    await target.release();
  }
}
