// The whole way, with a working instance: a real break of the glass through the API is sealed, judged by
// the detection worker on the sealed stream, raised as an alert, and its security event reaches the
// security officer of the breaker's unit through the outbox and the identity module's notifier.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from '../../../../test/helpers/build.ts';
import { adminQuery } from '../../../../test/helpers/database.ts';
import { alertsAbout } from '../../../../test/helpers/detection.ts';
import { openCase, team } from '../../../../test/helpers/fixtures.ts';

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

// Proves: detection runs in working instances as a stream consumer, and the security officer of the
// acting user's unit is told of the alert (not the officer of the case's unit, who hears of the break itself).
test('a break of the glass reaches the security officer as an alert', async (t) => {
  const system = await build(t, {
    worker: true,
    env: { CASUS_AUDIT_SEAL_INTERVAL_MS: '100', CASUS_AUDIT_DETECTION_INTERVAL_MS: '100' },
  });
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const kase = await openCase(system, worker, a.unit, { client: 'Nachtelijk' });
  const nightLine = await b.user('night', 'break-glass');
  const officerB = await b.user('officer', 'security-officer');
  const officerA = await a.user('officer', 'security-officer');

  const broke = await nightLine.session.request('POST', '/api/v1/cases/break-glass', {
    caseNumber: kase.number,
    reason: 'client called the night line, caseworker unreachable',
  });
  assert.equal(broke.statusCode, 201, broke.body);

  const alert = await waitFor('the alert', async () => (await alertsAbout(system, nightLine.id)).find((x) => x.rule_id === 'break-glass'));
  assert.equal(alert.unit_id, b.unit);
  const told = await waitFor('the notification', async () => {
    const { rows } = await adminQuery<{ object_ids: string[] }>(
      system.target.ownerUrl,
      `select object_ids from audit_event where action = 'security.notified' and object_type = 'detection-alert' and object_id = $1`,
      [alert.id],
    );
    return rows[0];
  });
  assert.ok(told.object_ids.includes(officerB.id), 'the officer of the night line’s unit');
  assert.ok(!told.object_ids.includes(officerA.id), 'not the officer of another unit');
  assert.ok(!told.object_ids.includes(nightLine.id));
});
