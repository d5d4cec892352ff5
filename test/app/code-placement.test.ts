// Where code lives in a module (docs/ARCHITECTURE.md, the contacts module is the model): routes are
// thin (no SQL, no transaction: they call a service), and only repositories (*.repository.ts) and
// migrations build SQL. Read with the TypeScript compiler from the source, per module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isMigration, moduleNames, sourceFiles, sqlSource, sqlSourceOf } from '../helpers/source-sql.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const mayBuildSql = (file: string) => file.endsWith('.repository.ts') || isMigration(file);

test('SQL and transactions are recognised however they are written', () => {
  const text = `export async function f(db, tx, client) {
    await db.transaction(ctx, async (t) => t.db.selectFrom('task').selectAll().execute());
    await sql<{ n: number }>\`select 1\`.execute(tx.db);
    await updateWithVersion(tx, 'task', id, 1, {});
    await client.query('select 1');
    await withClient(url, async () => undefined);
    return sql.ref('task.id');
  }`;
  const found = sqlSourceOf('src/modules/tasks/tasks.routes.ts', text);
  assert.deepEqual(found.builds.map((b) => b.text).sort(), ['query(…)', 'selectFrom(…)', 'sql.ref(…)', 'sql`…`', 'updateWithVersion(…)']);
  assert.deepEqual(found.transactions.map((b) => b.text).sort(), ['transaction(…)', 'withClient(…)']);
  assert.deepEqual(
    sqlSourceOf('src/modules/tasks/tasks.service.ts', 'export const view = (request) => request.query.limit;').builds,
    [],
    'reading a query string is not SQL',
  );
});

for (const module of moduleNames()) {
  test(`${module}: routes hold no SQL and open no transaction; only repositories and migrations build SQL`, () => {
    const lines = (spots: { line: number }[]) => [...new Set(spots.map((s) => s.line))].join(', ');
    const misplaced = sourceFiles(module).flatMap((file) => {
      const { builds, transactions } = sqlSource(file);
      return [
        ...(!mayBuildSql(file) && builds.length > 0 ? [`${file} builds SQL (lines ${lines(builds)}): that is a repository's`] : []),
        ...(file.endsWith('.routes.ts') && transactions.length > 0
          ? [`${file} opens a transaction (lines ${lines(transactions)}): that is a service's`]
          : []),
      ];
    });
    assert.deepEqual(misplaced, []);
  });
}

// Who may do what is decided in *.policy.ts, and each policy's decisions are listed beside it as a table
// checked without a database (test/helpers/policy-table.ts): a new policy without its table fails here.
test('every policy has its table of decisions beside it', () => {
  const untested = moduleNames()
    .flatMap((module) => sourceFiles(module))
    .filter((file) => file.endsWith('.policy.ts') && !existsSync(path.join(root, file.replace(/\.ts$/, '.test.ts'))));
  assert.deepEqual(untested, []);
});
