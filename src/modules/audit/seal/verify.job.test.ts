// The scheduled verification: runs are recorded; the hourly run continues from the witnessed checkpoint
// where the last successful one ended (and still checks the whole trail for deletions and insertions);
// a failure is a security event for the holders of audit.alerts, raised once per distinct failure; the
// metrics show the last success, the failures since, the tree and the checkpoints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queryOnce } from '../../../kernel/db/client.ts';
import { createLogger } from '../../../kernel/observability/logger.ts';
import { sealedTrail } from '../../../../test/helpers/audit-trail.ts';
import { runVerification } from './verify.job.ts';
import { trailHealth } from './metrics.ts';

const log = createLogger({ level: 'silent' });

// Proves: the whole cycle of scheduled runs, their records, the security events and the metrics.
test('scheduled runs: recorded, incremental, a security event per distinct failure, metrics', async (t) => {
  const trail = await sealedTrail(t);
  const deps = { db: trail.system.db, keys: trail.keys, witness: trail.witness, log };
  await trail.write(30);
  await trail.checkpoint();
  const first = await runVerification(deps, 'full');
  assert.equal(first.ok, true, JSON.stringify(first.findings));
  let health = await trailHealth(trail.system.db);
  assert.equal(health.treeSize, 30);
  assert.equal(health.checkpointSize, 30);
  assert.equal(health.unwitnessed, 0);
  assert.equal(health.failures, 0);
  assert.ok(Math.abs(health.lastSuccess * 1000 - Date.now()) < 60_000, 'the last success is now');
  assert.equal(health.sealLagSeconds, 0);

  // The hourly run continues from checkpoint 30 and finds a change to an event sealed since.
  await trail.write(10);
  await trail.checkpoint();
  await trail.write(1);
  assert.ok((await trailHealth(trail.system.db)).sealLagSeconds > 0, 'an unsealed event waits');
  const changed = await trail.eventOf(35);
  await trail.tamper(`update audit_event set object_id = 'elsewhere' where id = ${changed}`);
  const hourly = await runVerification(deps, 'incremental');
  assert.equal(hourly.mode, 'incremental');
  assert.equal(hourly.from, '30');
  assert.deepEqual(hourly.firstBad, { leafIndex: '35', eventId: changed, exact: true });
  // The same damage again: recorded, but not told twice.
  assert.equal((await runVerification(deps, 'incremental')).ok, false);
  // A deletion far back is found by the hourly run too (the whole trail is checked for those).
  const deleted = await trail.eventOf(5);
  await trail.tamper(`delete from audit_event where id = ${deleted}`);
  const later = await runVerification(deps, 'incremental');
  assert.deepEqual(later.firstBad, { leafIndex: '5', eventId: deleted, exact: true });

  const runs = await queryOnce<{ ok: boolean; mode: string; first_bad_leaf: string | null }>(
    trail.ownerUrl,
    'select ok, mode, first_bad_leaf::text from audit_verify_run order by id',
  );
  assert.deepEqual(
    runs.rows.map((r) => [r.ok, r.mode, r.first_bad_leaf]),
    [
      [true, 'full', null],
      [false, 'incremental', '35'],
      [false, 'incremental', '35'],
      [false, 'incremental', '5'],
    ],
  );
  const raised = await queryOnce<{ object_id: string; details: { securityEvent: boolean; firstBadLeaf: string }; notify: unknown }>(
    trail.ownerUrl,
    `select a.object_id, a.details, o.payload -> 'notify' as notify from audit_event a
       join outbox_event o on o.name = 'security.event-raised' and o.payload ->> 'action' = a.action and o.payload ->> 'objectId' = a.object_id
     where a.action = 'audit.verification-failed' order by a.id`,
  );
  assert.deepEqual(
    raised.rows.map((r) => [r.object_id, r.details.securityEvent, r.details.firstBadLeaf]),
    [
      ['35', true, '35'],
      ['5', true, '5'],
    ],
  );
  assert.match(JSON.stringify(raised.rows[0]!.notify), /"permission":"audit\.alerts"/);
  health = await trailHealth(trail.system.db);
  assert.equal(health.failures, 3);
});
