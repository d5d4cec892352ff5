// Incidents: reference look-ups page through every incident once; another team sees nothing whatever the
// SQL says; an incident of a shielded case is hidden; reads and look-ups record what they showed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { ActorContext } from '../../kernel/auth/actor.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { actorOf, team } from '../../../test/helpers/fixtures.ts';
import { build } from '../../../test/helpers/incidents.ts';

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
