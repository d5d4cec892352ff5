// Converting a referral to a case: the incident the police described or the referral names, and a
// converted referral belonging to its case (only those who see the case see it, its attempts and its tasks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { type ActorContext } from '../../kernel/auth/actor.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { actorOf, shield, team } from '../../../test/helpers/fixtures.ts';
import { type Session } from '../../../test/helpers/identity.ts';
import { build, count, policeToken, submit } from '../../../test/helpers/referrals.ts';

test('conversion records the incident the police described in the referral’s team and links the case to it', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const outsider = await b.user('worker', 'case-worker');
  const police = await policeToken(system, `politie-incident-${a.n}`);
  const reference = `PL0900-2026-${a.n}0042`;
  const body = {
    source: 'police',
    sourceReference: reference,
    unitCode: a.code,
    consent: { given: true },
    person: { achternaam: `Incidentmarker${a.n}` },
    incident: { category: 'property', occurredOn: '2026-10-01', place: 'Zwolle', policeReference: reference, description: 'Woninginbraak' },
  };
  const sent = await submit(system, police.token, body, `bvh-incident-${a.n}`);
  assert.equal(sent.statusCode, 201, sent.body);
  const referral = (await worker.session.request('GET', `/api/v1/referrals/${sent.json().id}`)).json();
  assert.equal(referral.incidentId, null, 'a partner’s referral names no incident of ours');
  assert.equal(await count(system, 'incident where owning_unit_id = $1', [a.unit]), 0, 'no incident before conversion');

  const converted = await worker.session.request('POST', `/api/v1/referrals/${referral.id}/convert`, {
    version: referral.version,
    person: { achternaam: `Incidentmarker${a.n}` },
  });
  assert.equal(converted.statusCode, 200, converted.body);
  const kase = (await worker.session.request('GET', `/api/v1/cases/${converted.json().case.id}`)).json();
  assert.ok(kase.incidentId, 'the case is linked to the recorded incident');
  const incident = await worker.session.request('GET', `/api/v1/incidents/${kase.incidentId}`);
  assert.equal(incident.statusCode, 200, incident.body);
  assert.deepEqual(
    [
      incident.json().category,
      incident.json().occurredOn,
      incident.json().place,
      incident.json().policeReference,
      incident.json().description,
      incident.json().owningUnitId,
    ],
    ['property', '2026-10-01', 'Zwolle', reference, 'Woninginbraak', a.unit],
  );
  assert.deepEqual(
    incident.json().cases.map((c: { id: string }) => c.id),
    [kase.id],
  );
  assert.equal((await outsider.session.request('GET', `/api/v1/incidents/${kase.incidentId}`)).statusCode, 404);
  assert.deepEqual(
    (await worker.session.request('GET', `/api/v1/incidents?policeReference=${reference}`)).json().items.map((i: { id: string }) => i.id),
    [kase.incidentId],
  );
  const created = await adminQuery<{ actor_id: string }>(
    system.target.ownerUrl,
    `select actor_id from audit_event where action = 'incident.create' and object_id = $1`,
    [kase.incidentId],
  );
  assert.deepEqual(created.rows, [{ actor_id: worker.id }], 'recorded in the converter’s name, audited');

  // A referral without incident details converts to a case without an incident.
  const plain = await submit(
    system,
    police.token,
    { ...body, incident: undefined, person: { achternaam: `Zonder${a.n}` } },
    `bvh-incident-${a.n}-2`,
  );
  const plainReferral = (await worker.session.request('GET', `/api/v1/referrals/${plain.json().id}`)).json();
  const plainCase = await worker.session.request('POST', `/api/v1/referrals/${plainReferral.id}/convert`, {
    version: plainReferral.version,
    person: { achternaam: `Zonder${a.n}` },
  });
  assert.equal(plainCase.statusCode, 200, plainCase.body);
  assert.equal((await worker.session.request('GET', `/api/v1/cases/${plainCase.json().case.id}`)).json().incidentId, null);
  assert.equal(await count(system, 'incident where owning_unit_id = $1', [a.unit]), 1);
});

test('conversion links the case to the incident the referral names, recording no other', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const incident = await worker.session.request('POST', '/api/v1/incidents', { owningUnitId: a.unit, category: 'traffic', place: 'A28' });
  assert.equal(incident.statusCode, 201, incident.body);
  const person = (await worker.session.request('POST', '/api/v1/persons', { achternaam: `Verkeer${a.n}` })).json();
  // The intake names the incident and also describes one: the named incident wins.
  const referral = await worker.session.request('POST', '/api/v1/referrals', {
    source: 'self',
    owningUnitId: a.unit,
    personId: person.id,
    incidentId: incident.json().id,
    incident: { category: 'traffic', place: 'A28 bij Meppel' },
  });
  assert.equal(referral.statusCode, 201, referral.body);
  const converted = await worker.session.request('POST', `/api/v1/referrals/${referral.json().id}/convert`, {
    version: referral.json().version,
  });
  assert.equal(converted.statusCode, 200, converted.body);
  assert.equal((await worker.session.request('GET', `/api/v1/cases/${converted.json().case.id}`)).json().incidentId, incident.json().id);
  assert.equal(await count(system, 'incident where owning_unit_id = $1', [a.unit]), 1, 'no second incident');
  assert.deepEqual(
    (await worker.session.request('GET', `/api/v1/incidents/${incident.json().id}`)).json().cases.map((c: { id: string }) => c.id),
    [converted.json().case.id],
  );
});

// Proves (issue 9, item 5): a converted referral is no way around cases.read-unit. Once converted, the
// unit (referrals.read-unit), assignee and submitter rules no longer apply: only those who see the case
// see the referral, its payload, its attempts and its tasks, by id and in every list, through the API
// and through SQL as the application role.
test('a converted referral is its case’s: only those who see the case see it, its attempts and its tasks', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const colleague = await a.user('colleague', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  // Registered by the lead (submitter), given to the colleague (assignee), worked and converted by the worker (unit).
  const convertedReferral = async (marker: string) => {
    const created = await lead.session.request('POST', '/api/v1/referrals', {
      source: 'partner',
      channel: 'email',
      owningUnitId: a.unit,
      person: { achternaam: marker },
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json<{ id: string }>().id;
    for (let i = 0; i < 3; i++)
      assert.equal(
        (await worker.session.request('POST', `/api/v1/referrals/${id}/attempts`, { channel: 'phone', outcome: 'no-answer' })).statusCode,
        201,
      );
    const current = (await lead.session.request('GET', `/api/v1/referrals/${id}`)).json<{ version: number }>();
    assert.equal(
      (await lead.session.request('POST', `/api/v1/referrals/${id}/assign`, { version: current.version, userId: colleague.id })).statusCode,
      200,
    );
    const converted = await worker.session.request('POST', `/api/v1/referrals/${id}/convert`, {
      version: current.version + 1,
      person: { achternaam: marker },
    });
    assert.equal(converted.statusCode, 200, converted.body);
    const task = (await adminQuery<{ id: string }>(system.target.ownerUrl, 'select id from task where referral_id = $1', [id])).rows[0]!.id;
    return { id, caseId: converted.json<{ case: { id: string } }>().case.id, task };
  };
  const normal = await convertedReferral(`Omgezet${a.n}`);
  const shielded = await convertedReferral(`Afgeschermd${a.n}`);
  await shield(system, shielded.caseId);

  const listed = async (session: Session) => {
    const ids = new Set<string>();
    for (const query of [
      'view=all&status=converted',
      'view=queue&status=converted',
      'view=mine&status=converted',
      'view=all',
      'view=queue',
    ]) {
      const response = await session.request('GET', `/api/v1/referrals?${query}`);
      assert.equal(response.statusCode, 200, response.body);
      for (const item of response.json<{ items: { id: string }[] }>().items) ids.add(item.id);
    }
    return ids;
  };
  const sees = async (session: Session, referral: { id: string; task: string }) => {
    const byId = await session.request('GET', `/api/v1/referrals/${referral.id}`);
    const task = await session.request('GET', `/api/v1/tasks/${referral.task}`);
    const tasks = await session.request('GET', `/api/v1/tasks?view=all&status=cancelled&referralId=${referral.id}`);
    return {
      byId: byId.statusCode,
      inLists: (await listed(session)).has(referral.id),
      task: task.statusCode,
      tasks: tasks.json<{ items: unknown[] }>().items.length,
    };
  };
  const seen = { byId: 200, inLists: true, task: 200, tasks: 1 };
  const unseen = { byId: 404, inLists: false, task: 404, tasks: 0 };
  assert.deepEqual(await sees(worker.session, normal), seen, 'the worker of the case');
  assert.deepEqual(await sees(worker.session, shielded), seen);
  assert.deepEqual(
    await sees(colleague.session, normal),
    unseen,
    'the former assignee, with referrals.read-unit, who does not see the case',
  );
  assert.deepEqual(await sees(colleague.session, shielded), unseen);
  assert.deepEqual(await sees(lead.session, normal), seen, 'the lead reads the unit’s cases');
  assert.deepEqual(await sees(lead.session, shielded), unseen, 'the submitter and lead, without a grant to the shielded case');
  assert.equal(
    (await colleague.session.request('POST', `/api/v1/referrals/${normal.id}/attempts`, { channel: 'phone', outcome: 'reached' }))
      .statusCode,
    404,
  );
  assert.equal(
    (await worker.session.request('POST', `/api/v1/referrals/${normal.id}/attempts`, { channel: 'phone', outcome: 'reached' })).statusCode,
    409,
    'its case’s worker sees it is closed',
  );

  // Underneath, as the application role: neither the referral, nor its attempts, nor its tasks.
  const counts = (ctx: ActorContext, id: string) =>
    system.db.transaction(ctx, async (tx) => ({
      referrals: (await sql<{ n: number }>`select count(*)::int as n from referral where id = ${id}`.execute(tx.db)).rows[0]!.n,
      attempts: (await sql<{ n: number }>`select count(*)::int as n from referral_contact_attempt where referral_id = ${id}`.execute(tx.db))
        .rows[0]!.n,
      tasks: (await sql<{ n: number }>`select count(*)::int as n from task where referral_id = ${id}`.execute(tx.db)).rows[0]!.n,
    }));
  const [asWorker, asColleague, asLead] = [
    await actorOf(system, worker.id),
    await actorOf(system, colleague.id),
    await actorOf(system, lead.id),
  ];
  assert.deepEqual(await counts(asWorker, shielded.id), { referrals: 1, attempts: 3, tasks: 1 });
  assert.deepEqual(await counts(asColleague, normal.id), { referrals: 0, attempts: 0, tasks: 0 });
  assert.deepEqual(await counts(asColleague, shielded.id), { referrals: 0, attempts: 0, tasks: 0 });
  assert.deepEqual(await counts(asLead, shielded.id), { referrals: 0, attempts: 0, tasks: 0 });
  const changed = await system.db.transaction(asColleague, async (tx) =>
    Number(
      (await sql`update referral set closed_reason = 'gezien' where id in (${normal.id}, ${shielded.id})`.execute(tx.db)).numAffectedRows,
    ),
  );
  assert.equal(changed, 0);
  await assert.rejects(
    system.db.transaction(asColleague, (tx) =>
      sql`insert into referral_contact_attempt (referral_id, at, channel, outcome, recorded_by) values (${normal.id}, now(), 'phone', 'reached', ${colleague.id})`.execute(
        tx.db,
      ),
    ),
    /row-level security/,
  );
  await assert.rejects(
    system.db.transaction(asWorker, (tx) =>
      sql`insert into referral (source, channel, received_at, raw_payload, owning_unit_id, first_contact_due_at, submitted_by, status, converted_case_id, closed_at)
        values ('self', 'phone', now(), '\\x00', ${a.unit}, now(), ${worker.id}, 'converted', ${shielded.caseId}, now())`.execute(tx.db),
    ),
    /row-level security/,
    'not inserted as converted',
  );
});
