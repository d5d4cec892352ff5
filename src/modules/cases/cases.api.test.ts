// The cases API as case workers and team leads use it: open, read, change with optimistic
// concurrency, close and reopen, assign, participants, shielding and explicit access (breaking the
// glass: break-glass.api.test.ts); every refusal a problem that changes nothing, every read and write
// audited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminQuery } from '../../../test/helpers/database.ts';
import { team } from '../../../test/helpers/fixtures.ts';
import { buildIdentity, type IdentitySystem, type Session } from '../../../test/helpers/identity.ts';
import { createCasesModule } from './index.ts';
import { createPersonsModule } from '../persons/index.ts';

async function personIn(system: IdentitySystem, name: string): Promise<string> {
  return (await adminQuery<{ id: string }>(system.target.ownerUrl, `insert into person (achternaam) values ($1) returning id`, [name]))
    .rows[0]!.id;
}

const build = (t: Parameters<typeof buildIdentity>[0]) => buildIdentity(t, { extra: [createCasesModule(), createPersonsModule()] });
const open = (session: Session, body: Record<string, unknown>) => session.request('POST', '/api/v1/cases', body);

test('a case worker opens a case in her team, works on it, and closes it; other teams see nothing', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const outsider = await b.user('worker', 'case-worker');
  const victim = await personIn(system, 'Jansen');
  // A person created by the owner is nobody's yet: the worker cannot add what she cannot see.
  const hidden = await open(worker.session, { owningUnitId: a.unit, participants: [{ personId: victim, role: 'victim' }] });
  assert.equal(hidden.statusCode, 400, hidden.body);
  assert.equal(hidden.json().errors[0].pointer, '/body/participants/0/personId');

  const created = await open(worker.session, { owningUnitId: a.unit, tracks: ['emotional'], custom: { policeDistrict: 'Noord' } });
  assert.equal(created.statusCode, 201, created.body);
  const kase = created.json();
  assert.match(kase.number, /^\d{4}-\d{9}$/, 'the year, 8 random digits and a check digit');
  assert.equal(kase.status, 'intake');
  assert.deepEqual(
    kase.assignments.map((x: { userId: string }) => x.userId),
    [worker.id],
  );
  assert.ok(kase.allowedActions.includes('update') && kase.allowedActions.includes('close'));
  assert.deepEqual(kase.allowedStatuses.sort(), ['active', 'closed']);
  // The same statuses by name, and which one closes the case (that one goes through POST …/close with a reason).
  assert.deepEqual(kase.nextStatuses, [
    { key: 'active', label: 'Lopend', closes: false },
    { key: 'closed', label: 'Afgesloten', closes: true },
  ]);

  assert.equal(
    (await outsider.session.request('GET', `/api/v1/cases/${kase.id}`)).statusCode,
    404,
    'another team: the case does not exist',
  );
  assert.equal(
    (await outsider.session.request('PATCH', `/api/v1/cases/${kase.id}`, { version: kase.version, status: 'active' })).statusCode,
    404,
  );
  assert.equal((await open(outsider.session, { owningUnitId: a.unit })).statusCode, 403, 'no cases in another team');

  const read = await worker.session.request('GET', `/api/v1/cases/${kase.id}`);
  assert.equal(read.statusCode, 200);
  const bad = await worker.session.request('PATCH', `/api/v1/cases/${kase.id}`, { version: kase.version, status: 'on-hold' });
  assert.equal(bad.statusCode, 400, 'intake -> on-hold is not a transition of the default type');
  const active = await worker.session.request('PATCH', `/api/v1/cases/${kase.id}`, {
    version: kase.version,
    status: 'active',
    tracks: ['emotional', 'legal'],
  });
  assert.equal(active.statusCode, 200, active.body);
  assert.equal(active.json().version, kase.version + 1);
  assert.equal(
    (await worker.session.request('PATCH', `/api/v1/cases/${kase.id}`, { version: kase.version, tracks: [] })).statusCode,
    412,
    'a stale version',
  );

  const closed = await worker.session.request('POST', `/api/v1/cases/${kase.id}/close`, {
    version: active.json().version,
    reason: 'support completed, client satisfied',
  });
  assert.equal(closed.statusCode, 200, closed.body);
  assert.equal(closed.json().status, 'closed');
  const retention = new Date(closed.json().retentionUntil);
  assert.equal(retention.getUTCFullYear() - new Date().getUTCFullYear(), 6, 'retention: closure + 6 years');
  assert.ok(!closed.json().allowedActions.includes('update'));
  assert.equal(
    (await worker.session.request('PATCH', `/api/v1/cases/${kase.id}`, { version: closed.json().version, tracks: [] })).statusCode,
    403,
    'closed cases are not changed',
  );

  const mine = await worker.session.request('GET', '/api/v1/cases?view=mine');
  assert.deepEqual(
    mine.json().items.map((c: { id: string }) => c.id),
    [kase.id],
  );
  assert.deepEqual((await outsider.session.request('GET', '/api/v1/cases?view=all')).json().items, []);
  const actions = await adminQuery<{ action: string }>(
    system.target.ownerUrl,
    `select action from audit_event where object_id = $1 order by id`,
    [kase.id],
  );
  assert.deepEqual(
    actions.rows.map((r) => r.action),
    ['case.create', 'case.read', 'case.update', 'case.close'],
  );
});

test('two concurrent updates with the same version: exactly one wins, the other gets 412', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const one = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const opened = await open(one.session, { owningUnitId: a.unit });
  assert.equal(opened.statusCode, 201, opened.body);
  const kase = opened.json();
  const results = await Promise.all([
    one.session.request('PATCH', `/api/v1/cases/${kase.id}`, { version: kase.version, tracks: ['practical'] }),
    lead.session.request('PATCH', `/api/v1/cases/${kase.id}`, { version: kase.version, tracks: ['legal'] }),
  ]);
  assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 412]);
  const final = await adminQuery<{ tracks: string[]; version: number }>(
    system.target.ownerUrl,
    'select tracks, version from case_file where id = $1',
    [kase.id],
  );
  assert.equal(final.rows[0]!.version, kase.version + 1);
  assert.deepEqual(final.rows[0]!.tracks, results.find((r) => r.statusCode === 200)!.json().tracks);
});

test('team leads see the unit’s cases, assign workers, and shield cases from themselves', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const colleague = await a.user('colleague', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const kase = (await open(worker.session, { owningUnitId: a.unit })).json();
  assert.deepEqual(
    (await lead.session.request('GET', '/api/v1/cases?view=team')).json().items.map((c: { id: string }) => c.id),
    [kase.id],
  );
  assert.equal(
    (await colleague.session.request('GET', `/api/v1/cases/${kase.id}`)).statusCode,
    404,
    'case workers see only their own cases',
  );
  const assigned = await lead.session.request('POST', `/api/v1/cases/${kase.id}/assignments`, { userId: colleague.id, role: 'worker' });
  assert.equal(assigned.statusCode, 200, assigned.body);
  assert.equal((await colleague.session.request('GET', `/api/v1/cases/${kase.id}`)).statusCode, 200);
  assert.equal(
    (await worker.session.request('POST', `/api/v1/cases/${kase.id}/assignments`, { userId: lead.id, role: 'worker' })).statusCode,
    403,
    'assigning needs cases.assign',
  );

  const otherLead = await a.user('lead2', 'team-lead');
  const current = (await lead.session.request('GET', `/api/v1/cases/${kase.id}`)).json();
  assert.equal(
    (await worker.session.request('PATCH', `/api/v1/cases/${kase.id}`, { version: current.version, confidentiality: 'shielded' }))
      .statusCode,
    403,
    'shielding needs cases.grant-access',
  );
  const shielded = await lead.session.request('PATCH', `/api/v1/cases/${kase.id}`, {
    version: current.version,
    confidentiality: 'shielded',
  });
  assert.equal(shielded.statusCode, 200, shielded.body);
  assert.equal((await lead.session.request('GET', `/api/v1/cases/${kase.id}`)).statusCode, 200, 'whoever shields keeps an explicit grant');
  assert.equal(
    (await otherLead.session.request('GET', `/api/v1/cases/${kase.id}`)).statusCode,
    404,
    'a shielded case is hidden from other team leads',
  );
  assert.deepEqual((await otherLead.session.request('GET', '/api/v1/cases?view=team')).json().items, []);
  assert.equal((await worker.session.request('GET', `/api/v1/cases/${kase.id}`)).statusCode, 200, 'its workers keep access');
  const granted = await lead.session.request('POST', `/api/v1/cases/${kase.id}/access-grants`, {
    userId: otherLead.id,
    reason: 'takes over while the lead is on leave',
  });
  assert.equal(granted.statusCode, 201, granted.body);
  assert.equal((await otherLead.session.request('GET', `/api/v1/cases/${kase.id}`)).statusCode, 200, 'an explicit grant opens it');

  // Who holds access beyond working on it: the grants, by name, for whoever may grant access (audited).
  const grants = await lead.session.request('GET', `/api/v1/cases/${kase.id}/access-grants`);
  assert.equal(grants.statusCode, 200, grants.body);
  assert.deepEqual(
    grants
      .json()
      .items.map(
        (g: {
          userId: string;
          displayName: string;
          kind: string;
          reason: string;
          grantedBy: string | null;
          grantedByName: string | null;
          expiresAt: string | null;
        }) => [g.userId, g.displayName, g.kind, g.reason, g.grantedBy, g.grantedByName, g.expiresAt],
      ),
    [
      [otherLead.id, `User lead2-${a.code}`, 'explicit', 'takes over while the lead is on leave', lead.id, `User lead-${a.code}`, null],
      [
        lead.id,
        `User lead-${a.code}`,
        'explicit',
        'shielded the case (automatic grant to whoever shields it)',
        lead.id,
        `User lead-${a.code}`,
        null,
      ],
    ],
  );
  const [listed] = (
    await adminQuery<{ object_ids: string[]; count: number }>(
      system.target.ownerUrl,
      `select object_ids, (details->>'count')::int as count from audit_event where action = 'case.access-grant-list' and actor_id = $1`,
      [lead.id],
    )
  ).rows;
  assert.deepEqual(listed, { object_ids: grants.json().items.map((g: { id: string }) => g.id), count: 2 });
  assert.equal(
    (await worker.session.request('GET', `/api/v1/cases/${kase.id}/access-grants`)).statusCode,
    403,
    'her worker may not grant access, so she does not list the grants',
  );
  const elsewhere = await (await team(system)).user('lead', 'team-lead');
  assert.equal((await elsewhere.session.request('GET', `/api/v1/cases/${kase.id}/access-grants`)).statusCode, 404, 'another team: no case');
});

test('team leads list the cases a worker of the team works on now, and nothing beyond the view', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const colleague = await a.user('colleague', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const [first, second] = [
    (await open(worker.session, { owningUnitId: a.unit })).json(),
    (await open(worker.session, { owningUnitId: a.unit })).json(),
  ];
  const third = (await open(colleague.session, { owningUnitId: a.unit })).json();
  const ofWorker = async (session: Session, userId: string, view = 'team') => {
    const listed = await session.request('GET', `/api/v1/cases?view=${view}&assignedTo=${userId}`);
    assert.equal(listed.statusCode, 200, listed.body);
    return listed
      .json<{ items: { id: string }[] }>()
      .items.map((c) => c.id)
      .sort();
  };
  assert.deepEqual(await ofWorker(lead.session, worker.id), [first.id, second.id].sort());
  assert.deepEqual(await ofWorker(lead.session, colleague.id), [third.id]);
  assert.deepEqual(await ofWorker(lead.session, lead.id), []);

  // A second worker on the first case: it is hers too; once her assignment ends, no longer.
  const assigned = await lead.session.request('POST', `/api/v1/cases/${first.id}/assignments`, { userId: colleague.id, role: 'worker' });
  assert.equal(assigned.statusCode, 200, assigned.body);
  assert.deepEqual(await ofWorker(lead.session, colleague.id), [first.id, third.id].sort());
  const assignment = assigned.json().assignments.find((x: { userId: string }) => x.userId === colleague.id);
  const ended = await lead.session.request('POST', `/api/v1/cases/${first.id}/assignments/${assignment.id}/end`, {
    reason: 'back to one worker on this case',
  });
  assert.equal(ended.statusCode, 200, ended.body);
  assert.deepEqual(await ofWorker(lead.session, colleague.id), [third.id]);

  // The filter narrows the view, never widens it: another team's lead, or a colleague, sees none of these.
  const otherLead = await (await team(system)).user('lead', 'team-lead');
  assert.deepEqual(await ofWorker(otherLead.session, worker.id), []);
  assert.deepEqual(await ofWorker(otherLead.session, worker.id, 'all'), []);
  assert.deepEqual(await ofWorker(colleague.session, worker.id, 'all'), []);
  assert.deepEqual(await ofWorker(worker.session, worker.id, 'mine'), [first.id, second.id].sort());
  const bad = await lead.session.request('GET', '/api/v1/cases?view=team&assignedTo=someone');
  assert.equal(bad.statusCode, 400, bad.body);
  assert.equal(bad.json().errors[0].pointer, '/query/assignedTo');
});

test('bad input is refused with a problem and changes nothing', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const before = Number((await adminQuery<{ n: string }>(system.target.ownerUrl, 'select count(*) as n from case_file')).rows[0]!.n);
  const bad = [
    await open(worker.session, { owningUnitId: 'not-a-uuid' }),
    await open(worker.session, { owningUnitId: a.unit, caseTypeKey: 'nope' }),
    await open(worker.session, { owningUnitId: a.unit, tracks: ['astrology'] }),
    await open(worker.session, { owningUnitId: a.unit, incidentId: '00000000-0000-4000-8000-000000000000' }),
    await open(worker.session, { owningUnitId: a.unit, extra: true }),
    await worker.session.request('GET', '/api/v1/cases?after=garbage'),
  ];
  for (const response of bad) {
    assert.equal(response.statusCode, 400, response.body);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
  assert.equal(Number((await adminQuery<{ n: string }>(system.target.ownerUrl, 'select count(*) as n from case_file')).rows[0]!.n), before);
});

test('a retried case creation with the same Idempotency-Key opens one case', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const send = () =>
    system.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { cookie: worker.session.cookie, 'x-csrf-token': worker.session.csrf, 'idempotency-key': 'intake-2026-11-28-0001' },
      payload: { owningUnitId: a.unit },
    });
  const first = await send();
  const retry = await send();
  assert.equal(first.statusCode, 201, first.body);
  assert.equal(retry.statusCode, 201);
  assert.equal(retry.headers['idempotent-replayed'], 'true');
  assert.equal(retry.json().number, first.json().number);
  const count = await adminQuery<{ n: string }>(system.target.ownerUrl, `select count(*) as n from case_file where owning_unit_id = $1`, [
    a.unit,
  ]);
  assert.equal(count.rows[0]!.n, '1');
  const read = await worker.session.request('GET', `/api/v1/cases/${first.json().id}`);
  assert.equal(read.headers.etag, `"case:${first.json().id}:${first.json().version}"`);
});

// Proves: keyset paging neither skips nor repeats cases changed within the same millisecond.
test('case lists page through every case exactly once', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push((await open(worker.session, { owningUnitId: a.unit })).json().id);
  await adminQuery(system.target.ownerUrl, `update case_file set updated_at = '2026-11-28 10:00:00.123456+00' where id = any($1::uuid[])`, [
    ids.slice(0, 3),
  ]);
  await adminQuery(system.target.ownerUrl, `update case_file set updated_at = '2026-11-28 10:00:00.123999+00' where id = $1`, [ids[3]]);
  const seen: string[] = [];
  let next: string | null = null;
  for (let page = 0; page < 10; page++) {
    const response = await worker.session.request('GET', `/api/v1/cases?view=mine&limit=1${next ? `&after=${next}` : ''}`);
    assert.equal(response.statusCode, 200, response.body);
    seen.push(...response.json().items.map((c: { id: string }) => c.id));
    next = response.json().next;
    if (!next) break;
  }
  assert.deepEqual([...seen].sort(), [...ids].sort());
  assert.equal(seen[0], ids[3], 'newest change first');
});

const securityEvents = (system: IdentitySystem, caseId: string) =>
  adminQuery<{ action: string; actor_id: string; unit: string; notify: { permission: string; unitId: string }[] }>(
    system.target.ownerUrl,
    `select a.action, a.actor_id, a.details->>'unitId' as unit, o.payload->'notify' as notify
   from audit_event a join outbox_event o on o.name = 'security.event-raised' and o.payload->>'objectId' = a.object_id and o.payload->>'action' = a.action
   where a.object_id = $1 and (a.details->>'securityEvent')::boolean order by a.id`,
    [caseId],
  ).then((r) => r.rows);

// Proves: only cases.grant-access in the case's unit leaves `shielded` (an assigned worker may not),
// and doing so is a security event naming the unit's team lead and security officers.
test('leaving shielded needs cases.grant-access in the case’s unit and is a security event', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const leadB = await b.user('lead', 'team-lead');
  const kase = (await open(worker.session, { owningUnitId: a.unit })).json();
  const shielded = await lead.session.request('PATCH', `/api/v1/cases/${kase.id}`, { version: kase.version, confidentiality: 'shielded' });
  assert.equal(shielded.statusCode, 200, shielded.body);
  assert.ok(shielded.json().allowedActions.includes('unshield') && !shielded.json().allowedActions.includes('shield'));
  const seenByWorker = (await worker.session.request('GET', `/api/v1/cases/${kase.id}`)).json();
  assert.ok(!seenByWorker.allowedActions.includes('unshield'), 'her worker may change it, not un-shield it');

  const refused = await worker.session.request('PATCH', `/api/v1/cases/${kase.id}`, {
    version: seenByWorker.version,
    confidentiality: 'normal',
  });
  assert.equal(refused.statusCode, 403, refused.body);
  assert.match(refused.json().detail, /cases\.grant-access/);
  assert.equal(
    (await worker.session.request('PATCH', `/api/v1/cases/${kase.id}`, { version: seenByWorker.version, confidentiality: 'sensitive' }))
      .statusCode,
    403,
    'sensitive is leaving shielded too',
  );
  assert.equal(
    (await leadB.session.request('PATCH', `/api/v1/cases/${kase.id}`, { version: seenByWorker.version, confidentiality: 'normal' }))
      .statusCode,
    404,
    'another team’s lead does not see it',
  );
  assert.equal(
    (
      await adminQuery<{ confidentiality: string }>(system.target.ownerUrl, 'select confidentiality from case_file where id = $1', [
        kase.id,
      ])
    ).rows[0]!.confidentiality,
    'shielded',
  );
  assert.deepEqual(await securityEvents(system, kase.id), [], 'refusals change nothing');

  const unshielded = await lead.session.request('PATCH', `/api/v1/cases/${kase.id}`, {
    version: seenByWorker.version,
    confidentiality: 'normal',
  });
  assert.equal(unshielded.statusCode, 200, unshielded.body);
  assert.equal(unshielded.json().confidentiality, 'normal');
  assert.deepEqual(await securityEvents(system, kase.id), [
    {
      action: 'case.unshield',
      actor_id: lead.id,
      unit: a.unit,
      notify: [
        { permission: 'cases.grant-access', unitId: a.unit },
        { permission: 'cases.review-access', unitId: a.unit },
      ],
    },
  ]);
});

// Proves: a case list's audit event names the cases it showed and the person each is about.
test('case lists record which cases they showed and whom they are about', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const person = async (name: string) =>
    (await worker.session.request('POST', '/api/v1/persons', { achternaam: name, confirmNoDuplicate: true })).json().id as string;
  const [client, kin, other] = [await person('Visser'), await person('Visser-Kin'), await person('Smit')];
  const first = (
    await open(worker.session, {
      owningUnitId: a.unit,
      participants: [
        { personId: kin, role: 'next-of-kin' },
        { personId: client, role: 'victim', primaryClient: true },
      ],
    })
  ).json();
  const second = (await open(worker.session, { owningUnitId: a.unit, participants: [{ personId: other, role: 'victim' }] })).json();
  const empty = (await open(worker.session, { owningUnitId: a.unit })).json();
  const listed = await lead.session.request('GET', '/api/v1/cases?view=team');
  assert.equal(listed.statusCode, 200, listed.body);
  assert.equal(listed.json().items[0].primaryClientId, undefined, 'the audit’s, not the answer’s');
  const event = await adminQuery<{ object_ids: string[]; data_subject_ids: string[]; count: number }>(
    system.target.ownerUrl,
    `select object_ids, data_subject_ids, (details->>'count')::int as count from audit_event where action = 'case.list' and actor_id = $1 order by id desc limit 1`,
    [lead.id],
  );
  assert.deepEqual(event.rows[0]!.object_ids.sort(), [first.id, second.id, empty.id].sort());
  assert.deepEqual(
    event.rows[0]!.data_subject_ids.sort(),
    [client, other].sort(),
    'the primary client, else the first participant; none for a case without persons',
  );
  assert.equal(event.rows[0]!.count, 3);
});

test('the cases of one person: only those she takes part in and the reader may see; the person is a data subject of the list', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const colleague = await a.user('colleague', 'case-worker');
  const client = await worker.session.request('POST', '/api/v1/persons', { achternaam: 'Lijstpersoon', confirmNoDuplicate: true });
  const personId = client.json().id;
  const hers = (await open(worker.session, { owningUnitId: a.unit, participants: [{ personId, role: 'victim' }] })).json();
  const other = (await open(worker.session, { owningUnitId: a.unit })).json();
  // The colleague's own case with the same person: the worker does not see it.
  const theirs = (await open(colleague.session, { owningUnitId: a.unit })).json();
  await adminQuery(system.target.ownerUrl, `insert into case_participant (case_id, person_id, role) values ($1, $2, 'witness')`, [
    theirs.id,
    personId,
  ]);
  const listed = await worker.session.request('GET', `/api/v1/cases?view=all&personId=${personId}`);
  assert.equal(listed.statusCode, 200, listed.body);
  assert.deepEqual(
    listed.json().items.map((c: { id: string }) => c.id),
    [hers.id],
  );
  assert.notEqual(other.id, hers.id);
  const audit = await adminQuery<{ data_subject_ids: string[]; details: { personId: string } }>(
    system.target.ownerUrl,
    `select data_subject_ids, details from audit_event where action = 'case.list' and actor_id = $1 order by id desc limit 1`,
    [worker.id],
  );
  assert.ok(audit.rows[0]!.data_subject_ids.includes(personId));
  assert.equal(audit.rows[0]!.details.personId, personId);
  assert.equal(
    (await worker.session.request('GET', '/api/v1/cases?view=all&personId=not-a-uuid')).statusCode,
    400,
    'a malformed person id is a 400, not a 500',
  );
});
