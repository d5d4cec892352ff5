// The sealer continues a round from the last event it sealed (migrations/0007_seal_keyset.ts): a transaction
// that commits meanwhile with a smaller transaction id than that point is still sealed, because only a batch
// from the boundary completes a round; and every event gets exactly one leaf.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { queryOnce } from '../../../kernel/db/client.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { sealedTrail, user } from '../../../../test/helpers/audit-trail.ts';
import { AuditSealer } from './seal.repository.ts';

// Proves: a late commit behind the keyset position is sealed before the round completes; nothing twice, no gap.
test('a round continued from its last event still seals a late commit behind it', async (t) => {
  const trail = await sealedTrail(t);
  const sealer = new AuditSealer(trail.system.db, { batchSize: 10 });
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let begun!: () => void;
  const wrote = new Promise<void>((resolve) => (begun = resolve));
  const lateObject = randomUUID();
  // An open transaction with an early transaction id, holding its event uncommitted.
  const late = trail.system.db.transaction(user(), async (tx) => {
    await recordAudit(tx, { action: 'person.read', objectType: 'person', objectId: lateObject });
    begun();
    await held;
  });
  await wrote;
  await trail.write(35);
  const first = await sealer.sealBatch();
  assert.equal(first.sealed, 10);
  const state = async () =>
    (await queryOnce<{ xmax: string | null }>(trail.ownerUrl, 'select seen_xmax::text as xmax from audit_seal_state')).rows[0]!.xmax;
  const boundaryBefore = await state();
  release();
  await late;
  // Continue the round from where it stopped, as sealAll does; the late event lies behind that point.
  let after = first.last;
  let batch = await sealer.sealBatch(after);
  while (!batch.drained) {
    after = batch.last;
    batch = await sealer.sealBatch(after);
  }
  const sealedLate = async () =>
    (
      await queryOnce(trail.ownerUrl, 'select 1 from audit_leaf l join audit_event e on e.id = l.event_id where e.object_id = $1', [
        lateObject,
      ])
    ).rows.length;
  assert.equal(await sealedLate(), 0, 'the continued batches passed it by');
  // The round is not complete yet: only a batch from the boundary may complete it, and it finds the late event.
  assert.equal(await state(), boundaryBefore, 'a continued batch does not move the boundary');
  assert.equal(await sealer.sealAll(), 1);
  assert.equal(await sealedLate(), 1);
  const { rows } = await queryOnce<{ n: string; distinct_events: string; max: string }>(
    trail.ownerUrl,
    'select count(*)::text as n, count(distinct event_id)::text as distinct_events, max(leaf_index)::text as max from audit_leaf',
  );
  assert.deepEqual(rows[0], { n: '36', distinct_events: '36', max: '35' });
  assert.equal((await trail.verify()).ok, true);
});
