// The incidents API as case workers and team leads use it: record an incident (gebeurtenis), read it
// with the linked cases one can see, change it with optimistic concurrency (If-Match or version),
// look it up by police or prosecutor reference, link cases to it; every refusal a problem that
// changes nothing, every read and write audited; other teams see nothing, through the API or through
// hand-written SQL as the application role.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminQuery } from '../../../test/helpers/database.ts';
import { team } from '../../../test/helpers/fixtures.ts';
import { build, count, send } from '../../../test/helpers/incidents.ts';

test('a case worker records an incident, links her case, changes it with If-Match; other teams see nothing', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const outsider = await b.user('worker', 'case-worker');
  const reference = `PL0900-2026-${a.n}777`;

  const created = await worker.session.request('POST', '/api/v1/incidents', {
    owningUnitId: a.unit,
    category: 'violence',
    occurredOn: '2026-11-20',
    place: ' Utrecht ',
    policeReference: reference,
    description: 'Mishandeling op straat',
  });
  assert.equal(created.statusCode, 201, created.body);
  const incident = created.json();
  assert.equal(created.headers.etag, `"incident:${incident.id}:1"`);
  assert.equal(created.headers.location, `/api/v1/incidents/${incident.id}`);
  assert.deepEqual(
    { ...incident, id: undefined, createdAt: undefined },
    {
      id: undefined,
      createdAt: undefined,
      category: 'violence',
      occurredOn: '2026-11-20',
      place: 'Utrecht',
      policeReference: reference,
      prosecutorReference: null,
      description: 'Mishandeling op straat',
      owningUnitId: a.unit,
      version: 1,
      cases: [],
      allowedActions: ['read', 'update'],
    },
  );

  // Another team: it does not exist, cannot be changed, found or linked.
  assert.equal((await outsider.session.request('GET', `/api/v1/incidents/${incident.id}`)).statusCode, 404);
  assert.equal(
    (await outsider.session.request('PATCH', `/api/v1/incidents/${incident.id}`, { version: 1, place: 'Elders' })).statusCode,
    404,
  );
  assert.deepEqual((await outsider.session.request('GET', `/api/v1/incidents?policeReference=${reference}`)).json().items, []);
  const foreignLink = await outsider.session.request('POST', '/api/v1/cases', { owningUnitId: b.unit, incidentId: incident.id });
  assert.equal(foreignLink.statusCode, 400, 'an incident one cannot see is no incident');
  assert.equal(
    (await outsider.session.request('POST', '/api/v1/incidents', { owningUnitId: a.unit, category: 'other' })).statusCode,
    403,
    'no incidents in another team',
  );

  // Her case for the victim, linked to the incident: the incident shows it with its participants.
  const victim = await worker.session.request('POST', '/api/v1/persons', { achternaam: `Incident${a.n}` });
  assert.equal(victim.statusCode, 201, victim.body);
  const kase = await worker.session.request('POST', '/api/v1/cases', {
    owningUnitId: a.unit,
    incidentId: incident.id,
    participants: [{ personId: victim.json().id, role: 'victim', primaryClient: true }],
  });
  assert.equal(kase.statusCode, 201, kase.body);
  const read = await worker.session.request('GET', `/api/v1/incidents/${incident.id}`);
  assert.equal(read.statusCode, 200, read.body);
  assert.equal(read.headers.etag, `"incident:${incident.id}:1"`);
  assert.deepEqual(read.json().cases, [
    { id: kase.json().id, number: kase.json().number, status: 'intake', participants: [{ personId: victim.json().id, role: 'victim' }] },
  ]);
  assert.equal(
    (await lead.session.request('GET', `/api/v1/incidents/${incident.id}`)).statusCode,
    200,
    'the team lead reads the unit’s incidents',
  );

  // Changes name the version they are based on: none is 428, a stale one 412, the current one wins.
  const noVersion = await worker.session.request('PATCH', `/api/v1/incidents/${incident.id}`, { place: 'Amersfoort' });
  assert.equal(noVersion.statusCode, 428, noVersion.body);
  const changed = await send(
    system,
    worker.session,
    'PATCH',
    `/api/v1/incidents/${incident.id}`,
    { place: 'Amersfoort', prosecutorReference: `16/${a.n}1234-26` },
    { 'if-match': read.headers.etag },
  );
  assert.equal(changed.statusCode, 200, changed.body);
  assert.equal(changed.json().version, 2);
  assert.equal(changed.headers.etag, `"incident:${incident.id}:2"`);
  assert.equal(changed.json().place, 'Amersfoort');
  assert.equal(changed.json().cases.length, 1);
  const stale = await send(
    system,
    lead.session,
    'PATCH',
    `/api/v1/incidents/${incident.id}`,
    { place: 'Zeist' },
    { 'if-match': read.headers.etag },
  );
  assert.equal(stale.statusCode, 412, stale.body);
  assert.equal(stale.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal(
    (await lead.session.request('PATCH', `/api/v1/incidents/${incident.id}`, { version: 1, place: 'Zeist' })).statusCode,
    412,
    'a stale version in the body',
  );
  const byLead = await lead.session.request('PATCH', `/api/v1/incidents/${incident.id}`, {
    version: 2,
    occurredOn: null,
    description: null,
  });
  assert.equal(byLead.statusCode, 200, byLead.body);
  assert.deepEqual([byLead.json().occurredOn, byLead.json().description, byLead.json().version], [null, null, 3]);
  const stored = await adminQuery<{ place: string; prosecutor_reference: string; occurred_on: string | null; version: number }>(
    system.target.ownerUrl,
    'select place, prosecutor_reference, occurred_on, version from incident where id = $1',
    [incident.id],
  );
  assert.deepEqual(stored.rows[0], { place: 'Amersfoort', prosecutor_reference: `16/${a.n}1234-26`, occurred_on: null, version: 3 });

  // Looked up by reference (exact): is this incident known already?
  const found = await worker.session.request('GET', `/api/v1/incidents?policeReference=${reference}`);
  assert.equal(found.statusCode, 200, found.body);
  assert.deepEqual(
    found.json().items.map((i: { id: string }) => i.id),
    [incident.id],
  );
  assert.equal(found.json().items[0].description, undefined, 'lists leave out the description');
  assert.deepEqual(
    (await worker.session.request('GET', `/api/v1/incidents?prosecutorReference=${encodeURIComponent(`16/${a.n}1234-26`)}`))
      .json()
      .items.map((i: { id: string }) => i.id),
    [incident.id],
  );
  assert.deepEqual(
    (await worker.session.request('GET', `/api/v1/incidents?policeReference=${reference}0`)).json().items,
    [],
    'exact match only',
  );

  const trail = await adminQuery<{ action: string; actor_id: string; changed_fields: string[] | null }>(
    system.target.ownerUrl,
    `select action, actor_id, changed_fields from audit_event where object_id = $1 and object_type = 'incident' order by id`,
    [incident.id],
  );
  assert.deepEqual(
    trail.rows.map((r) => [r.action, r.changed_fields]),
    [
      ['incident.create', null],
      ['incident.read', null],
      ['incident.read', null],
      ['incident.update', ['place', 'prosecutorReference']],
      ['incident.update', ['occurredOn', 'description']],
    ],
  );
  assert.ok((await count(system, `audit_event where action = 'incident.list' and actor_id = $1`, [worker.id])) >= 3, 'lists are audited');
});

test('one incident, persons in several teams: each sees the cases she may, and changes it through her own case', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const workerA = await a.user('worker', 'case-worker');
  const workerB = await b.user('worker', 'case-worker');
  const incident = (
    await workerA.session.request('POST', '/api/v1/incidents', { owningUnitId: a.unit, category: 'calamity', place: 'Station' })
  ).json();
  const caseA = (await workerA.session.request('POST', '/api/v1/cases', { owningUnitId: a.unit, incidentId: incident.id })).json();
  const caseB = (await workerB.session.request('POST', '/api/v1/cases', { owningUnitId: b.unit })).json();
  assert.equal((await workerB.session.request('GET', `/api/v1/incidents/${incident.id}`)).statusCode, 404);
  // Team A's coordinator tells team B which incident their client was in; team B's case gets linked.
  await adminQuery(system.target.ownerUrl, 'update case_file set incident_id = $1 where id = $2', [incident.id, caseB.id]);
  const seenByB = await workerB.session.request('GET', `/api/v1/incidents/${incident.id}`);
  assert.equal(seenByB.statusCode, 200, seenByB.body);
  assert.deepEqual(
    seenByB.json().cases.map((c: { id: string }) => c.id),
    [caseB.id],
    'only the cases she can see',
  );
  const changed = await workerB.session.request('PATCH', `/api/v1/incidents/${incident.id}`, { version: 1, place: 'Station Centraal' });
  assert.equal(changed.statusCode, 200, changed.body);
  assert.deepEqual(
    (await workerA.session.request('GET', `/api/v1/incidents/${incident.id}`)).json().cases.map((c: { id: string }) => c.id),
    [caseA.id],
  );
});

test('PATCH /cases links a case to an incident and unlinks it', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const incident = (await worker.session.request('POST', '/api/v1/incidents', { owningUnitId: a.unit, category: 'traffic' })).json();
  const kase = (await worker.session.request('POST', '/api/v1/cases', { owningUnitId: a.unit })).json();
  assert.equal(kase.incidentId, null);
  const unknown = await worker.session.request('PATCH', `/api/v1/cases/${kase.id}`, {
    version: kase.version,
    incidentId: '00000000-0000-4000-8000-000000000000',
  });
  assert.equal(unknown.statusCode, 400, unknown.body);
  assert.equal(unknown.json().errors[0].pointer, '/body/incidentId');
  const linked = await worker.session.request('PATCH', `/api/v1/cases/${kase.id}`, { version: kase.version, incidentId: incident.id });
  assert.equal(linked.statusCode, 200, linked.body);
  assert.equal(linked.json().incidentId, incident.id);
  assert.deepEqual(
    (await worker.session.request('GET', `/api/v1/incidents/${incident.id}`)).json().cases.map((c: { id: string }) => c.id),
    [kase.id],
  );
  const unlinked = await worker.session.request('PATCH', `/api/v1/cases/${kase.id}`, { version: linked.json().version, incidentId: null });
  assert.equal(unlinked.statusCode, 200, unlinked.body);
  assert.equal(unlinked.json().incidentId, null);
  assert.deepEqual((await worker.session.request('GET', `/api/v1/incidents/${incident.id}`)).json().cases, []);
  const audit = await adminQuery<{ changed_fields: string[] }>(
    system.target.ownerUrl,
    `select changed_fields from audit_event where object_id = $1 and action = 'case.update' order by id`,
    [kase.id],
  );
  assert.deepEqual(
    audit.rows.map((r) => r.changed_fields),
    [['incidentId'], ['incidentId']],
  );
});

test('bad input is refused with a problem and changes nothing', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const incident = (
    await worker.session.request('POST', '/api/v1/incidents', {
      owningUnitId: a.unit,
      category: 'property',
      policeReference: `PL-bad-${a.n}`,
    })
  ).json();
  const snapshot = async () => ({
    incidents: await count(system, 'incident'),
    row: (
      await adminQuery(
        system.target.ownerUrl,
        'select category, occurred_on::text, place, police_reference, description, version from incident where id = $1',
        [incident.id],
      )
    ).rows[0],
  });
  const before = await snapshot();
  const create = (body: object) => worker.session.request('POST', '/api/v1/incidents', body);
  const patch = (body: object) =>
    worker.session.request('PATCH', `/api/v1/incidents/${incident.id}`, { version: incident.version, ...body });
  const bad = [
    await create({ owningUnitId: a.unit }),
    await create({ owningUnitId: 'not-a-uuid', category: 'other' }),
    await create({ owningUnitId: a.unit, category: 'burglary' }),
    await create({ owningUnitId: a.unit, category: 'other', occurredOn: '2099-01-01' }),
    await create({ owningUnitId: a.unit, category: 'other', occurredOn: '2026-02-30' }),
    await create({ owningUnitId: a.unit, category: 'other', place: 'x'.repeat(201) }),
    await create({ owningUnitId: a.unit, category: 'other', place: '   ' }),
    await create({ owningUnitId: a.unit, category: 'other', policeReference: 'P'.repeat(51) }),
    await create({ owningUnitId: a.unit, category: 'other', prosecutorReference: ' '.repeat(3) }),
    await create({ owningUnitId: a.unit, category: 'other', description: 'd'.repeat(4001) }),
    await create({ owningUnitId: a.unit, category: 'other', victimName: 'Jansen' }),
    await patch({ category: 'burglary' }),
    await patch({ category: null }),
    await patch({ occurredOn: '2099-01-01' }),
    await patch({ policeReference: 'P'.repeat(51) }),
    await patch({ owningUnitId: a.unit }),
    await worker.session.request('GET', '/api/v1/incidents'),
    await worker.session.request('GET', '/api/v1/incidents?policeReference=%20%20'),
    await worker.session.request('GET', `/api/v1/incidents?policeReference=PL-bad-${a.n}&after=garbage`),
    await worker.session.request('GET', '/api/v1/incidents/not-a-uuid'),
  ];
  for (const [i, response] of bad.entries()) {
    assert.equal(response.statusCode, 400, `${i}: ${response.body}`);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
  assert.equal((await worker.session.request('GET', '/api/v1/incidents/00000000-0000-4000-8000-000000000000')).statusCode, 404);
  assert.deepEqual(await snapshot(), before);
});

test('a retried POST with the same Idempotency-Key records one incident', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const body = { owningUnitId: a.unit, category: 'homicide', policeReference: `PL-retry-${a.n}` };
  const first = await send(system, worker.session, 'POST', '/api/v1/incidents', body, { 'idempotency-key': `incident-${a.n}-1` });
  const retry = await send(system, worker.session, 'POST', '/api/v1/incidents', body, { 'idempotency-key': `incident-${a.n}-1` });
  assert.equal(first.statusCode, 201, first.body);
  assert.equal(retry.statusCode, 201, retry.body);
  assert.equal(retry.headers['idempotent-replayed'], 'true');
  assert.equal(retry.headers.etag, first.headers.etag);
  assert.equal(retry.json().id, first.json().id);
  assert.equal(await count(system, 'incident where owning_unit_id = $1', [a.unit]), 1);
});

// Proves: keyset paging neither skips nor repeats incidents recorded within the same millisecond.
