// `npm run bench`: starts the real server on a fresh database, fires each scenario at it with
// autocannon after a warm-up, prints a table and a JSON report (also saved under bench/results/),
// then stops and removes everything it started. Exit 1 when a scenario saw connection errors,
// timeouts or statuses it did not expect. See docs/performance.md.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cpuShare, machineBusyNow, sampleCpu } from './cpu.ts';
import { runScenario } from './load.ts';
import { codeFacts, failureReasons, formatTable, machineFacts, writeReport, type BenchReport, type MeasuredScenario } from './report.ts';
import { scenarios } from './scenarios.ts';
import { IDENTITY_DATASET, seedIdentity, type BenchSession } from './identity.ts';
import { prepareDatabase, startServer, type BenchDatabase, type RunningServer } from './server.ts';
import { demoScenarios, endDemoSession, existingDatabase, loadSmallDemo, prepareDemoSession, type DemoSession } from './casework.ts';

const root = path.resolve(import.meta.dirname, '..');
const WARMUP_SECONDS = 2;
const DEFAULT_SECONDS = 10;
const QUICK_SECONDS = 3;
const allScenarios = [...scenarios, ...demoScenarios(null)];
const USAGE = `usage: npm run bench -- [--duration <s>] [--connections <n>] [--quick] [--only <name,...>] [--existing <ownerUrl>]

  --duration <s>     measured seconds per scenario (default ${DEFAULT_SECONDS}; also BENCH_DURATION)
  --connections <n>  concurrent connections for every scenario (default: each scenario's own)
  --quick            ${QUICK_SECONDS} s per scenario, for a smoke test
  --only <names>     run only these scenarios (${allScenarios.map((s) => s.name).join(', ')})
  --existing <url>   owner URL of a database already loaded with \`casus demo-data\` (also BENCH_DATABASE_URL):
                     run the demo-* casework scenarios on it (default there), keep the database

Uses a fresh embedded PostgreSQL, or a fresh database on DATABASE_URL when that is set. The demo-* scenarios
need demo data: on a fresh database BENCH_DEMO_PERSONS (default 5,000) persons are loaded first.`;

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n\n${USAGE}\n`);
  process.exit(64);
}

/** A whole number within bounds, so every run stays bounded in time and load. */
function bounded(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) fail(`${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

let args;
try {
  args = parseArgs({
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      quick: { type: 'boolean' },
      only: { type: 'string' },
      existing: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  fail((error as Error).message);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const durationOverride =
  bounded(args.duration, '--duration', 1, 600) ??
  (args.quick ? QUICK_SECONDS : undefined) ??
  bounded(process.env.BENCH_DURATION, 'BENCH_DURATION', 1, 600);
const connectionsOverride = bounded(args.connections, '--connections', 1, 1000);
const only = args.only
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknown = only?.filter((name) => !allScenarios.some((s) => s.name === name)) ?? [];
if (unknown.length > 0) fail(`unknown scenario(s): ${unknown.join(', ')}`);
const existingUrl = args.existing || process.env.BENCH_DATABASE_URL || undefined;
const demoPersons = bounded(process.env.BENCH_DEMO_PERSONS, 'BENCH_DEMO_PERSONS', 100, 1_000_000) ?? 5_000;
const selected = only ? allScenarios.filter((s) => only.includes(s.name)) : existingUrl ? allScenarios.filter((s) => s.demo) : scenarios;
// The identity seed writes fixed unit codes: on a kept database it would collide on the second run.
if (existingUrl && selected.some((s) => s.session)) fail('with --existing only the demo-* scenarios run');

// Ctrl+C: stop the load, then the server, then remove the database. A second Ctrl+C stops waiting
// for the server's graceful shutdown; cleanup of the database still runs.
const abort = new AbortController();
let server: RunningServer | null = null;
let signals = 0;
const onSignal = (signal: NodeJS.Signals) => {
  signals += 1;
  if (signals === 1) {
    process.stderr.write(`\n${signal}: stopping the benchmark and cleaning up (again to kill the server at once)\n`);
    abort.abort();
  } else {
    server?.kill();
  }
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const startedAt = new Date().toISOString();
const machine = machineFacts();
// Load generator, server and PostgreSQL share this machine; anything else running skews the figures.
const busyBeforeStart = await machineBusyNow();
if (busyBeforeStart > 25)
  process.stderr.write(`bench: warning: the machine is already ${busyBeforeStart}% busy (% of one core); figures will be noisy\n`);
const results: MeasuredScenario[] = [];
let db: BenchDatabase | null = null;
let demo: DemoSession | null = null;
let postgres = 'unknown';
let exitCode = 0;
try {
  db = existingUrl ? existingDatabase(existingUrl) : await prepareDatabase(root, process.env.DATABASE_URL || undefined);
  process.stdout.write(`Starting casus serve on a ${db.describe} ...\n`);
  // A first embedded start runs initdb and all migrations; on a slow disk that takes a while.
  server = await startServer(root, db, { readyTimeoutMs: db.engine === 'embedded' ? 180_000 : 90_000, signal: abort.signal });
  if (!abort.signal.aborted) {
    postgres = await db.version();
    process.stdout.write(`Ready at ${server.baseUrl} (pid ${server.pid}); ${postgres}\n`);
  }
  let session: BenchSession | null = null;
  if (!abort.signal.aborted && selected.some((s) => s.session)) {
    session = await seedIdentity(await db.ownerUrl());
    process.stdout.write(`Seeded ${IDENTITY_DATASET}\n`);
  }
  if (!abort.signal.aborted && selected.some((s) => s.demo)) {
    if (!existingUrl) {
      process.stdout.write(`Loading ${demoPersons} demo persons ...\n`);
      await loadSmallDemo(await db.ownerUrl(), db.env, demoPersons);
    }
    demo = await prepareDemoSession(await db.ownerUrl());
    process.stdout.write(`Signed in on ${demo.dataset}\n`);
  }
  const demoByName = new Map(demoScenarios(demo).map((s) => [s.name, s]));
  for (const listed of selected) {
    if (abort.signal.aborted) break;
    const scenario = listed.demo
      ? demoByName.get(listed.name)!
      : listed.session && session
        ? { ...listed, headers: { ...listed.headers, cookie: session.cookie } }
        : listed;
    const durationSeconds = durationOverride ?? scenario.duration ?? DEFAULT_SECONDS;
    const connections = connectionsOverride ?? scenario.connections;
    process.stdout.write(
      `- ${scenario.name}: ${scenario.method} ${scenario.path}, ${connections} connections, ${WARMUP_SECONDS} s warm-up + ${durationSeconds} s\n`,
    );
    await runScenario(server.baseUrl, scenario, { durationSeconds: WARMUP_SECONDS, connections, signal: abort.signal });
    if (abort.signal.aborted) break;
    const before = sampleCpu(server.pid);
    const result = await runScenario(server.baseUrl, scenario, { durationSeconds, connections, signal: abort.signal });
    results.push({ ...result, cpuPercentOfOneCore: cpuShare(before, sampleCpu(server.pid)) });
  }
} catch (error) {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  exitCode = 1;
} finally {
  // The server first (it stops an embedded PostgreSQL it started), then the database itself.
  if (server) {
    const ended = await server.stop();
    // A server killed during its own start-up (Ctrl+C) ends by signal; otherwise an unclean exit is a bug.
    if (ended !== 'exit code 0' && !abort.signal.aborted) {
      process.stderr.write(`bench: the server did not shut down cleanly after SIGTERM: ${ended}\n`);
      exitCode = 1;
    }
  }
  if (demo && db) await endDemoSession(await db.ownerUrl(), demo).catch(() => undefined);
  await db?.remove().catch((error: unknown) => {
    process.stderr.write(`bench: cleanup failed: ${(error as Error).message}\n`);
    exitCode = 1;
  });
}

if (abort.signal.aborted) {
  process.stderr.write('bench: interrupted; no report written\n');
  process.exit(130);
}
if (results.length > 0 && db) {
  const report: BenchReport = {
    startedAt,
    finishedAt: new Date().toISOString(),
    ok: exitCode === 0 && results.every((r) => r.ok),
    machine: { ...machine, busyBeforeStartPercentOfOneCore: busyBeforeStart },
    code: codeFacts(root),
    database: { engine: db.engine, describe: db.describe, postgres },
    dataset: demo ? demo.dataset : selected.some((s) => s.session) ? IDENTITY_DATASET : 'migrated database without business data',
    server: { command: 'node bin/casus.js serve', env: { CASUS_ENV: 'development', CASUS_LOG_LEVEL: 'warn', HOST: '127.0.0.1' } },
    load: {
      tool: 'autocannon (keep-alive, no pipelining)',
      warmupSeconds: WARMUP_SECONDS,
      note: 'load generator, server and PostgreSQL share this machine',
    },
    scenarios: results,
  };
  process.stdout.write(`\n${formatTable(results)}\n\n${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nSaved ${path.relative(root, await writeReport(root, report))}\n`);
  const reasons = failureReasons(results);
  if (reasons.length > 0) {
    process.stderr.write(`\nbench: failed scenarios:\n${reasons.map((r) => `  ${r}`).join('\n')}\n`);
    exitCode = 1;
  }
}
// No process.exit: let stdout drain (pipes are asynchronous on some platforms); nothing else keeps us alive.
process.exitCode = exitCode;
