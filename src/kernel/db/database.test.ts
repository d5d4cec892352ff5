// Transactions carry the actor in transaction-local settings, and the application role is as weak
// as the design says. The pool is forced to one connection, so every query below reuses the same
// session: anything that leaked out of a transaction would be visible to the next request.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { ActorContext } from '../auth/actor.ts';
import { build } from '../../../test/helpers/build.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { createDatabase } from './database.ts';

// One system for the whole file, stopped by node:test's file-level after() hook.
const fileScope = { after: (cleanup) => after(cleanup as () => Promise<void>) } satisfies Pick<TestContext, 'after'>;
const system = await build(fileScope, { env: { CASUS_DB_POOL_MAX: '1' } });
const { db } = system;

interface Settings {
  pid: number;
  actor_kind: string | null;
  actor_id: string | null;
  request_id: string | null;
  trace_id: string | null;
}

const readSettings = sql<Settings>`select pg_backend_pid() as pid,
  current_setting('casus.actor_kind', true) as actor_kind,
  current_setting('casus.actor_id', true) as actor_id,
  current_setting('casus.request_id', true) as request_id,
  current_setting('casus.trace_id', true) as trace_id`;

function context(id: string): ActorContext {
  return { actor: { kind: 'user', id }, origin: { requestId: `req-${id}`, traceId: `trace-${id}`, ip: '198.51.100.1', userAgent: null } };
}

/** After a transaction ends, a custom setting reads as '' (or null if never set): either way, empty. */
function assertEmpty(row: Settings): void {
  for (const key of ['actor_kind', 'actor_id', 'request_id', 'trace_id'] as const) assert.ok(!row[key], `${key} leaked: ${row[key]}`);
}

// Proves: inside db.transaction the actor and origin are visible to SQL (for RLS and triggers).
test('inside a transaction, casus.* settings hold the actor and origin', async () => {
  const inside = await db.transaction(context('alice'), async (tx) => (await readSettings.execute(tx.db)).rows[0]!);
  assert.deepEqual(
    { kind: inside.actor_kind, id: inside.actor_id, request: inside.request_id, trace: inside.trace_id },
    { kind: 'user', id: 'alice', request: 'req-alice', trace: 'trace-alice' },
  );
});

// Proves: the settings are transaction-local: after commit (and after rollback) the same pooled
// connection no longer carries them, and the next transaction sees only its own actor.
test('the actor does not leak to the next use of the pooled connection', async () => {
  const inside = await db.transaction(context('alice'), async (tx) => (await readSettings.execute(tx.db)).rows[0]!);
  const outside = (await readSettings.execute(db.kysely)).rows[0]!;
  assert.equal(outside.pid, inside.pid, 'the same connection was reused (pool max 1)');
  assertEmpty(outside);

  await assert.rejects(
    db.transaction(context('mallory'), async () => {
      throw new Error('rolled back');
    }),
    /rolled back/,
  );
  const afterRollback = (await readSettings.execute(db.kysely)).rows[0]!;
  assert.equal(afterRollback.pid, inside.pid);
  assertEmpty(afterRollback);

  const bob = await db.transaction(context('bob'), async (tx) => (await readSettings.execute(tx.db)).rows[0]!);
  assert.equal(bob.pid, inside.pid);
  assert.equal(bob.actor_id, 'bob');
  assert.equal(bob.request_id, 'req-bob');
});

// Proves: an actor without request/trace ids gets empty settings, not the previous request's ids.
test('a system actor without origin leaves request and trace empty', async () => {
  await db.transaction(context('carol'), async () => undefined);
  const row = await db.transaction(
    { actor: { kind: 'system', id: 'nightly' }, origin: { requestId: null, traceId: null, ip: null, userAgent: null } },
    async (tx) => (await readSettings.execute(tx.db)).rows[0]!,
  );
  assert.equal(row.actor_kind, 'system');
  assert.equal(row.actor_id, 'nightly');
  assert.equal(row.request_id, '');
  assert.equal(row.trace_id, '');
});

// Proves: the application's queries run as the application role, which is neither superuser nor
// able to bypass row-level security (so RLS policies bind it).
test('transactions run as the application role, without superuser or BYPASSRLS', async () => {
  const role = await db.transaction(context('alice'), async (tx) => {
    const result = await sql<{
      current_user: string;
      rolsuper: boolean;
      rolbypassrls: boolean;
      rolcreaterole: boolean;
      rolcreatedb: boolean;
    }>`
      select current_user, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb from pg_roles where rolname = current_user`.execute(tx.db);
    return result.rows[0]!;
  });
  assert.deepEqual(role, {
    current_user: system.settings.database.appRole,
    rolsuper: false,
    rolbypassrls: false,
    rolcreaterole: false,
    rolcreatedb: false,
  });
});

// Proves: the application role cannot change the schema (only migrations, as the owner, can).
test('the application role cannot create tables in public', async () => {
  await assert.rejects(
    db.transaction(context('alice'), (tx) => sql`create table sneaky (id int)`.execute(tx.db)),
    (error: { code?: string; message?: string }) =>
      error.code === '42501' && /permission denied for schema public/.test(error.message ?? ''),
  );
});

// BEGIN and the actor's settings go in one round trip; when they fail after BEGIN ran (here: the role
// to take no longer exists), the transaction is rolled back before the error goes up, so the pooled
// connection (the only one) is clean for the next request instead of stuck in an aborted transaction.
test('a transaction whose settings cannot be applied runs no work and leaves the connection clean', async (t) => {
  const role = 'casus_prelude_test';
  await adminQuery(system.target.ownerUrl, `drop role if exists ${role}`);
  await adminQuery(system.target.ownerUrl, `create role ${role} nologin`);
  await adminQuery(system.target.ownerUrl, `grant usage on sequence casus_actor_nonce to ${role}`);
  const other = createDatabase({
    appUrl: system.target.ownerUrl,
    setRole: role,
    poolMax: 1,
    statementTimeoutMs: 5000,
    actorKey: () => null,
  });
  t.after(async () => {
    await other.close();
    await adminQuery(system.target.ownerUrl, `revoke usage on sequence casus_actor_nonce from ${role}`).catch(() => undefined);
    await adminQuery(system.target.ownerUrl, `drop role if exists ${role}`);
  });
  const whoAmI = () =>
    other.transaction(
      context('bob'),
      async (tx) =>
        (await sql<{ role: string; actor: string }>`select current_user as role, current_setting('casus.actor_id') as actor`.execute(tx.db))
          .rows[0]!,
    );
  assert.deepEqual(await whoAmI(), { role, actor: 'bob' });

  await adminQuery(system.target.ownerUrl, `revoke usage on sequence casus_actor_nonce from ${role}`);
  await adminQuery(system.target.ownerUrl, `drop role ${role}`);
  let ran = false;
  await assert.rejects(
    other.transaction(context('mallory'), async () => {
      ran = true;
    }),
    /role "casus_prelude_test" does not exist/,
  );
  assert.equal(ran, false, 'no work without the actor settings');

  await adminQuery(system.target.ownerUrl, `create role ${role} nologin`);
  await adminQuery(system.target.ownerUrl, `grant usage on sequence casus_actor_nonce to ${role}`);
  assert.deepEqual(await whoAmI(), { role, actor: 'bob' }, 'the same connection, usable again');
});
