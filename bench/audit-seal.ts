// `npm run bench:audit`: the cost of sealing the audit trail (issue 12, ADR 0025), on the real `casus serve`.
//
//  1. Sealing throughput under casework load: while autocannon saves contact moments (audited writes) with
//     50 connections, a backlog of audit events is committed in transactions of 1,000 as fast as PostgreSQL
//     takes them (bounded: --backlog, default 200,000; far faster than sealing), and the sealed tree size is
//     sampled every 250 ms until the sealer has caught up: the rate at which the server's sealer turns
//     committed events into leaves (checkpoints and witness copies included), the casework's own audit
//     events on top.
//  2. Casework latency with sealing and shipping on and off: the casework scenarios of issue 4 (open a
//     case, save a contact moment, search), by default as an ordinary day's work of 50 case workers, each
//     on her own caseload (--load caseworkers), or as issue 4 measured them, all as one team lead
//     (--load lead: to detection, one user opening a hundred persons a second is a mass look-up, so
//     this measures what an insider's script costs while the alert about her keeps growing), against a server that seals (CASUS_AUDIT_SEAL_WORKER=true) and
//     ships every sealed event to a syslog receiver (TCP) and an OTLP/HTTP receiver (logs and the
//     processing log's traces) besides writing the processing log, and one that does neither (the sealer
//     off: nothing downstream has anything to do), in ABBA order over --rounds rounds, each on a freshly
//     started server; an "on" server first seals and ships what the rounds before left, so each round
//     measures the steady state. At a fixed rate (--rate: requests arriving as from many users, a
//     Poisson process over at most 10 connections, bench/load.ts runPaced) or, with --rate 0, saturated
//     by 50 connections as issue 4 measured. The mean p95 difference per scenario. By default as production
//     runs it (--topology split): the measured server is an API instance (`casus serve --no-worker`) and the
//     background work, the audit pipeline with it, runs in a `casus worker` beside it on the same machine;
//     --topology single runs everything in one `casus serve`, as `npm start` does.
//  3. Verification speed: `casus audit verify --from-start` over the whole trail beside the running server,
//     leaves per second (the report's own start and end; the process start-up separately).
//
// Detection runs with working hours over the whole day (a rules file), so a run in the evening measures
// a working day's load and not 50 after-hours alerts; on a weekend or public holiday they would still fire.
// Everything is bounded in count and time, on 127.0.0.1 only, and removed afterwards (the database unless
// --existing, the witness directory). Figures go to docs/performance.md; the JSON to bench/results/.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { queryOnce } from '../src/kernel/db/client.ts';
import { DETECTION_CONSUMER } from '../src/modules/audit/detection/engine.ts';
import { OTLP_LOGS_CONSUMER, OTLP_PROCESSING_LOG_CONSUMER } from '../src/modules/audit/shipping/otlp-sink.ts';
import { PROCESSING_LOG_CONSUMER } from '../src/modules/audit/shipping/processing-log-writer.ts';
import { SYSLOG_CONSUMER } from '../src/modules/audit/shipping/syslog-sink.ts';
import { cpuShare, machineBusyNow, sampleCpu } from './cpu.ts';
import {
  demoScenarios,
  endDemoSession,
  existingDatabase,
  loadSmallDemo,
  prepareCaseworkers,
  prepareDemoSession,
  type DemoSession,
} from './casework.ts';
import { startCollectors } from './collectors.ts';
import { runPaced, runScenario } from './load.ts';
import { codeFacts, formatTable, machineFacts, writeReport, type MeasuredScenario } from './report.ts';
import { prepareDatabase, startServer, startWorker, type BenchDatabase, type RunningServer, type RunningWorker } from './server.ts';

const root = path.resolve(import.meta.dirname, '..');
const USAGE = `usage: npm run bench:audit -- [--duration <s>] [--backlog <n>] [--rounds <n>] [--existing <ownerUrl>]

  --duration <s>   measured seconds per casework scenario (default 20)
  --backlog <n>    audit events inserted while the casework load runs (default 200000, at most 2000000)
  --rounds <n>     sealing-and-shipping on/off comparisons (default 2)
  --rate <n>       requests/s of each casework scenario in the comparison (default 100; 0: as fast as 50 connections go)
  --load <who>     caseworkers: 50 case workers on their own caseloads (default); lead: all as one team lead
  --topology <t>   split: casus serve --no-worker beside a casus worker (default); single: one casus serve doing both
  --existing <url> owner URL of a database loaded with \`casus demo-data\` (kept; the backlog stays in its trail)`;

function fail(message: string): never {
  process.stderr.write(`bench:audit: ${message}\n\n${USAGE}\n`);
  process.exit(64);
}

function bounded(value: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) fail(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}

const args = parseArgs({
  options: {
    duration: { type: 'string' },
    backlog: { type: 'string' },
    rounds: { type: 'string' },
    rate: { type: 'string' },
    load: { type: 'string' },
    topology: { type: 'string' },
    existing: { type: 'string' },
  },
}).values;
const duration = bounded(args.duration, '--duration', 3, 300, 20);
const backlog = bounded(args.backlog, '--backlog', 10_000, 2_000_000, 200_000);
const rounds = bounded(args.rounds, '--rounds', 1, 5, 2);
const rate = bounded(args.rate, '--rate', 0, 2000, 100);
const load = args.load ?? 'caseworkers';
if (load !== 'caseworkers' && load !== 'lead') fail('--load must be caseworkers or lead');
const topology = args.topology ?? 'split';
if (topology !== 'split' && topology !== 'single') fail('--topology must be split or single');
const SCENARIOS = ['demo-open-case', 'demo-save-contact', 'demo-search-name'];
/** The crew of an ordinary day: fewer distinct persons each than the look-up rules count (50 in 5 minutes). */
const CREW = 50;
const CASELOAD = 15;

// var/ is not in a fresh checkout.
mkdirSync(path.join(root, 'var'), { recursive: true });
const witnessDir = mkdtempSync(path.join(root, 'var', 'bench-witness-'));
const rulesFile = path.join(witnessDir, 'detection-rules.json');
writeFileSync(rulesFile, JSON.stringify({ workingHours: { start: '00:00', end: '23:59' } }));
const collectors = await startCollectors();
const serverEnv = (sealing: boolean, shipping = false) => ({
  CASUS_AUDIT_WITNESS_DIR: witnessDir,
  CASUS_AUDIT_DETECTION_RULES: rulesFile,
  CASUS_AUDIT_SEAL_WORKER: String(sealing),
  CASUS_AUDIT_CHECKPOINT_SECONDS: '10',
  ...(shipping ? collectors.env : {}),
});
const withEnv = (db: BenchDatabase, env: Record<string, string>): BenchDatabase => ({ ...db, env: { ...db.env, ...env } });

/** What runs: the measured server and, split, the worker beside it that does the background work. */
interface SystemUnderTest {
  server: RunningServer;
  worker: RunningWorker | null;
}

async function stopSystem(system: SystemUnderTest): Promise<void> {
  // The worker first: the embedded cluster belongs to the server and stops with it.
  await system.worker?.stop();
  await system.server.stop();
}

/** The server (and, split, its worker) with sealing and shipping on or off. */
async function startSystemUnderTest(db: BenchDatabase, sealing: boolean, shipping: boolean, signal: AbortSignal): Promise<SystemUnderTest> {
  const options = { readyTimeoutMs: 180_000, signal };
  if (topology === 'single') return { server: await startServer(root, withEnv(db, serverEnv(sealing, shipping)), options), worker: null };
  const server = await startServer(root, withEnv(db, { ...serverEnv(false), CASUS_RUN_WORKER: 'false' }), options);
  try {
    // The embedded cluster is the server's: the worker reaches it by its owner URL (and keeps its data directory for the keys).
    const reach = { DATABASE_URL: await db.ownerUrl(), DATABASE_APP_URL: '', DATABASE_AUTH_URL: '' };
    const worker = await startWorker(root, withEnv(db, { ...reach, ...serverEnv(sealing, shipping) }), options);
    return { server, worker };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function treeSize(ownerUrl: string): Promise<number> {
  return Number((await queryOnce<{ n: string }>(ownerUrl, 'select tree_size::text as n from audit_seal_state')).rows[0]!.n);
}

/** Audit events shaped like a list read's (ten object ids, a data subject per row), what the trail mostly holds. */
async function insertBacklog(ownerUrl: string, total: number, signal: AbortSignal): Promise<void> {
  const chunk = 1000;
  for (let done = 0; done < total && !signal.aborted; done += chunk) {
    await queryOnce(
      ownerUrl,
      `insert into audit_event (actor_kind, actor_id, action, object_type, result, request_id, origin_ip, user_agent, details, object_ids, data_subject_ids)
       select 'user', 'bench-user-' || (n % 50), 'case.list', 'case', 'success', md5(n::text), '10.0.0.1', 'bench',
         jsonb_build_object('view', 'team', 'limit', 50),
         array(select gen_random_uuid()::text from generate_series(1, 10)), array[gen_random_uuid()::text]
       from generate_series(1, $1::int) n`,
      [Math.min(chunk, total - done)],
    );
  }
}

interface SealingFigure {
  backlog: number;
  secondsToInsert: number | null;
  sealedPerSecond: number;
  secondsToDrain: number | null;
  peakLagEvents: number;
  load: MeasuredWithWorker;
}

/** A measured scenario with, split, the worker's share of one core besides the server's. */
type MeasuredWithWorker = MeasuredScenario & { workerCpuPercentOfOneCore: number | null };

/** Phase 1: the backlog inserted while contact moments are saved; the sealed size sampled until it catches up. */
async function sealingUnderLoad(
  { server, worker }: SystemUnderTest,
  ownerUrl: string,
  demo: DemoSession | DemoSession[],
  signal: AbortSignal,
): Promise<SealingFigure> {
  const scenario = demoScenarios(demo).find((s) => s.name === 'demo-save-contact')!;
  const cpu = sampleCpu(server.pid);
  const workerCpu = worker ? sampleCpu(worker.pid) : null;
  const loadDone = runScenario(server.baseUrl, scenario, { durationSeconds: Math.max(duration, 30), connections: 50, signal });
  await sleep(2000);
  const before = await treeSize(ownerUrl);
  const began = Date.now();
  const inserting = insertBacklog(ownerUrl, backlog, signal);
  let insertedAt: number | null = null;
  void inserting.then(() => (insertedAt = Date.now()));
  let peakLag = 0;
  let drainedAt: number | null = null;
  // Bounded: at most 10 minutes after the commit.
  while (!signal.aborted && Date.now() - began < 600_000) {
    const { rows } = await queryOnce<{ sealed: string; events: string }>(
      ownerUrl,
      'select (select tree_size from audit_seal_state)::text as sealed, (select count(*) from audit_event)::text as events',
    );
    const lag = Number(rows[0]!.events) - Number(rows[0]!.sealed);
    peakLag = Math.max(peakLag, lag);
    // Caught up: the backlog is in, and what waits is only the casework's own events of the last round or two.
    if (insertedAt !== null && lag < 1000) {
      drainedAt = Date.now();
      break;
    }
    await sleep(250);
  }
  await inserting;
  const load = await loadDone;
  const after = await treeSize(ownerUrl);
  const seconds = ((drainedAt ?? Date.now()) - began) / 1000;
  return {
    backlog,
    sealedPerSecond: Math.round((after - before) / seconds),
    secondsToDrain: drainedAt === null ? null : Math.round(seconds * 10) / 10,
    secondsToInsert: insertedAt === null ? null : Math.round(((insertedAt as number) - began) / 100) / 10,
    peakLagEvents: peakLag,
    load: { ...load, cpuPercentOfOneCore: cpuShare(cpu, sampleCpu(server.pid)), workerCpuPercentOfOneCore: workerShare(worker, workerCpu) },
  };
}

/** The worker's share of one core since `before` (null in one process). */
function workerShare(worker: RunningWorker | null, before: ReturnType<typeof sampleCpu> | null): number | null {
  return worker && before ? cpuShare(before, sampleCpu(worker.pid)).server : null;
}

/** Phase 2: the casework scenarios against the server as it is (sealing or not). */
async function casework(
  { server, worker }: SystemUnderTest,
  demo: DemoSession | DemoSession[],
  signal: AbortSignal,
): Promise<MeasuredWithWorker[]> {
  const results: MeasuredWithWorker[] = [];
  for (const scenario of demoScenarios(demo).filter((s) => SCENARIOS.includes(s.name))) {
    if (signal.aborted) break;
    const run = (durationSeconds: number) =>
      rate > 0
        ? runPaced(server.baseUrl, scenario, { durationSeconds, rate, connections: 10, signal })
        : runScenario(server.baseUrl, scenario, { durationSeconds, connections: 50, signal });
    await run(2);
    const cpu = sampleCpu(server.pid);
    const workerCpu = worker ? sampleCpu(worker.pid) : null;
    const result = await run(duration);
    results.push({
      ...result,
      cpuPercentOfOneCore: cpuShare(cpu, sampleCpu(server.pid)),
      workerCpuPercentOfOneCore: workerShare(worker, workerCpu),
    });
  }
  return results;
}

/** Every consumer of the sealed stream an "on" server runs (detection, the processing log, syslog, OTLP logs and traces). */
const ON_CONSUMERS = [DETECTION_CONSUMER, PROCESSING_LOG_CONSUMER, SYSLOG_CONSUMER, OTLP_LOGS_CONSUMER, OTLP_PROCESSING_LOG_CONSUMER];

/**
 * Before an "on" round: the server seals what the rounds before left and its consumers (the processing
 * log, syslog, OTLP, detection) ship it, so the round measures the steady state. A consumer that has
 * not started yet has no cursor and has everything still to do. Bounded: 10 minutes.
 */
async function caughtUp(ownerUrl: string, signal: AbortSignal): Promise<number> {
  const began = Date.now();
  while (!signal.aborted && Date.now() - began < 600_000) {
    const { rows } = await queryOnce<{ events: string; sealed: string; shipped: string | null; consumers: number }>(
      ownerUrl,
      `select (select count(*) from audit_event)::text as events, (select tree_size from audit_seal_state)::text as sealed,
         (select min(leaf_index) + 1 from audit_stream_cursor where consumer = any($1::text[]))::text as shipped,
         (select count(*)::int from audit_stream_cursor where consumer = any($1::text[])) as consumers`,
      [ON_CONSUMERS],
    );
    const sealed = Number(rows[0]!.sealed);
    const started = rows[0]!.consumers === ON_CONSUMERS.length;
    if (started && Number(rows[0]!.events) - sealed < 100 && sealed - Number(rows[0]!.shipped ?? 0) < 100) break;
    await sleep(500);
  }
  return Math.round((Date.now() - began) / 100) / 10;
}

/** Phase 3: `casus audit verify --from-start` as an operator runs it, timed. */
async function verification(
  db: BenchDatabase,
): Promise<{ leaves: number; seconds: number; perSecond: number; processSeconds: number; ok: boolean }> {
  const started = Date.now();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'casus.js'), 'audit', 'verify', '--from-start', '--json'], {
      cwd: root,
      env: { ...process.env, CASUS_ENV: 'development', CASUS_LOG_LEVEL: 'warn', CASUS_CONFIG_FILE: '', ...db.env, ...serverEnv(false) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve(out));
  });
  const processSeconds = (Date.now() - started) / 1000;
  const report = JSON.parse(output) as { ok: boolean; from: string; to: string; startedAt: string; finishedAt: string };
  const leaves = Number(report.to) - Number(report.from);
  const seconds = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
  return { leaves, seconds, perSecond: Math.round(leaves / seconds), processSeconds: Math.round(processSeconds * 10) / 10, ok: report.ok };
}

const abort = new AbortController();
process.once('SIGINT', () => abort.abort());
process.once('SIGTERM', () => abort.abort());
const startedAt = new Date().toISOString();
const busy = await machineBusyNow();
let db: BenchDatabase | null = null;
let system: SystemUnderTest | null = null;
let demo: DemoSession | DemoSession[] | null = null;
let exitCode = 0;
try {
  const existing = args.existing || process.env.BENCH_DATABASE_URL || undefined;
  db = existing ? existingDatabase(existing) : await prepareDatabase(root, process.env.DATABASE_URL || undefined);
  process.stdout.write(
    `Sealing on: starting ${topology === 'split' ? 'casus serve --no-worker and casus worker' : 'casus serve'} on a ${db.describe} ...\n`,
  );
  system = await startSystemUnderTest(db, true, false, abort.signal);
  const ownerUrl = await db.ownerUrl();
  const postgres = await db.version();
  if (!existing) {
    const persons = bounded(process.env.BENCH_DEMO_PERSONS, 'BENCH_DEMO_PERSONS', 100, 1_000_000, 5_000);
    process.stdout.write(`Loading ${persons} demo persons ...\n`);
    await loadSmallDemo(ownerUrl, db.env, persons);
  }
  demo = load === 'lead' ? await prepareDemoSession(ownerUrl) : await prepareCaseworkers(ownerUrl, CREW, CASELOAD);
  process.stdout.write(`Phase 1: ${backlog.toLocaleString('en-US')} audit events inserted while contact moments are saved ...\n`);
  const sealing = await sealingUnderLoad(system, ownerUrl, demo, abort.signal);
  process.stdout.write(
    `  sealed ${sealing.sealedPerSecond.toLocaleString('en-US')} events/s; drained in ${sealing.secondsToDrain ?? 'not'} s\n`,
  );

  const comparisons: { round: number; sealing: boolean; secondsToCatchUp: number | null; results: MeasuredWithWorker[] }[] = [];
  // Settle what phase 1 left (autovacuum of the backlog), then alternate on/off, off/on (ABBA), each on a
  // freshly started server, so neither setting always runs first or after the other.
  await queryOnce(ownerUrl, 'vacuum (analyze) audit_event, audit_leaf');
  for (let round = 1; round <= rounds && !abort.signal.aborted; round++) {
    for (const sealingOn of round % 2 === 1 ? [true, false] : [false, true]) {
      if (abort.signal.aborted) break;
      await stopSystem(system);
      system = null;
      system = await startSystemUnderTest(db, sealingOn, sealingOn, abort.signal);
      const secondsToCatchUp = sealingOn ? await caughtUp(await db.ownerUrl(), abort.signal) : null;
      process.stdout.write(
        `Phase 2, round ${round}: casework with sealing and shipping ${sealingOn ? `on (caught up in ${secondsToCatchUp} s)` : 'off'} ...\n`,
      );
      comparisons.push({ round, sealing: sealingOn, secondsToCatchUp, results: await casework(system, demo, abort.signal) });
    }
  }
  // What detection made of the load: an ordinary day raises nothing; one lead's script raises her look-up alerts.
  const alerts = (
    await queryOnce<{ rule_id: string; alerts: number; events: number }>(
      await db.ownerUrl(),
      `select a.rule_id, count(*)::int as alerts, sum(a.count)::int as events from detection_alert a group by 1 order by 1`,
    )
  ).rows;
  process.stdout.write('Phase 3: casus audit verify --from-start, beside the running server ...\n');
  const verify = await verification(withEnv(db, {}));
  await stopSystem(system);
  system = null;

  const p95 = (sealingOn: boolean, name: string) => {
    const values = comparisons
      .filter((c) => c.sealing === sealingOn)
      .map((c) => c.results.find((r) => r.name === name)?.latencyMs.p95 ?? NaN);
    return values.reduce((a, b) => a + b, 0) / values.length;
  };
  const differences = SCENARIOS.map((name) => ({
    scenario: name,
    p95On: p95(true, name),
    p95Off: p95(false, name),
    deltaMs: p95(true, name) - p95(false, name),
  }));
  for (const c of comparisons)
    process.stdout.write(
      `\nRound ${c.round}, sealing and shipping ${c.sealing ? 'on' : 'off'}:\n${formatTable(c.results)}\n` +
        (topology === 'split' ? `worker, % of one core: ${c.results.map((r) => r.workerCpuPercentOfOneCore ?? '?').join(' / ')}\n` : ''),
    );
  process.stdout.write(
    `\nSealing under load: ${JSON.stringify({ ...sealing, load: undefined })}\nLoad during it:\n${formatTable([sealing.load])}\n`,
  );
  process.stdout.write(
    `\np95 with sealing and shipping on minus off (${rate > 0 ? `${rate} req/s` : 'saturated'}, mean of ${rounds} round(s)):\n`,
  );
  for (const d of differences)
    process.stdout.write(`  ${d.scenario}: ${d.p95On.toFixed(1)} - ${d.p95Off.toFixed(1)} = ${d.deltaMs.toFixed(1)} ms\n`);
  process.stdout.write(
    `\nDetection alerts raised (${load}): ${alerts.length === 0 ? 'none' : alerts.map((a) => `${a.rule_id} ${a.alerts}`).join(', ')}\n`,
  );
  process.stdout.write(
    `\nVerification: ${verify.leaves.toLocaleString('en-US')} leaves in ${verify.seconds} s (${verify.perSecond.toLocaleString('en-US')}/s; the command took ${verify.processSeconds} s), ok: ${verify.ok}\n`,
  );
  const report = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: { ...machineFacts(), busyBeforeStartPercentOfOneCore: busy },
    code: codeFacts(root),
    database: { describe: db.describe, postgres },
    load,
    topology,
    dataset: (Array.isArray(demo) ? demo[0]! : demo).dataset,
    sealing,
    comparison: { rate: rate > 0 ? rate : 'saturated (50 connections)', shipped: collectors.received() },
    comparisons,
    differences,
    alerts,
    verify,
  };
  process.stdout.write(`\nSaved ${path.relative(root, await writeReport(root, report, 'audit-seal-'))}\n`);
  if (sealing.sealedPerSecond < 5000 || differences.some((d) => d.deltaMs > 5) || !verify.ok) {
    process.stderr.write('bench:audit: a target was missed (sealing >= 5,000 events/s; p95 +5 ms at most; the trail verifies)\n');
    exitCode = 1;
  }
} catch (error) {
  process.stderr.write(`bench:audit: ${(error as Error).message}\n`);
  exitCode = 1;
} finally {
  if (system) await stopSystem(system);
  if (demo && db) await endDemoSession(await db.ownerUrl(), demo).catch(() => undefined);
  await db?.remove().catch((error: unknown) => process.stderr.write(`bench:audit: cleanup failed: ${(error as Error).message}\n`));
  rmSync(witnessDir, { recursive: true, force: true });
  await collectors.close();
}
process.exitCode = exitCode;
