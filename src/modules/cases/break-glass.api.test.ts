// Breaking the glass as the night line, team leads and security officers meet it: only the small
// Noodtoegang role holds it; a case that is not shielded opens at once, a shielded one only after a
// second person approves within the time; every step is a security event naming the case's team lead
// and security officers; case numbers are random with a check digit, and unknown numbers are counted
// in PostgreSQL until the glass stays shut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminQuery } from '../../../test/helpers/database.ts';
import { openCase, team } from '../../../test/helpers/fixtures.ts';
import { buildIdentity, type IdentitySystem, type Session } from '../../../test/helpers/identity.ts';
import { createCasesModule } from './index.ts';
import { createPersonsModule } from '../persons/index.ts';

const build = (t: Parameters<typeof buildIdentity>[0]) => buildIdentity(t, { extra: [createCasesModule(), createPersonsModule()] });
const breakGlass = (session: Session, caseNumber: string, reason = 'client called the night line, caseworker unreachable') =>
  session.request('POST', '/api/v1/cases/break-glass', { caseNumber, reason });

interface SecurityEvent {
  action: string;
  actor: string;
  result: string;
  unit: string | null;
  notify: { permission: string; unitId: string }[];
}
const securityEvents = async (system: IdentitySystem, caseId: string): Promise<SecurityEvent[]> =>
  (
    await adminQuery<SecurityEvent>(
      system.target.ownerUrl,
      `select a.action, a.actor_id as actor, a.result, a.details->>'unitId' as unit, o.payload->'notify' as notify
   from audit_event a join outbox_event o on o.name = 'security.event-raised' and o.payload->>'objectId' = a.object_id and o.payload->>'action' = a.action
   where a.object_id = $1 and (a.details->>'securityEvent')::boolean order by a.id`,
      [caseId],
    )
  ).rows;
const toldIn = (unit: string) => [
  { permission: 'cases.grant-access', unitId: unit },
  { permission: 'cases.review-access', unitId: unit },
];

/** The Luhn check (ISO/IEC 7812) over the digits after the year. */
function luhnValid(digits: string): boolean {
  let total = 0;
  for (const [i, c] of [...digits].reverse().entries()) {
    let d = Number(c);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    total += d;
  }
  return total % 10 === 0;
}

// Proves: the seeded roles moved cases.break-glass to the Noodtoegang role (migration 0008).
test('break-the-glass belongs to the Noodtoegang role, not to case workers or team leads', async (t) => {
  const system = await build(t);
  const holders = await adminQuery<{ key: string; name: string }>(
    system.target.ownerUrl,
    `select r.key, r.name from role r join role_permission rp on rp.role_id = r.id where rp.permission = 'cases.break-glass' order by r.key`,
  );
  assert.deepEqual(holders.rows, [{ key: 'break-glass', name: 'Noodtoegang' }]);
  const a = await team(system);
  const kase = await openCase(system, await a.user('worker', 'case-worker'), a.unit);
  const b = await team(system);
  for (const role of ['case-worker', 'team-lead']) {
    const refused = await breakGlass((await b.user(role, role)).session, kase.number);
    assert.equal(refused.statusCode, 403, `${role}: ${refused.body}`);
  }
});

test('a case that is not shielded opens at once: a reason, time-limited, a security event, reviewed by the unit’s security officer', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const nightLine = await b.user('night', ['case-worker', 'break-glass']);
  const officerA = await a.user('officer', 'security-officer');
  const officerB = await b.user('officer', 'security-officer');
  const kase = await openCase(system, worker, a.unit);
  assert.equal((await nightLine.session.request('GET', `/api/v1/cases/${kase.id}`)).statusCode, 404);
  assert.equal((await breakGlass(nightLine.session, kase.number, 'because')).statusCode, 400, 'a reason of at least ten characters');
  assert.equal((await breakGlass(nightLine.session, '1999-999999')).statusCode, 404);
  const broken = await breakGlass(nightLine.session, kase.number);
  assert.equal(broken.statusCode, 201, broken.body);
  assert.equal(broken.json().caseId, kase.id);
  assert.equal((await nightLine.session.request('GET', `/api/v1/cases/${kase.id}`)).statusCode, 200);
  assert.deepEqual(await securityEvents(system, kase.id), [
    { action: 'case.break-glass', actor: nightLine.id, result: 'success', unit: a.unit, notify: toldIn(a.unit) },
  ]);

  // Reviewed by a security officer of the case's unit; one of another unit does not see it.
  assert.deepEqual((await officerB.session.request('GET', '/api/v1/break-glass-accesses')).json().items, []);
  const queue = await officerA.session.request('GET', '/api/v1/break-glass-accesses');
  assert.equal(queue.statusCode, 200, queue.body);
  const item = queue.json().items.find((i: { caseNumber: string }) => i.caseNumber === kase.number);
  assert.deepEqual([item.userId, item.grantedBy], [nightLine.id, nightLine.id]);
  // Named, though the night line is another team's, whose users the officer of team A may not list.
  assert.deepEqual(
    [item.userName, item.grantedByName, item.reviewedByName],
    [`User ${nightLine.username}`, `User ${nightLine.username}`, null],
  );
  assert.equal(
    (await officerA.session.request('GET', `/api/v1/users?unitId=${b.unit}&limit=50`)).json().items.length,
    0,
    'the name comes with the access, not from a wider users.read',
  );
  assert.equal((await nightLine.session.request('GET', '/api/v1/break-glass-accesses')).statusCode, 403);
  assert.equal(
    (await officerB.session.request('POST', `/api/v1/break-glass-accesses/${item.id}/review`, { comment: 'not mine to review, though' }))
      .statusCode,
    404,
  );
  assert.equal(
    (
      await officerA.session.request('POST', `/api/v1/break-glass-accesses/${item.id}/review`, {
        comment: 'checked with the night line log',
      })
    ).statusCode,
    204,
  );
  assert.ok(
    !(await officerA.session.request('GET', '/api/v1/break-glass-accesses')).json().items.some((i: { id: string }) => i.id === item.id),
  );
  const listed = await adminQuery<{ object_ids: string[] }>(
    system.target.ownerUrl,
    `select object_ids from audit_event where action = 'case.break-glass-list' and actor_id = $1 order by id limit 1`,
    [officerA.id],
  );
  assert.deepEqual(listed.rows[0]!.object_ids, [item.id], 'the list records what it showed');

  await adminQuery(
    system.target.ownerUrl,
    `update case_access_grant set granted_at = now() - interval '9 hours', expires_at = now() - interval '1 minute' where id = $1`,
    [item.id],
  );
  assert.equal((await nightLine.session.request('GET', `/api/v1/cases/${kase.id}`)).statusCode, 404, 'the access ends by itself');
});

test('a shielded case opens only when a second person approves in time; refused and expired requests open nothing', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const shielder = await a.user('shielder', 'team-lead');
  const lead = await a.user('lead', 'team-lead');
  const officer = await a.user('officer', 'security-officer');
  const leadB = await b.user('lead', 'team-lead');
  const nightLine = await b.user('night', ['case-worker', 'break-glass']);
  const shield = async () => {
    const kase = await openCase(system, worker, a.unit);
    const shielded = await shielder.session.request('PATCH', `/api/v1/cases/${kase.id}`, {
      version: kase.version,
      confidentiality: 'shielded',
    });
    assert.equal(shielded.statusCode, 200, shielded.body);
    return kase;
  };
  const kase = await shield();

  const asked = await breakGlass(nightLine.session, kase.number);
  assert.equal(asked.statusCode, 202, asked.body);
  const { requestId, status, expiresAt } = asked.json();
  assert.equal(status, 'pending');
  assert.ok(Math.abs(Date.parse(expiresAt) - Date.now() - 2 * 3_600_000) < 60_000, 'two hours to decide');
  assert.equal((await nightLine.session.request('GET', `/api/v1/cases/${kase.id}`)).statusCode, 404, 'asking opens nothing');

  const mine = (await nightLine.session.request('GET', '/api/v1/break-glass-requests')).json().items;
  assert.deepEqual(
    mine.map((r: { id: string; status: string; allowedActions: string[] }) => [r.id, r.status, r.allowedActions]),
    [[requestId, 'pending', []]],
  );
  // Not the requester, not the case's worker (no cases.grant-access), not another unit's lead.
  assert.equal(
    (await nightLine.session.request('POST', `/api/v1/break-glass-requests/${requestId}/approve`, { comment: 'I really need it now' }))
      .statusCode,
    403,
  );
  assert.deepEqual((await worker.session.request('GET', '/api/v1/break-glass-requests')).json().items, []);
  assert.equal(
    (await worker.session.request('POST', `/api/v1/break-glass-requests/${requestId}/approve`, { comment: 'sure, go ahead then' }))
      .statusCode,
    404,
  );
  assert.equal(
    (await leadB.session.request('POST', `/api/v1/break-glass-requests/${requestId}/approve`, { comment: 'sure, go ahead then' }))
      .statusCode,
    404,
  );
  assert.equal((await nightLine.session.request('GET', `/api/v1/cases/${kase.id}`)).statusCode, 404);

  // The case's team lead, who cannot see the shielded case herself, decides on its number and the reason.
  assert.equal((await lead.session.request('GET', `/api/v1/cases/${kase.id}`)).statusCode, 404);
  const pending = (await lead.session.request('GET', '/api/v1/break-glass-requests?status=pending')).json().items;
  assert.deepEqual(
    pending.map((r: { id: string; caseNumber: string; unitId: string; requestedByName: string; allowedActions: string[] }) => [
      r.id,
      r.caseNumber,
      r.unitId,
      r.requestedByName,
      r.allowedActions,
    ]),
    [[requestId, kase.number, a.unit, `User ${nightLine.username}`, ['approve', 'refuse']]],
  );
  const approved = await lead.session.request('POST', `/api/v1/break-glass-requests/${requestId}/approve`, {
    comment: 'confirmed with the client by phone',
  });
  assert.equal(approved.statusCode, 200, approved.body);
  assert.equal(approved.json().status, 'approved');
  assert.equal(approved.json().decidedBy, lead.id);
  assert.deepEqual(
    [approved.json().requestedByName, approved.json().decidedByName],
    [`User ${nightLine.username}`, `User ${lead.username}`],
    'the requester and the decider by name',
  );
  assert.equal((await nightLine.session.request('GET', `/api/v1/cases/${kase.id}`)).statusCode, 200, 'the approval is the access');
  assert.equal((await lead.session.request('GET', `/api/v1/cases/${kase.id}`)).statusCode, 404, 'not for the approver');
  assert.equal(
    (await officer.session.request('POST', `/api/v1/break-glass-requests/${requestId}/refuse`, { comment: 'too late, it is decided' }))
      .statusCode,
    409,
  );
  // The access is reviewed afterwards, by someone other than who approved it.
  const review = (session: Session) =>
    session.request('POST', `/api/v1/break-glass-accesses/${approved.json().grantId}/review`, { comment: 'approved by the lead, checked' });
  const officerLead = await a.user('officer-lead', ['team-lead', 'security-officer']);
  assert.equal((await review(officerLead.session)).statusCode, 204);
  assert.equal((await review(officer.session)).statusCode, 404, 'reviewed already');
  const grant = await adminQuery<{ user_id: string; granted_by: string; kind: string }>(
    system.target.ownerUrl,
    'select user_id, granted_by, kind from case_access_grant where id = $1',
    [approved.json().grantId],
  );
  assert.deepEqual(grant.rows[0], { user_id: nightLine.id, granted_by: lead.id, kind: 'break-glass' });
  assert.deepEqual(
    (await securityEvents(system, kase.id)).map((e) => [e.action, e.actor, e.unit, e.notify]),
    [
      ['case.break-glass-request', nightLine.id, a.unit, toldIn(a.unit)],
      ['case.break-glass-approve', lead.id, a.unit, toldIn(a.unit)],
    ],
  );

  // Refused by a security officer of the unit: nothing opens.
  const second = await shield();
  const refusedId = (await breakGlass(nightLine.session, second.number)).json().requestId;
  const refused = await officer.session.request('POST', `/api/v1/break-glass-requests/${refusedId}/refuse`, {
    comment: 'no emergency: wait for the worker',
  });
  assert.equal(refused.statusCode, 200, refused.body);
  assert.deepEqual([refused.json().status, refused.json().grantId], ['refused', null]);
  assert.equal((await nightLine.session.request('GET', `/api/v1/cases/${second.id}`)).statusCode, 404);
  assert.deepEqual(
    (await securityEvents(system, second.id)).map((e) => e.action),
    ['case.break-glass-request', 'case.break-glass-refuse'],
  );

  // Not decided in time: expired, and no longer to be approved.
  const third = await shield();
  const lateId = (await breakGlass(nightLine.session, third.number)).json().requestId;
  await adminQuery(
    system.target.ownerUrl,
    `update case_break_glass_request set requested_at = now() - interval '3 hours', expires_at = now() - interval '1 hour' where id = $1`,
    [lateId],
  );
  assert.deepEqual(
    (await lead.session.request('GET', '/api/v1/break-glass-requests?status=expired')).json().items.map((r: { id: string }) => r.id),
    [lateId],
  );
  const late = await lead.session.request('POST', `/api/v1/break-glass-requests/${lateId}/approve`, { comment: 'sorry, only saw it now' });
  assert.equal(late.statusCode, 409, late.body);
  assert.equal((await nightLine.session.request('GET', `/api/v1/cases/${third.id}`)).statusCode, 404);
  const audit = await adminQuery<{ object_ids: string[]; data_subject_ids: string[] | null }>(
    system.target.ownerUrl,
    `select object_ids, data_subject_ids from audit_event where action = 'case.break-glass-request-list' and actor_id = $1 order by id desc limit 1`,
    [lead.id],
  );
  assert.deepEqual(audit.rows[0]!.object_ids, [lateId], 'the list records what it showed');

  // Whoever approved an access does not review it too.
  const fourth = await shield();
  const fourthId = (await breakGlass(nightLine.session, fourth.number)).json().requestId;
  const byOfficer = await officerLead.session.request('POST', `/api/v1/break-glass-requests/${fourthId}/approve`, {
    comment: 'confirmed with the client by phone',
  });
  assert.equal(byOfficer.statusCode, 200, byOfficer.body);
  const reviewFourth = (session: Session) =>
    session.request('POST', `/api/v1/break-glass-accesses/${byOfficer.json().grantId}/review`, { comment: 'looked at it afterwards' });
  assert.equal((await reviewFourth(officerLead.session)).statusCode, 404);
  assert.equal((await reviewFourth(officer.session)).statusCode, 204);
});

test('case numbers are random with a check digit; unknown numbers are counted and after five in an hour the glass stays shut', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const numbers = [];
  for (let i = 0; i < 5; i++) numbers.push((await openCase(system, worker, a.unit)).number);
  const year = String(new Date().getUTCFullYear());
  for (const number of numbers) {
    assert.match(number, /^\d{4}-\d{9}$/);
    assert.equal(number.slice(0, 4), year);
    assert.ok(luhnValid(number.slice(5)), `${number}: the last digit checks the others`);
  }
  const sorted = numbers.map((n) => Number(n.slice(5, 13))).sort((x, y) => x - y);
  assert.equal(new Set(sorted).size, 5);
  assert.ok(
    sorted.every((n, i) => i === 0 || n - sorted[i - 1]! > 1),
    `not counted up: ${numbers.join(', ')}`,
  );

  const b = await team(system);
  const prober = await b.user('prober', ['case-worker', 'break-glass']);
  for (let i = 0; i < 5; i++) assert.equal((await breakGlass(prober.session, `${year}-00000000${i}`)).statusCode, 404);
  const shut = await breakGlass(prober.session, numbers[0]!);
  assert.equal(shut.statusCode, 429, `a real number after five unknown ones tells nothing: ${shut.body}`);
  assert.equal(shut.headers['retry-after'], '3600');
  assert.equal(shut.headers['content-type'], 'application/problem+json; charset=utf-8');
  const trail = await adminQuery<{ result: string; n: number }>(
    system.target.ownerUrl,
    `select result, count(*)::int as n from audit_event where action = 'case.break-glass' and actor_id = $1 group by result order by result`,
    [prober.id],
  );
  assert.deepEqual(trail.rows, [
    { result: 'denied', n: 1 },
    { result: 'failure', n: 5 },
  ]);
  const denied = await adminQuery<{ security: boolean }>(
    system.target.ownerUrl,
    `select (details->>'securityEvent')::boolean as security from audit_event where action = 'case.break-glass' and actor_id = $1 and result = 'denied'`,
    [prober.id],
  );
  assert.deepEqual(denied.rows, [{ security: true }]);
  const counted = await adminQuery<{ n: number }>(
    system.target.ownerUrl,
    'select count(*)::int as n from case_break_glass_lookup where user_id = $1',
    [prober.id],
  );
  assert.equal(counted.rows[0]!.n, 5, 'counted in PostgreSQL');

  // Parallel attempts are counted one after the other: no more than five get through.
  const racer = await b.user('racer', ['case-worker', 'break-glass']);
  const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => breakGlass(racer.session, `${year}-10000000${i}`)));
  assert.deepEqual(answers.map((r) => r.statusCode).sort(), [404, 404, 404, 404, 404, 429, 429, 429]);
  // An hour later the first failures no longer count.
  await adminQuery(
    system.target.ownerUrl,
    `update case_break_glass_lookup set looked_up_at = now() - interval '61 minutes' where user_id = $1`,
    [prober.id],
  );
  assert.equal((await breakGlass(prober.session, numbers[0]!)).statusCode, 201);
});
