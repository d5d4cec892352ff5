// `npm run bench:web`: time to a usable screen, measured in a real browser (Debian's Chromium through
// playwright-core) against the real server on demo data. Each screen is visited N times (default 30)
// as the team lead of the busiest demo team, each visit a fresh page load in one browser context (the
// hashed assets come from the browser's cache after the first visit, as during a working day). A
// screen is usable when every panel it shows has its first data on screen: the panels leave
// `casus:ready:<name>` marks in the Performance timeline (web/src/app/screen-ready.ts), whose time
// counts from the start of the navigation. Search is timed from typing the query (one input event) to
// its results on screen, the 300 ms pause before asking included, as the user feels it.
// Prints a table and a JSON report (saved under bench/results/). See docs/performance.md.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from '../test/helpers/browser.ts';
import { codeFacts, machineFacts, writeReport } from './report.ts';
import { prepareDatabase, startServer, type BenchDatabase, type RunningServer } from './server.ts';
import { endDemoSession, existingDatabase, loadSmallDemo, prepareDemoSession, type DemoSession } from './casework.ts';
import { machineBusyNow } from './cpu.ts';

const root = path.resolve(import.meta.dirname, '..');
const READY = 'casus:ready:';
const VISIT_TIMEOUT_MS = 15_000;

interface Visit {
  /** Navigation start to the last ready mark of the screen (or typing to results, for search). */
  readyMs: number;
  /** Navigation Timing: the document's response, and DOMContentLoaded. */
  responseEndMs: number | null;
  domContentLoadedMs: number | null;
}

interface WebScreen {
  name: string;
  measures: string;
  visit(page: Page, baseUrl: string, demo: DemoSession, round: number): Promise<Visit>;
}

async function navigationTiming(page: Page): Promise<Pick<Visit, 'responseEndMs' | 'domContentLoadedMs'>> {
  return page.evaluate(() => {
    // This file is type-checked without the DOM library: the entry's shape, as the browser gives it.
    const nav = performance.getEntriesByType('navigation' as never)[0] as unknown as
      { responseEnd: number; domContentLoadedEventEnd: number } | undefined;
    return { responseEndMs: nav ? nav.responseEnd : null, domContentLoadedMs: nav ? nav.domContentLoadedEventEnd : null };
  });
}

/** Loads `url` and waits until every named panel has marked itself ready; the time of the last one. */
async function loadScreen(page: Page, url: string, panels: string[]): Promise<Visit> {
  await page.goto(url);
  const readyMs = await page.waitForFunction(
    ({ prefix, names }) => {
      const times = names.map((name) => performance.getEntriesByName(prefix + name, 'mark')[0]?.startTime);
      const seen = times.filter((time) => time !== undefined);
      return seen.length === names.length ? Math.max(...seen) : null;
    },
    { prefix: READY, names: panels },
    { timeout: VISIT_TIMEOUT_MS, polling: 50 },
  );
  return { readyMs: (await readyMs.jsonValue()) as number, ...(await navigationTiming(page)) };
}

const screens: WebScreen[] = [
  {
    name: 'web-start',
    measures: '/ (start page): my tasks, my cases and the team’s referral queue, each its first page on screen',
    visit: (page, baseUrl) => loadScreen(page, `${baseUrl}/`, ['my-tasks', 'my-cases', 'referral-queue']),
  },
  {
    name: 'web-search',
    measures: 'search box on the start page: a "surname first-name" query typed, to its results on screen (300 ms pause included)',
    async visit(page, baseUrl, demo, round) {
      await loadScreen(page, `${baseUrl}/`, ['my-tasks']);
      const query = demo.pools.nameQueries[round % demo.pools.nameQueries.length]!;
      const box = page.locator('input[aria-keyshortcuts="/"]');
      await box.focus();
      const typedAt = await page.evaluate(() => performance.now());
      await box.fill(query);
      const shown = await page.waitForFunction(
        ({ name, term }) => {
          const mark = performance.getEntriesByName(name, 'mark').find((m) => (m as unknown as { detail: unknown }).detail === term);
          return mark ? mark.startTime : null;
        },
        { name: `${READY}search`, term: query.trim() },
        { timeout: VISIT_TIMEOUT_MS, polling: 50 },
      );
      return { readyMs: ((await shown.jsonValue()) as number) - typedAt, responseEndMs: null, domContentLoadedMs: null };
    },
  },
  {
    name: 'web-case',
    measures: '/cases/{id} (case screen): header, participants, latest contact moments and open tasks on screen',
    visit: (page, baseUrl, demo, round) =>
      loadScreen(page, `${baseUrl}/cases/${demo.pools.caseIds[round % demo.pools.caseIds.length]}`, ['case']),
  },
  {
    name: 'web-queue',
    measures: '/team (team lead): the referral queue’s first page on screen',
    visit: (page, baseUrl) => loadScreen(page, `${baseUrl}/team`, ['team-queue']),
  },
];

const USAGE = `usage: npm run bench:web -- [--visits <n>] [--only <name,...>] [--existing <ownerUrl>]

  --visits <n>       page visits per screen (default 30, at most 200)
  --only <names>     only these screens (${screens.map((s) => s.name).join(', ')})
  --existing <url>   owner URL of a database loaded with \`casus demo-data\` (also BENCH_DATABASE_URL); kept

Without --existing: a fresh embedded PostgreSQL (or a fresh database on DATABASE_URL) with BENCH_DEMO_PERSONS
(default 5,000) demo persons. Needs Chromium at ${CHROMIUM_PATH} (CHROMIUM_PATH) and a built web client (npm start
or npm run build:web).`;

function fail(message: string): never {
  process.stderr.write(`bench:web: ${message}\n\n${USAGE}\n`);
  process.exit(64);
}

let args;
try {
  args = parseArgs({
    options: { visits: { type: 'string' }, only: { type: 'string' }, existing: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }).values;
} catch (error) {
  fail((error as Error).message);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const visits = args.visits === undefined ? 30 : Number(args.visits);
if (!Number.isInteger(visits) || visits < 1 || visits > 200) fail(`--visits must be a whole number from 1 to 200, not "${args.visits}"`);
const only = args.only?.split(',').map((s) => s.trim());
const unknown = only?.filter((name) => !screens.some((s) => s.name === name)) ?? [];
if (unknown.length > 0) fail(`unknown screen(s): ${unknown.join(', ')}`);
const selected = only ? screens.filter((s) => only.includes(s.name)) : screens;
const existingUrl = args.existing || process.env.BENCH_DATABASE_URL || undefined;
const demoPersons = Number(process.env.BENCH_DEMO_PERSONS ?? 5_000);
if (!Number.isInteger(demoPersons) || demoPersons < 100 || demoPersons > 1_000_000) fail('BENCH_DEMO_PERSONS must be 100 to 1,000,000');

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round1 = (n: number) => Math.round(n * 10) / 10;
function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: round1(percentile(sorted, 50)), p95: round1(percentile(sorted, 95)), max: round1(sorted.at(-1)!) };
}

const startedAt = new Date().toISOString();
const busyBeforeStart = await machineBusyNow();
if (busyBeforeStart > 25)
  process.stderr.write(`bench:web: warning: the machine is already ${busyBeforeStart}% busy; figures will be noisy\n`);
let db: BenchDatabase | null = null;
let server: RunningServer | null = null;
let demo: DemoSession | null = null;
let exitCode = 0;
const results: {
  name: string;
  measures: string;
  ready: ReturnType<typeof summary>;
  responseEnd: ReturnType<typeof summary> | null;
  domContentLoaded: ReturnType<typeof summary> | null;
  firstVisitMs: number;
}[] = [];
let postgres = 'unknown';
const abort = new AbortController();
try {
  db = existingUrl ? existingDatabase(existingUrl) : await prepareDatabase(root, process.env.DATABASE_URL || undefined);
  server = await startServer(root, db, { readyTimeoutMs: 180_000, signal: abort.signal });
  postgres = await db.version();
  if (!existingUrl) {
    process.stdout.write(`Loading ${demoPersons} demo persons ...\n`);
    await loadSmallDemo(await db.ownerUrl(), db.env, demoPersons);
  }
  demo = await prepareDemoSession(await db.ownerUrl());
  process.stdout.write(`Signed in on ${demo.dataset}\n`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const context = await browser.newContext();
    const [name, value] = demo.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.baseUrl }]);
    for (const screen of selected) {
      process.stdout.write(`- ${screen.name}: ${visits} visits\n`);
      const measured: Visit[] = [];
      for (let round = 0; round < visits; round += 1) {
        const page = await context.newPage();
        try {
          measured.push(await screen.visit(page, server.baseUrl, demo, round));
        } finally {
          await page.close();
        }
      }
      const of = (pick: (v: Visit) => number | null) => {
        const values = measured.map(pick).filter((v): v is number => v !== null);
        return values.length ? summary(values) : null;
      };
      results.push({
        name: screen.name,
        measures: screen.measures,
        ready: summary(measured.map((v) => v.readyMs)),
        responseEnd: of((v) => v.responseEndMs),
        domContentLoaded: of((v) => v.domContentLoadedMs),
        firstVisitMs: round1(measured[0]!.readyMs),
      });
    }
  } finally {
    await browser.close();
  }
} catch (error) {
  process.stderr.write(`bench:web: ${(error as Error).message}\n`);
  exitCode = 1;
} finally {
  if (server) await server.stop();
  if (demo && db) await endDemoSession(await db.ownerUrl(), demo).catch(() => undefined);
  await db?.remove().catch(() => undefined);
}

if (results.length > 0 && demo && db) {
  const lines = [
    '| Screen | Visits | Ready p50 ms | p95 | max | first visit | DOMContentLoaded p50 |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.ready.n} | ${r.ready.p50} | ${r.ready.p95} | ${r.ready.max} | ${r.firstVisitMs} | ${r.domContentLoaded?.p50 ?? '-'} |`,
    ),
  ];
  const report = {
    startedAt,
    finishedAt: new Date().toISOString(),
    ok: exitCode === 0,
    machine: { ...machineFacts(), busyBeforeStartPercentOfOneCore: busyBeforeStart },
    code: codeFacts(root),
    database: { engine: db.engine, describe: db.describe, postgres },
    dataset: demo.dataset,
    browser: `Chromium (${CHROMIUM_PATH}), headless, one context, a fresh page per visit`,
    screens: results,
  };
  process.stdout.write(`\n${lines.join('\n')}\n\n${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nSaved ${path.relative(root, await writeReport(root, report, 'web-'))}\n`);
}
process.exitCode = exitCode;
