// The application pool prepares its statements (kernel/db/prepared.ts): PostgreSQL parses and plans a
// query once per connection instead of on every execution. One connection, so every query below runs
// in the same session and its pg_prepared_statements tells what was prepared.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { systemContext } from '../auth/actor.ts';
import { MAX_PER_CONNECTION, preparable, statementName } from './prepared.ts';
import { build } from '../../../test/helpers/build.ts';
import { adminQuery } from '../../../test/helpers/database.ts';

const fileScope = { after: (cleanup) => after(cleanup as () => Promise<void>) } satisfies Pick<TestContext, 'after'>;
const system = await build(fileScope, { env: { CASUS_DB_POOL_MAX: '1' } });
const { db } = system;
const ctx = systemContext('test');

const prepared = () =>
  db.transaction(
    ctx,
    async (tx) => (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(tx.db)).rows,
  );

test('which statements are prepared: data statements with named result columns only', () => {
  assert.equal(preparable('select id, action from audit_event where id = $1'), true);
  assert.equal(
    preparable('with x as (select 1) select * from x'),
    false,
    'select * follows the table: a new column would break the cached statement',
  );
  assert.equal(preparable('select e.*, 1 from audit_event e'), false);
  assert.equal(preparable('select "e".* from audit_event e'), false);
  assert.equal(preparable('select id, * from audit_event'), false);
  assert.equal(preparable('insert into t (a) values ($1) returning *'), false);
  assert.equal(preparable('select count(*) as n, (count(*) over ())::int as total from audit_event'), true, 'count(*) is no star column');
  assert.equal(preparable('begin'), false);
  assert.equal(preparable('set local role x'), false);
  assert.equal(preparable(`select '${'x'.repeat(20_001)}'`), false);
  assert.match(statementName('select 1'), /^casus_[0-9a-f]{40}$/);
  assert.ok(statementName('select 1').length <= 63, 'within NAMEDATALEN');
});

test('a query through the pool is prepared once per connection and its cached statement reused', async () => {
  const text = 'select count(*)::int as n from audit_event where action = $1';
  for (let i = 0; i < 3; i += 1) {
    await db.transaction(ctx, async (tx) =>
      sql`select count(*)::int as n from audit_event where action = ${'test.prepared'}`.execute(tx.db),
    );
  }
  const statements = await prepared();
  assert.equal(statements.filter((s) => s.name === statementName(text)).length, 1, 'one named statement for the text');
  assert.ok(!statements.some((s) => /select \*/i.test(s.statement)), 'no select * among them');

  // Kysely's own statements too, and a star query is run unnamed.
  await db.transaction(ctx, async (tx) => {
    await tx.db.selectFrom('audit_event').select(['id', 'action']).where('action', '=', 'test.kysely').execute();
    await tx.db.selectFrom('audit_event').selectAll().where('action', '=', 'test.star').execute();
  });
  const after = await prepared();
  assert.ok(after.some((s) => /from "audit_event" where "action" = \$1/.test(s.statement) && !s.statement.includes('*')));
  assert.ok(!after.some((s) => s.statement.includes('select *')));
  assert.ok(after.length < MAX_PER_CONNECTION);
});

test('a table that gains a column (a migration while the server runs) keeps working with the statements that read it', async () => {
  await db.transaction(ctx, async (tx) => sql`select 1`.execute(tx.db));
  // Both an explicit column list and selectAll(): were `select *` prepared, PostgreSQL would refuse
  // the cached statement after the new column ("cached plan must not change result type").
  const read = () =>
    db.transaction(ctx, async (tx) => [
      ...(await tx.db.selectFrom('audit_event').select(['id', 'action']).where('action', '=', 'test.alter').execute()),
      ...(await tx.db.selectFrom('audit_event').selectAll().where('action', '=', 'test.alter').execute()),
    ]);
  for (let i = 0; i < 6; i += 1) await read();
  await adminQuery(system.target.ownerUrl, 'alter table audit_event add column test_extra_column integer');
  try {
    assert.deepEqual(await read(), []);
  } finally {
    await adminQuery(system.target.ownerUrl, 'alter table audit_event drop column test_extra_column');
  }
  assert.deepEqual(await read(), []);
});
