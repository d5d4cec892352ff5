// Persons through the API: registration with duplicate detection across teams, an encrypted BSN that
// only permitted roles see, confidential addresses, optimistic concurrency, consent and merging; whether
// a person offers "who looked at her" (viewAccesses) by the audit trail's own rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminQuery } from '../../../test/helpers/database.ts';
import { openCase, team } from '../../../test/helpers/fixtures.ts';
import { buildIdentity } from '../../../test/helpers/identity.ts';
import { createAuditModule, subjectViewsAllowed } from '../audit/index.ts';
import { createCasesModule } from '../cases/index.ts';
import { createPersonsModule, isValidBsn } from './index.ts';

const build = (t: Parameters<typeof buildIdentity>[0]) => buildIdentity(t, { extra: [createCasesModule(), createPersonsModule()] });
/** A valid BSN from a counter (elfproef), different for every call. */
let bsnSeed = 100_000_000;
function nextBsn(): string {
  for (;;) {
    const candidate = String(++bsnSeed);
    if (isValidBsn(candidate)) return candidate;
  }
}

test('the BSN is validated, stored encrypted with a blind index, and shown only to permitted roles', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const volunteer = await a.user('volunteer', 'volunteer');
  assert.equal(
    (await worker.session.request('POST', '/api/v1/persons', { achternaam: 'Jansen', bsn: '123456789' })).statusCode,
    400,
    'fails the elfproef',
  );
  const bsn = nextBsn();
  const created = await worker.session.request('POST', '/api/v1/persons', {
    voornamen: 'Anna Maria',
    roepnaam: 'Anna',
    achternaam: 'Jansen',
    dateOfBirth: '1984-03-02',
    bsn,
    phones: ['06 12345678'],
    address: { postcode: '1234 ab', huisnummer: 12 },
  });
  assert.equal(created.statusCode, 201, created.body);
  const person = created.json();
  assert.equal(person.bsn, undefined, 'a person’s answers never carry the BSN');
  assert.equal(person.hasBsn, true);
  assert.equal(person.displayName, 'Anna Jansen');
  assert.deepEqual(person.phones, ['+31612345678']);
  assert.equal(person.address.postcode, '1234AB');

  const raw = await adminQuery<{ bsn_encrypted: Buffer; bsn_index: Buffer }>(
    system.target.ownerUrl,
    'select bsn_encrypted, bsn_index from person where id = $1',
    [person.id],
  );
  assert.ok(!raw.rows[0]!.bsn_encrypted.toString('latin1').includes(bsn), 'no plaintext BSN in the column');
  assert.ok(!raw.rows[0]!.bsn_encrypted.toString('hex').includes(Buffer.from(bsn).toString('hex')));
  assert.equal(raw.rows[0]!.bsn_index.length, 32);

  // The volunteer works on the case with this person: sees the person, never the BSN.
  const kase = await openCase(system, worker, a.unit, { participants: [{ personId: person.id, role: 'victim', primaryClient: true }] });
  const lead = await a.user('lead', 'team-lead');
  assert.equal(
    (await lead.session.request('POST', `/api/v1/cases/${kase.id}/assignments`, { userId: volunteer.id, role: 'volunteer' })).statusCode,
    200,
  );
  const seen = await volunteer.session.request('GET', `/api/v1/persons/${person.id}`);
  assert.equal(seen.statusCode, 200, seen.body);
  assert.equal(seen.json().bsn, undefined);
  assert.equal(seen.json().hasBsn, true);
  assert.deepEqual(seen.json().allowedActions, ['update', 'recordConsent'], 'no revealBsn for a volunteer');
  const refused = await volunteer.session.request('POST', `/api/v1/persons/${person.id}/bsn/reveal`, {});
  assert.equal(refused.statusCode, 403, 'volunteers hold no persons.read-bsn');

  // The worker asks to see it: the answer and its own audit event, beside the read's.
  assert.ok((await worker.session.request('GET', `/api/v1/persons/${person.id}`)).json().allowedActions.includes('revealBsn'));
  const revealed = await worker.session.request('POST', `/api/v1/persons/${person.id}/bsn/reveal`, {});
  assert.equal(revealed.statusCode, 200, revealed.body);
  assert.deepEqual(revealed.json(), { bsn });
  const audit = await adminQuery<{ action: string; actor_id: string; data_subject_id: string; details: Record<string, unknown> }>(
    system.target.ownerUrl,
    `select action, actor_id, data_subject_id, details from audit_event
      where action in ('person.read', 'person.bsn-reveal') and object_id = $1 order by id`,
    [person.id],
  );
  assert.deepEqual(
    audit.rows.map((r) => [r.action, r.actor_id, r.data_subject_id, r.details]),
    [
      ['person.read', volunteer.id, person.id, { addressHidden: false }],
      ['person.read', worker.id, person.id, { addressHidden: false }],
      ['person.bsn-reveal', worker.id, person.id, { hadBsn: true }],
    ],
  );
  const other = await team(system);
  const outsider = await other.user('worker', 'case-worker');
  assert.equal(
    (await outsider.session.request('POST', `/api/v1/persons/${person.id}/bsn/reveal`, {})).statusCode,
    404,
    'a person one may not see has no BSN to reveal',
  );
  assert.equal((await worker.session.request('POST', `/api/v1/persons/${person.id}/bsn/reveal`, { reason: 'x' })).statusCode, 400);
});

// Proves (issue 9, item 10): the duplicate check tells a worker only about persons she may see. A BSN,
// or a name and date of birth, of a person she may not see answers exactly as no match does; the check
// records that person as a data subject of its audit event, and a BSN shared with her raises a security
// event for those who can act on it.
test('duplicates one may see are offered; those one may not see are not reported, but audited and routed to the team lead', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const other = await b.user('worker', 'case-worker');
  const bsn = nextBsn();
  const first = (
    await worker.session.request('POST', '/api/v1/persons', { achternaam: 'Özdemir', voornamen: 'Ayşe', dateOfBirth: '1990-05-17', bsn })
  ).json();
  assert.equal(
    (
      await worker.session.request('POST', '/api/v1/cases', {
        owningUnitId: a.unit,
        participants: [{ personId: first.id, role: 'victim' }],
      })
    ).statusCode,
    201,
  );

  // Another team: the same BSN, or the same name and date of birth, register as if nobody had them.
  const answer = (response: { statusCode: number; json(): Record<string, unknown> }) => {
    const { id: _id, bsn: _bsn, version: _version, ...rest } = response.json();
    return { status: response.statusCode, ...rest };
  };
  const sameBsn = await other.session.request('POST', '/api/v1/persons', { achternaam: 'Ozdemir', bsn });
  const freshBsn = await other.session.request('POST', '/api/v1/persons', { achternaam: 'Ozdemir', bsn: nextBsn() });
  assert.deepEqual(answer(sameBsn), answer(freshBsn), 'the same answer as for a BSN nobody has');
  assert.equal((await other.session.request('POST', `/api/v1/persons/${sameBsn.json().id}/bsn/reveal`, {})).json().bsn, bsn);
  const sameName = await other.session.request('POST', '/api/v1/persons', {
    achternaam: 'Ozdemir',
    voornamen: 'Ayse',
    dateOfBirth: '1990-05-17',
  });
  const freshName = await other.session.request('POST', '/api/v1/persons', {
    achternaam: 'Ozdemir',
    voornamen: 'Ayse',
    dateOfBirth: '1991-05-17',
  });
  assert.deepEqual(answer(sameName), { ...answer(freshName), dateOfBirth: '1990-05-17' });
  assert.equal((await other.session.request('GET', `/api/v1/persons/${first.id}`)).statusCode, 404);

  // Each check is audited with every person it matched as a data subject: "who looked for this client".
  const checks = await adminQuery<{ actor_id: string; object_ids: string[]; data_subject_ids: string[]; details: { shown: number } }>(
    system.target.ownerUrl,
    `select actor_id, object_ids, data_subject_ids, details from audit_event where action = 'person.duplicate-check' and data_subject_ids @> array[$1] order by id`,
    [first.id],
  );
  assert.deepEqual(
    checks.rows.map((r) => [r.actor_id, r.object_ids, r.data_subject_ids, r.details.shown]),
    [
      [other.id, [], [first.id], 0],
      [other.id, [], [first.id], 0],
    ],
  );
  const requests = await adminQuery<{ action: string; request_id: string | null }>(
    system.target.ownerUrl,
    `select action, request_id from audit_event where actor_id = $1 and action in ('person.duplicate-check', 'person.create') and (object_id = $2 or data_subject_ids @> array[$3]) order by id limit 2`,
    [other.id, sameBsn.json().id, first.id],
  );
  assert.equal(requests.rows.length, 2);
  assert.ok(
    requests.rows[0]!.request_id && requests.rows[0]!.request_id === requests.rows[1]!.request_id,
    `the check is the registration's request: ${JSON.stringify(requests.rows)}`,
  );
  // The shared BSN goes to who can act on it: the registrar's team lead (persons.merge) and whoever may
  // grant access to the cases of the person who has it (cases.grant-access in team A).
  const raised = await adminQuery<{ object_id: string; data_subject_ids: string[]; details: { securityEvent: boolean; unitId: string } }>(
    system.target.ownerUrl,
    `select object_id, data_subject_ids, details from audit_event where action = 'person.bsn-shared'`,
  );
  assert.deepEqual(raised.rows, [
    { object_id: sameBsn.json().id, data_subject_ids: [sameBsn.json().id, first.id], details: { securityEvent: true, unitId: b.unit } },
  ]);
  const events = await adminQuery<{
    payload: { action: string; objectId: string; notify: { permission: string; unitId: string }[] };
    actor_id: string;
  }>(
    system.target.ownerUrl,
    `select payload, actor_id from outbox_event where name = 'security.event-raised' and payload->>'action' = 'person.bsn-shared'`,
  );
  assert.equal(events.rows.length, 1);
  assert.equal(events.rows[0]!.payload.objectId, sameBsn.json().id);
  assert.equal(events.rows[0]!.actor_id, other.id);
  assert.deepEqual(events.rows[0]!.payload.notify, [
    { permission: 'persons.merge', unitId: b.unit },
    { permission: 'cases.grant-access', unitId: a.unit },
  ]);

  // Who sees the person with the BSN is told, and a BSN is registered once for her, whatever she confirms.
  const taken = await worker.session.request('POST', '/api/v1/persons', { achternaam: 'Ozdemir', bsn });
  assert.equal(taken.statusCode, 409, taken.body);
  assert.equal(taken.json().type, 'urn:casus:problem:possible-duplicate');
  assert.deepEqual(taken.json().possibleDuplicates, [{ id: first.id, matchedOn: ['bsn'] }]);
  assert.equal(taken.json().notVisibleToYou, undefined, 'no count of others');
  const denials = await adminQuery<{ reason: string }>(
    system.target.ownerUrl,
    `select reason from audit_event where action = 'person.create' and result = 'denied' and actor_id = $1`,
    [worker.id],
  );
  assert.deepEqual(
    denials.rows.map((r) => r.reason),
    ['possible duplicate'],
    'the refusal is audited although its transaction rolled back',
  );
  assert.equal(
    (await worker.session.request('POST', '/api/v1/persons', { achternaam: 'Ozdemir', bsn, confirmNoDuplicate: true })).statusCode,
    409,
  );
  assert.equal(
    (await other.session.request('PATCH', `/api/v1/persons/${freshBsn.json().id}`, { version: 1, bsn })).statusCode,
    409,
    'she sees her own person with it',
  );
  const theirsOnly = nextBsn();
  await worker.session.request('POST', '/api/v1/persons', { achternaam: 'Ander', bsn: theirsOnly });
  const changed = await other.session.request('PATCH', `/api/v1/persons/${freshBsn.json().id}`, { version: 1, bsn: theirsOnly });
  assert.equal(changed.statusCode, 200, 'setting the BSN of a person she may not see answers as for any BSN');

  const similar = await worker.session.request('POST', '/api/v1/persons', {
    achternaam: 'Ozdemir',
    voornamen: 'Ayse',
    dateOfBirth: '1990-05-17',
  });
  assert.equal(similar.statusCode, 409, 'diacritics and a typo do not hide a duplicate');
  assert.deepEqual(similar.json().possibleDuplicates, [{ id: first.id, matchedOn: ['name-and-date-of-birth'] }]);
  const anyway = await worker.session.request('POST', '/api/v1/persons', {
    achternaam: 'Ozdemir',
    voornamen: 'Ayse',
    dateOfBirth: '1990-05-17',
    confirmNoDuplicate: true,
  });
  assert.equal(anyway.statusCode, 201);
  const shown = await adminQuery<{ object_ids: string[] }>(
    system.target.ownerUrl,
    `select object_ids from audit_event where action = 'person.duplicate-check' and actor_id = $1 order by id`,
    [worker.id],
  );
  assert.deepEqual(
    shown.rows.map((r) => r.object_ids),
    [[], [first.id], [first.id], [], [first.id], [first.id]],
    'the duplicates offered to her',
  );
});

test('the team lead acts on a shared BSN: she sees both persons and merges them', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const colleague = await a.user('colleague', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const bsn = nextBsn();
  const known = (await worker.session.request('POST', '/api/v1/persons', { achternaam: 'Dubbel', bsn })).json();
  assert.equal(
    (
      await worker.session.request('POST', '/api/v1/cases', {
        owningUnitId: a.unit,
        participants: [{ personId: known.id, role: 'victim' }],
      })
    ).statusCode,
    201,
  );
  // The colleague does not work on that case: she registers the client again, and is not told.
  const again = await colleague.session.request('POST', '/api/v1/persons', { achternaam: 'Dubbel', bsn });
  assert.equal(again.statusCode, 201, again.body);
  assert.equal(
    (
      await colleague.session.request('POST', '/api/v1/cases', {
        owningUnitId: a.unit,
        participants: [{ personId: again.json().id, role: 'victim' }],
      })
    ).statusCode,
    201,
  );
  const notice = await adminQuery<{ notify: { permission: string; unitId: string }[] }>(
    system.target.ownerUrl,
    `select payload->'notify' as notify from outbox_event where name = 'security.event-raised' and payload->>'objectId' = $1`,
    [again.json().id],
  );
  assert.deepEqual(notice.rows[0]!.notify, [
    { permission: 'persons.merge', unitId: a.unit },
    { permission: 'cases.grant-access', unitId: a.unit },
  ]);
  // The lead reads the team's cases: she sees both and merges them into one.
  const revealOf = async (id: string) =>
    (await lead.session.request('POST', `/api/v1/persons/${id}/bsn/reveal`, {})).json<{ bsn: string | null }>().bsn;
  assert.equal(await revealOf(known.id), bsn);
  assert.equal(await revealOf(again.json().id), bsn);
  const merged = await lead.session.request('POST', `/api/v1/persons/${known.id}/merge`, {
    duplicateId: again.json().id,
    reason: 'zelfde BSN, tweemaal ingeschreven',
  });
  assert.equal(merged.statusCode, 200, merged.body);
  const live = await adminQuery<{ id: string }>(
    system.target.ownerUrl,
    `select id from person where bsn_index = (select bsn_index from person where id = $1) and merged_into is null`,
    [known.id],
  );
  assert.deepEqual(
    live.rows.map((r) => r.id),
    [known.id],
    'one live person holds the BSN again',
  );
});

test('duplicate checks are limited per user, counted in the database: 429 with Retry-After', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const colleague = await a.user('colleague', 'case-worker');
  const register = (session: typeof worker.session, i: number) =>
    session.request('POST', '/api/v1/persons', { achternaam: `Herhaald${i}` });
  for (let i = 0; i < 30; i++) assert.equal((await register(worker.session, i)).statusCode, 201);
  const before = Number((await adminQuery<{ n: string }>(system.target.ownerUrl, 'select count(*) as n from person')).rows[0]!.n);
  const refused = await register(worker.session, 30);
  assert.equal(refused.statusCode, 429, refused.body);
  assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.ok(
    Number(refused.headers['retry-after']) > 0 && Number(refused.headers['retry-after']) <= 600,
    `Retry-After ${refused.headers['retry-after']}`,
  );
  assert.equal(refused.json().type, 'urn:casus:problem:too-many-duplicate-checks');
  assert.equal(
    Number((await adminQuery<{ n: string }>(system.target.ownerUrl, 'select count(*) as n from person')).rows[0]!.n),
    before,
    'nothing registered',
  );
  const counted = await adminQuery<{ checks: number }>(
    system.target.ownerUrl,
    'select checks from person_duplicate_check_window where actor_id = $1',
    [worker.id],
  );
  assert.equal(counted.rows[0]!.checks, 31, 'the count is the database’s, for every instance together');
  const denied = await adminQuery<{ n: string }>(
    system.target.ownerUrl,
    `select count(*) as n from audit_event where action = 'person.duplicate-check' and result = 'denied' and actor_id = $1`,
    [worker.id],
  );
  assert.equal(Number(denied.rows[0]!.n), 1);
  assert.equal((await register(colleague.session, 0)).statusCode, 201, 'per user');
  // A new window starts over.
  await adminQuery(
    system.target.ownerUrl,
    `update person_duplicate_check_window set window_started_at = now() - interval '11 minutes' where actor_id = $1`,
    [worker.id],
  );
  assert.equal((await register(worker.session, 31)).statusCode, 201);
});

test('confidential addresses, optimistic concurrency, consent and merging', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const person = (
    await worker.session.request('POST', '/api/v1/persons', {
      achternaam: 'de Boer',
      confidentialAddress: true,
      address: { postcode: '9711AA', huisnummer: 1, city: 'Groningen' },
    })
  ).json();
  assert.equal(person.address, null);
  assert.equal(person.addressHidden, true);
  const kase = await openCase(system, worker, a.unit, { participants: [{ personId: person.id, role: 'victim' }] });
  const asLead = (await lead.session.request('GET', `/api/v1/persons/${person.id}`)).json();
  assert.equal(asLead.address.city, 'Groningen', 'the team lead may see confidential addresses');

  const changed = await worker.session.request('PATCH', `/api/v1/persons/${person.id}`, { version: person.version, roepnaam: 'Kees' });
  assert.equal(changed.statusCode, 200, changed.body);
  assert.equal(
    (await worker.session.request('PATCH', `/api/v1/persons/${person.id}`, { version: person.version, roepnaam: 'Klaas' })).statusCode,
    412,
  );
  const consent = await worker.session.request('POST', `/api/v1/persons/${person.id}/consents`, {
    subject: 'data-sharing-police',
    given: true,
    source: 'client',
  });
  assert.equal(consent.statusCode, 200);
  assert.equal(consent.json().items[0].subject, 'data-sharing-police');
  // The history read back (the person screen): audited as its own read, refused like the person.
  const consents = await lead.session.request('GET', `/api/v1/persons/${person.id}/consents`);
  assert.equal(consents.statusCode, 200, consents.body);
  assert.deepEqual(consents.json(), consent.json());
  const listAudit = await adminQuery<{ actor_id: string; data_subject_id: string }>(
    system.target.ownerUrl,
    `select actor_id, data_subject_id from audit_event where action = 'person.consent-list' and object_id = $1`,
    [person.id],
  );
  assert.deepEqual(
    listAudit.rows.map((r) => [r.actor_id, r.data_subject_id]),
    [[lead.id, person.id]],
  );
  const stranger = await (await team(system)).user('worker', 'case-worker');
  assert.equal((await stranger.session.request('GET', `/api/v1/persons/${person.id}/consents`)).statusCode, 404);

  const duplicate = (
    await worker.session.request('POST', '/api/v1/persons', { achternaam: 'Boer', tussenvoegsel: 'de', confirmNoDuplicate: true })
  ).json();
  await worker.session.request('POST', `/api/v1/cases/${kase.id}/participants`, { personId: duplicate.id, role: 'next-of-kin' });
  assert.equal(
    (
      await worker.session.request('POST', `/api/v1/persons/${person.id}/merge`, {
        duplicateId: duplicate.id,
        reason: 'same person registered twice',
      })
    ).statusCode,
    403,
    'merging needs persons.merge',
  );
  const merged = await lead.session.request('POST', `/api/v1/persons/${person.id}/merge`, {
    duplicateId: duplicate.id,
    reason: 'same person registered twice',
  });
  assert.equal(merged.statusCode, 200, merged.body);
  const participants = (await lead.session.request('GET', `/api/v1/cases/${kase.id}`))
    .json()
    .participants.map((p: { personId: string; role: string }) => `${p.personId === person.id ? 'kept' : 'other'}:${p.role}`)
    .sort();
  assert.deepEqual(participants, ['kept:next-of-kin', 'kept:victim']);
  const history = await adminQuery<{ merged_into: string }>(system.target.ownerUrl, 'select merged_into from person where id = $1', [
    duplicate.id,
  ]);
  assert.equal(history.rows[0]!.merged_into, person.id);
});

test('viewAccesses is offered exactly to those the audit trail shows who looked at the person', async (t) => {
  // As src/app/modules.ts composes it: the audit module's rule passed to the persons module.
  const system = await buildIdentity(t, {
    extra: [createCasesModule(), createPersonsModule({ accessesVisible: subjectViewsAllowed }), createAuditModule()],
  });
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const volunteer = await a.user('volunteer', 'volunteer', 'volunteer');
  const granted = await a.user('granted', 'case-worker');
  const privacy = await a.user('privacy', 'privacy-officer', 'staff', 'national');
  const kase = await openCase(system, worker, a.unit, { client: `Inzage${a.n}` });
  const client = kase.clientId;
  assert.equal(
    (await lead.session.request('POST', `/api/v1/cases/${kase.id}/assignments`, { userId: volunteer.id, role: 'volunteer' })).statusCode,
    200,
  );
  // A colleague and the privacy officer who see the case through an explicit grant, without working on it.
  for (const user of [granted, privacy]) {
    await adminQuery(
      system.target.ownerUrl,
      `insert into case_access_grant (case_id, user_id, kind, reason, granted_by) values ($1, $2, 'explicit', 'viewAccesses test', $3)`,
      [kase.id, user.id, lead.id],
    );
  }

  const offered = async (user: typeof worker) => {
    const person = await user.session.request('GET', `/api/v1/persons/${client}`);
    assert.equal(person.statusCode, 200, person.body);
    return person.json<{ allowedActions: string[] }>().allowedActions.includes('viewAccesses');
  };
  const expected = [
    [worker, true, 'the case worker on her case'],
    [privacy, true, 'a holder of audit.subject-views who sees her'],
    [volunteer, false, 'a volunteer on her case'],
    [lead, false, 'the team lead, who sees her but works on no case of hers'],
    [granted, false, 'a colleague who sees the case but does not work on it'],
  ] as const;
  for (const [user, allowed, who] of expected) assert.equal(await offered(user), allowed, who);
  // The same answer as the route itself (each refusal there is an audited denied access: asked last).
  for (const [user, allowed, who] of expected) {
    const accesses = await user.session.request('GET', `/api/v1/audit/persons/${client}/accesses`);
    assert.equal(accesses.statusCode, allowed ? 200 : 403, `${who}: ${accesses.body}`);
  }
  // Creating and changing answer the person with the action too.
  const changed = await worker.session.request('PATCH', `/api/v1/persons/${client}`, { version: 1, roepnaam: 'Ina' });
  assert.equal(changed.statusCode, 200, changed.body);
  assert.ok(changed.json<{ allowedActions: string[] }>().allowedActions.includes('viewAccesses'));
  // Asking is no access: no audit event for the people who were only offered (or not offered) the view.
  const denied = await adminQuery<{ n: string }>(
    system.target.ownerUrl,
    `select count(*) as n from audit_event where action = 'audit.subject-view' and data_subject_id = $1 and result = 'denied'`,
    [client],
  );
  assert.equal(Number(denied.rows[0]!.n), 3, 'only the three refusals asked of the route above');
});
