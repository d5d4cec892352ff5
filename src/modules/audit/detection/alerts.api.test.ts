// The alert routes from the outside: who sees which alerts (audit.alerts in the alert's unit, never
// one's own), reading one with its events, acknowledging and closing with If-Match, the refusals (400,
// 403, 404, 409, 412, 428), the audit of each, the database's own guard, and the metric.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { build } from '../../../../test/helpers/build.ts';
import { adminQuery } from '../../../../test/helpers/database.ts';
import { alertsAbout, script, streamRunner } from '../../../../test/helpers/detection.ts';
import { actorOf, team, type Member } from '../../../../test/helpers/fixtures.ts';
import { detectionEngine } from './register.ts';

const fileScope = { after: (cleanup) => after(cleanup as () => Promise<void>) } satisfies Pick<TestContext, 'after'>;
const system = await build(fileScope);
const engine = detectionEngine(system.settings);
const runner = streamRunner(system);

const teamA = await team(system);
const teamB = await team(system);
const officerA = await teamA.user('officer', 'security-officer');
const officerB = await teamB.user('officer', 'security-officer');
const worker = await teamA.user('worker', 'case-worker');
/** A security officer of team A who breaks the glass herself: her alert is for the other officers. */
const suspectOfficer = await teamA.user('suspect-officer', 'security-officer');

async function breakGlass(actorId: string, time: string): Promise<string> {
  const [id] = await script(system, [
    { at: new Date(`2026-03-10T${time}+01:00`), actorId, action: 'case.break-glass', objectType: 'case', objectId: randomUUID() },
  ]);
  await runner.run(engine.handle);
  return id!;
}

const eventId = await breakGlass(worker.id, '14:00:00');
const [alert] = await alertsAbout(system, worker.id);
await breakGlass(suspectOfficer.id, '14:30:00');
const [ownAlert] = await alertsAbout(system, suspectOfficer.id);
// A low one, by a user of team A, for the filters.
await script(system, [
  {
    at: new Date('2026-03-15T12:00:00+01:00'),
    actorId: worker.id,
    action: 'person.read',
    objectType: 'person',
    dataSubjectId: randomUUID(),
  },
]);
await runner.run(engine.handle);

const get = (who: Member, url: string) => who.session.request('GET', url);
const listIds = async (who: Member, query = '') => {
  const response = await get(who, `/api/v1/audit/alerts${query}`);
  assert.equal(response.statusCode, 200, response.body);
  return response.json<{ items: { id: string }[]; next: string | null }>();
};
const auditOf = async (action: string, actorId: string) =>
  (
    await adminQuery<{ object_id: string | null; object_ids: string[] | null; reason: string | null }>(
      system.target.ownerUrl,
      `select object_id, object_ids, reason from audit_event where action = $1 and actor_id = $2 order by id`,
      [action, actorId],
    )
  ).rows;

// Proves: an officer lists her unit's alerts, filtered and paged; another unit's officer sees none of
// them; an officer never sees the alert about herself; without audit.alerts the route is 403.
test('who sees which alerts', async () => {
  const all = await listIds(officerA);
  assert.deepEqual(all.items.map((a) => a.id).sort(), [...(await alertsAbout(system, worker.id)), ownAlert!].map((a) => a.id).sort());
  const high = await listIds(officerA, '?severity=high&status=open&rule=break-glass');
  assert.deepEqual(high.items.map((a) => a.id).sort(), [alert!.id, ownAlert!.id].sort(), 'the two breaks of the glass');
  assert.deepEqual((await listIds(officerA, '?severity=low')).items.length, 1);
  const paged: string[] = [];
  for (let page = await listIds(officerA, '?limit=1'); ; page = await listIds(officerA, `?limit=1&after=${page.next}`)) {
    assert.equal(page.items.length, 1);
    paged.push(page.items[0]!.id);
    if (!page.next) break;
  }
  assert.deepEqual(
    paged,
    all.items.map((a) => a.id),
    'page by page, newest first, each once',
  );

  assert.ok(
    (await listIds(suspectOfficer)).items.some((a) => a.id === alert!.id),
    'she handles her colleague’s alert',
  );
  assert.ok(!(await listIds(suspectOfficer)).items.some((a) => a.id === ownAlert!.id), 'but not her own');
  assert.ok(
    (await listIds(officerA)).items.some((a) => a.id === ownAlert!.id),
    'which her fellow officer does',
  );
  assert.equal((await get(suspectOfficer, `/api/v1/audit/alerts/${ownAlert!.id}`)).statusCode, 404);
  assert.deepEqual((await listIds(officerB)).items, []);
  assert.equal((await get(officerB, `/api/v1/audit/alerts/${alert!.id}`)).statusCode, 404);
  assert.equal((await get(worker, '/api/v1/audit/alerts')).statusCode, 403);
  assert.equal((await get(worker, `/api/v1/audit/alerts/${alert!.id}`)).statusCode, 403);
  const listed = await auditOf('audit.alert-list', officerA.id);
  assert.ok(
    listed.some((a) => a.object_ids?.includes(alert!.id)),
    'the list is audited with what it showed',
  );
});

// Proves: one alert with its triggering events (id and action) and who it is about, with an ETag.
test('one alert with its events', async () => {
  const response = await get(officerA, `/api/v1/audit/alerts/${alert!.id}`);
  assert.equal(response.statusCode, 200, response.body);
  assert.equal(response.headers.etag, `"detection-alert:${alert!.id}:1"`);
  const body = response.json();
  assert.equal(body.rule, 'break-glass');
  assert.equal(body.kind, 'match');
  assert.equal(body.severity, 'high');
  assert.deepEqual(body.actor, { kind: 'user', id: worker.id, displayName: `User ${worker.username}` });
  assert.equal(body.unitId, teamA.unit);
  assert.deepEqual(body.events, [{ id: eventId, action: 'case.break-glass', occurredAt: '2026-03-10T13:00:00.000Z' }]);
  assert.deepEqual(body.allowedActions, ['acknowledge', 'close']);
  assert.equal(body.status, 'open');
  assert.deepEqual(
    (await auditOf('audit.alert-read', officerA.id)).map((a) => a.object_id),
    [alert!.id],
  );
});

// Proves: acknowledging and closing name the version read (428 without, 412 when stale), move the
// status on only (409 after), keep who and why, and are audited.
test('acknowledge and close', async () => {
  const url = `/api/v1/audit/alerts/${alert!.id}`;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    system.app.inject({
      method: 'POST',
      url: `${url}/${path}`,
      headers: { cookie: officerA.session.cookie, 'x-csrf-token': officerA.session.csrf, ...headers },
      payload: body as object,
    });
  assert.equal((await post('acknowledge', {})).statusCode, 428);
  assert.equal((await post('acknowledge', {}, { 'if-match': `"detection-alert:${alert!.id}:7"` })).statusCode, 412);
  const acknowledged = await post('acknowledge', {}, { 'if-match': `"detection-alert:${alert!.id}:1"` });
  assert.equal(acknowledged.statusCode, 200, acknowledged.body);
  assert.equal(acknowledged.headers.etag, `"detection-alert:${alert!.id}:2"`);
  assert.equal(acknowledged.json().status, 'acknowledged');
  assert.equal(acknowledged.json().acknowledgedBy, officerA.id);
  assert.deepEqual(acknowledged.json().allowedActions, ['close']);
  assert.equal((await post('acknowledge', { version: 2 })).statusCode, 409);

  assert.equal((await post('close', { version: 2 })).statusCode, 400, 'a reason is required');
  assert.equal((await post('close', { version: 2, reason: 'ok' })).statusCode, 400, 'a reason says something');
  const reason = 'Approved by the team lead: urgent call from the police at night.';
  const closed = await post('close', { version: 2, reason });
  assert.equal(closed.statusCode, 200, closed.body);
  assert.equal(closed.json().status, 'closed');
  assert.equal(closed.json().closedBy, officerA.id);
  assert.equal(closed.json().closeReason, reason);
  assert.deepEqual(closed.json().allowedActions, []);
  assert.equal((await post('close', { version: 3, reason })).statusCode, 409);
  assert.equal((await officerB.session.request('POST', `${url}/close`, { version: 3, reason })).statusCode, 404);
  assert.deepEqual(
    (await auditOf('audit.alert-close', officerA.id)).map((a) => [a.object_id, a.reason]),
    [[alert!.id, reason]],
  );
  assert.equal((await auditOf('audit.alert-acknowledge', officerA.id)).length, 1);
});

// Proves: bad input is a 400, never a 500.
test('bad input', async () => {
  for (const url of [
    '/api/v1/audit/alerts?status=pending',
    '/api/v1/audit/alerts?severity=urgent',
    '/api/v1/audit/alerts?rule=Not%20A%20Rule',
    '/api/v1/audit/alerts?limit=0',
    '/api/v1/audit/alerts?after=bm90LWEtY3Vyc29y',
    '/api/v1/audit/alerts/not-a-uuid',
  ])
    assert.equal((await get(officerA, url)).statusCode, 400, url);
  const response = await officerA.session.request('POST', `/api/v1/audit/alerts/${ownAlert!.id}/acknowledge`, { version: 1, note: 'x' });
  assert.equal(response.statusCode, 400);
  assert.equal((await get(officerA, `/api/v1/audit/alerts/${randomUUID()}`)).statusCode, 404);
});

// Proves: in the database too, a holder of audit.alerts changes only the status of an alert, in her own
// name, forward only; she cannot raise one.
test('the database guards alerts against their handlers', async () => {
  const [open] = await alertsAbout(system, suspectOfficer.id);
  const asOfficer = async (statement: ReturnType<typeof sql>) =>
    system.db.transaction(await actorOf(system, officerA.id), (tx) => statement.execute(tx.db));
  await assert.rejects(asOfficer(sql`update detection_alert set count = 5 where id = ${open!.id}`), /only the status/);
  await assert.rejects(
    asOfficer(sql`update detection_alert set status = 'acknowledged', acknowledged_by = ${officerB.id}, acknowledged_at = now()
      where id = ${open!.id}`),
    /in the name of who acknowledges it/,
  );
  await assert.rejects(
    asOfficer(sql`insert into detection_alert (rule_id, rule_kind, description, severity, actor_kind, actor_id, unit_id, window_start, window_end, count)
      values ('x', 'match', 'x', 'low', 'user', ${worker.id}, ${teamA.unit}, now(), now(), 1)`),
    /row-level security/,
  );
  const closedByName = await adminQuery<{ status: string }>(system.target.ownerUrl, 'select status from detection_alert where id = $1', [
    alert!.id,
  ]);
  assert.equal(closedByName.rows[0]!.status, 'closed');
  await assert.rejects(
    asOfficer(sql`update detection_alert set status = 'open', closed_at = null, closed_by = null, close_reason = null,
      acknowledged_at = null, acknowledged_by = null where id = ${alert!.id}`),
  );
  const hits = await asOfficer(sql`select * from detection_hit`);
  assert.equal(hits.rows.length, 0, 'the counted events are the engine’s alone');
  const values = await asOfficer(sql`select * from detection_value`);
  assert.equal(values.rows.length, 0, 'and so are the values counted');
  await assert.rejects(
    asOfficer(sql`insert into detection_value (rule_id, actor_id, value, last_at) values ('mass-lookup', ${worker.id}, 'x', now())`),
    /row-level security/,
  );
});

// Proves: /metrics reports the alerts nobody has looked at, by severity.
test('open alerts on /metrics', async () => {
  const response = await system.app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(response.statusCode, 200);
  const open = await adminQuery<{ severity: string; n: number }>(
    system.target.ownerUrl,
    `select severity, count(*)::int as n from detection_alert where status = 'open' group by severity`,
  );
  for (const { severity, n } of open.rows)
    assert.match(response.body, new RegExp(`audit_detection_alerts_open\\{severity="${severity}"[^}]*\\} ${n}\\b`));
  assert.match(response.body, /audit_detection_alerts_open\{severity="medium"[^}]*\} 0\b/);
});
