// The incidents API as case workers and team leads use it: record an incident (gebeurtenis), read it
// with the linked cases one can see, change it with optimistic concurrency (If-Match or version),
// look it up by police or prosecutor reference, link cases to it; every refusal a problem that
// changes nothing, every read and write audited; other teams see nothing, through the API or through
// hand-written SQL as the application role.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { ActorContext } from '../../kernel/auth/actor.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { actorOf, team } from '../../../test/helpers/fixtures.ts';
import { buildIdentity, type IdentitySystem, type Session } from '../../../test/helpers/identity.ts';
import { createCasesModule } from './index.ts';
import { createPersonsModule } from '../persons/index.ts';

const build = (t: Parameters<typeof buildIdentity>[0]) => buildIdentity(t, { extra: [createCasesModule(), createPersonsModule()] });

/** inject() as the session, with extra headers (If-Match, Idempotency-Key). */
function send(system: IdentitySystem, session: Session, method: string, url: string, body?: object, headers: Record<string, string> = {}) {
  return system.app.inject({
    method: method as 'GET',
    url,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...headers },
    ...(body !== undefined ? { payload: body } : {}),
  });
}

const count = async (system: IdentitySystem, text: string, values: unknown[] = []) =>
  Number((await adminQuery<{ n: string }>(system.target.ownerUrl, `select count(*) as n from ${text}`, values)).rows[0]!.n);

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
test('reference look-ups page through every incident exactly once, newest first', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const reference = `PL-page-${a.n}`;
  const ids: string[] = [];
  for (let i = 0; i < 4; i++)
    ids.push(
      (
        await worker.session.request('POST', '/api/v1/incidents', { owningUnitId: a.unit, category: 'other', policeReference: reference })
      ).json().id,
    );
  await adminQuery(
    system.target.ownerUrl,
    `update incident set created_at = now() - interval '1 hour' + interval '0.000123 seconds' where id = any($1::uuid[])`,
    [ids.slice(0, 3)],
  );
  await adminQuery(
    system.target.ownerUrl,
    `update incident set created_at = now() - interval '1 hour' + interval '0.000999 seconds' where id = $1`,
    [ids[3]],
  );
  const seen: string[] = [];
  let next: string | null = null;
  for (let page = 0; page < 10; page++) {
    const response = await worker.session.request(
      'GET',
      `/api/v1/incidents?policeReference=${reference}&limit=1${next ? `&after=${next}` : ''}`,
    );
    assert.equal(response.statusCode, 200, response.body);
    seen.push(...response.json().items.map((i: { id: string }) => i.id));
    next = response.json().next;
    if (!next) break;
  }
  assert.deepEqual([...seen].sort(), [...ids].sort());
  assert.equal(seen[0], ids[3], 'newest first');
});

test('team B cannot read or change team A’s incidents, whatever the SQL says; the recorder sees hers for seven days', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const other = await b.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const incident = (
    await worker.session.request('POST', '/api/v1/incidents', {
      owningUnitId: a.unit,
      category: 'sexual-offence',
      description: 'beschrijving',
    })
  ).json();
  const seen = (ctx: ActorContext) =>
    system.db.transaction(
      ctx,
      async (tx) => (await sql<{ n: number }>`select count(*)::int as n from incident where id = ${incident.id}`.execute(tx.db)).rows[0]!.n,
    );
  const outsider = await actorOf(system, other.id);

  assert.equal(await seen(await actorOf(system, worker.id)), 1, 'the recorder');
  assert.equal(await seen(await actorOf(system, lead.id)), 1, 'the unit (cases.read-unit)');
  assert.equal(await seen(outsider), 0, 'another team');
  const changed = await system.db.transaction(outsider, async (tx) =>
    Number((await sql`update incident set description = 'overschreven' where id = ${incident.id}`.execute(tx.db)).numAffectedRows),
  );
  assert.equal(changed, 0);
  await assert.rejects(
    system.db.transaction(outsider, (tx) =>
      sql`insert into incident (category, owning_unit_id) values ('other', ${a.unit})`.execute(tx.db),
    ),
    /row-level security/,
    'no incidents in another team',
  );
  await assert.rejects(
    system.db.transaction(outsider, (tx) => sql`delete from incident where id = ${incident.id}`.execute(tx.db)),
    /permission denied/,
  );
  const untouched = await adminQuery<{ description: string }>(system.target.ownerUrl, 'select description from incident where id = $1', [
    incident.id,
  ]);
  assert.equal(untouched.rows[0]!.description, 'beschrijving');

  // After seven days the recorder (no cases.read-unit) sees it only through a linked case.
  await adminQuery(system.target.ownerUrl, `update incident set created_at = now() - interval '8 days' where id = $1`, [incident.id]);
  assert.equal(await seen(await actorOf(system, worker.id)), 0);
  assert.equal((await worker.session.request('GET', `/api/v1/incidents/${incident.id}`)).statusCode, 404);
  assert.equal(await seen(await actorOf(system, lead.id)), 1);
  const kase = (await worker.session.request('POST', '/api/v1/cases', { owningUnitId: a.unit })).json();
  await adminQuery(system.target.ownerUrl, 'update case_file set incident_id = $1 where id = $2', [incident.id, kase.id]);
  assert.equal(await seen(await actorOf(system, worker.id)), 1, 'through her case');
  assert.equal(await seen(outsider), 0);
});

// Proves (issue 9, item 7): once a case links an incident, the unit's cases.read-unit no longer
// reaches it past a shielded case; the incident is seen and changed only through a linked case one sees.
test('an incident whose only case is shielded is hidden from the team lead: no read, change, look-up or link', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const shielder = await a.user('shielder', 'team-lead');
  const lead = await a.user('lead', 'team-lead');
  const reference = `PL-shielded-${a.n}`;
  const incident = (
    await worker.session.request('POST', '/api/v1/incidents', {
      owningUnitId: a.unit,
      category: 'sexual-offence',
      policeReference: reference,
      description: 'beschrijving',
    })
  ).json();
  assert.equal(
    (await lead.session.request('GET', `/api/v1/incidents/${incident.id}`)).statusCode,
    200,
    'no case links it yet: the unit sees it',
  );
  const kase = (await worker.session.request('POST', '/api/v1/cases', { owningUnitId: a.unit, incidentId: incident.id })).json();
  assert.equal(
    (await shielder.session.request('PATCH', `/api/v1/cases/${kase.id}`, { version: kase.version, confidentiality: 'shielded' }))
      .statusCode,
    200,
  );

  assert.equal((await lead.session.request('GET', `/api/v1/incidents/${incident.id}`)).statusCode, 404);
  assert.equal((await lead.session.request('PATCH', `/api/v1/incidents/${incident.id}`, { version: 1, place: 'Ergens' })).statusCode, 404);
  assert.deepEqual((await lead.session.request('GET', `/api/v1/incidents?policeReference=${reference}`)).json().items, []);
  const own = (await lead.session.request('POST', '/api/v1/cases', { owningUnitId: a.unit })).json();
  const linked = await lead.session.request('PATCH', `/api/v1/cases/${own.id}`, { version: own.version, incidentId: incident.id });
  assert.equal(linked.statusCode, 400, 'linking her own case is no way in');
  assert.equal((await lead.session.request('POST', '/api/v1/cases', { owningUnitId: a.unit, incidentId: incident.id })).statusCode, 400);
  const stored = await adminQuery<{ place: string | null; version: number }>(
    system.target.ownerUrl,
    'select place, version from incident where id = $1',
    [incident.id],
  );
  assert.deepEqual(stored.rows[0], { place: null, version: 1 });
  // Her worker still sees and changes it through the shielded case.
  assert.equal((await worker.session.request('GET', `/api/v1/incidents/${incident.id}`)).statusCode, 200);
  assert.equal(
    (await worker.session.request('PATCH', `/api/v1/incidents/${incident.id}`, { version: 1, place: 'Utrecht' })).statusCode,
    200,
  );
});

// Proves: incident reads and reference look-ups record which incidents they showed and the persons of the visible linked cases.
test('incident reads and look-ups record what they showed and whom it is about', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const reference = `PL-audit-${a.n}`;
  const incident = (
    await worker.session.request('POST', '/api/v1/incidents', { owningUnitId: a.unit, category: 'violence', policeReference: reference })
  ).json();
  const other = (
    await worker.session.request('POST', '/api/v1/incidents', { owningUnitId: a.unit, category: 'other', policeReference: reference })
  ).json();
  const victim = (await worker.session.request('POST', '/api/v1/persons', { achternaam: `Audit${a.n}`, confirmNoDuplicate: true })).json()
    .id as string;
  const witness = (
    await worker.session.request('POST', '/api/v1/persons', { achternaam: `Getuige${a.n}`, confirmNoDuplicate: true })
  ).json().id as string;
  assert.equal(
    (
      await worker.session.request('POST', '/api/v1/cases', {
        owningUnitId: a.unit,
        incidentId: incident.id,
        participants: [
          { personId: witness, role: 'witness' },
          { personId: victim, role: 'victim', primaryClient: true },
        ],
      })
    ).statusCode,
    201,
  );
  assert.equal((await worker.session.request('GET', `/api/v1/incidents?policeReference=${reference}`)).statusCode, 200);
  assert.equal((await worker.session.request('GET', `/api/v1/incidents/${incident.id}`)).statusCode, 200);
  const events = await adminQuery<{ action: string; object_ids: string[] | null; data_subject_ids: string[] | null }>(
    system.target.ownerUrl,
    `select action, object_ids, data_subject_ids from audit_event where action in ('incident.list', 'incident.read') and actor_id = $1 order by id`,
    [worker.id],
  );
  assert.deepEqual(
    events.rows.map((r) => [r.action, r.object_ids?.sort() ?? null, r.data_subject_ids?.sort() ?? null]),
    [
      ['incident.list', [incident.id, other.id].sort(), [victim]],
      ['incident.read', null, [victim, witness].sort()],
    ],
  );
});
