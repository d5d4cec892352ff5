// The referrals API at its edges: another team sees nothing whatever the SQL says, bad input changes
// nothing, key rotation keeps payloads readable, the queue pages through every referral once, and lists
// audit what they showed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { type ActorContext } from '../../kernel/auth/actor.ts';
import { createKeyRing } from '../../kernel/crypto/keyring.ts';
import { rotateColumn } from '../../kernel/crypto/rotation.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { actorOf, team } from '../../../test/helpers/fixtures.ts';
import { createUser, grantRole, type Session } from '../../../test/helpers/identity.ts';
import { build, count } from '../../../test/helpers/referrals.ts';

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
