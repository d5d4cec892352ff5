// Real `casus` processes for the acceptance tests in test/process: start one (node bin/casus.js ...),
// read its pino JSON log lines, wait for a line or for /health/ready, stop it. Every process started
// here is killed by PID when the test ends, pass or fail, so a failing test leaves nothing running.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestContext } from 'node:test';
import { pidAlive } from '../../src/kernel/db/embedded.ts';

export { pidAlive };

const root = path.resolve(import.meta.dirname, '..', '..');
export const CASUS_BIN = path.join(root, 'bin', 'casus.js');

export interface LogLine {
  level: string;
  msg: string;
  pid: number;
  [key: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CasusProcess {
  child: ChildProcess;
  pid: number;
  /** Parsed JSON log lines from stdout, in order. */
  lines: LogLine[];
  stdout(): string;
  stderr(): string;
  /** Resolves once the process has exited. */
  exited: Promise<Exit>;
  exit: Exit | null;
  waitForLog(match: string | ((line: LogLine) => boolean), timeoutMs?: number): Promise<LogLine>;
  /** Waits for 'Casus is listening', then for /health/ready to answer 200; returns the base URL. */
  waitForReady(timeoutMs?: number): Promise<string>;
  /** SIGTERM (or `signal`), then SIGKILL if it has not exited within `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<Exit>;
  /** Output tail for assertion messages. */
  tail(chars?: number): string;
}

/** The environment of a spawned casus: ours without database or Casus settings, plus `env`. */
export function casusEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('CASUS_') || key.startsWith('DATABASE_') || key === 'HOST' || key === 'PORT') continue;
    base[key] = value;
  }
  return { ...base, CASUS_ENV: 'test', CASUS_LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', ...env };
}

/** Starts `casus <args>` (or a fixture entry file when `entry` is given); killed when the test ends. */
export function startCasus(
  t: Pick<TestContext, 'after'>,
  args: string[],
  options: { env: Record<string, string>; entry?: string },
): CasusProcess {
  // bin/casus.js handles Node's TypeScript support itself; a .ts fixture entry may need the flag.
  const nodeArgs = options.entry && !process.features.typescript ? ['--experimental-strip-types'] : [];
  const child = spawn(process.execPath, [...nodeArgs, options.entry ?? CASUS_BIN, ...args], {
    cwd: root,
    env: casusEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${args.join(' ')}`);
  const lines: LogLine[] = [];
  const waiters = new Set<() => void>();
  let out = '';
  let err = '';
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    partial += chunk;
    const complete = partial.split('\n');
    partial = complete.pop()!;
    for (const text of complete) {
      try {
        lines.push(JSON.parse(text) as LogLine);
      } catch {
        // not a log line (plain CLI output)
      }
    }
    for (const wake of waiters) wake();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));

  const proc: CasusProcess = {
    child,
    pid: child.pid,
    lines,
    stdout: () => out,
    stderr: () => err,
    exit: null,
    exited: new Promise<Exit>((resolve) => {
      const drained = Promise.all([child.stdout, child.stderr].map((stream) => new Promise((done) => stream.once('close', done))));
      child.once('exit', (code, signal) => {
        // Read the last lines too (bounded: a grandchild could hold the pipe open).
        void Promise.race([drained, sleep(2000, undefined, { ref: false })]).then(() => {
          proc.exit = { code, signal };
          resolve(proc.exit);
          for (const wake of waiters) wake();
        });
      });
    }),
    tail: (chars = 3000) => `--- stdout ---\n${out.slice(-chars)}\n--- stderr ---\n${err.slice(-chars)}`,
    async waitForLog(match, timeoutMs = 30_000) {
      const test = typeof match === 'string' ? (line: LogLine) => line.msg === match : match;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.find(test);
        if (found) return found;
        if (proc.exit) throw new Error(`casus exited (${JSON.stringify(proc.exit)}) before logging ${String(match)}\n${proc.tail()}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no log line ${String(match)} within ${timeoutMs} ms\n${proc.tail()}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, Math.min(left, 1000));
          function done() {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          }
          waiters.add(done);
        });
      }
    },
    async waitForReady(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      const listening = await proc.waitForLog('Casus is listening', timeoutMs);
      const url = String(listening.url);
      let last = '';
      while (Date.now() < deadline) {
        if (proc.exit) throw new Error(`casus exited before it was ready\n${proc.tail()}`);
        const res = await httpGet(`${url}/health/ready`, 2000).catch((error: Error) => ({ status: 0, body: error.message }));
        if (res.status === 200) return url;
        last = `${res.status} ${res.body}`;
        await sleep(200);
      }
      throw new Error(`${url}/health/ready not 200 within ${timeoutMs} ms (last: ${last})\n${proc.tail()}`);
    },
    async stop(signal = 'SIGTERM', timeoutMs = 20_000) {
      if (proc.exit) return proc.exit;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await proc.exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  t.after(async () => {
    if (!proc.exit) {
      child.kill('SIGKILL');
      await proc.exited;
    }
    // On Node < 22.18 bin/casus.js runs casus in a child process of its own: its PID is in the logs.
    for (const pid of new Set(lines.map((l) => l.pid))) if (pid !== child.pid && pidAlive(pid)) process.kill(pid, 'SIGKILL');
  });
  return proc;
}

/** Runs `casus <args>` to completion (bounded by `timeoutMs`, then SIGKILL). */
export async function runCasus(
  t: Pick<TestContext, 'after'>,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = startCasus(t, args, { env });
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs);
  try {
    const exit = await proc.exited;
    return { code: exit.code, stdout: proc.stdout(), stderr: proc.stderr() };
  } finally {
    clearTimeout(timer);
  }
}

/** One GET on a fresh connection (no keep-alive): what a client behind a load balancer sees. */
export function httpGet(url: string, timeoutMs = 10_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { connection: 'close' }, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`GET ${url} timed out`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}

/** Waits (bounded) until the PID is gone. */
export async function waitForPidExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pidAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}
