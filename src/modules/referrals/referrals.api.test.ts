// The referrals API as the police, case workers and team leads use it: a chain partner submits through
// the integration endpoint with an API token (retries never make two), the team queue in first-contact
// deadline order with Dutch working days, contact attempts until "not reached" with a letter task for
// the team, conversion to a case with the duplicate check, closing; what is stored is encrypted; other
// teams see nothing, through the API or through hand-written SQL as the application role.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addWorkingDays, workingDaysBetween } from '../../kernel/calendar/working-days.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { team } from '../../../test/helpers/fixtures.ts';
import { createUnit } from '../../../test/helpers/identity.ts';
import { NOT_REACHED_TASK } from './index.ts';
import { build, count, iso, policeToken, submit } from '../../../test/helpers/referrals.ts';

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
