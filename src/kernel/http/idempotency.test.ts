// Idempotency-Key on creating POSTs: a retried request is answered from the first one and never
// creates twice, whether the retry comes after the answer, during the first request, or after the first
// failed; keys belong to one caller and one request; kept answers are sealed and expire.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Type } from 'typebox';
import { sql } from 'kysely';
import type { FastifyRequest } from 'fastify';
import type { CasusModule } from '../module.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { NO_ORIGIN } from '../auth/actor.ts';
import { setEtag } from './concurrency.ts';
import { IdempotencyStore, IDEMPOTENCY_PURPOSE, idempotencyClaim, withIdempotency } from './idempotency.ts';
import { createSecretBox, masterKeyOf } from '../crypto/secret-box.ts';
import { createLogger } from '../observability/logger.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { build, type TestSystem } from '../../../test/helpers/build.ts';

const Note = Type.Object({ id: Type.String(), text: Type.String() });
const NoteBody = Type.Object(
  { text: Type.String({ maxLength: 200 }), slow: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

/** What the handlers did, so tests can tell a replay (handler not run) from a second run. */
const runs = { plain: 0, work: 0 };
/** Transactional route: fail after the change committed (a crash after commit, in effect), or inside it. */
const failures = { afterCommit: false, insideTransaction: false };

async function insertNote(db: Database, request: FastifyRequest, text: string) {
  return db.transaction(
    request.actorContext(),
    async (tx) =>
      (
        await sql<{
          id: string;
          text: string;
        }>`insert into idem_note (owner_id, text) values (${request.actor.id}, ${text}) returning id::text, text`.execute(tx.db)
      ).rows[0]!,
  );
}

const notes: CasusModule = {
  name: 'idem-notes',
  register(ctx) {
    ctx.addAuthenticator(async (request) => {
      const id = request.headers['x-test-user'];
      return typeof id === 'string' ? { kind: 'user', id } : null;
    });
    ctx.addRoutes({
      prefix: '/idem-notes',
      plugin: async (app) => {
        const schema = { body: NoteBody, response: { 201: Note } };
        app.post('/', { config: { access: { authenticated: true }, idempotency: true }, schema }, async (request, reply) => {
          runs.plain++;
          const { text, slow } = request.body as { text: string; slow?: boolean };
          if (slow) await new Promise((resolve) => setTimeout(resolve, 400));
          if (text === 'forbidden') throw AppError.forbidden('Not this text.');
          if (text === 'crash') throw new Error('handler crashed');
          const note = await insertNote(ctx.db, request, text);
          setEtag(reply, 'idem-note', note.id, 1);
          return reply.code(201).header('Location', `/api/v1/idem-notes/${note.id}`).send(note);
        });
        app.post(
          '/transactional',
          { config: { access: { authenticated: true }, idempotency: 'transactional' }, schema },
          async (request, reply) => {
            const { text } = request.body as { text: string };
            const note = await ctx.db.transaction(request.actorContext(), async (tx) => {
              // As a service would: it gets the claim, not the request.
              const created = await withIdempotency(tx, idempotencyClaim(request), async () => {
                runs.work++;
                return (
                  await sql<{
                    id: string;
                    text: string;
                  }>`insert into idem_note (owner_id, text) values (${request.actor.id}, ${text}) returning id::text, text`.execute(tx.db)
                ).rows[0]!;
              });
              if (failures.insideTransaction) throw new Error('failed before commit');
              return created;
            });
            if (failures.afterCommit) throw new Error('failed after commit');
            return reply.code(201).header('Location', `/api/v1/idem-notes/${note.id}`).send(note);
          },
        );
        app.post('/public', { config: { access: { public: true }, idempotency: true }, schema }, async (_request, reply) =>
          reply.code(201).send({ id: 'x', text: 'x' }),
        );
      },
    });
  },
};

async function setUp(t: Parameters<typeof build>[0]): Promise<TestSystem> {
  const system = await build(t, { modules: [notes] });
  await adminQuery(
    system.target.ownerUrl,
    'create table if not exists idem_note (id uuid primary key default gen_random_uuid(), owner_id text not null, text text not null)',
  );
  await adminQuery(system.target.ownerUrl, 'grant select, insert on idem_note to casus_app');
  await adminQuery(system.target.ownerUrl, 'truncate idem_note, idempotency_record');
  runs.plain = 0;
  runs.work = 0;
  failures.afterCommit = false;
  failures.insideTransaction = false;
  return system;
}

const post = (system: TestSystem, path: string, body: object, headers: Record<string, string> = {}) =>
  system.app.inject({ method: 'POST', url: `/api/v1/idem-notes${path}`, payload: body, headers: { 'x-test-user': 'alice', ...headers } });
const rows = async (system: TestSystem) =>
  Number((await adminQuery<{ n: string }>(system.target.ownerUrl, 'select count(*) as n from idem_note')).rows[0]!.n);

test('a retry with the same key replays the first answer and creates nothing', async (t) => {
  const system = await setUp(t);
  const key = randomUUID();
  const first = await post(system, '/', { text: 'hello', slow: false }, { 'idempotency-key': key });
  assert.equal(first.statusCode, 201);
  assert.equal(first.headers['idempotent-replayed'], undefined);
  const again = await post(system, '/', { text: 'hello', slow: false }, { 'idempotency-key': key });
  assert.equal(again.statusCode, 201);
  assert.equal(again.headers['idempotent-replayed'], 'true');
  assert.equal(again.body, first.body, 'the same body');
  for (const header of ['location', 'etag', 'content-type']) assert.equal(again.headers[header], first.headers[header], header);
  assert.notEqual(again.headers['x-request-id'], first.headers['x-request-id'], 'the replay is a new answer');
  // Member order does not make it another request.
  const reordered = await system.app.inject({
    method: 'POST',
    url: '/api/v1/idem-notes',
    headers: { 'x-test-user': 'alice', 'idempotency-key': key, 'content-type': 'application/json' },
    payload: '{ "slow": false, "text": "hello" }',
  });
  assert.equal(reordered.headers['idempotent-replayed'], 'true');
  assert.equal(runs.plain, 1);
  assert.equal(await rows(system), 1);

  // Without a key every request acts; another caller's identical key is that caller's own.
  assert.equal((await post(system, '/', { text: 'hello' })).statusCode, 201);
  const bob = await post(system, '/', { text: 'hello' }, { 'idempotency-key': key, 'x-test-user': 'bob' });
  assert.equal(bob.statusCode, 201);
  assert.equal(bob.headers['idempotent-replayed'], undefined);
  assert.notEqual(bob.json().id, first.json().id);
  assert.equal(await rows(system), 3);
});

test('the same key with another request is refused with 422, and changes nothing', async (t) => {
  const system = await setUp(t);
  const key = randomUUID();
  await post(system, '/', { text: 'one' }, { 'idempotency-key': key });
  for (const [path, body] of [
    ['/', { text: 'two' }],
    ['/transactional', { text: 'one' }],
  ] as const) {
    const reused = await post(system, path, body, { 'idempotency-key': key });
    assert.equal(reused.statusCode, 422, path);
    assert.equal(reused.json().type, 'urn:casus:problem:idempotency-key-reused');
  }
  assert.equal(await rows(system), 1);
  assert.equal(runs.work, 0);
});

test('parallel requests with one key: one creates, the other is told it is in progress', async (t) => {
  const system = await setUp(t);
  const key = randomUUID();
  const answers = await Promise.all([1, 2].map(() => post(system, '/', { text: 'parallel', slow: true }, { 'idempotency-key': key })));
  const statuses = answers.map((a) => a.statusCode).sort();
  assert.deepEqual(statuses, [201, 409]);
  const busy = answers.find((a) => a.statusCode === 409)!;
  assert.equal(busy.json().type, 'urn:casus:problem:idempotency-key-in-progress');
  assert.ok(Number(busy.headers['retry-after']) >= 1, 'Retry-After says when to come back');
  assert.equal(await rows(system), 1);
  const later = await post(system, '/', { text: 'parallel', slow: true }, { 'idempotency-key': key });
  assert.equal(later.headers['idempotent-replayed'], 'true');
  assert.equal(await rows(system), 1);
});

test('keys must be well-formed and need a signed-in caller', async (t) => {
  const system = await setUp(t);
  for (const key of ['', 'has space', 'x'.repeat(256)]) {
    const refused = await post(system, '/', { text: 'k' }, { 'idempotency-key': key });
    assert.equal(refused.statusCode, 400, JSON.stringify(key));
    assert.equal(refused.json().errors[0].pointer, '/headers/idempotency-key');
  }
  assert.equal((await post(system, '/', { text: 'k' }, { 'idempotency-key': 'x'.repeat(255) })).statusCode, 201);
  const anonymous = await system.app.inject({
    method: 'POST',
    url: '/api/v1/idem-notes',
    payload: { text: 'k' },
    headers: { 'idempotency-key': 'k1' },
  });
  assert.equal(anonymous.statusCode, 401, 'a protected route refuses before the key is looked at');
  const publicRoute = await system.app.inject({
    method: 'POST',
    url: '/api/v1/idem-notes/public',
    payload: { text: 'k' },
    headers: { 'idempotency-key': 'k1' },
  });
  assert.equal(publicRoute.statusCode, 400);
  assert.match(publicRoute.json().detail, /signed-in/);
  assert.equal(
    (await adminQuery(system.target.ownerUrl, 'select 1 from idempotency_record where actor_kind = $1', ['anonymous'])).rowCount,
    0,
  );
  assert.equal(await rows(system), 1);
});

test('a refusal is kept and replayed; a crash forgets the key so the retry acts', async (t) => {
  const system = await setUp(t);
  const key = randomUUID();
  assert.equal((await post(system, '/', { text: 'forbidden' }, { 'idempotency-key': key })).statusCode, 403);
  const replayed = await post(system, '/', { text: 'forbidden' }, { 'idempotency-key': key });
  assert.equal(replayed.statusCode, 403);
  assert.equal(replayed.headers['idempotent-replayed'], 'true');
  assert.match(String(replayed.headers['content-type']), /^application\/problem\+json/);
  assert.equal(runs.plain, 1);

  const crashKey = randomUUID();
  assert.equal((await post(system, '/', { text: 'crash' }, { 'idempotency-key': crashKey })).statusCode, 500);
  assert.equal(
    (await adminQuery(system.target.ownerUrl, 'select 1 from idempotency_record where status_code = 500 or state = $1', ['in-progress']))
      .rowCount,
    0,
  );
  assert.equal((await post(system, '/', { text: 'crash' }, { 'idempotency-key': crashKey })).statusCode, 500);
  assert.equal(runs.plain, 3, 'after a 5xx the retry ran the handler again');
});

test('transactional routes: exactly once even when the answer is lost after the commit', async (t) => {
  const system = await setUp(t);
  const key = randomUUID();
  failures.afterCommit = true;
  assert.equal((await post(system, '/transactional', { text: 'tx' }, { 'idempotency-key': key })).statusCode, 500);
  assert.equal(await rows(system), 1, 'the change committed');
  failures.afterCommit = false;
  const retry = await post(system, '/transactional', { text: 'tx' }, { 'idempotency-key': key });
  assert.equal(retry.statusCode, 201);
  const [created] = (await adminQuery<{ id: string }>(system.target.ownerUrl, 'select id::text from idem_note')).rows;
  assert.equal(retry.json().id, created!.id, 'the retry answers with the note the first attempt made');
  assert.equal(runs.work, 1, 'the work ran once');
  assert.equal(await rows(system), 1);

  // The process dies after the commit, before the answer is kept: once the lease ends, the retry
  // gets the committed result.
  const crashed = randomUUID();
  const first = await post(system, '/transactional', { text: 'crash' }, { 'idempotency-key': crashed });
  const [record] = (
    await adminQuery<{ id: string }>(
      system.target.ownerUrl,
      'select id from idempotency_record where state = $1 order by created_at desc limit 1',
      ['completed'],
    )
  ).rows;
  const reset = `update idempotency_record set state = 'in-progress', status_code = null, response = null, locked_until = now() + $2::interval where id = $1`;
  await adminQuery(system.target.ownerUrl, reset, [record!.id, '30 seconds']);
  const during = await post(system, '/transactional', { text: 'crash' }, { 'idempotency-key': crashed });
  assert.equal(during.statusCode, 409, 'within the lease the first attempt may still be running');
  assert.ok(Number(during.headers['retry-after']) > 20);
  await adminQuery(system.target.ownerUrl, reset, [record!.id, '-1 second']);
  const after = await post(system, '/transactional', { text: 'crash' }, { 'idempotency-key': crashed });
  assert.equal(after.statusCode, 201);
  assert.equal(after.json().id, first.json().id);
  assert.equal(runs.work, 2);
  assert.equal(await rows(system), 2);

  // A change rolled back leaves the key unspent: the retry does the work.
  const rolledBack = randomUUID();
  failures.insideTransaction = true;
  assert.equal((await post(system, '/transactional', { text: 'rb' }, { 'idempotency-key': rolledBack })).statusCode, 500);
  failures.insideTransaction = false;
  assert.equal(await rows(system), 2);
  assert.equal((await post(system, '/transactional', { text: 'rb' }, { 'idempotency-key': rolledBack })).statusCode, 201);
  assert.equal(await rows(system), 3);
});

test('plain routes: an interrupted request whose outcome is unknown is never run twice', async (t) => {
  const system = await setUp(t);
  const key = randomUUID();
  await post(system, '/', { text: 'lost' }, { 'idempotency-key': key });
  await adminQuery(
    system.target.ownerUrl,
    `update idempotency_record set state = 'in-progress', status_code = null, response = null, locked_until = now() - interval '1 second'`,
  );
  const retry = await post(system, '/', { text: 'lost' }, { 'idempotency-key': key });
  assert.equal(retry.statusCode, 409);
  assert.equal(retry.json().type, 'urn:casus:problem:idempotency-outcome-unknown');
  assert.equal(runs.plain, 1);
  assert.equal(await rows(system), 1);
});

test('kept answers are sealed, private to their caller, and forgotten after the TTL', async (t) => {
  const system = await setUp(t);
  const marker = `marker-${randomUUID()}`;
  await post(system, '/', { text: marker }, { 'idempotency-key': 'alice-key' });
  await post(system, '/transactional', { text: marker }, { 'idempotency-key': 'alice-tx', 'x-test-user': 'bob' });
  const raw = await adminQuery<{ response: Buffer; result: Buffer | null; key_hash: Buffer }>(
    system.target.ownerUrl,
    'select response, result, key_hash from idempotency_record',
  );
  assert.equal(raw.rowCount, 2);
  const box = createSecretBox(masterKeyOf(system.settings));
  for (const row of raw.rows) {
    for (const bytes of [row.response, row.result, row.key_hash])
      if (bytes) assert.equal(bytes.includes(marker), false, 'no plaintext in the table');
    assert.equal(row.key_hash.includes('alice-key'), false);
    assert.match(box.open(IDEMPOTENCY_PURPOSE, row.response).toString(), /"headers"/, 'the kept answer opens with the key');
  }

  // Row-level security: each actor sees only its own records, even with a hand-written query.
  const visible = (id: string) =>
    system.db.transaction({ actor: { kind: 'user', id }, origin: NO_ORIGIN }, async (tx) =>
      Number((await sql<{ n: number }>`select count(*)::int as n from idempotency_record`.execute(tx.db)).rows[0]!.n),
    );
  assert.equal(await visible('alice'), 1);
  assert.equal(await visible('bob'), 1);
  assert.equal(await visible('mallory'), 0);

  // Expired: the key is forgotten (a retry acts again), and the daily job deletes the row.
  assert.ok(system.jobs.definitions.includes('kernel.idempotency-retention'));
  await adminQuery(
    system.target.ownerUrl,
    `update idempotency_record set expires_at = now() - interval '1 minute' where actor_id = 'alice'`,
  );
  const afresh = await post(system, '/', { text: marker }, { 'idempotency-key': 'alice-key' });
  assert.equal(afresh.headers['idempotent-replayed'], undefined);
  assert.equal(await rows(system), 3);
  await adminQuery(
    system.target.ownerUrl,
    `update idempotency_record set expires_at = now() - interval '1 minute' where actor_id = 'alice'`,
  );
  const store = new IdempotencyStore({ db: system.db, box, ttlHours: 24, log: createLogger({ level: 'silent' }) });
  assert.equal(await store.purgeExpired(), 1);
  const left = await adminQuery<{ actor_id: string }>(system.target.ownerUrl, 'select actor_id from idempotency_record');
  assert.deepEqual(left.rows, [{ actor_id: 'bob' }], 'records within their TTL stay');
});

test('idempotency is for POST routes, and documented in OpenAPI', async (t) => {
  const system = await setUp(t);
  const spec = (await system.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  const path = spec.paths['/idem-notes'] ?? spec.paths['/idem-notes/'];
  const parameters = path.post.parameters as { name: string; in: string }[];
  assert.ok(parameters.some((p) => p.name === 'idempotency-key' && p.in === 'header'));

  const wrong: CasusModule = {
    name: 'wrong',
    routes: [
      {
        prefix: '/wrong',
        plugin: async (app) =>
          void app.get('/', { config: { access: { public: true }, idempotency: true }, schema: { response: { 200: Note } } }, async () => ({
            id: '',
            text: '',
          })),
      },
    ],
  };
  await assert.rejects(build(t, { modules: [wrong] }), /config\.idempotency .* is for POST only/);
});
