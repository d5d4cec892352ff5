// Audit coverage (issue 12, acceptance): every route that returns or changes personal data writes an
// audit event naming the person(s) it concerns. The routes are discovered, not listed: the whole route
// inventory as served, each called through the permission matrix's catalogue (permission-matrix/routes.ts,
// one catalogue for both) by a caller who may (a 2xx in the matrix's `own` cell) on the world's own
// team's resources. A call concerns a person when
//   - its answer shows her: her id, or the name, BSN, phone number or date of birth she was registered with;
//   - it names her, or an object of hers, in its path, query or body (a case, contact moment, document,
//     task, referral or incident is its client's: see OWNER_OF below);
//   - a row it wrote or changed (read from every table's xmin) names her or an object of hers.
// Each person it concerns must be named by an audit event the call wrote (data_subject_id or
// data_subject_ids). A call that concerns no person and names none must be listed in
// audit-coverage/without-persons.ts with its reason: a new route that neither audits nor is listed
// fails, and so does a listed one that turns out to concern someone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWorld, CALLERS, type CallerName, type World } from '../helpers/world.ts';
import { probeContext, rowKey, type Entry } from './permission-matrix/catalogue.ts';
import { catalogue } from './permission-matrix/routes.ts';
import { expected } from './permission-matrix/expected.ts';
import { WITHOUT_PERSONS } from './audit-coverage/without-persons.ts';

let world: World;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** Kernel bookkeeping: the trail itself, the outbox and idempotency records repeat what a call did or answered. */
const BOOKKEEPING = new Set(['audit_event', 'outbox_event', 'processed_event', 'idempotency_record', 'casus_migration', 'casus_actor_key']);
/**
 * Whose an object is, over the owner login: a person is herself; a case is its primary client's; a
 * referral its person's; a contact moment its contacted person's, else its case's client; a document
 * and a task their case's client (a task on a referral the referral's person); an incident the clients
 * of its cases and referrals.
 */
const OWNER_OF = `
  select id::text as id, id::text as person from person
  union all select id::text, primary_client_id::text from case_file where primary_client_id is not null
  union all select id::text, person_id::text from referral where person_id is not null
  union all select m.id::text, coalesce(m.person_id, c.primary_client_id)::text from contact_moment m join case_file c on c.id = m.case_id
  union all select d.id::text, c.primary_client_id::text from document d join case_file c on c.id = d.case_id where c.primary_client_id is not null
  union all select t.id::text, coalesce(c.primary_client_id, r.person_id)::text from task t
    left join case_file c on c.id = t.case_id left join referral r on r.id = t.referral_id where coalesce(c.primary_client_id, r.person_id) is not null
  union all select incident_id::text, primary_client_id::text from case_file where incident_id is not null and primary_client_id is not null
  union all select incident_id::text, person_id::text from referral where incident_id is not null and person_id is not null`;

interface Marks {
  auditId: string;
  /** The next transaction id: rows with this xmin or later were written by the call. */
  xid: string;
}

async function marks(): Promise<Marks> {
  const [row] = await world.owner<Marks>(
    `select (select coalesce(max(id), 0) from audit_event)::text as "auditId",
            (pg_snapshot_xmax(pg_current_snapshot())::text::bigint % 4294967296)::text as xid`,
  );
  return row!;
}

/** The rows of every table (but the kernel's bookkeeping) that transactions from `xid` on wrote, as JSON text. */
async function writtenSince(xid: string): Promise<string[]> {
  const tables = (
    await world.owner<{ name: string }>(
      `select c.relname as name from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') order by 1`,
    )
  )
    .map((t) => t.name)
    .filter((t) => !BOOKKEEPING.has(t));
  const union = tables
    .map((t) => `select row_to_json(x)::text as row from public.${t} x where x.xmin::text::bigint >= $1`)
    .join(' union all ');
  return (await world.owner<{ row: string }>(union, [xid])).map((r) => r.row);
}

/** What the world registered each person with, as it would appear in an answer. */
function markersOf(w: World): Map<string, string> {
  const markers = new Map<string, string>();
  for (const work of Object.values(w.casework)) {
    const { client, kin } = work;
    for (const value of [client.voornamen, client.achternaam, client.bsn, client.phone.slice(2), client.dateOfBirth])
      markers.set(value, client.id);
    for (const value of [kin.voornamen, kin.achternaam]) markers.set(value, kin.id);
  }
  return markers;
}

interface Finding {
  route: string;
  caller: CallerName;
  status: number;
  concerned: Set<string>;
  named: Set<string>;
  actions: string[];
}

/** Calls the entry as a caller who may, in the own scope, and says whom it concerned and whom its audit named. */
async function cover(entry: Entry, callers: readonly CallerName[]): Promise<Finding | { route: string; uncovered: string }> {
  const method = entry.route.split(' ')[0]!;
  const row = expected[rowKey(entry)];
  const allowed = callers.filter((c) => {
    const cell = row?.[c]?.[0];
    return typeof cell === 'number' && cell >= 200 && cell < 300;
  });
  const candidates = allowed.length > 0 ? allowed.slice(0, 1) : ROOT_CALLERS;
  for (const callerName of candidates) {
    const made = new Map<string, unknown>();
    const probe = await entry.probe(probeContext(world, callerName, 'own', made, []));
    const before = await marks();
    const response = await world.callers[callerName].request(method, probe.url, {
      ...(probe.body !== undefined ? { body: probe.body } : {}),
      ...(probe.raw ? { raw: probe.raw } : {}),
      ...(probe.headers ? { headers: probe.headers } : {}),
    });
    if (response.statusCode >= 300) continue;
    // Whose each object is, after the call: what it made is someone's too.
    const owners = new Map<string, string[]>();
    for (const { id, person } of await world.owner<{ id: string; person: string }>(OWNER_OF))
      owners.set(id, [...(owners.get(id) ?? []), person]);
    const ownersIn = (text: string) => (text.match(UUID) ?? []).flatMap((id) => owners.get(id) ?? []);
    const concerned = new Set<string>();
    // The answer: persons shown by id or by what they were registered with.
    for (const id of response.body.match(UUID) ?? []) if (owners.get(id)?.includes(id)) concerned.add(id);
    for (const [marker, person] of markersOf(world)) if (response.body.includes(marker)) concerned.add(person);
    // The request: the person, or an object of hers, it acts on.
    for (const person of ownersIn(`${probe.url} ${JSON.stringify(probe.body ?? null)}`)) concerned.add(person);
    // What it wrote.
    for (const written of await writtenSince(before.xid)) for (const person of ownersIn(written)) concerned.add(person);
    const events = await world.owner<{ action: string; data_subject_id: string | null; data_subject_ids: string[] | null }>(
      `select action, data_subject_id, data_subject_ids from audit_event where id > $1 order by id`,
      [before.auditId],
    );
    const named = new Set(events.flatMap((e) => [...(e.data_subject_id ? [e.data_subject_id] : []), ...(e.data_subject_ids ?? [])]));
    return {
      route: rowKey(entry),
      caller: callerName,
      status: response.statusCode,
      concerned,
      named,
      actions: events.map((e) => e.action),
    };
  }
  return { route: rowKey(entry), uncovered: `no caller answered 2xx (${allowed.length > 0 ? allowed[0] : ROOT_CALLERS.join(', ')})` };
}

/**
 * Routes only a grant at the root unit opens (the audit trail, roles): the matrix's world grants in
 * team a, so here the security officer and the functional administrator hold their roles at the root too.
 */
const ROOT_CALLERS: CallerName[] = ['security-officer', 'functional-administrator'];

/** A person as the world knows her, for the failure message. */
function describePerson(id: string): string {
  for (const [scope, work] of Object.entries(world.casework)) {
    if (work.client.id === id) return `${id} (client, ${scope})`;
    if (work.kin.id === id) return `${id} (next of kin, ${scope})`;
  }
  return id;
}

/** Whom the audit of a covered call failed to name, or why an uncovered call fails; empty when it holds. */
function judge(finding: Finding | { route: string; uncovered: string }): string[] {
  if ('uncovered' in finding) return WITHOUT_PERSONS[finding.route] ? [] : [`${finding.route}: ${finding.uncovered}`];
  const listed = WITHOUT_PERSONS[finding.route];
  const who = `${finding.route} (as ${finding.caller}, ${finding.status}; audited: ${finding.actions.join(', ') || 'nothing'})`;
  if (finding.concerned.size === 0 && finding.named.size === 0) {
    return listed ? [] : [`${who}: concerns no person and is not in audit-coverage/without-persons.ts`];
  }
  const missing = [...finding.concerned].filter((p) => !finding.named.has(p));
  const problems = missing.length > 0 ? [`${who}: concerns ${missing.map(describePerson).join(', ')}, its audit does not name them`] : [];
  if (listed)
    problems.push(`${who}: listed as touching no person, but concerns or names ${[...finding.concerned, ...finding.named].join(', ')}`);
  return problems;
}

/** AUDIT_COVERAGE_REPORT=1 prints how each route was classified (to review without-persons.ts). */
const REPORT = process.env.AUDIT_COVERAGE_REPORT === '1';
function report(finding: Finding | { route: string; uncovered: string }): void {
  const line =
    'uncovered' in finding
      ? `${finding.route}\tUNCOVERED\t${finding.uncovered}`
      : `${finding.route}\t${finding.caller} ${finding.status}\tconcerned ${finding.concerned.size}\tnamed ${finding.named.size}\t${finding.actions.join(' ')}`;
  process.stdout.write(`# coverage ${line}\n`);
}

const groups = new Map<string, Entry[]>();
for (const entry of catalogue) {
  const group = entry.route.split(' ')[1]!.replace('/api/v1', '').split('/')[1] || 'root';
  groups.set(group, [...(groups.get(group) ?? []), entry]);
}

describe('audit coverage: every route that reads or changes personal data names the person in its audit event', () => {
  const cleanups: (() => unknown)[] = [];
  before(async () => {
    world = await buildWorld({ after: (fn) => cleanups.push(fn as () => unknown) });
    // The shielded cases of each unit (what break-the-glass requests are for) get a client, so that
    // what is done to them concerns someone.
    for (const org of Object.values(world.organisation)) {
      const [client] = await world.owner<{ id: string }>(`insert into person (achternaam) values ($1) returning id`, [
        world.unique('Afgeschermd'),
      ]);
      await world.owner(`insert into case_participant (case_id, person_id, role, primary_client) values ($1, $2, 'victim', true)`, [
        org.shieldedCaseId,
        client!.id,
      ]);
    }
    for (const role of ROOT_CALLERS) {
      await world.owner(
        `insert into role_assignment (role_id, user_id, unit_id, reason, granted_by) values ($1, $2, $3, 'audit coverage: at the root', 'test')`,
        [world.roleIds[role], world.callers[role].id, world.units.national],
      );
    }
  });

  for (const [group, entries] of groups) {
    test(`/${group}`, async () => {
      const problems: string[] = [];
      for (const entry of entries) {
        const finding = await cover(entry, CALLERS);
        if (REPORT) report(finding);
        problems.push(...judge(finding));
      }
      assert.deepEqual(problems, []);
    });
  }

  test('every route served is in the catalogue, and every listed route is a route', () => {
    const served = world.system.app.routeAccess.flatMap((r) =>
      r.method
        .split(',')
        .filter((m) => m !== 'HEAD')
        .map((m) => `${m} ${r.url}`),
    );
    const catalogued = new Set(catalogue.map((e) => e.route));
    assert.deepEqual(
      served.filter((r) => !catalogued.has(r)),
      [],
      'a route served without a catalogue entry (permission-matrix/routes.ts) is not covered',
    );
    const keys = new Set(catalogue.map(rowKey));
    assert.deepEqual(
      Object.keys(WITHOUT_PERSONS).filter((k) => !keys.has(k)),
      [],
      'without-persons.ts lists routes no longer served',
    );
  });

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
});
