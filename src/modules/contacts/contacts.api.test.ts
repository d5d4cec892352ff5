// Contact moments as case workers, volunteers and team leads use them: logged on one's own case with
// an encrypted summary, invisible and untouchable for other teams even with hand-written SQL through
// the application role, corrected by the author for 24 hours and later only by a team lead, with
// optimistic concurrency, safe retries, keyset pages, and summaries that survive key rotation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { ActorContext } from '../../kernel/auth/actor.ts';
import { createKeyRing } from '../../kernel/crypto/keyring.ts';
import { rotateColumn } from '../../kernel/crypto/rotation.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { actorOf, openCase, team } from '../../../test/helpers/fixtures.ts';
import { buildIdentity, type IdentitySystem, type Session } from '../../../test/helpers/identity.ts';
import { createCasesModule } from '../cases/index.ts';
import { createPersonsModule } from '../persons/index.ts';
import { createContactsModule, latestContactMoments } from './index.ts';

const modules = () => [createCasesModule(), createPersonsModule(), createContactsModule()];
const build = (t: Parameters<typeof buildIdentity>[0], env?: Record<string, string>) =>
  buildIdentity(t, { extra: modules(), ...(env ? { env } : {}) });

const call = { channel: 'phone', direction: 'outbound', outcome: 'reached', durationMinutes: 25 };
const log = (session: Session, caseId: string, body: Record<string, unknown>) =>
  session.request('POST', `/api/v1/cases/${caseId}/contact-moments`, body);
const patch = (session: Session, id: string, body: Record<string, unknown>) =>
  session.request('PATCH', `/api/v1/contact-moments/${id}`, body);
const rawSummary = async (system: IdentitySystem, id: string) =>
  (
    await adminQuery<{ summary_encrypted: Buffer }>(system.target.ownerUrl, 'select summary_encrypted from contact_moment where id = $1', [
      id,
    ])
  ).rows[0]!.summary_encrypted;
const countOf = async (system: IdentitySystem, caseId: string) =>
  Number(
    (await adminQuery<{ n: string }>(system.target.ownerUrl, 'select count(*) as n from contact_moment where case_id = $1', [caseId]))
      .rows[0]!.n,
  );

test('a worker logs contact on her case: summary encrypted at rest, audited with the data subject', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const { id: caseId, clientId: personId } = await openCase(system, worker, a.unit, { client: 'Jansen' });
  const summary = 'Cliënt vertelde over de inbraak en slaapt slecht sinds het incident (kenmerk Zq7-ontvangst).';
  const logged = await log(worker.session, caseId, { ...call, personId, occurredAt: '2026-01-12T09:30:00Z', summary });
  assert.equal(logged.statusCode, 201, logged.body);
  const moment = logged.json();
  assert.deepEqual(
    { ...moment, id: undefined, createdAt: undefined, updatedAt: undefined },
    {
      ...call,
      id: undefined,
      caseId,
      personId,
      occurredAt: '2026-01-12T09:30:00.000Z',
      summary,
      createdBy: worker.id,
      createdAt: undefined,
      updatedAt: undefined,
      version: 1,
      allowedActions: ['read', 'update'],
    },
  );
  assert.equal(logged.headers.location, `/api/v1/contact-moments/${moment.id}`);
  assert.equal(logged.headers.etag, `"contact-moment:${moment.id}:1"`);

  const raw = await rawSummary(system, moment.id);
  for (const needle of ['Zq7-ontvangst', 'inbraak', 'Cliënt']) {
    assert.ok(!raw.includes(Buffer.from(needle)), `no plaintext "${needle}" in the column`);
    assert.ok(!raw.toString('latin1').includes(needle));
  }
  assert.equal(system.keyRing.keyIdOf(raw), system.keyRing.activeKeyId);
  assert.equal(system.keyRing.decryptText('contacts.summary', raw, moment.id), summary);
  assert.throws(
    () => system.keyRing.decryptText('contacts.summary', raw, caseId),
    'bound to its row: a ciphertext moved to another row does not open',
  );

  const read = await worker.session.request('GET', `/api/v1/contact-moments/${moment.id}`);
  assert.equal(read.statusCode, 200, read.body);
  assert.equal(read.json().summary, summary);
  assert.equal(read.headers.etag, `"contact-moment:${moment.id}:1"`);
  const listed = await worker.session.request('GET', `/api/v1/cases/${caseId}/contact-moments`);
  assert.equal(listed.statusCode, 200, listed.body);
  assert.deepEqual(
    listed.json().items.map((m: { summary: string }) => m.summary),
    [summary],
  );

  const audit = await adminQuery<{ action: string; actor_id: string; object_id: string; data_subject_id: string }>(
    system.target.ownerUrl,
    `select action, actor_id, object_id, data_subject_id from audit_event where action like 'contact-moment.%' and (object_id = $1 or object_id = $2) order by id`,
    [moment.id, caseId],
  );
  assert.deepEqual(audit.rows, [
    { action: 'contact-moment.create', actor_id: worker.id, object_id: moment.id, data_subject_id: personId },
    { action: 'contact-moment.read', actor_id: worker.id, object_id: moment.id, data_subject_id: personId },
    { action: 'contact-moment.list', actor_id: worker.id, object_id: caseId, data_subject_id: personId },
  ]);
});

test('other teams and unassigned colleagues get 404, and hand-written SQL reads and changes nothing', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const colleague = await a.user('colleague', 'case-worker');
  const outsider = await b.user('worker', 'case-worker');
  const otherLead = await b.user('lead', 'team-lead');
  const { id: caseId } = await openCase(system, worker, a.unit, { client: 'Jansen' });
  const moment = (await log(worker.session, caseId, { ...call, summary: 'Gesprek over de aangifte.' })).json();

  for (const user of [colleague, outsider, otherLead]) {
    assert.equal((await user.session.request('GET', `/api/v1/cases/${caseId}/contact-moments`)).statusCode, 404, user.username);
    assert.equal((await log(user.session, caseId, { ...call, summary: 'Niet toegestaan.' })).statusCode, 404, user.username);
    assert.equal((await user.session.request('GET', `/api/v1/contact-moments/${moment.id}`)).statusCode, 404, user.username);
    assert.equal(
      (await patch(user.session, moment.id, { version: 1, outcome: 'cancelled', reason: 'trying to change it anyway' })).statusCode,
      404,
      user.username,
    );
  }

  const outsiderCtx = await actorOf(system, outsider.id);
  const seen = await system.db.transaction(outsiderCtx, async (tx) => ({
    rows: (await sql<{ n: number }>`select count(*)::int as n from contact_moment where case_id = ${caseId}`.execute(tx.db)).rows[0]!.n,
    updated: Number((await sql`update contact_moment set outcome = 'cancelled' where id = ${moment.id}`.execute(tx.db)).numAffectedRows),
  }));
  assert.deepEqual(seen, { rows: 0, updated: 0 });
  const insert = (ctx: ActorContext, author: string, personId: string | null = null) =>
    system.db.transaction(ctx, (tx) =>
      sql`insert into contact_moment (id, case_id, person_id, channel, direction, occurred_at, outcome, summary_encrypted, created_by)
        values (gen_random_uuid(), ${caseId}, ${personId}::uuid, 'phone', 'inbound', now(), 'reached', '\\x00'::bytea, ${author})`.execute(
        tx.db,
      ),
    );
  await assert.rejects(insert(outsiderCtx, outsider.id), /row-level security/, 'no contact on another team’s case');
  await assert.rejects(
    system.db.transaction(outsiderCtx, (tx) => sql`delete from contact_moment where id = ${moment.id}`.execute(tx.db)),
    /permission denied/,
  );

  // Even the author cannot delete, forge another author, attach a stranger, or move or back-date a contact.
  const workerCtx = await actorOf(system, worker.id);
  await assert.rejects(
    system.db.transaction(workerCtx, (tx) => sql`delete from contact_moment where id = ${moment.id}`.execute(tx.db)),
    /permission denied/,
  );
  await assert.rejects(insert(workerCtx, colleague.id), /row-level security/, 'the author is the actor');
  const stranger = (await worker.session.request('POST', '/api/v1/persons', { achternaam: 'Vreemd', confirmNoDuplicate: true })).json()
    .id as string;
  await assert.rejects(insert(workerCtx, worker.id, stranger), /row-level security/, 'only participants of the case');
  await assert.rejects(
    system.db.transaction(workerCtx, (tx) =>
      sql`update contact_moment set created_at = now() + interval '1 year' where id = ${moment.id}`.execute(tx.db),
    ),
    /permission denied/,
  );
  await assert.rejects(
    system.db.transaction(workerCtx, (tx) => sql`update contact_moment set case_id = case_id where id = ${moment.id}`.execute(tx.db)),
    /permission denied/,
  );
  await insert(workerCtx, worker.id);
  assert.equal(await countOf(system, caseId), 2, 'her own case she may log on, also in SQL');
  const untouched = await adminQuery<{ outcome: string; version: number }>(
    system.target.ownerUrl,
    'select outcome, version from contact_moment where id = $1',
    [moment.id],
  );
  assert.deepEqual(untouched.rows[0], { outcome: 'reached', version: 1 });
});

test('a volunteer assigned to the case logs and reads contact; closed cases take no new contact', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const volunteer = await a.user('volunteer', 'volunteer', 'volunteer');
  const { id: caseId } = await openCase(system, worker, a.unit, { client: 'Jansen' });
  await log(worker.session, caseId, { ...call, occurredAt: '2026-01-05T10:00:00Z', summary: 'Eerste gesprek.' });
  assert.equal((await log(volunteer.session, caseId, { ...call, summary: 'Nog niet toegewezen.' })).statusCode, 404);
  assert.equal(
    (await lead.session.request('POST', `/api/v1/cases/${caseId}/assignments`, { userId: volunteer.id, role: 'volunteer' })).statusCode,
    200,
  );

  const logged = await log(volunteer.session, caseId, {
    channel: 'visit',
    direction: 'outbound',
    outcome: 'completed',
    durationMinutes: 90,
    occurredAt: '2026-01-06T14:00:00Z',
    summary: 'Huisbezoek, cliënt wil praktische hulp.',
  });
  assert.equal(logged.statusCode, 201, logged.body);
  const listed = await volunteer.session.request('GET', `/api/v1/cases/${caseId}/contact-moments`);
  assert.deepEqual(
    listed.json().items.map((m: { summary: string }) => m.summary),
    ['Huisbezoek, cliënt wil praktische hulp.', 'Eerste gesprek.'],
  );
  assert.deepEqual(listed.json().items[1].allowedActions, ['read'], 'not the volunteer’s to correct');
  assert.equal(
    (await lead.session.request('GET', `/api/v1/cases/${caseId}/contact-moments`)).statusCode,
    200,
    'the team lead reads the unit’s cases',
  );

  const version = (await worker.session.request('GET', `/api/v1/cases/${caseId}`)).json().version;
  assert.equal(
    (await worker.session.request('POST', `/api/v1/cases/${caseId}/close`, { version, reason: 'support completed, client satisfied' }))
      .statusCode,
    200,
  );
  const late = await log(volunteer.session, caseId, { ...call, summary: 'Na sluiting.' });
  assert.equal(late.statusCode, 403, late.body);
  assert.match(late.json().detail, /reopen/);
  await assert.rejects(
    system.db.transaction(await actorOf(system, volunteer.id), (tx) =>
      sql`insert into contact_moment (id, case_id, channel, direction, occurred_at, outcome, summary_encrypted, created_by)
        values (gen_random_uuid(), ${caseId}, 'phone', 'inbound', now(), 'reached', '\\x00'::bytea, ${volunteer.id})`.execute(tx.db),
    ),
    /row-level security/,
    'nor in SQL',
  );
  assert.equal(
    (await volunteer.session.request('GET', `/api/v1/cases/${caseId}/contact-moments`)).json().items.length,
    2,
    'still readable',
  );
});

test('corrections: the author within 24 hours, later only a team lead with a reason; stale versions get 412', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const colleague = await a.user('colleague', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const otherLead = await b.user('lead', 'team-lead');
  const { id: caseId } = await openCase(system, worker, a.unit, { client: 'Jansen' });
  await lead.session.request('POST', `/api/v1/cases/${caseId}/assignments`, { userId: colleague.id, role: 'worker' });
  const moment = (await log(worker.session, caseId, { ...call, summary: 'Voicemail ingesproken.' })).json();
  const url = `/api/v1/contact-moments/${moment.id}`;

  assert.equal(
    (await patch(colleague.session, moment.id, { version: 1, outcome: 'voicemail' })).statusCode,
    403,
    'a colleague on the case sees it, but it is not hers',
  );
  const fixed = await patch(worker.session, moment.id, {
    version: 1,
    outcome: 'voicemail',
    summary: 'Geen gehoor, voicemail ingesproken.',
    channel: 'phone',
  });
  assert.equal(fixed.statusCode, 200, fixed.body);
  assert.equal(fixed.json().version, 2);
  assert.equal(fixed.headers.etag, `"contact-moment:${moment.id}:2"`);
  assert.equal((await patch(worker.session, moment.id, { version: 1, outcome: 'no-answer' })).statusCode, 412, 'a stale version');
  assert.equal((await patch(worker.session, moment.id, { outcome: 'no-answer' })).statusCode, 428, 'no version named');
  const viaIfMatch = await system.app.inject({
    method: 'PATCH',
    url,
    headers: { cookie: worker.session.cookie, 'x-csrf-token': worker.session.csrf, 'if-match': fixed.headers.etag },
    payload: { durationMinutes: 3 },
  });
  assert.equal(viaIfMatch.statusCode, 200, viaIfMatch.body);
  assert.equal(viaIfMatch.json().version, 3);

  await adminQuery(system.target.ownerUrl, `update contact_moment set created_at = now() - interval '25 hours' where id = $1`, [moment.id]);
  assert.equal(
    (await patch(worker.session, moment.id, { version: 3, outcome: 'reached' })).statusCode,
    403,
    'after 24 hours not even the author',
  );
  const late = await system.db.transaction(await actorOf(system, worker.id), (tx) =>
    sql`update contact_moment set outcome = 'reached' where id = ${moment.id}`.execute(tx.db),
  );
  assert.equal(Number(late.numAffectedRows), 0, 'nor with hand-written SQL');
  const noReason = await patch(lead.session, moment.id, { version: 3, summary: 'Geen gehoor; voicemail met terugbelverzoek.' });
  assert.equal(noReason.statusCode, 400, noReason.body);
  assert.equal(noReason.json().errors[0].pointer, '/body/reason');
  assert.equal(
    (await patch(otherLead.session, moment.id, { version: 3, summary: 'x', reason: 'not my team at all, though' })).statusCode,
    404,
  );
  const corrected = await patch(lead.session, moment.id, {
    version: 3,
    summary: 'Geen gehoor; voicemail met terugbelverzoek.',
    outcome: 'voicemail',
    reason: 'client asked to note the call-back request',
  });
  assert.equal(corrected.statusCode, 200, corrected.body);
  assert.equal(corrected.json().version, 4);
  assert.ok(!(await rawSummary(system, moment.id)).includes(Buffer.from('terugbelverzoek')));

  const audit = await adminQuery<{ actor_id: string; changed_fields: string[]; reason: string | null; details: { via: string } }>(
    system.target.ownerUrl,
    `select actor_id, changed_fields, reason, details from audit_event where action = 'contact-moment.update' and object_id = $1 order by id`,
    [moment.id],
  );
  assert.deepEqual(
    audit.rows.map((r) => [r.actor_id, r.changed_fields, r.reason, r.details.via]),
    [
      [worker.id, ['outcome', 'summary'], null, 'author'],
      [worker.id, ['durationMinutes'], null, 'author'],
      [lead.id, ['summary'], 'client asked to note the call-back request', 'contacts.correct'],
    ],
  );
});

test('bad input is refused with a problem and changes nothing', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const { id: caseId } = await openCase(system, worker, a.unit, { client: 'Jansen' });
  const moment = (await log(worker.session, caseId, { ...call, summary: 'Kort gesprek.' })).json();
  const stranger = (await worker.session.request('POST', '/api/v1/persons', { achternaam: 'Elders', confirmNoDuplicate: true })).json()
    .id as string;
  const bad = [
    await log(worker.session, caseId, { ...call, channel: 'pigeon', summary: 'x' }),
    await log(worker.session, caseId, { ...call, durationMinutes: 1441, summary: 'x' }),
    await log(worker.session, caseId, { ...call, durationMinutes: -1, summary: 'x' }),
    await log(worker.session, caseId, { ...call, durationMinutes: 2.5, summary: 'x' }),
    await log(worker.session, caseId, { ...call, summary: '' }),
    await log(worker.session, caseId, { ...call, summary: ' \n\t ' }),
    await log(worker.session, caseId, { ...call, summary: 'x'.repeat(10_001) }),
    await log(worker.session, caseId, { ...call, summary: 'x', occurredAt: new Date(Date.now() + 86_400_000).toISOString() }),
    await log(worker.session, caseId, { ...call, summary: 'x', occurredAt: 'yesterday' }),
    await log(worker.session, caseId, { ...call, summary: 'x', personId: stranger }),
    await log(worker.session, caseId, { ...call, summary: 'x', extra: true }),
    await log(worker.session, caseId, { channel: 'phone', direction: 'outbound', summary: 'x' }),
    await log(worker.session, 'not-a-uuid', { ...call, summary: 'x' }),
    await worker.session.request('GET', `/api/v1/cases/${caseId}/contact-moments?after=garbage`),
    await worker.session.request('GET', `/api/v1/cases/${caseId}/contact-moments?limit=0`),
    await worker.session.request('GET', `/api/v1/cases/${caseId}/contact-moments?limit=101`),
    await patch(worker.session, moment.id, { version: 1, direction: 'sideways' }),
    await patch(worker.session, moment.id, { version: 1, personId: stranger }),
    await patch(worker.session, moment.id, { version: 1, reason: 'short' }),
  ];
  for (const [i, response] of bad.entries()) {
    assert.equal(response.statusCode, 400, `#${i}: ${response.body}`);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
  assert.equal(await countOf(system, caseId), 1);
  const row = await adminQuery<{ version: number }>(system.target.ownerUrl, 'select version from contact_moment where id = $1', [
    moment.id,
  ]);
  assert.equal(row.rows[0]!.version, 1);
});

test('a retried request with the same Idempotency-Key logs one contact moment', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const { id: caseId } = await openCase(system, worker, a.unit, { client: 'Jansen' });
  const send = (payload: object) =>
    system.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/contact-moments`,
      payload,
      headers: { cookie: worker.session.cookie, 'x-csrf-token': worker.session.csrf, 'idempotency-key': 'mobile-7d1c2f30-contact-1' },
    });
  const body = { ...call, occurredAt: '2026-02-01T08:15:00Z', summary: 'Telefonisch contact vanaf de telefoon.' };
  const first = await send(body);
  const retry = await send(body);
  assert.equal(first.statusCode, 201, first.body);
  assert.equal(retry.statusCode, 201, retry.body);
  assert.equal(retry.headers['idempotent-replayed'], 'true');
  assert.equal(retry.json().id, first.json().id);
  assert.equal((await send({ ...body, outcome: 'no-answer' })).statusCode, 422, 'the same key for another request');
  assert.equal(await countOf(system, caseId), 1);
  const created = await adminQuery(
    system.target.ownerUrl,
    `select 1 from audit_event where action = 'contact-moment.create' and details->>'caseId' = $1`,
    [caseId],
  );
  assert.equal(created.rowCount, 1);
});

test('newest first, keyset pages that neither skip nor repeat, and the latest for the case screen', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const outsider = await b.user('worker', 'case-worker');
  const { id: caseId } = await openCase(system, worker, a.unit, { client: 'Jansen' });
  const times = ['2026-01-03T09:00:00Z', '2026-01-01T09:00:00Z', '2026-01-02T09:00:00Z', '2026-01-02T09:00:00Z', '2026-01-04T09:00:00Z'];
  const logged: { id: string; occurredAt: string }[] = [];
  for (const [i, occurredAt] of times.entries())
    logged.push((await log(worker.session, caseId, { ...call, occurredAt, summary: `Gesprek ${i}` })).json());
  logged.push((await log(worker.session, caseId, { ...call, summary: 'Zojuist' })).json());
  const expected = [...logged].sort((x, y) => y.occurredAt.localeCompare(x.occurredAt) || y.id.localeCompare(x.id)).map((m) => m.id);

  const seen: string[] = [];
  let next: string | null = null;
  for (let page = 0; page < 5; page++) {
    const response = await worker.session.request('GET', `/api/v1/cases/${caseId}/contact-moments?limit=4${next ? `&after=${next}` : ''}`);
    assert.equal(response.statusCode, 200, response.body);
    seen.push(...response.json().items.map((m: { id: string }) => m.id));
    next = response.json().next;
    if (!next) break;
  }
  assert.deepEqual(seen, expected);
  assert.equal(next, null);

  const latest = await system.db.transaction(await actorOf(system, worker.id), async (tx) => ({
    plain: await latestContactMoments(tx, caseId, 3),
    decrypted: await latestContactMoments(tx, caseId, 2, system.keyRing),
  }));
  assert.deepEqual(
    latest.plain.map((m) => m.id),
    expected.slice(0, 3),
  );
  assert.ok(latest.plain.every((m) => m.summary === null));
  assert.deepEqual(
    latest.decrypted.map((m) => m.summary),
    ['Zojuist', 'Gesprek 4'],
  );
  assert.deepEqual(await system.db.transaction(await actorOf(system, outsider.id), (tx) => latestContactMoments(tx, caseId, 10)), []);
});

test('key rotation re-encrypts summaries under the new key and keeps them readable', async (t) => {
  const [keyA, keyB, index] = [randomBytes(32), randomBytes(32), randomBytes(32)];
  const system = await build(t, {
    CASUS_ENCRYPTION_KEYS: `c2025:${keyA.toString('base64')},c2026:${keyB.toString('base64')}`,
    CASUS_ENCRYPTION_ACTIVE_KEY: 'c2025',
    CASUS_BLIND_INDEX_KEY: index.toString('base64'),
  });
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const { id: caseId } = await openCase(system, worker, a.unit, { client: 'Jansen' });
  const summaries = ['Eerste contact na de melding.', 'Afspraak voor huisbezoek gemaakt.', 'Doorverwezen naar juridische hulp.'];
  const ids: string[] = [];
  for (const summary of summaries) ids.push((await log(worker.session, caseId, { ...call, summary })).json().id);
  for (const id of ids) assert.equal(system.keyRing.keyIdOf(await rawSummary(system, id)), 'c2025');

  const column = system.encryption.all().find((c) => c.name === 'contacts.summary');
  assert.ok(column, 'the summary column is registered for rotation');
  const rotated = createKeyRing({
    keys: [
      { id: 'c2025', key: keyA },
      { id: 'c2026', key: keyB },
    ],
    activeKeyId: 'c2026',
    blindIndexKey: index,
  });
  // Rows of this file's other tests are under the data directory's key, which this ring lacks:
  // reported as failed and left alone.
  const others = Number(
    (await adminQuery<{ n: string }>(system.target.ownerUrl, 'select count(*) as n from contact_moment where case_id <> $1', [caseId]))
      .rows[0]!.n,
  );
  const result = await rotateColumn(system.db, rotated, column, { batchSize: 2 });
  assert.deepEqual([result.rotated, result.failed, result.complete], [3, others, true]);

  const onlyNew = createKeyRing({ keys: [{ id: 'c2026', key: keyB }], activeKeyId: 'c2026', blindIndexKey: index });
  for (const [i, id] of ids.entries()) {
    const raw = await rawSummary(system, id);
    assert.equal(onlyNew.keyIdOf(raw), 'c2026');
    assert.equal(onlyNew.decryptText('contacts.summary', raw, id), summaries[i]);
    assert.ok(!raw.includes(Buffer.from(summaries[i]!.slice(0, 12))));
  }
  const listed = await worker.session.request('GET', `/api/v1/cases/${caseId}/contact-moments`);
  assert.deepEqual(
    listed
      .json()
      .items.map((m: { summary: string }) => m.summary)
      .sort(),
    [...summaries].sort(),
    'the running system still reads them',
  );
});

// Proves: a contact list's audit event names the contact moments it showed and the persons they are about.
test('a contact list records which contact moments it showed and whom they are about', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const { id: caseId, clientId: personId } = await openCase(system, worker, a.unit, { client: 'Lijst' });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++)
    ids.push(
      (await log(worker.session, caseId, { ...call, summary: `Gesprek ${i}`, occurredAt: `2026-01-0${i + 1}T09:00:00Z` })).json().id,
    );
  const page = await worker.session.request('GET', `/api/v1/cases/${caseId}/contact-moments?limit=2`);
  assert.equal(page.statusCode, 200, page.body);
  const event = await adminQuery<{ object_ids: string[]; data_subject_ids: string[] }>(
    system.target.ownerUrl,
    `select object_ids, data_subject_ids from audit_event where action = 'contact-moment.list' and actor_id = $1 order by id desc limit 1`,
    [worker.id],
  );
  assert.deepEqual(event.rows[0], { object_ids: [ids[2], ids[1]], data_subject_ids: [personId] });
});
