// The system under test: a fresh database and the real `casus serve` in a child process, so the
// measured process is exactly what `npm start` runs (same entry, same hooks, job worker included).
// Everything created here is removed again, also after a failure or Ctrl+C.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { queryOnce } from '../src/kernel/db/client.ts';
import { freeLoopbackPort, pidAlive } from '../src/kernel/db/embedded.ts';
import { redactUrl } from '../src/kernel/db/target.ts';

export interface BenchDatabase {
  engine: 'embedded' | 'external';
  describe: string;
  /** Variables that point the server at this database. */
  env: Record<string, string>;
  /** `select version()`; for the embedded engine only while the server (which started it) runs. */
  version(): Promise<string>;
  /** The owner login of this database (for seeding); for the embedded engine only while the server runs. */
  ownerUrl(): Promise<string>;
  /** Removes what was created. Call after the server has exited. */
  remove(): Promise<void>;
}

export interface RunningServer {
  baseUrl: string;
  pid: number;
  /** Stops the server: SIGTERM, then SIGKILL by PID if it does not exit in time. Says how it ended: "exit code 0" is clean. */
  stop(): Promise<string>;
  /** Second Ctrl+C: do not wait for a graceful shutdown. */
  kill(): void;
}

async function versionOf(url: string): Promise<string> {
  const result = await queryOnce<{ version: string }>(url, 'select version() as version');
  return String(result.rows[0]?.version);
}

/** The live postmaster of this data directory, if any; checked against its command line so a reused PID is never signalled. */
async function postmasterOf(pgData: string): Promise<number | null> {
  const pidFile = await readFile(path.join(pgData, 'postmaster.pid'), 'utf8').catch(() => null);
  const pid = pidFile ? Number(pidFile.split('\n')[0]) : NaN;
  if (!Number.isInteger(pid) || pid <= 0 || !pidAlive(pid)) return null;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null);
  return cmdline === null || cmdline.includes(pgData) ? pid : null;
}

/** A throw-away cluster under var/bench-<random>, initialised by the server itself on first start. */
function embeddedDatabase(root: string): BenchDatabase {
  const dataDir = path.join(root, 'var', `bench-${randomBytes(4).toString('hex')}`);
  return {
    engine: 'embedded',
    describe: `fresh embedded PostgreSQL in ${path.relative(root, dataDir)} (removed afterwards)`,
    // Empty values count as unset: the developer's DATABASE_URL must not leak into this run.
    env: { CASUS_DATA_DIR: dataDir, DATABASE_URL: '', DATABASE_APP_URL: '', DATABASE_AUTH_URL: '' },
    async ownerUrl() {
      const state = JSON.parse(await readFile(path.join(dataDir, 'embedded.json'), 'utf8')) as {
        port: number;
        superuserPassword: string;
        database: string;
      };
      return `postgres://postgres:${encodeURIComponent(state.superuserPassword)}@127.0.0.1:${state.port}/${state.database}`;
    },
    async version() {
      return versionOf(await this.ownerUrl());
    },
    async remove() {
      // The server stops the cluster it started. If it could not (killed during start-up, crashed),
      // postgres keeps running detached, possibly before its port was even recorded; stop it by its
      // PID rather than delete files under a live server.
      const postmaster = await postmasterOf(path.join(dataDir, 'pg'));
      if (postmaster !== null) {
        process.kill(postmaster, 'SIGINT'); // PostgreSQL's "fast" shutdown: end sessions, checkpoint, exit
        const deadline = Date.now() + 30_000;
        while (pidAlive(postmaster) && Date.now() < deadline) await sleep(200);
        if (pidAlive(postmaster)) throw new Error(`the benchmark's PostgreSQL (pid ${postmaster}) did not stop; left ${dataDir} in place`);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new database on the DATABASE_URL server; dropped afterwards, with whatever sessions remain. */
async function externalDatabase(url: string): Promise<BenchDatabase> {
  const name = `casus_bench_${randomBytes(4).toString('hex')}`;
  await queryOnce(url, `create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const dbUrl = target.toString();
  let removed = false;
  return {
    engine: 'external',
    describe: `fresh database ${name} on ${redactUrl(url)} (dropped afterwards)`,
    // Without DATABASE_APP_URL the server logs in as owner and switches to the application role.
    env: { DATABASE_URL: dbUrl, DATABASE_APP_URL: '', DATABASE_AUTH_URL: '' },
    version: () => versionOf(dbUrl),
    ownerUrl: async () => dbUrl,
    async remove() {
      if (removed) return;
      removed = true;
      await queryOnce(url, `drop database if exists ${name} with (force)`);
    },
  };
}

export async function prepareDatabase(root: string, databaseUrl: string | undefined): Promise<BenchDatabase> {
  return databaseUrl ? externalDatabase(databaseUrl) : embeddedDatabase(root);
}

/** A `casus` child process: its output relayed with a label, stopped gracefully (SIGTERM, then SIGKILL by PID). */
interface CasusProcess {
  pid: number;
  /** How it ended ("exit code 0", "signal SIGKILL"); undefined while it runs. */
  ended(): string | undefined;
  /** The end of what it wrote, for error messages. */
  tail(): string;
  stop: () => Promise<string>;
  kill: () => void;
}

function spawnCasus(root: string, command: string, env: NodeJS.ProcessEnv, onLine: (line: string) => boolean): CasusProcess {
  // detached: its own process group, so a Ctrl+C in the terminal reaches only us; we then stop
  // the child once, gracefully, instead of it seeing two signals and exiting without cleanup.
  const child = spawn(process.execPath, [path.join(root, 'bin', 'casus.js'), command], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start \`casus ${command}\``);
  let tail = '';
  let partial = '';
  const relay = (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      tail = (tail + line + '\n').slice(-4000);
      // onLine says whether the line is worth showing (at warn level everything is).
      if (onLine(line)) process.stderr.write(`[${command}] ${line}\n`);
    }
  };
  child.stdout.on('data', relay);
  child.stderr.on('data', relay);
  let ended: string | undefined;
  const exited = new Promise<string>((resolve) =>
    child.on('exit', (code, signal) => resolve((ended = signal ? `signal ${signal}` : `exit code ${code}`))),
  );
  // ref: false, so a deadline that is no longer needed does not keep the benchmark alive for 40 s.
  const waitExit = (ms: number) => Promise.race([exited, sleep(ms, null, { ref: false })]);
  const proc: CasusProcess = {
    pid,
    ended: () => ended,
    tail: () => tail + partial,
    async stop() {
      if (ended !== undefined) return ended;
      child.kill('SIGTERM');
      // The process's own shutdown is bounded by CASUS_SHUTDOWN_TIMEOUT_MS (default 25 s).
      const graceful = await waitExit(40_000);
      if (graceful !== null) return graceful;
      process.stderr.write(`casus ${command} ${pid} did not exit within 40 s of SIGTERM: killing it\n`);
      proc.kill();
      return (await waitExit(5_000)) ?? 'did not exit, even after SIGKILL';
    },
    kill() {
      if (ended === undefined) process.kill(pid, 'SIGKILL');
    },
  };
  return proc;
}

const baseEnv = (db: BenchDatabase): NodeJS.ProcessEnv => ({
  ...process.env,
  CASUS_ENV: 'development',
  CASUS_LOG_LEVEL: 'warn',
  CASUS_CONFIG_FILE: '',
  ...db.env,
});

export async function startServer(
  root: string,
  db: BenchDatabase,
  options: { readyTimeoutMs: number; signal: AbortSignal },
): Promise<RunningServer> {
  const port = await freeLoopbackPort();
  const child = spawnCasus(root, 'serve', { ...baseEnv(db), HOST: '127.0.0.1', PORT: String(port) }, () => true);
  const server: RunningServer = { baseUrl: `http://127.0.0.1:${port}`, pid: child.pid, stop: child.stop, kill: child.kill };
  const deadline = Date.now() + options.readyTimeoutMs;
  for (;;) {
    const ended = child.ended();
    if (ended !== undefined) throw new Error(`casus serve ended (${ended}) before it was ready:\n${child.tail()}`);
    if (options.signal.aborted) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`casus serve was not ready within ${options.readyTimeoutMs / 1000} s:\n${child.tail()}`);
    }
    const ready = await fetch(`${server.baseUrl}/health/ready`, { signal: AbortSignal.timeout(2000) }).then(
      async (res) => {
        await res.arrayBuffer();
        return res.status === 200;
      },
      () => false,
    );
    if (ready) return server;
    await sleep(250);
  }
}

export type RunningWorker = Pick<CasusProcess, 'pid' | 'stop' | 'kill'>;

/**
 * `casus worker` beside a server, as production runs them (API instances with --no-worker, background work in its
 * own process): ready when it logs that it runs. `db` must reach a running database (for the embedded engine, the
 * owner URL of the cluster the server started).
 */
export async function startWorker(
  root: string,
  db: BenchDatabase,
  options: { readyTimeoutMs: number; signal: AbortSignal },
): Promise<RunningWorker> {
  let running = false;
  // At info level to see "worker running"; only warnings and errors (pino levels 40 and up) are shown.
  const child = spawnCasus(root, 'worker', { ...baseEnv(db), CASUS_LOG_LEVEL: 'info' }, (line) => {
    const entry = (() => {
      try {
        return JSON.parse(line) as { level?: number; msg?: string };
      } catch {
        return null;
      }
    })();
    if (entry?.msg?.startsWith('worker running') === true) running = true;
    return entry === null || (entry.level ?? 0) >= 40;
  });
  const worker: RunningWorker = { pid: child.pid, stop: child.stop, kill: child.kill };
  const deadline = Date.now() + options.readyTimeoutMs;
  while (!running) {
    const ended = child.ended();
    if (ended !== undefined) throw new Error(`casus worker ended (${ended}) before it ran:\n${child.tail()}`);
    if (options.signal.aborted) return worker;
    if (Date.now() > deadline) {
      await worker.stop();
      throw new Error(`casus worker was not running within ${options.readyTimeoutMs / 1000} s:\n${child.tail()}`);
    }
    await sleep(100);
  }
  return worker;
}
