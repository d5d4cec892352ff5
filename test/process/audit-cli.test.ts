// `casus audit verify|keys` end to end, as an operator runs them beside a running `casus serve`: serve
// starts the embedded PostgreSQL and seals, checkpoints and witnesses the trail; the commands attach to
// that PostgreSQL through the same data directory. An untouched trail verifies (exit 0, the range and
// the checkpoint printed); the keys printed verify the witness copies; after a superuser's UPDATE the
// command names the first bad leaf (exit 1); an unreachable database is exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { queryOnce } from '../../src/kernel/db/client.ts';
import { openNote, parseVerifierKey } from '../../src/modules/audit/seal/note.ts';
import { DirectoryWitness } from '../../src/modules/audit/seal/witness.ts';
import { runCasus, startCasus } from './spawn.ts';

function ownerUrlOf(dataDir: string): string {
  const state = JSON.parse(readFileSync(path.join(dataDir, 'embedded.json'), 'utf8')) as {
    port: number;
    superuserPassword: string;
    database: string;
  };
  return `postgres://postgres:${encodeURIComponent(state.superuserPassword)}@127.0.0.1:${state.port}/${state.database}`;
}

test('casus audit verify and keys beside a running casus serve', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'casus-audit-cli-'));
  const witnessDir = mkdtempSync(path.join(tmpdir(), 'casus-audit-cli-witness-'));
  const env = {
    CASUS_DATA_DIR: dataDir,
    CASUS_AUDIT_WITNESS_DIR: witnessDir,
    CASUS_AUDIT_SEAL_INTERVAL_MS: '200',
    CASUS_AUDIT_CHECKPOINT_SECONDS: '1',
  };
  const serve = startCasus(t, ['serve'], { env });
  t.after(async () => {
    await serve.stop('SIGTERM', 30_000);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(witnessDir, { recursive: true, force: true });
  });
  await serve.waitForReady(180_000);
  const ownerUrl = ownerUrlOf(dataDir);
  await queryOnce(
    ownerUrl,
    `insert into audit_event (action, object_type, object_id, result) select 'case.read', 'case', 'c' || n, 'success' from generate_series(1, 40) n`,
  );
  const witness = new DirectoryWitness(witnessDir);
  const sealed = async () =>
    BigInt((await queryOnce<{ n: string }>(ownerUrl, 'select tree_size::text as n from audit_seal_state')).rows[0]!.n);
  for (let i = 0; i < 200; i++) {
    const newest = (await witness.list('checkpoint')).at(-1);
    if (newest && BigInt(newest.split('/')[1]!) >= 40n && (await sealed()) >= 40n) break;
    await sleep(100);
  }

  const verified = await runCasus(t, ['audit', 'verify'], env);
  assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  assert.match(
    verified.stdout,
    /^VERIFIED: (full|incremental) verification of leaves 0 to \d+ \(tree size \d+, retention boundary 0\)\.$/m,
  );
  assert.match(
    verified.stdout,
    /^Checkpoint used: size \d+, root \S+=, issued \S+, signed by localhost\/casus-audit\+[0-9a-f]{8} \(witness copy\)/m,
  );

  const json = await runCasus(t, ['audit', 'verify', '--from-start', '--json'], env);
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout) as { ok: boolean; mode: string; from: string; anchor: { source: string } };
  assert.deepEqual([report.ok, report.mode, report.from, report.anchor.source], [true, 'full', '0', 'witness']);

  const keys = await runCasus(t, ['audit', 'keys', '--json'], env);
  assert.equal(keys.code, 0, keys.stderr);
  const listed = JSON.parse(keys.stdout) as { origin: string; keys: { verifierKey: string; active: boolean }[] };
  assert.equal(listed.origin, 'localhost/casus-audit');
  const verifier = parseVerifierKey(listed.keys.find((k) => k.active)!.verifierKey);
  const newest = (await witness.list('checkpoint')).at(-1)!;
  const copy = (await witness.get(newest))!.body;
  assert.doesNotThrow(() => openNote(copy, [verifier]), 'the printed key verifies the witness copies');

  const eventId = (await queryOnce<{ id: string }>(ownerUrl, 'select event_id::text as id from audit_leaf where leaf_index = 10')).rows[0]!
    .id;
  await queryOnce(
    ownerUrl,
    `set session_replication_role = replica; update audit_event set object_id = 'elsewhere' where id = ${eventId}; reset session_replication_role`,
  );
  const failed = await runCasus(t, ['audit', 'verify', '--from-start'], env);
  assert.equal(failed.code, 1, failed.stdout + failed.stderr);
  assert.match(failed.stdout, /^FAILED: full verification/m);
  assert.match(failed.stdout, new RegExp(`^First bad position: leaf 10 \\(event ${eventId}\\)\\.$`, 'm'));
  assert.match(failed.stdout, /event-modified leaf 10/);

  const unreachable = await runCasus(t, ['audit', 'verify'], { ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/casus' });
  assert.equal(unreachable.code, 2, unreachable.stderr);
  assert.match(unreachable.stderr, /the trail could not be verified/);
});
