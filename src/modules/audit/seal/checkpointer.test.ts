// Checkpoints: issued after sealing when due (the first at once, then every N seconds or M leaves), each a
// verifying C2SP checkpoint whose root is the RFC 6962 root of the leaves, copied to the witness store in
// order (a failed copy is retried later); nobody else adds or changes one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { queryOnce } from '../../../kernel/db/client.ts';
import { systemContext } from '../../../kernel/auth/actor.ts';
import { createLogger } from '../../../kernel/observability/logger.ts';
import { sealedTrail, user } from '../../../../test/helpers/audit-trail.ts';
import { Checkpointer } from './checkpointer.ts';
import { sealingWorker } from './sealer.ts';
import { rootOf } from './merkle.ts';
import { openCheckpoint } from './verify-anchors.ts';
import { witnessName, type WitnessStore } from './witness.ts';

const log = createLogger({ level: 'silent' });

async function leafHashes(ownerUrl: string): Promise<Buffer[]> {
  return (await queryOnce<{ leaf_hash: Buffer }>(ownerUrl, 'select leaf_hash from audit_leaf order by leaf_index')).rows.map(
    (r) => r.leaf_hash,
  );
}

// Proves: due-ness (first at once, then by leaf count), the roots, the signed notes and their witness copies.
test('checkpoints are issued when due, signed, with the RFC 6962 root, and witnessed', async (t) => {
  const trail = await sealedTrail(t);
  const checkpointer = new Checkpointer(trail.system.db, {
    keys: trail.keys,
    witness: trail.witness,
    intervalSeconds: 3600,
    maxLeaves: 5,
    log,
  });
  await trail.write(3);
  await trail.sealer.sealAll();
  assert.equal((await checkpointer.issue())?.size, 3n, 'the first checkpoint is due at once');
  await trail.write(3);
  await trail.sealer.sealAll();
  assert.equal(await checkpointer.issue(), null, 'three leaves wait, five are needed');
  await trail.write(2);
  await trail.sealer.sealAll();
  const second = await checkpointer.issue();
  assert.equal(second?.size, 8n);
  assert.equal(await checkpointer.witnessPending({ now: true }), 2);
  const hashes = await leafHashes(trail.ownerUrl);
  for (const size of [3n, 8n]) {
    const copy = await trail.witness.get(witnessName('checkpoint', size));
    const opened = openCheckpoint(copy!.body, trail.keys);
    assert.equal(opened.body.size, size);
    assert.ok(opened.body.root.equals(rootOf(hashes.slice(0, Number(size)))), `the root of ${size} leaves`);
    assert.equal(opened.body.origin, 'localhost/casus-audit');
    assert.match(copy!.body, /^localhost\/casus-audit\n\d+\n\S+=\ntime \d{4}-\d\d-\d\dT[\d:.]+Z\n\n— localhost\/casus-audit \S+\n$/);
  }
});

// Proves: a witness store that fails leaves the checkpoint unwitnessed; the next attempt copies it, in order.
test('a failed witness copy is retried, oldest first', async (t) => {
  const trail = await sealedTrail(t);
  let failing = true;
  const flaky: WitnessStore = {
    describe: 'flaky',
    put: (name, body) => (failing ? Promise.reject(new Error('unreachable')) : trail.witness.put(name, body)),
    get: (name) => trail.witness.get(name),
    list: (kind, options) => trail.witness.list(kind, options),
    close: () => undefined,
  };
  const checkpointer = new Checkpointer(trail.system.db, { keys: trail.keys, witness: flaky, intervalSeconds: 3600, maxLeaves: 1, log });
  for (let i = 0; i < 2; i++) {
    await trail.write(2);
    await checkpointer.round(await trail.sealer.sealAll());
  }
  const unwitnessed = async () =>
    (await queryOnce<{ n: string }>(trail.ownerUrl, 'select count(*)::text as n from audit_checkpoint where witnessed_at is null')).rows[0]!
      .n;
  assert.equal(await unwitnessed(), '2');
  failing = false;
  assert.equal(await checkpointer.witnessPending({ now: true }), 2);
  assert.equal(await unwitnessed(), '0');
  assert.deepEqual(await trail.witness.list('checkpoint'), [witnessName('checkpoint', 2n), witnessName('checkpoint', 4n)]);
});

// Proves: the sealing worker seals, issues and witnesses on its own.
test('the sealing worker issues and witnesses checkpoints', async (t) => {
  const trail = await sealedTrail(t);
  const checkpointer = new Checkpointer(trail.system.db, {
    keys: trail.keys,
    witness: trail.witness,
    intervalSeconds: 1,
    maxLeaves: 1000,
    log,
  });
  const worker = sealingWorker(trail.sealer, { intervalMs: 100, log, checkpointer });
  await worker.start();
  t.after(() => worker.stop());
  await trail.write(4);
  for (let i = 0; i < 100 && (await trail.witness.list('checkpoint')).length === 0; i++) await sleep(100);
  assert.deepEqual(await trail.witness.list('checkpoint'), [witnessName('checkpoint', 4n)]);
});

// Proves: only the system actor adds checkpoints, never one past the sealed tree or out of order, and no one
// changes one once added (but for recording its witness copy once).
test('nobody else adds or changes a checkpoint', async (t) => {
  const trail = await sealedTrail(t);
  await trail.write(2);
  await trail.checkpoint();
  const add = (size: number, actor = systemContext('test')) =>
    trail.system.db.transaction(actor, (tx) =>
      sql`select casus_audit_checkpoint_add(${size}::bigint, sha256('x'), now(), '00000000', 'note', '{}'::bytea[])`.execute(tx.db),
    );
  await assert.rejects(add(3, user()), /only the system actor/);
  await assert.rejects(add(5), /only 2 are sealed/);
  await assert.rejects(add(2), /not after the last one/);
  await assert.rejects(
    trail.system.db.transaction(systemContext('test'), (tx) => sql`update audit_checkpoint set note = 'x'`.execute(tx.db)),
    /permission denied/,
  );
  await assert.rejects(queryOnce(trail.ownerUrl, `update audit_checkpoint set root_hash = sha256('y')`), /append-only/);
  await assert.rejects(queryOnce(trail.ownerUrl, `delete from audit_checkpoint`), /append-only/);
  const read = await trail.system.db.transaction(user(), (tx) => sql`select * from audit_checkpoint`.execute(tx.db));
  assert.equal(read.rows.length, 0, 'a user without audit.verify sees none');
});
