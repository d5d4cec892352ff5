// Merging keeps a client's history in one place across modules: the merge publishes 'person.merged'
// in its own transaction, and the contacts and referrals modules (which persons does not know)
// repoint their references to the duplicate after it committed, audited, once however often the
// event is delivered. A refused merge publishes nothing.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { adminQuery } from '../../../test/helpers/database.ts';
import { openCase, team as newTeam } from '../../../test/helpers/fixtures.ts';
import { buildIdentity, type IdentitySystem } from '../../../test/helpers/identity.ts';
import { createCasesModule } from '../cases/index.ts';
import { systemContext } from '../../kernel/auth/actor.ts';
import { publishEvent } from '../../kernel/events/outbox.ts';
import { createContactsModule } from '../contacts/index.ts';
import { repointContactMoments } from '../contacts/contacts.events.ts';
import { repointReferrals } from '../referrals/referrals.events.ts';
import { createReferralsModule } from '../referrals/index.ts';
import { createTasksModule } from '../tasks/index.ts';
import { createPersonsModule } from './index.ts';

const CONTACTS_HANDLER = 'contacts.repoint-merged-person';
const REFERRALS_HANDLER = 'referrals.repoint-merged-person';

// One system with a worker (job queue and outbox relay) for the whole file, in module order.
const fileScope = { after: (cleanup) => after(cleanup as () => Promise<void>) } satisfies Pick<TestContext, 'after'>;
const system: IdentitySystem = await buildIdentity(fileScope, {
  worker: true,
  extra: [createCasesModule(), createPersonsModule(), createReferralsModule(), createTasksModule(), createContactsModule()],
});
const owner = system.target.ownerUrl;

/** A team with a case worker and a team lead. */
async function team() {
  const { n, unit, user } = await newTeam(system);
  return { n, unit, worker: await user('worker', 'case-worker'), lead: await user('lead', 'team-lead') };
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

const one = async <T>(text: string, values: unknown[]) => (await adminQuery<T & Record<string, unknown>>(owner, text, values)).rows[0]!;
const mergedEvents = async () =>
  (await one<{ n: number }>(`select count(*)::int as n from outbox_event where name = 'person.merged'`, [])).n;
const repointAudits = (keptId: string) =>
  adminQuery<{
    action: string;
    actor_kind: string;
    actor_id: string;
    object_type: string;
    data_subject_id: string;
    details: { mergedId: string; count: number };
  }>(
    owner,
    `select action, actor_kind, actor_id, object_type, data_subject_id, details from audit_event
   where action in ('contact-moment.repoint', 'referral.repoint') and object_id = $1 order by action`,
    [keptId],
  );
const handled = async (eventId: string) =>
  (
    await one<{ n: number }>('select count(*)::int as n from processed_event where event_id = $1 and handler = any($2)', [
      eventId,
      [CONTACTS_HANDLER, REFERRALS_HANDLER],
    ])
  ).n === 2;

test('a merge repoints the duplicate’s contact moments and referrals to the kept person, audited, once', async () => {
  const { n, unit, worker, lead } = await team();
  const person = async (achternaam: string) => {
    const created = await worker.session.request('POST', '/api/v1/persons', { achternaam, confirmNoDuplicate: true });
    assert.equal(created.statusCode, 201, created.body);
    return created.json().id as string;
  };
  const kept = await person(`Bakker${n}`);
  const duplicate = await person(`Bakker${n}`);
  const { id: caseId } = await openCase(system, worker, unit, { participants: [{ personId: kept, role: 'victim', primaryClient: true }] });
  assert.equal(
    (await worker.session.request('POST', `/api/v1/cases/${caseId}/participants`, { personId: duplicate, role: 'next-of-kin' })).statusCode,
    200,
  );

  const log = async (personId: string) => {
    const logged = await worker.session.request('POST', `/api/v1/cases/${caseId}/contact-moments`, {
      personId,
      channel: 'phone',
      direction: 'outbound',
      outcome: 'reached',
      summary: 'Gesprek over de zitting.',
    });
    assert.equal(logged.statusCode, 201, logged.body);
    return logged.json<{ id: string; version: number }>();
  };
  const duplicateContact = await log(duplicate);
  const keptContact = await log(kept);
  const referral = await worker.session.request('POST', '/api/v1/referrals', {
    source: 'self',
    channel: 'phone',
    owningUnitId: unit,
    personId: duplicate,
  });
  assert.equal(referral.statusCode, 201, referral.body);
  const referralId = referral.json().id as string;
  const referralVersion = referral.json().version as number;

  const before = await mergedEvents();
  const merged = await lead.session.request('POST', `/api/v1/persons/${kept}/merge`, {
    duplicateId: duplicate,
    reason: 'dezelfde cliënt twee keer geregistreerd',
  });
  assert.equal(merged.statusCode, 200, merged.body);
  assert.equal(await mergedEvents(), before + 1);
  const event = await one<{ id: string; payload: unknown }>(
    `select id, payload from outbox_event where name = 'person.merged' and payload->>'mergedId' = $1`,
    [duplicate],
  );
  assert.deepEqual(event.payload, { keptId: kept, mergedId: duplicate }, 'ids only, never personal data');

  const contactPerson = async (id: string) =>
    (await one<{ person_id: string }>('select person_id from contact_moment where id = $1', [id])).person_id;
  const referralPerson = async () =>
    (await one<{ person_id: string }>('select person_id from referral where id = $1', [referralId])).person_id;
  await waitFor('the contact moment to name the kept person', async () => (await contactPerson(duplicateContact.id)) === kept);
  await waitFor('the referral to name the kept person', async () => (await referralPerson()) === kept);
  await waitFor('both handlers to have claimed the event', () => handled(event.id));

  // The rows changed, so their versions moved on: a correction based on what was read before gets 412.
  const read = await worker.session.request('GET', `/api/v1/contact-moments/${duplicateContact.id}`);
  assert.equal(read.json().personId, kept);
  assert.equal(read.json().version, duplicateContact.version + 1);
  const stale = await worker.session.request('PATCH', `/api/v1/contact-moments/${duplicateContact.id}`, {
    version: duplicateContact.version,
    outcome: 'completed',
  });
  assert.equal(stale.statusCode, 412, stale.body);
  assert.equal((await one<{ version: number }>('select version from referral where id = $1', [referralId])).version, referralVersion + 1);
  const untouched = await one<{ person_id: string; version: number }>('select person_id, version from contact_moment where id = $1', [
    keptContact.id,
  ]);
  assert.deepEqual({ ...untouched }, { person_id: kept, version: keptContact.version }, 'the kept person’s own contact is not changed');

  const expected = (action: string, handler: string) => ({
    action,
    actor_kind: 'system',
    actor_id: `event.${handler}`,
    object_type: 'person',
    data_subject_id: kept,
    details: { mergedId: duplicate, keptId: kept, count: 1 },
  });
  assert.deepEqual(
    (await repointAudits(kept)).rows.map((r) => ({ ...r })),
    [expected('contact-moment.repoint', CONTACTS_HANDLER), expected('referral.repoint', REFERRALS_HANDLER)],
  );

  // Redelivered by the queue under new job ids (as after a worker died before completing): no effect twice.
  const {
    rows: [outboxRow],
  } = await adminQuery<{
    occurred_at: Date;
    actor_kind: string;
    actor_id: string | null;
    request_id: string | null;
    trace_id: string | null;
  }>(owner, 'select occurred_at, actor_kind, actor_id, request_id, trace_id from outbox_event where id = $1', [event.id]);
  const redelivered = {
    id: event.id,
    name: 'person.merged',
    payload: event.payload,
    occurredAt: outboxRow!.occurred_at,
    actor: { kind: outboxRow!.actor_kind, id: outboxRow!.actor_id },
    requestId: outboxRow!.request_id,
    traceId: outboxRow!.trace_id,
  };
  const jobIds = [
    await system.jobs.send(`event.${CONTACTS_HANDLER}`, redelivered),
    await system.jobs.send(`event.${REFERRALS_HANDLER}`, redelivered),
  ];
  await waitFor(
    'the redeliveries to complete',
    async () =>
      (await one<{ n: number }>(`select count(*)::int as n from pgboss.job where id = any($1::uuid[]) and state = 'completed'`, [jobIds]))
        .n === 2,
  );
  assert.equal((await repointAudits(kept)).rows.length, 2, 'each handler audited once');
  assert.equal(
    (await one<{ version: number }>('select version from contact_moment where id = $1', [duplicateContact.id])).version,
    duplicateContact.version + 1,
  );
});

test('a merge with nothing to repoint audits nothing; a refused merge publishes nothing', async () => {
  const { n, unit, worker, lead } = await team();
  const person = async () =>
    (await worker.session.request('POST', '/api/v1/persons', { achternaam: `Visser${n}`, confirmNoDuplicate: true })).json().id as string;
  const [kept, duplicate, other] = [await person(), await person(), await person()];
  assert.equal(
    (
      await worker.session.request('POST', '/api/v1/cases', {
        owningUnitId: unit,
        participants: [
          { personId: kept, role: 'victim' },
          { personId: duplicate, role: 'next-of-kin' },
          { personId: other, role: 'witness' },
        ],
      })
    ).statusCode,
    201,
  );

  const merge = (keepId: string, duplicateId: string, session = lead.session) =>
    session.request('POST', `/api/v1/persons/${keepId}/merge`, { duplicateId, reason: 'dezelfde cliënt twee keer geregistreerd' });
  assert.equal((await merge(kept, duplicate)).statusCode, 200);
  const event = await one<{ id: string }>(`select id from outbox_event where name = 'person.merged' and payload->>'mergedId' = $1`, [
    duplicate,
  ]);
  await waitFor('both handlers to have handled the merge', () => handled(event.id));
  assert.equal((await repointAudits(kept)).rows.length, 0, 'no rows changed, no repoint audit');

  const before = await mergedEvents();
  const refusals = [
    [await merge(kept, duplicate), 400, 'the duplicate was merged already'],
    [await merge(kept, kept), 400, 'into itself'],
    [await merge(duplicate, other), 404, 'into a merged person'],
    [await merge(kept, other, worker.session), 403, 'without persons.merge'],
  ] as const;
  for (const [response, status, why] of refusals) assert.equal(response.statusCode, status, `${why}: ${response.body}`);
  assert.equal(await mergedEvents(), before, 'refused merges publish nothing');
  assert.equal((await one<{ merged_into: string | null }>('select merged_into from person where id = $1', [other])).merged_into, null);
});

// Merges chain (A into B, then B into C) and their events are handled in any order. Here the first
// merge's handlers run last, after both merges committed: A's rows must go to C, who lives on, not
// to B, who is merged himself. (The merges are marked directly, so no event races the calls below.)
test('chained merges: a late event repoints to the person kept in the end', async () => {
  const { n, unit, worker } = await team();
  const person = async (name: string) =>
    (await worker.session.request('POST', '/api/v1/persons', { achternaam: `${name}${n}`, confirmNoDuplicate: true })).json().id as string;
  const [a, b, c] = [await person('Aalders'), await person('Aalders'), await person('Aalders')];
  const opened = await openCase(system, worker, unit, { participants: [{ personId: a, role: 'victim', primaryClient: true }] });
  const contact = await worker.session.request('POST', `/api/v1/cases/${opened.id}/contact-moments`, {
    personId: a,
    channel: 'phone',
    direction: 'outbound',
    outcome: 'reached',
    summary: 'Eerste gesprek.',
  });
  assert.equal(contact.statusCode, 201, contact.body);
  const referral = await worker.session.request('POST', '/api/v1/referrals', {
    source: 'self',
    channel: 'phone',
    owningUnitId: unit,
    personId: a,
  });
  assert.equal(referral.statusCode, 201, referral.body);
  await adminQuery(owner, 'update person set merged_into = $1 where id = $2', [b, a]);
  await adminQuery(owner, 'update person set merged_into = $1 where id = $2', [c, b]);

  const moved = await system.db.transaction(systemContext('test'), async (tx) => [
    await repointContactMoments(tx, b, a),
    await repointReferrals(tx, b, a),
  ]);
  assert.deepEqual(moved, [1, 1]);
  assert.equal((await one<{ person_id: string }>('select person_id from contact_moment where id = $1', [contact.json().id])).person_id, c);
  assert.equal((await one<{ person_id: string }>('select person_id from referral where id = $1', [referral.json().id])).person_id, c);
});

// Proves: a made-up merge (SQL injected into a signed-in worker's transaction can publish any event; the
// outbox records who did) moves nothing: the handlers ask the persons table, and record the refusal.
test('a forged person.merged event moves no contact moment or referral, and is recorded as refused', async () => {
  const { n, unit, worker } = await team();
  const person = async (name: string) =>
    (await worker.session.request('POST', '/api/v1/persons', { achternaam: `${name}${n}`, confirmNoDuplicate: true })).json().id as string;
  const [victim, other] = [await person('Slachtoffer'), await person('Ander')];
  const opened = await openCase(system, worker, unit, { participants: [{ personId: victim, role: 'victim', primaryClient: true }] });
  const contact = await worker.session.request('POST', `/api/v1/cases/${opened.id}/contact-moments`, {
    personId: victim,
    channel: 'phone',
    direction: 'outbound',
    outcome: 'reached',
    summary: 'Gesprek.',
  });
  assert.equal(contact.statusCode, 201, contact.body);
  const actor = { kind: 'user' as const, id: worker.id, permissions: ['cases.create'], units: [unit] };
  const eventId = await system.db.transaction({ actor, origin: { requestId: 'forged', traceId: null, ip: null, userAgent: null } }, (tx) =>
    publishEvent(tx, 'person.merged', { keptId: other, mergedId: victim }),
  );
  const published = await one<{ actor_id: string }>('select actor_id from outbox_event where id = $1', [eventId]);
  assert.equal(published.actor_id, worker.id, 'the outbox records who published it');
  await waitFor('both handlers to have seen the event', () => handled(eventId));
  assert.equal(
    (await one<{ person_id: string }>('select person_id from contact_moment where id = $1', [contact.json().id])).person_id,
    victim,
    'not moved',
  );
  const refusals = await adminQuery<{ action: string; result: string }>(
    owner,
    `select action, result from audit_event where action in ('contact-moment.repoint', 'referral.repoint') and object_id = $1 order by action`,
    [other],
  );
  assert.deepEqual(
    refusals.rows.map((r) => ({ ...r })),
    [
      { action: 'contact-moment.repoint', result: 'denied' },
      { action: 'referral.repoint', result: 'denied' },
    ],
  );
});
