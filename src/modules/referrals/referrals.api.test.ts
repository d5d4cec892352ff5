// The referrals API as the police, case workers and team leads use it: a chain partner submits through
// the integration endpoint with an API token (retries never make two), the team queue in first-contact
// deadline order with Dutch working days, contact attempts until "not reached" with a letter task for
// the team, conversion to a case with the duplicate check, closing; what is stored is encrypted; other
// teams see nothing, through the API or through hand-written SQL as the application role.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { systemContext, type ActorContext } from '../../kernel/auth/actor.ts';
import { addWorkingDays, workingDaysBetween } from '../../kernel/calendar/working-days.ts';
import { createKeyRing } from '../../kernel/crypto/keyring.ts';
import { rotateColumn } from '../../kernel/crypto/rotation.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { actorOf, shield, team } from '../../../test/helpers/fixtures.ts';
import {
  buildIdentity,
  createUnit,
  createUser,
  grantRole,
  signIn,
  totpCode,
  unitId,
  type IdentitySystem,
  type Session,
} from '../../../test/helpers/identity.ts';
import { issueToken } from '../identity/index.ts';
import { createCasesModule } from '../cases/index.ts';
import { createPersonsModule } from '../persons/index.ts';
import { createTasksModule } from '../tasks/index.ts';
import { createReferralsModule, NOT_REACHED_TASK } from './index.ts';

const build = (t: Parameters<typeof buildIdentity>[0], env?: Record<string, string>) =>
  buildIdentity(t, {
    extra: [createCasesModule(), createPersonsModule(), createReferralsModule(), createTasksModule()],
    ...(env ? { env } : {}),
  });

const count = async (system: IdentitySystem, text: string, values: unknown[] = []) =>
  Number((await adminQuery<{ n: string }>(system.target.ownerUrl, `select count(*) as n from ${text}`, values)).rows[0]!.n);

/**
 * A chain partner's service account (created through the API by IT operations) with an API token issued
 * the way `casus tokens create` does, as the operator's system actor: a token carries only what its issuer
 * could grant, and no person holds referrals.submit (identity/escalation.test.ts).
 */
async function policeToken(
  system: IdentitySystem,
  name: string,
  grantUnitCode = 'national',
): Promise<{ accountId: string; token: string }> {
  const admin = await createUser(system, `${name}-admin`);
  await grantRole(system, admin.id, 'it-operations', 'national');
  const session = await signIn(system, admin);
  assert.equal(
    (await session.request('POST', '/api/v1/auth/reauthenticate', { method: 'totp', code: await totpCode(admin) })).statusCode,
    204,
  );
  const account = await session.request('POST', '/api/v1/service-accounts', {
    username: name,
    displayName: `Politie ${name}`,
    unitId: await unitId(system, 'national'),
    reason: 'BVH-koppeling aanmeldingen',
  });
  assert.equal(account.statusCode, 201, account.body);
  // Police refer victims all over the country: the role usually holds nationally, so in every team's unit.
  await grantRole(system, account.json().id, 'chain-partner', grantUnitCode);
  const issued = await system.authDb.transaction(systemContext('cli:tokens'), (tx) =>
    issueToken(tx, {
      accountId: account.json().id as string,
      name: 'productie',
      expiresAt: new Date(Date.now() + 86_400_000),
      reason: 'BVH-koppeling',
    }),
  );
  return { accountId: account.json().id, token: issued.token };
}

function submit(system: IdentitySystem, token: string, body: object, key?: string) {
  return system.app.inject({
    method: 'POST',
    url: '/api/v1/integration/referrals',
    headers: { authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) },
    payload: body,
  });
}

const iso = (d: Date) => d.toISOString();

test('police submit through the integration API; the team works the referral until not reached, then converts it with the duplicate check', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const outsider = await b.user('worker', 'case-worker');
  const police = await policeToken(system, `politie-bvh-${a.n}`);
  const marker = `Vissermarker${a.n}`;
  const body = {
    source: 'police',
    sourceReference: `PL0900-2026-${a.n}0001`,
    unitCode: a.code,
    consent: { given: true },
    person: { voornamen: 'Sanne', achternaam: marker, dateOfBirth: '1984-03-12', phones: ['06 12345678'], bsn: '111222333' },
    incident: { category: 'violence', occurredOn: '2026-11-20', place: 'Utrecht', description: `Mishandeling op straat ${marker}` },
  };

  // Chain partners must send a key: a retry without one could make a second referral.
  const keyless = await submit(system, police.token, body);
  assert.equal(keyless.statusCode, 400, keyless.body);
  assert.equal(keyless.json().errors[0].pointer, '/headers/idempotency-key');
  for (const [i, bad] of [
    { ...body, source: 'self' },
    { ...body, unitCode: 'no-such-team' },
    { ...body, person: { voornamen: 'Sanne' } },
    { ...body, extra: 1 },
  ].entries()) {
    const refused = await submit(system, police.token, bad, `bad-${a.n}-${i}`);
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
  assert.equal((await submit(system, 'casus_' + 'x'.repeat(43), body, `forged-${a.n}`)).statusCode, 401, 'an unknown token');
  assert.equal(
    (await worker.session.request('POST', '/api/v1/integration/referrals', body)).statusCode,
    403,
    'staff do not hold referrals.submit',
  );
  assert.equal(await count(system, 'referral where owning_unit_id = $1', [a.unit]), 0, 'nothing was stored');

  const first = await submit(system, police.token, body, `bvh-${a.n}-0001`);
  assert.equal(first.statusCode, 201, first.body);
  const retry = await submit(system, police.token, body, `bvh-${a.n}-0001`);
  assert.equal(retry.statusCode, 201, retry.body);
  assert.equal(retry.headers['idempotent-replayed'], 'true');
  assert.deepEqual(retry.json(), first.json());
  assert.equal(await count(system, 'referral where owning_unit_id = $1', [a.unit]), 1, 'a retry with the same key makes one referral');
  const id = first.json().id as string;

  // Stored encrypted: the raw bytes hold neither the name, nor the BSN, nor the description.
  const stored = (
    await adminQuery<{
      raw_payload: Buffer;
      source: string;
      channel: string;
      consent_source: string;
      first_contact_due_at: Date;
      received_at: Date;
    }>(
      system.target.ownerUrl,
      'select raw_payload, source, channel, consent_source, first_contact_due_at, received_at from referral where id = $1',
      [id],
    )
  ).rows[0]!;
  for (const plain of [marker, '111222333', 'Mishandeling', 'Sanne']) {
    assert.ok(!stored.raw_payload.includes(Buffer.from(plain)), `no plaintext ${plain} in the payload column`);
  }
  assert.deepEqual([stored.source, stored.channel, stored.consent_source], ['police', 'api', 'police']);
  assert.equal(iso(stored.first_contact_due_at), iso(addWorkingDays(stored.received_at, 2)), 'first contact within 2 working days');
  const trail = await adminQuery<{ text: string }>(
    system.target.ownerUrl,
    `select row_to_json(e)::text as text from audit_event e where object_id = $1`,
    [id],
  );
  assert.ok(trail.rows.length > 0 && trail.rows.every((r) => !r.text.includes(marker)), 'the audit trail names no one');

  // The partner cannot read back what it sent; another team cannot see it.
  assert.equal(
    (await system.app.inject({ method: 'GET', url: `/api/v1/referrals/${id}`, headers: { authorization: `Bearer ${police.token}` } }))
      .statusCode,
    404,
  );
  assert.equal((await outsider.session.request('GET', `/api/v1/referrals/${id}`)).statusCode, 404);
  assert.deepEqual((await outsider.session.request('GET', '/api/v1/referrals?view=queue')).json().items, []);

  const queue = await worker.session.request('GET', '/api/v1/referrals?view=queue');
  assert.equal(queue.statusCode, 200, queue.body);
  assert.deepEqual(
    queue.json().items.map((r: { id: string }) => r.id),
    [id],
  );
  assert.equal(queue.json().items[0].overdue, false);
  const read = await worker.session.request('GET', `/api/v1/referrals/${id}`);
  assert.equal(read.statusCode, 200, read.body);
  assert.equal(read.json().payload.person.achternaam, marker);
  assert.equal(read.json().payload.person.bsn, '111222333', 'case workers hold persons.read-bsn');
  assert.equal(read.headers.etag, `"referral:${id}:1"`);
  assert.ok(read.json().allowedActions.includes('recordAttempt') && read.json().allowedActions.includes('convert'));

  // Three failed attempts: not reached, and a letter task in the team's list (same transaction).
  const attempt = (outcome: string, note?: string) =>
    worker.session.request('POST', `/api/v1/referrals/${id}/attempts`, { channel: 'phone', outcome, ...(note ? { note } : {}) });
  assert.equal((await attempt('no-answer')).json().status, 'open');
  assert.equal((await attempt('voicemail', 'voicemail ingesproken')).json().status, 'open');
  assert.equal(
    (await outsider.session.request('POST', `/api/v1/referrals/${id}/attempts`, { channel: 'phone', outcome: 'no-answer' })).statusCode,
    404,
    'another team cannot add attempts',
  );
  const third = await attempt('no-answer');
  assert.equal(third.statusCode, 201, third.body);
  assert.equal(third.json().status, 'not-reached');
  assert.equal(third.json().failedAttempts, 3);
  assert.equal(third.json().attempts.length, 3);
  assert.equal(third.json().payload, null, 'changes do not repeat the payload');
  const tasks = await worker.session.request('GET', '/api/v1/tasks?view=team');
  assert.equal(tasks.statusCode, 200, tasks.body);
  const letters = tasks.json().items.filter((task: { referralId: string }) => task.referralId === id);
  assert.equal(letters.length, 1);
  assert.equal(letters[0].title, NOT_REACHED_TASK);
  assert.equal(letters[0].assigneeUserId, null, 'for the team');
  assert.equal(letters[0].owningUnitId, a.unit);
  assert.equal((await outsider.session.request('GET', `/api/v1/tasks/${letters[0].id}`)).statusCode, 404);
  assert.deepEqual((await outsider.session.request('GET', '/api/v1/tasks?view=team')).json().items, []);
  const more = await attempt('no-answer');
  assert.equal(more.json().status, 'not-reached');
  assert.equal(
    (await worker.session.request('GET', '/api/v1/tasks?view=team'))
      .json()
      .items.filter((task: { referralId: string }) => task.referralId === id).length,
    1,
    'one letter task only',
  );

  // The client calls back after the letter; the worker converts. The person is already known to her.
  const reached = await attempt('reached', 'cliënt belde terug na brief');
  assert.equal(reached.json().status, 'in-contact');
  const known = await worker.session.request('POST', '/api/v1/persons', {
    voornamen: 'Sanne',
    achternaam: marker,
    dateOfBirth: '1984-03-12',
  });
  assert.equal(known.statusCode, 201, known.body);
  const before = {
    cases: await count(system, 'case_file where owning_unit_id = $1', [a.unit]),
    persons: await count(system, 'person where achternaam = $1', [marker]),
  };
  const duplicate = await worker.session.request('POST', `/api/v1/referrals/${id}/convert`, {
    version: reached.json().version,
    person: { voornamen: 'Sanne', achternaam: marker, dateOfBirth: '1984-03-12' },
    tracks: ['emotional'],
  });
  assert.equal(duplicate.statusCode, 409, duplicate.body);
  assert.equal(duplicate.json().type, 'urn:casus:problem:possible-duplicate');
  assert.deepEqual(duplicate.json().possibleDuplicates, [{ id: known.json().id, matchedOn: ['name-and-date-of-birth'] }]);
  assert.deepEqual(
    {
      cases: await count(system, 'case_file where owning_unit_id = $1', [a.unit]),
      persons: await count(system, 'person where achternaam = $1', [marker]),
    },
    before,
    'a refused conversion changes nothing',
  );
  assert.equal((await worker.session.request('GET', `/api/v1/referrals/${id}`)).json().status, 'in-contact');

  assert.equal(
    (
      await worker.session.request('POST', `/api/v1/referrals/${id}/convert`, {
        version: reached.json().version - 1,
        personId: known.json().id,
      })
    ).statusCode,
    412,
    'a stale version',
  );
  const converted = await worker.session.request('POST', `/api/v1/referrals/${id}/convert`, {
    version: reached.json().version,
    personId: known.json().id,
    tracks: ['emotional', 'criminal-proceedings'],
  });
  assert.equal(converted.statusCode, 200, converted.body);
  assert.equal(converted.json().referral.status, 'converted');
  assert.equal(converted.json().referral.convertedCaseId, converted.json().case.id);
  assert.equal(converted.json().referral.personId, known.json().id);
  assert.match(converted.json().case.number, /^\d{4}-\d{6,}$/);
  const kase = await worker.session.request('GET', `/api/v1/cases/${converted.json().case.id}`);
  assert.equal(kase.statusCode, 200, kase.body);
  assert.equal(kase.json().owningUnitId, a.unit);
  assert.deepEqual(
    kase.json().participants.map((p: { personId: string; role: string; primaryClient: boolean }) => [p.personId, p.role, p.primaryClient]),
    [[known.json().id, 'victim', true]],
  );
  assert.deepEqual(kase.json().tracks, ['emotional', 'criminal-proceedings']);
  assert.equal(
    (
      await worker.session.request('POST', `/api/v1/referrals/${id}/convert`, {
        version: converted.json().referral.version,
        personId: known.json().id,
      })
    ).statusCode,
    409,
    'converted once',
  );
  // The letter is moot once the client is reached and has a case: the letter task is cancelled with the reason.
  const letter = await worker.session.request('GET', `/api/v1/tasks/${letters[0].id}`);
  assert.equal(letter.json().status, 'cancelled', letter.body);
  assert.equal(letter.json().cancelReason, `aanmelding omgezet in zaak ${converted.json().case.number}`);
  assert.equal(
    (await worker.session.request('GET', '/api/v1/tasks?view=team'))
      .json()
      .items.filter((task: { referralId: string }) => task.referralId === id).length,
    0,
    'no open letter task left',
  );
  const cancelled = await adminQuery<{ reason: string }>(
    system.target.ownerUrl,
    `select reason from audit_event where action = 'task.cancel' and object_id = $1`,
    [letters[0].id],
  );
  assert.deepEqual(
    cancelled.rows.map((r) => r.reason),
    [`aanmelding omgezet in zaak ${converted.json().case.number}`],
  );
  assert.deepEqual((await worker.session.request('GET', '/api/v1/referrals?view=queue')).json().items, [], 'no longer in the queue');

  const actions = await adminQuery<{ action: string }>(
    system.target.ownerUrl,
    `select action from audit_event where object_id = $1 order by id`,
    [id],
  );
  assert.deepEqual(
    actions.rows.map((r) => r.action),
    [
      'referral.submit',
      'referral.read',
      'referral.attempt',
      'referral.attempt',
      'referral.attempt',
      'referral.attempt',
      'referral.attempt',
      'referral.read',
      'referral.convert',
    ],
  );
});

test('without a unitCode a partner’s referral goes to the configured default team, and only where the partner may submit', async (t) => {
  const system = await build(t, { CASUS_REFERRAL_DEFAULT_UNIT: 'ref-default' });
  await createUnit(system, 'ref-region', 'region');
  const defaultTeam = await createUnit(system, 'ref-default', 'team', 'ref-region');
  const elsewhere = await createUnit(system, 'ref-elsewhere', 'team');
  const partner = await policeToken(system, 'om-parket', 'ref-region');
  const body = { source: 'public-prosecutor', sourceReference: 'parket', consent: { given: false }, person: { achternaam: 'Default' } };
  const sent = await submit(system, partner.token, body, 'om-1');
  assert.equal(sent.statusCode, 201, sent.body);
  const stored = await adminQuery<{ owning_unit_id: string; consent_given: boolean; consent_source: string }>(
    system.target.ownerUrl,
    'select owning_unit_id, consent_given, consent_source from referral where id = $1',
    [sent.json().id],
  );
  assert.deepEqual(stored.rows[0], { owning_unit_id: defaultTeam, consent_given: false, consent_source: 'prosecutor' });
  const refused = await submit(system, partner.token, { ...body, unitCode: 'ref-elsewhere' }, 'om-2');
  assert.equal(refused.statusCode, 403, refused.body);
  assert.equal(await count(system, 'referral where owning_unit_id = $1', [elsewhere]), 0);
});

test('the queue runs by first-contact deadline in working days; assignment, taking and closing', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const person = await worker.session.request('POST', '/api/v1/persons', { achternaam: `Queue${a.n}` });
  assert.equal(person.statusCode, 201, person.body);
  const intake = async (receivedAt: string) => {
    const created = await worker.session.request('POST', '/api/v1/referrals', {
      source: 'self',
      channel: 'phone',
      owningUnitId: a.unit,
      receivedAt,
      personId: person.json().id,
      consent: { given: true },
    });
    assert.equal(created.statusCode, 201, created.body);
    return created.json<{ id: string; version: number; firstContactDueAt: string; consentSource: string }>();
  };
  // Created out of order. Good Friday 2026 (3 April) is open by default, Easter Monday (6 April) closed.
  const tuesday = await intake('2026-04-07T09:00:00+02:00');
  const goodFriday = await intake('2026-04-03T10:00:00+02:00');
  const plainFriday = await intake('2026-03-27T10:00:00+01:00');
  const thursday = await intake('2026-04-02T09:00:00+02:00');
  assert.equal(plainFriday.firstContactDueAt, '2026-03-31T21:59:59.999Z', 'a plain Friday: due Tuesday');
  assert.equal(goodFriday.firstContactDueAt, '2026-04-08T21:59:59.999Z', 'the Friday before Easter Monday: due Wednesday');
  assert.equal(thursday.firstContactDueAt, '2026-04-07T21:59:59.999Z');
  assert.equal(tuesday.firstContactDueAt, '2026-04-09T21:59:59.999Z');
  assert.equal(goodFriday.consentSource, 'client');

  const order = [plainFriday.id, thursday.id, goodFriday.id, tuesday.id];
  const page1 = await worker.session.request('GET', `/api/v1/referrals?view=queue&unitId=${a.unit}&limit=2`);
  assert.equal(page1.statusCode, 200, page1.body);
  assert.deepEqual(
    page1.json().items.map((r: { id: string }) => r.id),
    order.slice(0, 2),
  );
  assert.ok(
    page1.json().items.every((r: { overdue: boolean }) => r.overdue),
    'all past their deadline',
  );
  // The time left in working days, as the team plans it: negative, the working days overdue.
  const now = new Date();
  for (const item of page1.json().items as { firstContactDueAt: string; workingDaysLeft: number }[]) {
    assert.equal(item.workingDaysLeft, workingDaysBetween(now, new Date(item.firstContactDueAt)));
    assert.ok(item.workingDaysLeft < 0);
  }
  const fresh = await intake(now.toISOString());
  const freshRead = await worker.session.request('GET', `/api/v1/referrals/${fresh.id}`);
  assert.equal(freshRead.json().workingDaysLeft, 2, 'received now, due in CASUS_REFERRAL_FIRST_CONTACT_DAYS (2) working days');
  const declined = await worker.session.request('POST', `/api/v1/referrals/${fresh.id}/close`, {
    version: fresh.version,
    status: 'declined',
    reason: 'only here to show the time left',
  });
  assert.equal(declined.statusCode, 200, declined.body);
  assert.equal(declined.json().workingDaysLeft, null, 'closed: no deadline to meet');
  const page2 = await worker.session.request('GET', `/api/v1/referrals?view=queue&unitId=${a.unit}&limit=2&after=${page1.json().next}`);
  assert.deepEqual(
    page2.json().items.map((r: { id: string }) => r.id),
    order.slice(2),
  );
  assert.equal(page2.json().next, null);

  // A team lead assigns; a worker takes an unassigned one herself, but may not hand out work.
  const assigned = await lead.session.request('POST', `/api/v1/referrals/${goodFriday.id}/assign`, {
    version: goodFriday.version,
    userId: worker.id,
  });
  assert.equal(assigned.statusCode, 200, assigned.body);
  assert.equal(assigned.json().assignedTo, worker.id);
  assert.equal(
    (await lead.session.request('POST', `/api/v1/referrals/${goodFriday.id}/assign`, { version: goodFriday.version, userId: lead.id }))
      .statusCode,
    412,
    'a stale version',
  );
  assert.equal(
    (await worker.session.request('POST', `/api/v1/referrals/${thursday.id}/assign`, { version: thursday.version, userId: lead.id }))
      .statusCode,
    403,
  );
  const taken = await worker.session.request('POST', `/api/v1/referrals/${tuesday.id}/assign`, {
    version: tuesday.version,
    userId: worker.id,
  });
  assert.equal(taken.statusCode, 200, taken.body);
  const mine = await worker.session.request('GET', '/api/v1/referrals?view=mine');
  assert.deepEqual(
    mine.json().items.map((r: { id: string }) => r.id),
    [goodFriday.id, tuesday.id],
  );
  const returned = await worker.session.request('POST', `/api/v1/referrals/${tuesday.id}/assign`, {
    version: taken.json().version,
    userId: null,
  });
  assert.equal(returned.statusCode, 200, returned.body);
  assert.equal(returned.json().assignedTo, null);

  // Someone who may not see BSNs (a volunteer) does not see the one in the payload either.
  const volunteer = await a.user('volunteer', 'volunteer');
  const withBsn = await worker.session.request('POST', '/api/v1/referrals', {
    source: 'partner',
    channel: 'email',
    owningUnitId: a.unit,
    person: { achternaam: `Bsn${a.n}`, bsn: '111222333' },
  });
  assert.equal(withBsn.statusCode, 201, withBsn.body);
  assert.equal(
    (await lead.session.request('POST', `/api/v1/referrals/${withBsn.json().id}/assign`, { version: 1, userId: volunteer.id })).statusCode,
    200,
  );
  const asVolunteer = await volunteer.session.request('GET', `/api/v1/referrals/${withBsn.json().id}`);
  assert.equal(asVolunteer.statusCode, 200, asVolunteer.body);
  assert.deepEqual(asVolunteer.json().payload.person, { achternaam: `Bsn${a.n}`, bsnHidden: true });
  assert.equal((await lead.session.request('GET', `/api/v1/referrals/${withBsn.json().id}`)).json().payload.person.bsn, '111222333');
  await lead.session.request('POST', `/api/v1/referrals/${withBsn.json().id}/close`, {
    version: 2,
    status: 'declined',
    reason: 'test referral, not needed further',
  });

  const closed = await worker.session.request('POST', `/api/v1/referrals/${plainFriday.id}/close`, {
    version: plainFriday.version,
    status: 'duplicate',
    reason: 'same incident as the referral of Thursday',
  });
  assert.equal(closed.statusCode, 200, closed.body);
  assert.equal(closed.json().status, 'duplicate');
  assert.ok(closed.json().closedAt);
  assert.deepEqual(closed.json().allowedActions, []);
  assert.equal(
    (
      await worker.session.request('POST', `/api/v1/referrals/${plainFriday.id}/close`, {
        version: closed.json().version,
        status: 'declined',
        reason: 'client does not want help',
      })
    ).statusCode,
    409,
  );
  assert.equal(
    (await worker.session.request('POST', `/api/v1/referrals/${plainFriday.id}/attempts`, { channel: 'phone', outcome: 'reached' }))
      .statusCode,
    409,
    'no attempts on a closed referral',
  );
  const queue = await worker.session.request('GET', `/api/v1/referrals?view=queue&unitId=${a.unit}`);
  assert.deepEqual(
    queue.json().items.map((r: { id: string }) => r.id),
    order.slice(1),
  );
  const duplicates = await worker.session.request('GET', `/api/v1/referrals?view=queue&status=duplicate`);
  assert.deepEqual(
    duplicates.json().items.map((r: { id: string }) => r.id),
    [plainFriday.id],
  );
});

test('team B cannot read or change team A’s referrals, attempts or tasks, whatever the SQL says', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const other = await b.user('worker', 'case-worker');
  const partner = await createUser(system, `ketenpartner-${a.n}`, { kind: 'service', password: null });
  await grantRole(system, partner.id, 'chain-partner', b.code);
  const person = (await worker.session.request('POST', '/api/v1/persons', { achternaam: `Rls${a.n}` })).json();
  const referral = (
    await worker.session.request('POST', '/api/v1/referrals', {
      source: 'partner',
      channel: 'email',
      owningUnitId: a.unit,
      personId: person.id,
    })
  ).json();
  for (let i = 0; i < 3; i++)
    await worker.session.request('POST', `/api/v1/referrals/${referral.id}/attempts`, { channel: 'sms', outcome: 'no-answer' });
  assert.equal(await count(system, 'task where referral_id = $1', [referral.id]), 1);

  const seen = (ctx: ActorContext) =>
    system.db.transaction(ctx, async (tx) => ({
      referrals: (await sql<{ n: number }>`select count(*)::int as n from referral where id = ${referral.id}`.execute(tx.db)).rows[0]!.n,
      attempts: (
        await sql<{ n: number }>`select count(*)::int as n from referral_contact_attempt where referral_id = ${referral.id}`.execute(tx.db)
      ).rows[0]!.n,
      tasks: (await sql<{ n: number }>`select count(*)::int as n from task where referral_id = ${referral.id}`.execute(tx.db)).rows[0]!.n,
    }));
  assert.deepEqual(await seen(await actorOf(system, worker.id)), { referrals: 1, attempts: 3, tasks: 1 });
  const outsider = await actorOf(system, other.id);
  assert.deepEqual(await seen(outsider), { referrals: 0, attempts: 0, tasks: 0 });
  assert.deepEqual(
    await seen(await actorOf(system, partner.id, 'service')),
    { referrals: 0, attempts: 0, tasks: 0 },
    'a chain partner reads nothing back',
  );

  const changed = await system.db.transaction(outsider, async (tx) => ({
    referral: Number(
      (await sql`update referral set status = 'declined', closed_at = now(), closed_reason = 'x' where id = ${referral.id}`.execute(tx.db))
        .numAffectedRows,
    ),
    task: Number(
      (await sql`update task set status = 'done', completed_at = now() where referral_id = ${referral.id}`.execute(tx.db)).numAffectedRows,
    ),
  }));
  assert.deepEqual(changed, { referral: 0, task: 0 });
  await assert.rejects(
    system.db.transaction(outsider, (tx) =>
      sql`insert into referral_contact_attempt (referral_id, at, channel, outcome, recorded_by) values (${referral.id}, now(), 'phone', 'reached', ${other.id})`.execute(
        tx.db,
      ),
    ),
    /row-level security/,
  );
  await assert.rejects(
    system.db.transaction(outsider, (tx) =>
      sql`insert into task (id, referral_id, owning_unit_id, title, due_at) values (gen_random_uuid(), ${referral.id}, ${b.unit}, 'snoop', now())`.execute(
        tx.db,
      ),
    ),
    /row-level security/,
  );
  await assert.rejects(
    system.db.transaction(outsider, (tx) =>
      sql`insert into referral (source, channel, received_at, raw_payload, owning_unit_id, first_contact_due_at, submitted_by) values ('self', 'phone', now(), '\\x00', ${a.unit}, now(), ${other.id})`.execute(
        tx.db,
      ),
    ),
    /row-level security/,
    'no referral into another team’s queue',
  );
  await assert.rejects(
    system.db.transaction(await actorOf(system, partner.id, 'service'), (tx) =>
      sql`insert into referral (source, channel, received_at, raw_payload, owning_unit_id, first_contact_due_at, submitted_by) values ('police', 'api', now(), '\\x00', ${a.unit}, now(), ${partner.id})`.execute(
        tx.db,
      ),
    ),
    /row-level security/,
    'a partner submits only where it holds referrals.submit',
  );
  await assert.rejects(
    system.db.transaction(await actorOf(system, worker.id), (tx) =>
      sql`insert into referral (source, channel, received_at, raw_payload, owning_unit_id, first_contact_due_at, submitted_by) values ('self', 'phone', now(), '\\x00', ${a.unit}, now(), ${other.id})`.execute(
        tx.db,
      ),
    ),
    /row-level security/,
    'not in someone else’s name',
  );
  await assert.rejects(
    system.db.transaction(await actorOf(system, worker.id), (tx) =>
      sql`update referral set owning_unit_id = ${b.unit} where id = ${referral.id}`.execute(tx.db),
    ),
    /permission denied/,
    'a referral never changes teams by hand',
  );
  const untouched = await adminQuery<{ status: string; attempts: string; task: string }>(
    system.target.ownerUrl,
    `select r.status, (select count(*) from referral_contact_attempt where referral_id = r.id) as attempts, (select status from task where referral_id = r.id) as task from referral r where r.id = $1`,
    [referral.id],
  );
  assert.deepEqual(untouched.rows[0], { status: 'not-reached', attempts: '3', task: 'open' });
});

test('bad input is refused with a problem and changes nothing', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker: { session: Session; id: string } = await a.user('worker', 'case-worker');
  const person = (await worker.session.request('POST', '/api/v1/persons', { achternaam: `Bad${a.n}` })).json();
  const referral = (
    await worker.session.request('POST', '/api/v1/referrals', { source: 'self', owningUnitId: a.unit, personId: person.id })
  ).json();
  const snapshot = async () => ({
    referrals: await count(system, 'referral'),
    attempts: await count(system, 'referral_contact_attempt'),
    version: (await adminQuery<{ version: number }>(system.target.ownerUrl, 'select version from referral where id = $1', [referral.id]))
      .rows[0]!.version,
  });
  const before = await snapshot();
  const create = (body: object) => worker.session.request('POST', '/api/v1/referrals', body);
  const bad = [
    await create({ source: 'self', personId: person.id }),
    await create({ source: 'neighbour', owningUnitId: a.unit, personId: person.id }),
    await create({ source: 'self', owningUnitId: a.unit }),
    await create({ source: 'self', owningUnitId: a.unit, personId: '00000000-0000-4000-8000-000000000000' }),
    await create({
      source: 'self',
      owningUnitId: a.unit,
      personId: person.id,
      receivedAt: new Date(Date.now() + 86_400_000).toISOString(),
    }),
    await create({ source: 'self', owningUnitId: a.unit, personId: person.id, incidentId: '00000000-0000-4000-8000-000000000000' }),
    await create({ source: 'self', owningUnitId: a.unit, personId: person.id, unexpected: true }),
    await worker.session.request('POST', `/api/v1/referrals/${referral.id}/attempts`, { channel: 'pigeon', outcome: 'reached' }),
    await worker.session.request('POST', `/api/v1/referrals/${referral.id}/attempts`, {
      channel: 'phone',
      outcome: 'reached',
      note: 'x'.repeat(501),
    }),
    await worker.session.request('POST', `/api/v1/referrals/${referral.id}/attempts`, {
      channel: 'phone',
      outcome: 'reached',
      at: new Date(Date.now() + 86_400_000).toISOString(),
    }),
    await worker.session.request('POST', `/api/v1/referrals/${referral.id}/attempts`, {
      channel: 'phone',
      outcome: 'reached',
      at: '2001-01-01T00:00:00Z',
    }),
    await worker.session.request('POST', `/api/v1/referrals/${referral.id}/convert`, {
      version: referral.version,
      personId: person.id,
      person: { achternaam: 'Twee' },
    }),
    await worker.session.request('POST', `/api/v1/referrals/${referral.id}/close`, {
      version: referral.version,
      status: 'converted',
      reason: 'not how one converts',
    }),
    await worker.session.request('POST', `/api/v1/referrals/${referral.id}/close`, {
      version: referral.version,
      status: 'declined',
      reason: 'short',
    }),
    await worker.session.request('GET', '/api/v1/referrals?after=garbage'),
  ];
  for (const response of bad) {
    assert.equal(response.statusCode, 400, response.body);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
  assert.equal((await create({ source: 'self', owningUnitId: b.unit, personId: person.id })).statusCode, 403, 'not into another team');
  assert.deepEqual(await snapshot(), before);
});

test('key rotation re-encrypts the payloads under the new key and keeps them readable', async (t) => {
  const [keyA, keyB, index] = [randomBytes(32), randomBytes(32), randomBytes(32)];
  const system = await build(t, {
    CASUS_ENCRYPTION_KEYS: `r2025:${keyA.toString('base64')},r2026:${keyB.toString('base64')}`,
    CASUS_ENCRYPTION_ACTIVE_KEY: 'r2025',
    CASUS_BLIND_INDEX_KEY: index.toString('base64'),
  });
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const note = `Aangemeld via de balie ${a.n}`;
  const created = await worker.session.request('POST', '/api/v1/referrals', {
    source: 'self',
    channel: 'in-person',
    owningUnitId: a.unit,
    person: { achternaam: `Rotatie${a.n}` },
    note,
  });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json<{ id: string }>().id;
  const raw = async () =>
    (await adminQuery<{ raw_payload: Buffer }>(system.target.ownerUrl, 'select raw_payload from referral where id = $1', [id])).rows[0]!
      .raw_payload;
  assert.equal(system.keyRing.keyIdOf(await raw()), 'r2025');

  const column = system.encryption.all().find((c) => c.name === 'referrals.payload');
  assert.ok(column, 'the payload column is registered for rotation');
  const rotated = createKeyRing({
    keys: [
      { id: 'r2025', key: keyA },
      { id: 'r2026', key: keyB },
    ],
    activeKeyId: 'r2026',
    blindIndexKey: index,
  });
  // Rows of this file's other tests are under the data directory's key, which this ring lacks.
  const others = await count(system, 'referral where id <> $1', [id]);
  const result = await rotateColumn(system.db, rotated, column, { batchSize: 2 });
  assert.deepEqual([result.rotated, result.failed, result.complete], [1, others, true]);
  const onlyNew = createKeyRing({ keys: [{ id: 'r2026', key: keyB }], activeKeyId: 'r2026', blindIndexKey: index });
  assert.equal(onlyNew.keyIdOf(await raw()), 'r2026');
  assert.equal(JSON.parse(onlyNew.decryptText('referrals.payload', await raw(), id)).note, note);
  assert.ok(!(await raw()).includes(Buffer.from(note)));
  const read = await worker.session.request('GET', `/api/v1/referrals/${id}`);
  assert.equal(read.statusCode, 200, read.body);
  assert.equal(read.json().payload.note, note, 'the running system still reads it');
});

// Proves: keyset paging neither skips nor repeats referrals due within the same millisecond
// (PostgreSQL keeps microseconds, JavaScript dates do not).
test('the queue pages through every referral exactly once, even when deadlines differ only in microseconds', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const made: string[] = [];
  for (let i = 0; i < 4; i++) {
    const created = await worker.session.request('POST', '/api/v1/referrals', {
      source: 'self',
      channel: 'phone',
      owningUnitId: a.unit,
      person: { achternaam: `Micro${a.n}-${i}` },
    });
    assert.equal(created.statusCode, 201, created.body);
    made.push(created.json<{ id: string }>().id);
  }
  // Deadlines in the reverse of the order they came in, all within one millisecond.
  for (const [i, id] of made.entries()) {
    await adminQuery(
      system.target.ownerUrl,
      `update referral set first_contact_due_at = '2026-04-07 21:59:59.998000+00'::timestamptz + make_interval(secs => $2::int / 1000000.0) where id = $1`,
      [id, 900 - i * 100],
    );
  }
  const seen: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 10; page++) {
    const response = await worker.session.request(
      'GET',
      `/api/v1/referrals?view=queue&unitId=${a.unit}&limit=1${after ? `&after=${after}` : ''}`,
    );
    assert.equal(response.statusCode, 200, response.body);
    seen.push(...response.json().items.map((r: { id: string }) => r.id));
    after = response.json().next;
    if (!after) break;
  }
  assert.deepEqual(seen, [...made].reverse(), 'every referral once, in deadline order');
});

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

test('the referral queue and lists audit which referrals they showed and whom they are about', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const person = (await worker.session.request('POST', '/api/v1/persons', { achternaam: `Lijst${a.n}` })).json<{ id: string }>();
  const withPerson = (
    await worker.session.request('POST', '/api/v1/referrals', { source: 'self', owningUnitId: a.unit, personId: person.id })
  ).json<{ id: string }>();
  const without = (
    await worker.session.request('POST', '/api/v1/referrals', {
      source: 'self',
      owningUnitId: a.unit,
      person: { achternaam: `Onbekend${a.n}` },
    })
  ).json<{ id: string }>();
  const queue = await worker.session.request('GET', '/api/v1/referrals?view=queue');
  assert.deepEqual(
    queue
      .json<{ items: { id: string }[] }>()
      .items.map((r) => r.id)
      .sort(),
    [withPerson.id, without.id].sort(),
  );
  const rows = await adminQuery<{ object_ids: string[]; data_subject_ids: string[] }>(
    system.target.ownerUrl,
    `select object_ids, data_subject_ids from audit_event where action = 'referral.list' and actor_id = $1`,
    [worker.id],
  );
  assert.equal(rows.rows.length, 1, 'one audit row per list read');
  assert.deepEqual(rows.rows[0]!.object_ids.sort(), [withPerson.id, without.id].sort());
  assert.deepEqual(rows.rows[0]!.data_subject_ids, [person.id]);
});
