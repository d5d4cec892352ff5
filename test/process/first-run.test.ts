// The first start prints a one-time setup link instead of having default credentials, and `casus users
// bootstrap-admin` prints a new one (the old one stops working).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminQuery, testDatabase } from '../helpers/database.ts';
import { runCasus, startCasus } from './spawn.ts';

test('casus serve prints a setup link while there is no administrator; bootstrap-admin makes a new one', async (t) => {
  const target = await testDatabase();
  const env = { DATABASE_URL: target.ownerUrl, CASUS_MIGRATE_ON_START: 'false', CASUS_RUN_WORKER: 'false' };
  const server = startCasus(t, ['serve'], { env });
  const url = await server.waitForReady();
  await server.waitForLog('no administrator yet: a one-time setup link was printed on the console');
  const printed = /(http:\/\/127\.0\.0\.1:\d+\/setup#token=[\w-]{43})/.exec(server.stdout());
  assert.ok(printed, server.tail());
  assert.ok(printed[1]!.startsWith(url));
  assert.equal((await server.stop()).code, 0);

  const run = await runCasus(t, ['users', 'bootstrap-admin'], env);
  assert.equal(run.code, 0, run.stderr);
  const link = /\/setup#token=([\w-]{43})/.exec(run.stdout);
  assert.ok(link, run.stdout);
  const { rows } = await adminQuery<{ used: boolean }>(
    target.ownerUrl,
    `select used_at is not null as used from one_time_link where purpose = 'setup' order by created_at`,
  );
  assert.deepEqual(
    rows.map((r) => r.used),
    [true, false],
    'only the newest link is valid',
  );
});
