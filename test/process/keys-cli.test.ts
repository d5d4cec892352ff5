// `casus keys status|rotate` as an operator runs them against the test database: key ids shown,
// key material never; rotate enqueues the job, or with --wait runs it in the process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminQuery, testDatabase, testEngine } from '../helpers/database.ts';
import { runCasus } from './spawn.ts';

test('casus keys: status shows key ids and columns, rotate enqueues or runs the rotation', async (t) => {
  const target = await testDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'casus-keys-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const A = randomBytes(32).toString('base64');
  const B = randomBytes(32).toString('base64');
  const INDEX = randomBytes(32).toString('base64');
  const env = {
    DATABASE_URL: target.ownerUrl,
    CASUS_DB_APP_ROLE: testEngine().appRole,
    ...(target.setRole ? {} : { DATABASE_APP_URL: target.appUrl }),
    CASUS_MIGRATE_ON_START: 'false',
    CASUS_DATA_DIR: dataDir,
  };
  const keys = { CASUS_ENCRYPTION_KEYS: `k2025:${A},k2026a:${B}`, CASUS_ENCRYPTION_ACTIVE_KEY: 'k2026a', CASUS_BLIND_INDEX_KEY: INDEX };

  const help = await runCasus(t, ['keys', '--help'], {});
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /Usage: casus keys[\s\S]*status[\s\S]*rotate/);

  // Development without settings: the derived key `dev`.
  let run = await runCasus(t, ['keys', 'status'], env);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Active key: dev\. Keys in the ring: dev\. Blind index key id: [0-9a-f]{16}\.$/m);

  run = await runCasus(t, ['keys', 'status'], { ...env, ...keys });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Active key: k2026a\. Keys in the ring: k2025, k2026a\./m);
  assert.match(
    run.stdout,
    /No module has registered encrypted columns|Every value in the registered columns is under k2026a|under other keys/,
  );
  for (const secret of [A, B, INDEX]) assert.ok(!(run.stdout + run.stderr).includes(secret), 'no key material in the output');

  run = await runCasus(t, ['keys', 'status', '--json'], { ...env, ...keys });
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as {
    activeKeyId: string;
    keyIds: string[];
    columns: { name: string; total: number; active: number }[];
  };
  assert.equal(report.activeKeyId, 'k2026a');
  assert.deepEqual(report.keyIds, ['k2025', 'k2026a']);
  assert.ok(Array.isArray(report.columns));

  run = await runCasus(t, ['keys', 'rotate'], { ...env, ...keys });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /Enqueued kernel\.keys-rotate \(job [0-9a-f-]{36}\) to re-encrypt under k2026a/);
  const queued = await adminQuery<{ n: number }>(
    target.ownerUrl,
    `select count(*)::int as n from pgboss.job where name = 'kernel.keys-rotate'`,
  );
  assert.equal(queued.rows[0]!.n, 1);

  run = await runCasus(t, ['keys', 'rotate', '--wait'], { ...env, ...keys });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /No module has registered encrypted columns|Done: every column was re-encrypted under k2026a/);

  // A refused setting is reported like every other command's (exit 78), without the key.
  run = await runCasus(t, ['keys', 'status'], { ...env, ...keys, CASUS_ENCRYPTION_ACTIVE_KEY: 'k1999' });
  assert.equal(run.code, 78, run.stderr);
  assert.match(run.stderr, /CASUS_ENCRYPTION_ACTIVE_KEY=k1999 is not one of the ids/);
});
