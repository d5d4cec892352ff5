// Two instances starting at the same moment against one empty database (a rolling deploy, or a
// scaled-out start): the migration lock makes every migration run exactly once, and both serve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allMigrations } from '../../src/app/modules.ts';
import { adminQuery, emptyDatabase } from '../helpers/database.ts';
import { startCasus } from './spawn.ts';

test('two casus serve started together on an empty database both become ready; each migration runs once', async (t) => {
  const target = await emptyDatabase();
  const env = { DATABASE_URL: target.ownerUrl, CASUS_MIGRATE_ON_START: 'true' };
  const instances = [startCasus(t, ['serve'], { env }), startCasus(t, ['serve'], { env })];

  const urls = await Promise.all(instances.map((casus) => casus.waitForReady(60_000)));
  assert.notEqual(urls[0], urls[1], 'each instance listens on its own port');

  const key = (module: unknown, name: unknown) => `${String(module)}/${String(name)}`;
  const expected = allMigrations()
    .flatMap((m) => m.migrations.map((migration) => key(m.module, migration.name)))
    .sort();
  const rows = (await adminQuery<{ module: string; name: string }>(target.ownerUrl, 'select module, name from casus_migration')).rows;
  assert.deepEqual(rows.map((r) => key(r.module, r.name)).sort(), expected, 'each migration of every module recorded exactly once');

  const applying = instances.flatMap((casus) => casus.lines.filter((line) => line.msg === 'applying migration'));
  assert.deepEqual(
    applying.map((line) => key(line.module, line.migration)).sort(),
    expected,
    'one "applying migration" line per migration across both logs',
  );
  for (const casus of instances) {
    assert.ok(
      casus.lines.some((line) => line.msg === 'migrations current'),
      'both instances waited for, and saw, a current schema',
    );
  }

  const exits = await Promise.all(instances.map((casus) => casus.stop()));
  assert.deepEqual(
    exits,
    [
      { code: 0, signal: null },
      { code: 0, signal: null },
    ],
    instances.map((c) => c.tail()).join('\n'),
  );
});
