// The witness stores: a copy once written never changes (a retry of the same bytes is fine, other bytes
// are a conflict), names list in order, and on S3 every PUT carries the Object Lock, and a copy someone
// overwrote or hid with the bucket's credentials is still read as first written, with the anomaly reported.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { S3_CREDENTIALS } from '../../../../test/helpers/blob-peers.ts';
import { startFakeWitnessS3, type FakeWitnessS3 } from '../../../../test/helpers/witness-s3.ts';
import { DirectoryWitness, S3Witness, WitnessConflict, witnessName, type WitnessStore } from './witness.ts';

const root = mkdtempSync(path.join(tmpdir(), 'casus-witness-'));
after(() => rmSync(root, { recursive: true, force: true }));

async function behavesAsWitness(store: WitnessStore): Promise<void> {
  const first = witnessName('checkpoint', 7n);
  assert.equal(first, 'checkpoint/00000000000000000007');
  assert.equal(await store.put(first, 'note seven\n'), 'written');
  assert.equal(await store.put(first, 'note seven\n'), 'identical', 'a retry of the same bytes');
  await assert.rejects(store.put(first, 'another seven\n'), WitnessConflict);
  assert.deepEqual(await store.get(first), { body: 'note seven\n', anomalies: [] });
  assert.equal(await store.get(witnessName('checkpoint', 8n)), null);
  for (const n of [12n, 100n, 9n]) await store.put(witnessName('checkpoint', n), `note ${n}\n`);
  await store.put(witnessName('retention', 1n), 'retention one\n');
  assert.deepEqual(
    await store.list('checkpoint'),
    [7n, 9n, 12n, 100n].map((n) => witnessName('checkpoint', n)),
  );
  assert.deepEqual(await store.list('checkpoint', { after: witnessName('checkpoint', 9n), limit: 1 }), [witnessName('checkpoint', 12n)]);
  assert.deepEqual(await store.list('retention'), [witnessName('retention', 1n)]);
  await assert.rejects(store.put('../escape', 'x\n'), /not a witness name/);
}

// Proves: the directory store writes create-exclusive, read-only files and leaves no temporary ones.
test('a directory witness', async () => {
  const dir = path.join(root, 'dir');
  await behavesAsWitness(new DirectoryWitness(dir));
  const files = readdirSync(path.join(dir, 'checkpoint'));
  assert.ok(
    files.every((f) => !f.endsWith('.part')),
    'no temporary files left',
  );
  assert.equal(statSync(path.join(dir, 'checkpoint', files[0]!)).mode & 0o777, 0o400);
});

describe('an S3 witness with Object Lock', () => {
  let s3: FakeWitnessS3;
  let store: S3Witness;
  before(async () => {
    s3 = await startFakeWitnessS3();
    store = new S3Witness({
      kind: 's3',
      endpoint: s3.endpoint,
      bucket: s3.bucket,
      pathStyle: true,
      prefix: 'casus-audit/',
      retainDays: 30,
      ...S3_CREDENTIALS,
    });
  });
  after(async () => {
    store.close();
    await s3.close();
  });

  // Proves: the same contract over S3, every PUT locked in compliance mode (the fake refuses it otherwise).
  test('writes once, locked', async () => {
    await behavesAsWitness(store);
    const versions = s3.keys.get('casus-audit/checkpoint/00000000000000000007')!;
    assert.equal(versions.length, 1);
    assert.ok(versions[0]!.retainUntil > Date.now() + 29 * 86_400_000, 'retained for the configured days');
  });

  // Proves: an overwrite (a new version) or a delete marker does not change what the witness reads, and is reported.
  test('an overwritten or hidden copy is read as first written, and reported', async () => {
    const name = witnessName('checkpoint', 500n);
    await store.put(name, 'the original\n');
    s3.tamper(`casus-audit/${name}`, { overwrite: 'a forgery\n' });
    const overwritten = await store.get(name);
    assert.equal(overwritten?.body, 'the original\n');
    assert.match(overwritten.anomalies.join(), /overwritten/);
    s3.tamper(`casus-audit/${name}`, 'hide');
    const hidden = await store.get(name);
    assert.equal(hidden?.body, 'the original\n');
    assert.match(hidden.anomalies.join(), /delete marker/);
    assert.ok((await store.list('checkpoint')).includes(name), 'still listed');
  });
});
