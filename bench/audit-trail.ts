// What reading the audit trail costs, and what its indexes cost every audited request:
//   node bin/node-ts.js bench/audit-trail.ts [--events N] [--seed S]   (npm run bench:audit-trail)
// On a fresh embedded PostgreSQL (or a fresh database on DATABASE_URL), migrated, it loads N synthetic
// events (a year of reads, changes, list reads of 10-50 persons and sign-ins), then measures
//   1. each search the trail answers (trail.repository.ts, the statements themselves), first and a
//      deep page, and "who looked at this client" (the query inside audit_subject_events);
//   2. the cost of an audit insert inside the database (no round trips): time, WAL and buffers per
//      event, for a single-subject event and list reads of 50 cases or tasks with their clients, without
//      and with the trail's indexes (audit migration 0012), and the time those indexes take to build.
// Prints a table and removes what it made. Timings depend on the machine: compare runs on one machine.
import { createHash, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { loadSettings } from '../src/kernel/config.ts';
import { NO_ORIGIN, systemContext } from '../src/kernel/auth/actor.ts';
import { queryOnce } from '../src/kernel/db/client.ts';
import { startEmbeddedPostgres } from '../src/kernel/db/embedded.ts';
import type { Tx } from '../src/kernel/db/database.ts';
import type { Tables } from '../src/kernel/db/tables.ts';
import { createLogger } from '../src/kernel/observability/logger.ts';
import { createMigrator, migrateUp } from '../src/app/runtime.ts';
import { trailIndexes } from '../src/modules/audit/migrations/0012_trail_indexes.ts';
import { searchEvents, searchQuery, type TrailFilter } from '../src/modules/audit/trail/trail.repository.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '0.42' } } });
const events = Number(values.events);
if (!Number.isInteger(events) || events < 10_000 || events > 50_000_000) {
  process.stderr.write('--events must be a whole number from 10,000 to 50,000,000\n');
  process.exit(64);
}
const log = createLogger({ level: 'warn' });
const settings = loadSettings({ CASUS_ENV: 'development' });

/** A fresh database: on DATABASE_URL's server, or a throw-away embedded cluster under var/. */
async function freshDatabase(): Promise<{ ownerUrl: string; remove(): Promise<void> }> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const name = `casus_bench_audit_${randomBytes(4).toString('hex')}`;
    await queryOnce(external, `create database ${name}`);
    const url = new URL(external);
    url.pathname = `/${name}`;
    return {
      ownerUrl: url.toString(),
      remove: () => queryOnce(external, `drop database if exists ${name} with (force)`).then(() => undefined),
    };
  }
  const dataDir = path.join(root, 'var', `bench-audit-${randomBytes(4).toString('hex')}`);
  const embedded = await startEmbeddedPostgres({ dataDir, appRole: settings.database.appRole, authRole: settings.database.authRole, log });
  return {
    ownerUrl: embedded.ownerUrl,
    async remove() {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const database = await freshDatabase();
const pool = new pg.Pool({ connectionString: database.ownerUrl, max: 1 });
const kysely = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
const query = async <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) => (await pool.query<T>(text, params)).rows;
const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const ms = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;
const lines: string[] = [];
const say = (line: string) => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

try {
  const target = {
    ownerUrl: database.ownerUrl,
    appUrl: database.ownerUrl,
    setRole: settings.database.appRole,
    authUrl: database.ownerUrl,
    authSetRole: settings.database.authRole,
    embedded: null,
    describe: 'bench',
    release: async () => undefined,
  };
  await migrateUp(createMigrator(settings, target, log), target);
  say(
    `PostgreSQL ${(await query<{ v: string }>(`select current_setting('server_version') as v`))[0]!.v}, ${events.toLocaleString('en-US')} events`,
  );

  // A year of events, deterministic: 70 % reads and changes of one person's data (a third of them in a
  // case, details.caseId), 20 % list reads of 10-50 persons and as many objects, 10 % without a person,
  // and one in 10,007 a break-the-glass.
  await query(`select setseed($1)`, [Number(values.seed)]);
  const started = process.hrtime.bigint();
  await query(
    `insert into audit_event (occurred_at, actor_kind, actor_id, action, object_type, object_id, data_subject_id, result, details,
      object_ids, data_subject_ids)
    select now() - interval '365 days' + (n::float / $1) * interval '365 days', 'user', 'u' || (n % 500),
      case when n % 10007 = 0 then 'case.break-glass'
           when k < 70 then (array['person.read','case.read','contact-moment.read','contact-moment.create','document.read','task.read'])[1 + n % 6]
           when k < 90 then (array['case.list','task.list','referral.list','search.query'])[1 + n % 4]
           else (array['session.login','auth.reauthenticate','user.update'])[1 + n % 3] end,
      case when k < 70 then 'case' when k < 90 then 'case' else 'user' end,
      case when k < 70 then md5('c' || (n % 50000)) end,
      case when k < 70 then md5('p' || (n * 7919 % 100000)) end,
      case when n % 97 = 0 then 'denied' else 'success' end,
      case when k < 70 and n % 3 = 0 then jsonb_build_object('caseId', md5('c' || (n % 50000))) end,
      case when k between 70 and 89 then array(select md5('c' || ((n + i * 131) % 50000)) from generate_series(1, 10 + n % 41) i) end,
      case when k between 70 and 89 then array(select md5('p' || ((n + i * 977) % 100000)) from generate_series(1, 10 + n % 41) i) end
    from (select n, (n * 37) % 100 as k from generate_series(1, $1::bigint) n) s`,
    [events],
  );
  await query('vacuum analyze audit_event');
  say(
    `loaded in ${(ms(started) / 1000).toFixed(1)} s; audit_event ${(await query<{ s: string }>(`select pg_size_pretty(pg_total_relation_size('audit_event')) as s`))[0]!.s}`,
  );

  // 1. The searches, on the loaded trail as migrated. A person shown in lists and read directly, a busy case, a user, a rare action.
  const tx = { db: kysely, ctx: { ...systemContext('bench'), origin: NO_ORIGIN } } as unknown as Tx;
  const person = md5('p' + String((Math.floor(events / 3) * 7919) % 100000));
  const kase = md5('c' + String(Math.floor(events / 3) % 50000));
  const searches: [string, TrailFilter][] = [
    ['person (her data and lists that showed her)', { personId: person }],
    ['case (the case, made in it, lists)', { caseId: kase }],
    ['user', { actorId: 'u250' }],
    ['a frequent action (case.read)', { action: 'case.read' }],
    ['a rare action (case.break-glass)', { action: 'case.break-glass' }],
    ['action prefix (contact-moment.)', { actionPrefix: 'contact-moment.' }],
    ['result denied, last 30 days', { result: 'denied', from: new Date(Date.now() - 30 * 86_400_000) }],
    ['the whole trail', {}],
  ];
  say('| search (50 a page) | rows matched | first page | 10th page | indexes the plan uses |');
  say('| --- | ---: | ---: | ---: | --- |');
  /** The indexes a statement's plan scans (EXPLAIN), to see that each filter has the one meant for it. */
  const indexesOf = async (filter: TrailFilter): Promise<string> => {
    const compiled = searchQuery(tx, filter, { limit: 50 }).compile();
    const [row] = await query<{ plan: unknown }>(`explain (format json) ${compiled.sql}`, [...compiled.parameters]);
    const names = new Set<string>();
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (typeof record['Index Name'] === 'string') names.add(record['Index Name']);
      for (const value of Object.values(record)) (Array.isArray(value) ? value : [value]).forEach(walk);
    };
    walk((row as { 'QUERY PLAN'?: unknown })['QUERY PLAN'] ?? row);
    return [...names].join(', ') || 'none';
  };
  for (const [label, filter] of searches) {
    const timed = async (after?: { at: string; id: string }) => {
      let best = Infinity;
      let rows: Awaited<ReturnType<typeof searchEvents>> = [];
      for (let i = 0; i < 5; i++) {
        const t0 = process.hrtime.bigint();
        rows = await searchEvents(tx, filter, { limit: 50, ...(after ? { after } : {}) });
        best = Math.min(best, ms(t0));
      }
      return { best, rows };
    };
    const first = await timed();
    let cursor = first.rows.at(49);
    for (let page = 2; page < 10 && cursor; page++) {
      const next = await searchEvents(tx, filter, { limit: 50, after: { at: cursor.cursor_at, id: cursor.id } });
      cursor = next.at(49);
    }
    const tenth = cursor ? await timed({ at: cursor.cursor_at, id: cursor.id }) : null;
    const counted = (await searchEvents(tx, filter, { limit: 10_000 })).length;
    const matched = counted > 10_000 ? 'over 10,000' : counted.toLocaleString('en-US');
    const pages = `${first.best.toFixed(1)} ms | ${tenth ? `${tenth.best.toFixed(1)} ms` : '(fewer pages)'}`;
    say(`| ${label} | ${matched} | ${pages} | ${await indexesOf(filter)} |`);
  }
  // "Who looked at this client": the statement inside audit_subject_events, for a holder.
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    await query(
      `select e.id from audit_event e where (e.data_subject_id = any($1) or e.data_subject_ids && $1) order by e.occurred_at desc, e.id desc limit 51`,
      [[person]],
    );
    best = Math.min(best, ms(t0));
  }
  say(`| who looked at this client (the query of audit_subject_events) | | ${best.toFixed(1)} ms | | |`);

  // 2. Insert cost, without and with the trail's indexes (this adds events: it comes after the
  // searches). One INSERT … SELECT of 5,000 prepared rows per measurement, explained with ANALYZE,
  // BUFFERS and WAL: the time is the best of three rounds in which the configurations take turns (this
  // machine has neighbours); the WAL written and the buffers touched per event do not depend on them.
  const ROUNDS = 5000;
  await query(`create table bench_input as select i,
      md5('c' || i) as object_id, md5('p' || i) as subject,
      array(select md5('c' || (i + g)) from generate_series(1, 50) g) as object_ids,
      array(select md5('p' || (i + g)) from generate_series(1, 50) g) as subject_ids
    from generate_series(1, ${ROUNDS}) i`);
  const KINDS = {
    'one person (case.read)': `'case.read', 'case', r.object_id, r.subject, null::text[], null::text[]`,
    'a list of 50 cases and their clients (case.list)': `'case.list', 'case', null, null, r.object_ids, r.subject_ids`,
    'a list of 50 tasks and their clients (task.list)': `'task.list', 'task', null, null, r.object_ids, r.subject_ids`,
  };
  type Kind = keyof typeof KINDS;
  interface Cost {
    us: number;
    walBytes: number;
    buffers: number;
  }
  const insertCost = async (kind: Kind): Promise<Cost> => {
    const [row] = await query<{ 'QUERY PLAN': { Plan: Record<string, number>; 'Execution Time': number }[] }>(
      `explain (analyze, buffers, wal, format json)
        insert into audit_event (actor_id, action, object_type, object_id, data_subject_id, object_ids, data_subject_ids, result)
        select 'u1', ${KINDS[kind]}, 'success' from bench_input r`,
    );
    const plan = row!['QUERY PLAN'][0]!;
    const top = plan.Plan;
    return {
      us: (plan['Execution Time'] * 1000) / ROUNDS,
      walBytes: (top['WAL Bytes'] ?? 0) / ROUNDS,
      buffers: ((top['Shared Hit Blocks'] ?? 0) + (top['Shared Read Blocks'] ?? 0) + (top['Shared Dirtied Blocks'] ?? 0)) / ROUNDS,
    };
  };
  const migrationContext = { appRole: settings.database.appRole, authRole: settings.database.authRole };
  const owner = kysely as unknown as Kysely<unknown>;
  const GINS = ['audit_event_listed_persons_idx', 'audit_event_listed_cases_idx'];
  let buildSeconds = 0;
  const configurations = {
    'kernel indexes only': async () => trailIndexes.down(owner, migrationContext),
    'with the trail’s btree indexes': async () => {
      await trailIndexes.up(owner, migrationContext);
      for (const index of GINS) await query(`drop index ${index}`);
    },
    'with all of 0012 (the GIN indexes too)': async () => {
      await query('drop index audit_event_time_idx, audit_event_action_idx, audit_event_case_detail_idx');
      const building = process.hrtime.bigint();
      await trailIndexes.up(owner, migrationContext);
      buildSeconds = ms(building) / 1000;
    },
  };
  const measured = new Map<string, Cost>();
  for (let round = 0; round < 3; round++) {
    for (const [name, prepare] of Object.entries(configurations)) {
      await prepare();
      await query('vacuum analyze audit_event');
      for (const kind of Object.keys(KINDS) as Kind[]) {
        const key = `${name}|${kind}`;
        const cost = await insertCost(kind);
        const before = measured.get(key);
        measured.set(key, before && before.us <= cost.us ? before : cost);
      }
    }
  }
  say('');
  say(`the trail indexes build in ${buildSeconds.toFixed(1)} s over ${events.toLocaleString('en-US')} events`);
  say(`| audit insert, per event: time / WAL / buffers | ${Object.keys(configurations).join(' | ')} |`);
  say(`| --- |${' ---: |'.repeat(Object.keys(configurations).length)}`);
  for (const kind of Object.keys(KINDS)) {
    const cells = Object.keys(configurations).map((name) => {
      const cost = measured.get(`${name}|${kind}`)!;
      return `${cost.us.toFixed(1)} µs / ${Math.round(cost.walBytes).toLocaleString('en-US')} B / ${cost.buffers.toFixed(1)}`;
    });
    say(`| ${kind} | ${cells.join(' | ')} |`);
  }
} finally {
  await kysely.destroy();
  await database.remove();
}
