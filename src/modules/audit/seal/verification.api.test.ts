// The verification screens' routes: what a security officer reads (status, runs, checkpoints with their
// notes, retention boundaries, keys), paging by cursor, a foreign cursor refused as 400, every read
// audited, and nothing for someone without audit.verify.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queryOnce } from '../../../kernel/db/client.ts';
import { createLogger } from '../../../kernel/observability/logger.ts';
import { sealedTrail } from '../../../../test/helpers/audit-trail.ts';
import { team } from '../../../../test/helpers/fixtures.ts';
import { openCheckpoint } from './verify-anchors.ts';
import { runVerification } from './verify.job.ts';
import { Retention } from './retention.ts';

const log = createLogger({ level: 'silent' });

// Proves: the answers hold what the trail holds, page by page, and each read leaves an audit event.
test('a security officer reads the verification status, runs, checkpoints, boundaries and keys', async (t) => {
  const trail = await sealedTrail(t);
  const { system } = trail;
  const old = await trail.write(4);
  // Written as if years ago, before they are sealed: the first four expire.
  await trail.tamper(
    `update audit_event set occurred_at = now() - interval '2000 days' where object_id in (${old.map((o) => `'${o}'`).join(', ')})`,
  );
  for (let i = 0; i < 3; i++) {
    if (i > 0) await trail.write(4);
    await trail.checkpoint();
  }
  // Signed in after the trail's first twelve leaves (their sign-ins are leaves too, sealed later).
  const squad = await team(system);
  const officer = await squad.user('officer', 'security-officer');
  const worker = await squad.user('worker', 'case-worker');
  // The stream's consumers (detection) have processed everything: retention never passes them.
  await queryOnce(trail.ownerUrl, 'update audit_stream_cursor set leaf_index = (select max(leaf_index) from audit_leaf)');
  const deps = { db: system.db, keys: trail.keys, witness: trail.witness, log };
  await runVerification(deps, 'full');
  // The stream's consumers (detection's cursor exists from its migration) have processed everything here.
  await trail.tamper(`update audit_stream_cursor set leaf_index = (select max(leaf_index) from audit_leaf)`);
  await new Retention(system.db, { keys: trail.keys, witness: trail.witness, rules: system.settings.audit.retention, log }).run();
  await trail.tamper(`delete from audit_event where id = ${await trail.eventOf(6)}`);
  await runVerification(deps, 'full');

  const status = await officer.session.request('GET', '/api/v1/audit/verification');
  assert.equal(status.statusCode, 200, status.body);
  const body = status.json();
  assert.equal(body.state, 'failed');
  assert.equal(body.failuresSinceSuccess, 1);
  assert.deepEqual(body.lastRun.firstBad, { leafIndex: '6', eventId: await trail.eventOf(6), exact: true });
  assert.equal(body.boundary, '4');
  assert.equal(body.lastRun.findings[0].kind, 'event-deleted');
  assert.equal(body.lastSuccess.ok, true);
  assert.match(body.witnessStore, /^directory /);
  assert.equal(body.unwitnessedCheckpoints, 0);
  assert.ok(Number(body.treeSize) >= 12);
  const newest = body.checkpoint;
  assert.equal(openCheckpoint(newest.note, trail.keys).body.size.toString(), newest.size, 'the note verifies and is the checkpoint');

  const first = await officer.session.request('GET', '/api/v1/audit/checkpoints?limit=2');
  assert.equal(first.statusCode, 200, first.body);
  assert.deepEqual(
    first.json().items.map((c: { size: string }) => c.size),
    [newest.size, String(Number(newest.size) - 4)],
  );
  const second = await officer.session.request('GET', `/api/v1/audit/checkpoints?limit=2&after=${first.json().next}`);
  assert.deepEqual(
    second.json().items.map((c: { size: string }) => c.size),
    [String(Number(newest.size) - 8)],
  );
  assert.equal(second.json().next, null);

  const runs = await officer.session.request('GET', '/api/v1/audit/verification/runs?limit=1');
  assert.equal(runs.json().items[0].ok, false);
  assert.ok(runs.json().next, 'a second page');
  const boundaries = await officer.session.request('GET', '/api/v1/audit/retention-boundaries');
  assert.equal(boundaries.statusCode, 200, boundaries.body);
  const [boundary] = boundaries.json().items;
  assert.deepEqual(
    [boundary.boundary, boundary.tombstones, boundary.rules, typeof boundary.witnessedAt],
    ['4', '0', { securityDays: 2557, accessDays: 1826, changeDays: 2557 }, 'string'],
  );
  assert.match(boundary.note, /^localhost\/casus-audit\/retention\nboundary 4\n/);
  const keys = await officer.session.request('GET', '/api/v1/audit/keys');
  assert.deepEqual(
    keys.json().keys.map((k: { verifierKey: string; active: boolean }) => [k.verifierKey, k.active]),
    [[trail.keys.signer.verifierKey, true]],
  );

  const bad = await officer.session.request('GET', '/api/v1/audit/checkpoints?after=not-a-cursor');
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().errors[0].pointer, '/query/after');
  assert.equal((await worker.session.request('GET', '/api/v1/audit/verification')).statusCode, 403);

  const audited = await queryOnce<{ action: string }>(
    trail.ownerUrl,
    `select action from audit_event where actor_id = $1 and action like 'audit.%' order by id`,
    [officer.id],
  );
  assert.deepEqual(
    audited.rows.map((r) => r.action),
    [
      'audit.verification-read',
      'audit.checkpoint-list',
      'audit.checkpoint-list',
      'audit.verification-run-list',
      'audit.retention-boundary-list',
      'audit.key-list',
    ],
  );
});
