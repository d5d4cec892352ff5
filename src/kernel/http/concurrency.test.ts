// Optimistic concurrency: a change names the version it was based on (If-Match or `version`), a
// stale one gets 412 and one without gets 428; and in SQL, of two writers with the same version
// exactly one wins, however they interleave.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from 'typebox';
import { sql } from 'kysely';
import type { CasusModule } from '../module.ts';
import { NO_ORIGIN, type ActorContext } from '../auth/actor.ts';
import { AppError } from '../errors.ts';
import { etagOf, expectedVersion, setEtag } from './concurrency.ts';
import { deleteWithVersion, updateWithVersion } from '../db/versioned.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { build, type TestSystem } from '../../../test/helpers/build.ts';

const Item = Type.Object({ id: Type.String(), title: Type.String(), version: Type.Integer() });
const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const TYPE = 'sample-item';
/** How long a change holds its row lock before committing, so parallel writers overlap. */
const hold = { ms: 0 };

const items: CasusModule = {
  name: 'sample-items',
  register(ctx) {
    ctx.addAuthenticator(async (request) => {
      const id = request.headers['x-test-user'];
      return typeof id === 'string' ? { kind: 'user', id } : null;
    });
    ctx.addRoutes({
      prefix: '/sample-items',
      plugin: async (app) => {
        const access = { authenticated: true } as const;
        app.get('/:id', { config: { access }, schema: { params: Params, response: { 200: Item } } }, async (request, reply) => {
          const { id } = request.params as { id: string };
          const row = await ctx.db.transaction(
            request.actorContext(),
            async (tx) =>
              (
                await sql<{
                  id: string;
                  title: string;
                  version: number;
                }>`select id::text, title, version from sample_item where id = ${id}`.execute(tx.db)
              ).rows[0],
          );
          if (!row) throw AppError.notFound();
          setEtag(reply, TYPE, row.id, row.version);
          return row;
        });
        const body = Type.Object({ title: Type.String(), version: Type.Optional(Type.Integer()) }, { additionalProperties: false });
        app.patch(
          '/:id',
          { config: { access, concurrency: 'if-match' }, schema: { params: Params, body, response: { 200: Item } } },
          async (request, reply) => {
            const { id } = request.params as { id: string };
            const expected = expectedVersion(request, TYPE, id);
            const row = await ctx.db.transaction(request.actorContext(), async (tx) => {
              const updated = await updateWithVersion(tx, 'sample_item', id, expected, {
                title: (request.body as { title: string }).title,
              });
              if (hold.ms > 0) await sql`select pg_sleep(${hold.ms / 1000})`.execute(tx.db);
              return updated;
            });
            setEtag(reply, TYPE, id, Number(row.version));
            return { id, title: String(row.title), version: Number(row.version) };
          },
        );
        app.delete(
          '/:id',
          { config: { access, concurrency: 'if-match' }, schema: { params: Params, response: { 204: Type.Null() } } },
          async (request, reply) => {
            const { id } = request.params as { id: string };
            await ctx.db.transaction(request.actorContext(), (tx) =>
              deleteWithVersion(tx, 'sample_item', id, expectedVersion(request, TYPE, id)),
            );
            return reply.code(204).send();
          },
        );
      },
    });
  },
};

async function setUp(t: Parameters<typeof build>[0]): Promise<{ system: TestSystem; id: string }> {
  const system = await build(t, { modules: [items] });
  const { ownerUrl } = system.target;
  await adminQuery(
    ownerUrl,
    'create table if not exists sample_item (id uuid primary key default gen_random_uuid(), title text not null, version integer not null default 1)',
  );
  await adminQuery(ownerUrl, 'grant select, update, delete on sample_item to casus_app');
  const id = (await adminQuery<{ id: string }>(ownerUrl, `insert into sample_item (title) values ('first') returning id::text`)).rows[0]!
    .id;
  hold.ms = 0;
  return { system, id };
}

const user = { 'x-test-user': 'alice' };
const patch = (system: TestSystem, id: string, body: object, headers: Record<string, string> = {}) =>
  system.app.inject({ method: 'PATCH', url: `/api/v1/sample-items/${id}`, payload: body, headers: { ...user, ...headers } });

test('a change without a version gets 428; a stale one 412; a current one succeeds and moves the ETag on', async (t) => {
  const { system, id } = await setUp(t);
  const read = await system.app.inject({ method: 'GET', url: `/api/v1/sample-items/${id}`, headers: user });
  const etag = String(read.headers.etag);
  assert.equal(etag, `"${TYPE}:${id}:1"`);

  for (const headers of [{}, { 'if-match': '*' }] as Record<string, string>[]) {
    const missing = await patch(system, id, { title: 'no version' }, headers);
    assert.equal(missing.statusCode, 428, JSON.stringify(headers));
    assert.equal(missing.json().type, 'urn:casus:problem:precondition-required');
  }
  const malformed = await patch(system, id, { title: 'x' }, { 'if-match': 'not-a-tag' });
  assert.equal(malformed.statusCode, 400);
  assert.equal(malformed.json().errors[0].pointer, '/headers/if-match');

  const changed = await patch(system, id, { title: 'second' }, { 'if-match': etag });
  assert.equal(changed.statusCode, 200);
  assert.equal(changed.headers.etag, `"${TYPE}:${id}:2"`);
  assert.equal(changed.json().version, 2);

  const stale = await patch(system, id, { title: 'lost update' }, { 'if-match': etag });
  assert.equal(stale.statusCode, 412);
  assert.equal(stale.json().type, 'urn:casus:problem:precondition-failed');

  // Tags that are not this resource's current strong tag never match.
  for (const tag of [
    `W/"${TYPE}:${id}:2"`,
    etagOf('other-type', id, 2),
    etagOf(TYPE, '00000000-0000-4000-8000-000000000000', 2),
    `"x", ${etag}`,
  ]) {
    assert.equal((await patch(system, id, { title: 'nope' }, { 'if-match': tag })).statusCode, 412, tag);
  }
  // A list naming the current tag matches.
  assert.equal((await patch(system, id, { title: 'third' }, { 'if-match': `"x", ${String(changed.headers.etag)}` })).statusCode, 200);

  // The version in the body serves clients that cannot set headers; both given must agree.
  assert.equal((await patch(system, id, { title: 'fourth', version: 3 })).statusCode, 200);
  assert.equal((await patch(system, id, { title: 'stale body', version: 3 })).statusCode, 412);
  assert.equal((await patch(system, id, { title: 'disagree', version: 4 }, { 'if-match': etagOf(TYPE, id, 3) })).statusCode, 412);

  const final = (
    await adminQuery<{ title: string; version: number }>(system.target.ownerUrl, 'select title, version from sample_item where id = $1', [
      id,
    ])
  ).rows[0];
  assert.deepEqual(final, { title: 'fourth', version: 4 }, 'no refused change touched the row');

  const unknown = '00000000-0000-4000-8000-000000000000';
  assert.equal((await patch(system, unknown, { title: 'x' }, { 'if-match': etagOf(TYPE, unknown, 1) })).statusCode, 404);
});

test('two parallel writers with the same version: exactly one wins, the other gets 412', async (t) => {
  const { system, id } = await setUp(t);
  hold.ms = 300;
  const etag = etagOf(TYPE, id, 1);
  const answers = await Promise.all(['from A', 'from B'].map((title) => patch(system, id, { title }, { 'if-match': etag })));
  assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 412]);
  const winner = answers.find((a) => a.statusCode === 200)!.json();
  const row = (
    await adminQuery<{ title: string; version: number }>(system.target.ownerUrl, 'select title, version from sample_item where id = $1', [
      id,
    ])
  ).rows[0];
  assert.deepEqual(row, { title: winner.title, version: 2 });
});

test('in SQL: the second of two overlapping transactions waits for the first, then finds its version gone', async (t) => {
  const { system, id } = await setUp(t);
  const ctx: ActorContext = { actor: { kind: 'user', id: 'alice' }, origin: NO_ORIGIN };
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const first = system.db.transaction(ctx, async (tx) => {
    const row = await updateWithVersion(tx, 'sample_item', id, 1, { title: 'first writer' });
    await gate; // holds the row lock until the second writer is waiting on it
    return row;
  });
  // Start the second only once the first holds the lock.
  const activity = (condition: string) =>
    adminQuery(
      system.target.ownerUrl,
      `select 1 from pg_stat_activity where datname = current_database() and query like '%update "sample_item"%' and ${condition}`,
    );
  for (let i = 0; i < 100 && (await activity(`state = 'idle in transaction'`)).rowCount !== 1; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const second = system.db.transaction(ctx, (tx) => updateWithVersion(tx, 'sample_item', id, 1, { title: 'second writer' }));
  // Observed at once: once the first commits, the second may fail before `await first` below resumes,
  // and a rejection nobody listens to yet fails the test run.
  const secondOutcome = second.then(
    () => null,
    (error: unknown) => error,
  );
  let waiting = false;
  for (let i = 0; i < 100 && !waiting; i++) {
    waiting = (await activity(`wait_event_type = 'Lock'`)).rowCount === 1;
    if (!waiting) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.ok(waiting, "the second writer waits for the first one's row lock");
  release();
  assert.equal(Number((await first).version), 2);
  const failure = await secondOutcome;
  assert.ok(failure instanceof AppError && failure.status === 412, `the second writer gets 412: ${String(failure)}`);
  const row = (
    await adminQuery<{ title: string; version: number }>(system.target.ownerUrl, 'select title, version from sample_item where id = $1', [
      id,
    ])
  ).rows[0];
  assert.deepEqual(row, { title: 'first writer', version: 2 });
});

test('delete with a version; routes opt in only for changes; ETags are per resource', async (t) => {
  const { system, id } = await setUp(t);
  const remove = (headers: Record<string, string>) =>
    system.app.inject({ method: 'DELETE', url: `/api/v1/sample-items/${id}`, headers: { ...user, ...headers } });
  assert.equal((await remove({})).statusCode, 428);
  assert.equal((await remove({ 'if-match': etagOf(TYPE, id, 7) })).statusCode, 412);
  assert.equal((await remove({ 'if-match': etagOf(TYPE, id, 1) })).statusCode, 204);
  assert.equal((await system.app.inject({ method: 'GET', url: `/api/v1/sample-items/${id}`, headers: user })).statusCode, 404);
  assert.equal((await remove({ 'if-match': etagOf(TYPE, id, 1) })).statusCode, 404);

  assert.notEqual(etagOf('case', 'a', 3), etagOf('person', 'a', 3));
  assert.notEqual(etagOf('case', 'a', 3), etagOf('case', 'b', 3));
  assert.throws(() => etagOf('case', 'has"quote', 1));
  assert.throws(() => etagOf('Case', 'a', 1));

  const wrong: CasusModule = {
    name: 'wrong',
    routes: [
      {
        prefix: '/wrong',
        plugin: async (app) =>
          void app.get(
            '/',
            { config: { access: { public: true }, concurrency: 'if-match' }, schema: { response: { 200: Type.Null() } } },
            async () => null,
          ),
      },
    ],
  };
  await assert.rejects(build(t, { modules: [wrong] }), /config\.concurrency 'if-match' is for POST, PUT, PATCH and DELETE/);
});
