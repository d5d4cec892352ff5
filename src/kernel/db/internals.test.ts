// What the prepared-statement layer (kernel/db/prepared.ts) and the sealing driver with its transaction
// prelude (kernel/db/driver.ts, database.ts) rely on in pg and Kysely beyond their everyday API
// (docs/adr/0021). Each test names one assumption, so that after an upgrade a failure here says which
// one broke before the symptoms do: plans no longer cached, an actor missing from a transaction, an
// aborted COMMIT taken for a successful one.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { AbortedTransactionError, CompiledQuery, sql } from 'kysely';
import type { ActorContext } from '../auth/actor.ts';
import { createPool } from './database.ts';
import { SealingDriver } from './driver.ts';
import { prepareStatements, statementName } from './prepared.ts';
import { build } from '../../../test/helpers/build.ts';

const fileScope = { after: (cleanup) => after(cleanup as () => Promise<void>) } satisfies Pick<TestContext, 'after'>;
const system = await build(fileScope, { env: { CASUS_DB_POOL_MAX: '1' } });
const { db } = system;

const alice: ActorContext = {
  actor: { kind: 'user', id: 'alice' },
  origin: { requestId: 'req-internals', traceId: null, ip: null, userAgent: null },
};

/** A pool of the application role with prepared statements, as createDatabase builds it, of one connection. */
function appPool(t: TestContext): pg.Pool {
  const pool = createPool(system.target.appUrl, {
    max: 1,
    statementTimeoutMs: 5000,
    applicationName: 'casus-internals-test',
    setRole: system.target.setRole,
  });
  prepareStatements(pool);
  t.after(() => pool.end());
  return pool;
}

// prepared.ts replaces `query` on each new client in the pool's 'connect' event. pg-pool must emit it
// with the very client it then hands out, before the first caller can query on it, and pg must send a
// client's queries through that property.
test('pg: the pool announces a new client before handing it out, and its own query property is used', async (t) => {
  const pool = appPool(t);
  const order: string[] = [];
  pool.on('connect', () => order.push('connect'));
  const client = await pool.connect();
  order.push('acquired');
  try {
    assert.deepEqual(order, ['connect', 'acquired']);
    assert.ok(Object.hasOwn(client, 'query') && client.query !== pg.Client.prototype.query, 'the client carries the wrapped query');
    const text = 'select count(*)::int as n from pg_class where relname = $1';
    await client.query(text, ['casus_migration']);
    const named = await client.query('select name from pg_prepared_statements where name = $1', [statementName(text)]);
    assert.equal(named.rowCount, 1, 'the first query on a new connection is already a named statement');
  } finally {
    client.release();
  }
});

// A `{ name, text, values }` query: pg parses it on the first execution only (it remembers the name per
// connection; a second Parse of the same name would fail in PostgreSQL), and every execution uses that
// one server-side statement, which is what lets PostgreSQL reuse its plan.
test('pg: a named statement is parsed once per connection and the same statement runs every time', async (t) => {
  const client = await appPool(t).connect();
  try {
    const text = 'select count(*)::int as n from pg_class where relkind = $1';
    for (let i = 0; i < 6; i += 1) assert.equal((await client.query(text, ['r'])).rows.length, 1);
    const runs = await client.query<{ runs: number }>(
      'select (generic_plans + custom_plans)::int as runs from pg_prepared_statements where name = $1',
      [statementName(text)],
    );
    assert.deepEqual(runs.rows, [{ runs: 6 }]);
  } finally {
    client.release();
  }
});

// The prelude (`begin; select set_config(...)`) and the end (`commit; select nextval(...)`) are one
// round trip each. Kysely gives a raw query an empty parameter list; pg must send a query without
// values, or with an empty list, over the simple protocol (several statements allowed, one result
// each), and prepared.ts must leave it unnamed (a named statement holds one command only).
test('pg and Kysely: a raw query with no parameters runs several statements in one round trip', async (t) => {
  assert.deepEqual(CompiledQuery.raw('begin').parameters, []);
  const client = await appPool(t).connect();
  const run = async (text: string, values?: unknown[]) => {
    const results = (await client.query(text, values)) as unknown as pg.QueryResult<Record<string, unknown>>[];
    assert.ok(Array.isArray(results), `${text}: one result per statement`);
    return results.map((r) => [r.command, ...r.rows]);
  };
  try {
    assert.deepEqual(await run(`begin; select set_config('casus.internals_test', 'set', true) as a`, []), [
      ['BEGIN'],
      ['SELECT', { a: 'set' }],
    ]);
    assert.deepEqual(await run('commit; select 2 as b'), [['COMMIT'], ['SELECT', { b: 2 }]]);
  } finally {
    client.release();
  }
});

// commitTransaction tells a failed transaction by the command tag: PostgreSQL completes COMMIT of an
// aborted transaction with ROLLBACK, and pg reports the tag as `command`. Kysely must pass our
// AbortedTransactionError up to the caller rather than report success.
test('pg: COMMIT of an aborted transaction answers ROLLBACK, and the transaction fails as aborted', async (t) => {
  const client = await appPool(t).connect();
  try {
    await client.query('begin');
    await assert.rejects(client.query('select 1 / 0'));
    assert.equal((await client.query('commit')).command, 'ROLLBACK');
  } finally {
    client.release();
  }

  await assert.rejects(
    db.transaction(alice, async (tx) => {
      await sql`select 1 / 0`.execute(tx.db).catch(() => undefined); // swallowed by mistake: the transaction is still lost
    }),
    (error: unknown) => error instanceof AbortedTransactionError,
  );
  assert.equal(
    await db.transaction(alice, async (tx) => (await sql<{ one: number }>`select 1 as one`.execute(tx.db)).rows[0]!.one),
    1,
    'the connection is usable again',
  );
});

// A connection whose state is unknown is closed, not reused: pg-pool must destroy a client released with `true`.
test('pg: a client released with true is closed, and the pool opens a new one', async (t) => {
  const pool = appPool(t);
  const pidOf = async (client: pg.PoolClient) => (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  const first = await pool.connect();
  const before = await pidOf(first);
  first.release(true);
  const second = await pool.connect();
  try {
    assert.notEqual(await pidOf(second), before);
  } finally {
    second.release();
  }
});

// Kysely must take the driver from the dialect's createDriver() (database.ts overrides it), call its
// begin and commit around the work on the connection the driver acquired, and do so in the caller's
// async context: the actor reaches beginTransaction through AsyncLocalStorage (transactionActors).
test("Kysely: a transaction runs through our driver, on the connection it acquired, in the caller's async context", async (t) => {
  const calls: { method: string; connection: unknown }[] = [];
  for (const method of [
    'acquireConnection',
    'beginTransaction',
    'commitTransaction',
    'rollbackTransaction',
    'releaseConnection',
  ] as const) {
    const original = Object.getOwnPropertyDescriptor(SealingDriver.prototype, method)!.value as (
      this: SealingDriver,
      ...args: unknown[]
    ) => Promise<unknown>;
    t.mock.method(SealingDriver.prototype, method, async function (this: SealingDriver, ...args: unknown[]) {
      const result = await original.apply(this, args);
      calls.push({ method, connection: method === 'acquireConnection' ? result : args[0] });
      return result;
    });
  }
  const seen = await db.transaction(
    alice,
    async (tx) =>
      (
        await sql<{
          id: string | null;
          sealed: boolean;
        }>`select casus_actor_id() as id, current_setting('casus.actor_seal') <> '' as sealed`.execute(tx.db)
      ).rows[0]!,
  );
  assert.deepEqual(seen, { id: 'alice', sealed: true }, 'the actor was set and sealed by our beginTransaction');
  assert.deepEqual(
    calls.map((c) => c.method),
    ['acquireConnection', 'beginTransaction', 'commitTransaction', 'releaseConnection'],
  );
  assert.ok(
    calls.every((c) => c.connection === calls[0]!.connection),
    'one connection object from acquire to release',
  );
});
