// Erasing a person (issue 12) as the privacy officer meets it: refused while a case is open or on
// legal hold (409 naming the reasons, audited as denied), otherwise previewed and carried out: the
// person anonymised while a closed case remains (and no longer found by the old name, BSN or phone),
// documents crypto-shredded, contact moments, tasks and the referral's payload gone, the case's free
// text scrubbed; a person with no case erased entirely. Only holders of privacy.erasure in the units
// of the person's cases may, and SQL through the application's login cannot go around it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { adminQuery } from '../../../../test/helpers/database.ts';
import { actorOf, team } from '../../../../test/helpers/fixtures.ts';
import { buildPrivacy, fullCase, rowsOf } from '../../../../test/helpers/privacy.ts';

const GROUND = 'Verzoek art. 17 AVG van de betrokkene, ontvankelijk verklaard';

test('refused while a case is open or on legal hold, naming each reason; audited as denied', async (t) => {
  const system = await buildPrivacy(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const officer = await a.user('fg', 'privacy-officer');
  const open = await fullCase(system, worker, a.unit);

  const preview = await officer.session.request('GET', `/api/v1/privacy/persons/${open.clientId}/erasure`);
  assert.equal(preview.statusCode, 200, preview.body);
  const planned = preview.json<{
    outcome: string;
    displayName: string;
    blockers: { reason: string; caseId: string; caseNumber: string }[];
  }>();
  assert.equal(planned.outcome, 'refused');
  assert.equal(planned.displayName, `${open.client.voornamen} ${open.client.achternaam}`);
  assert.deepEqual(planned.blockers, [{ reason: 'open-case', caseId: open.caseId, caseNumber: open.number }]);

  const refused = await officer.session.request('POST', `/api/v1/privacy/persons/${open.clientId}/erasure`, { reason: GROUND });
  assert.equal(refused.statusCode, 409, refused.body);
  assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
  assert.equal(refused.json<{ type: string }>().type, 'urn:casus:problem:erasure-refused');
  assert.deepEqual(refused.json<{ reasons: unknown[] }>().reasons, [{ reason: 'open-case', caseId: open.caseId, caseNumber: open.number }]);
  const denied = await adminQuery<{ result: string; data_subject_id: string }>(
    system.target.ownerUrl,
    `select result, data_subject_id from audit_event where action = 'privacy.person-erasure' and object_id = $1`,
    [open.clientId],
  );
  assert.deepEqual(denied.rows, [{ result: 'denied', data_subject_id: open.clientId }]);
  assert.equal(await rowsOf(system, 'contact_moment', 'case_id', open.caseId), 1, 'nothing changed');

  // Closed, but on legal hold: still refused, now for the hold.
  const held = await fullCase(system, worker, a.unit, { closed: true });
  assert.equal((await lead.session.request('POST', `/api/v1/cases/${held.caseId}/legal-hold`, { reason: GROUND })).statusCode, 200);
  const onHold = await officer.session.request('POST', `/api/v1/privacy/persons/${held.clientId}/erasure`, { reason: GROUND });
  assert.equal(onHold.statusCode, 409);
  assert.deepEqual(
    onHold.json<{ reasons: { reason: string }[] }>().reasons.map((r) => r.reason),
    ['legal-hold'],
  );
  // The database refuses it too, through the application's login in the officer's own name.
  await assert.rejects(
    system.db.transaction(await actorOf(system, officer.id), (tx) =>
      sql`select contact_moment_erase_persons(${[held.clientId]}::uuid[], true)`.execute(tx.db),
    ),
    (error: { code?: string }) => error.code === '42501',
  );
  assert.equal(await rowsOf(system, 'contact_moment', 'case_id', held.caseId), 1);
});

test('a client of a closed case is anonymised: no longer found by name, BSN or phone; documents shredded; free text gone; counts kept', async (t) => {
  const system = await buildPrivacy(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const officer = await a.user('fg', 'privacy-officer');
  const kase = await fullCase(system, worker, a.unit, { closed: true });
  const search = (query: string) => worker.session.request('POST', '/api/v1/search', { query });
  for (const query of [kase.client.achternaam, kase.client.bsn, kase.client.phone]) {
    assert.deepEqual(
      (await search(query)).json<{ persons: { id: string }[] }>().persons.map((p) => p.id),
      [kase.clientId],
      `found by ${query} before`,
    );
  }
  const { wrapped_key: wrappedKey } = (
    await adminQuery<{ wrapped_key: Buffer }>(system.target.ownerUrl, 'select wrapped_key from document where id = $1', [kase.documentId])
  ).rows[0]!;

  const preview = await officer.session.request('GET', `/api/v1/privacy/persons/${kase.clientId}/erasure`);
  assert.equal(preview.statusCode, 200, preview.body);
  const effects = { persons: 1, consents: 0, contactMoments: 1, documents: 1, tasks: 2, referrals: 1, cases: 1, incidents: 1 };
  assert.deepEqual(
    { outcome: preview.json<{ outcome: string }>().outcome, effects: preview.json<{ effects: object }>().effects },
    { outcome: 'anonymise', effects },
  );
  assert.equal(await rowsOf(system, 'contact_moment', 'case_id', kase.caseId), 1, 'a preview changes nothing');

  const done = await officer.session.request('POST', `/api/v1/privacy/persons/${kase.clientId}/erasure`, { reason: GROUND });
  assert.equal(done.statusCode, 200, done.body);
  assert.deepEqual(done.json(), { personId: kase.clientId, outcome: 'anonymised', effects });

  const person = (
    await adminQuery(
      system.target.ownerUrl,
      `select voornamen, achternaam, date_of_birth::text, bsn_encrypted, bsn_index, phones, emails, postcode, street, city, vulnerabilities,
              anonymised_at is not null as anonymised from person where id = $1`,
      [kase.clientId],
    )
  ).rows[0];
  assert.deepEqual(person, {
    voornamen: null,
    achternaam: 'Geanonimiseerd',
    date_of_birth: '1984-01-01',
    bsn_encrypted: null,
    bsn_index: null,
    phones: [],
    emails: [],
    postcode: null,
    street: null,
    city: null,
    vulnerabilities: [],
    anonymised: true,
  });
  for (const query of [kase.client.achternaam, kase.client.bsn, kase.client.phone, `${kase.client.voornamen} 12-03-1984`]) {
    assert.deepEqual((await search(query)).json<{ persons: unknown[] }>().persons, [], `not found by ${query} after`);
  }
  const words = await adminQuery(system.target.ownerUrl, `select word from person_name_word where word = any($1)`, [
    [kase.client.achternaam.toLowerCase(), kase.client.voornamen.toLowerCase()],
  ]);
  assert.deepEqual(words.rows, [], 'the old names left the search dictionary');

  // Documents: key forgotten, name replaced, blob gone; the API has nothing.
  const document = (
    await adminQuery<{ wrapped_key: Buffer | null; filename: string; deleted: boolean }>(
      system.target.ownerUrl,
      'select wrapped_key, filename, deleted_at is not null as deleted from document where id = $1',
      [kase.documentId],
    )
  ).rows[0]!;
  assert.deepEqual(document, { wrapped_key: null, filename: 'gewist', deleted: true });
  assert.equal(await system.blobs.exists(kase.documentId), false);
  await assert.rejects(system.blobs.open(kase.documentId, wrappedKey));
  assert.equal((await worker.session.request('GET', `/api/v1/documents/${kase.documentId}`)).statusCode, 404);

  // Contact moments and tasks gone; the referral, case and incident keep only what is countable.
  assert.equal(await rowsOf(system, 'contact_moment', 'case_id', kase.caseId), 0);
  assert.equal(await rowsOf(system, 'task', 'case_id', kase.caseId), 0);
  assert.equal(await rowsOf(system, 'task', 'referral_id', kase.referralId), 0);
  const referral = (
    await adminQuery(
      system.target.ownerUrl,
      `select raw_payload, source_reference, person_id, status, source, payload_erased_at is not null as erased from referral where id = $1`,
      [kase.referralId],
    )
  ).rows[0];
  assert.deepEqual(referral, {
    raw_payload: null,
    source_reference: null,
    person_id: null,
    status: 'converted',
    source: 'police',
    erased: true,
  });
  const notes = await adminQuery(system.target.ownerUrl, `select note from referral_contact_attempt where referral_id = $1`, [
    kase.referralId,
  ]);
  assert.deepEqual(notes.rows, [{ note: null }]);
  const shell = (
    await adminQuery(
      system.target.ownerUrl,
      `select c.close_reason, c.status, c.closed_at is not null as closed, i.description, i.place, i.police_reference, i.occurred_on::text as occurred_on
         from case_file c join incident i on i.id = c.incident_id where c.id = $1`,
      [kase.caseId],
    )
  ).rows[0];
  assert.deepEqual(shell, {
    close_reason: null,
    status: 'closed',
    closed: true,
    description: null,
    place: null,
    police_reference: null,
    occurred_on: '2019-04-01',
  });
  const read = await worker.session.request('GET', `/api/v1/referrals/${kase.referralId}`);
  assert.equal(read.statusCode, 200, 'a stripped referral still reads');
  assert.equal(read.json<{ payload: unknown }>().payload, null);

  const audit = await adminQuery<{ action: string; actor_id: string; data_subject_id: string; reason: string }>(
    system.target.ownerUrl,
    `select action, actor_id, data_subject_id, reason from audit_event where object_id = $1 and action in ('privacy.read-erasure-preview', 'privacy.person-anonymised', 'privacy.person-erased') order by id`,
    [kase.clientId],
  );
  assert.deepEqual(audit.rows, [
    { action: 'privacy.read-erasure-preview', actor_id: officer.id, data_subject_id: kase.clientId, reason: null },
    { action: 'privacy.person-anonymised', actor_id: officer.id, data_subject_id: kase.clientId, reason: GROUND },
  ]);
});

test('a person with no case is erased entirely, merged duplicates with it', async (t) => {
  const system = await buildPrivacy(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const officer = await a.user('fg', 'privacy-officer');
  const registered = await worker.session.request('POST', '/api/v1/persons', { achternaam: 'Nooitcliënt', confirmNoDuplicate: true });
  const personId = registered.json<{ id: string }>().id;
  const duplicate = (
    await worker.session.request('POST', '/api/v1/persons', { achternaam: 'Nooitcliënt', confirmNoDuplicate: true })
  ).json<{
    id: string;
  }>().id;
  await adminQuery(system.target.ownerUrl, `update person set merged_into = $1 where id = $2`, [personId, duplicate]);

  const merged = await officer.session.request('GET', `/api/v1/privacy/persons/${duplicate}/erasure`);
  assert.deepEqual(merged.json<{ blockers: unknown[] }>().blockers, [{ reason: 'merged', personId }], 'erase the kept person instead');
  const done = await officer.session.request('POST', `/api/v1/privacy/persons/${personId}/erasure`, { reason: GROUND });
  assert.equal(done.statusCode, 200, done.body);
  assert.equal(done.json<{ outcome: string }>().outcome, 'erased');
  assert.equal(done.json<{ effects: { persons: number } }>().effects.persons, 2);
  assert.equal(await rowsOf(system, 'person', 'id', personId), 0);
  assert.equal(await rowsOf(system, 'person', 'id', duplicate), 0);
  const audit = await adminQuery(
    system.target.ownerUrl,
    `select data_subject_ids from audit_event where action = 'privacy.person-erased' and object_id = $1`,
    [personId],
  );
  assert.deepEqual(new Set(audit.rows[0]!.data_subject_ids as string[]), new Set([personId, duplicate]));
});

test('only holders of privacy.erasure in the units of the person’s cases; others get 403 or 404', async (t) => {
  const system = await buildPrivacy(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const officerB = await b.user('fg', 'privacy-officer');
  const kase = await fullCase(system, worker, a.unit, { closed: true });
  for (const who of [worker, lead]) {
    assert.equal((await who.session.request('GET', `/api/v1/privacy/persons/${kase.clientId}/erasure`)).statusCode, 403);
    assert.equal(
      (await who.session.request('POST', `/api/v1/privacy/persons/${kase.clientId}/erasure`, { reason: GROUND })).statusCode,
      403,
    );
  }
  assert.equal((await officerB.session.request('GET', `/api/v1/privacy/persons/${kase.clientId}/erasure`)).statusCode, 404);
  assert.equal(
    (await officerB.session.request('POST', `/api/v1/privacy/persons/${kase.clientId}/erasure`, { reason: GROUND })).statusCode,
    404,
  );
  assert.equal((await officerB.session.request('POST', `/api/v1/privacy/persons/not-a-uuid/erasure`, { reason: GROUND })).statusCode, 400);
  assert.equal(
    (await officerB.session.request('POST', `/api/v1/privacy/persons/${kase.clientId}/erasure`, { reason: 'kort' })).statusCode,
    400,
  );
  // Through the application's login the team lead (who sees the case) cannot erase either.
  for (const statement of [
    sql`select person_erase(${[kase.clientId]}::uuid[], true)`,
    sql`select case_erase_persons(${[kase.clientId]}::uuid[], true)`,
    sql`select * from document_erase_persons(${[kase.clientId]}::uuid[], true)`,
    sql`select referral_erase_persons(${[kase.clientId]}::uuid[], true)`,
    sql`select task_erase_persons(${[kase.clientId]}::uuid[], true)`,
    sql`update person set achternaam = 'X', bsn_index = null, bsn_encrypted = null, anonymised_at = now() where id = ${kase.clientId}::uuid`,
  ]) {
    await assert.rejects(
      system.db.transaction(await actorOf(system, lead.id), (tx) => statement.execute(tx.db)),
      (error: { code?: string }) => error.code === '42501',
    );
  }
  assert.equal(
    (await adminQuery(system.target.ownerUrl, `select anonymised_at from person where id = $1`, [kase.clientId])).rows[0]!.anonymised_at,
    null,
  );
});
