// Acceptance (issue 12): pruning expired events leaves a trail that still verifies, and the boundary proves
// what was pruned: a tampered boundary, an unexpired event removed, or a note the witness store never got
// is detected. Also the categories (SQL and TypeScript agree), and what retention never does: expire past
// a stream consumer, or while the latest verification failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { queryOnce } from '../../../kernel/db/client.ts';
import { systemContext } from '../../../kernel/auth/actor.ts';
import { createLogger } from '../../../kernel/observability/logger.ts';
import { sealedTrail, type SealedTrail } from '../../../../test/helpers/audit-trail.ts';
import { auditCategoryOf } from '../shipping/category.ts';
import { Retention } from './retention.ts';
import { runVerification } from './verify.job.ts';
import { signNote } from './note.ts';

const log = createLogger({ level: 'silent' });

type Result = 'success' | 'denied' | 'failure';
const CASES: [string, Result, Record<string, unknown> | null, string][] = [
  ['case.read', 'success', null, 'access'],
  ['case.list', 'success', null, 'access'],
  ['search.query', 'success', null, 'access'],
  ['person.bsn-reveal', 'success', null, 'access'],
  ['document.read-metadata', 'success', null, 'access'],
  ['case.access-grant-list', 'success', null, 'access'],
  ['case.report', 'success', null, 'access'],
  ['case.update', 'success', null, 'change'],
  ['contact-moment.create', 'success', null, 'change'],
  ['keys.rotate', 'success', null, 'change'],
  ['case.read-ish', 'success', null, 'access'],
  ['noverb', 'success', null, 'change'],
  ['auth.sign-in', 'success', null, 'security'],
  ['session.end', 'success', null, 'security'],
  ['security.notified', 'success', null, 'security'],
  ['grant.create', 'success', null, 'security'],
  ['service-account.create', 'success', null, 'security'],
  ['audit.verification-read', 'success', null, 'security'],
  ['case.break-glass', 'success', { securityEvent: true, unitId: null }, 'security'],
  ['case.read', 'success', { securityEvent: true }, 'security'],
  ['case.update', 'success', { securityEvent: false }, 'change'],
  ['case.update', 'success', { securityEvent: 'true' }, 'change'],
  ['person.read', 'denied', null, 'security'],
  ['case.update', 'failure', null, 'security'],
];

// Proves: expiry in SQL classifies an event as the module does (shipping/category.ts, the processing log's
// rule too): security first (refusals, failures, security events, sign-in, grants, the audit module's own),
// then reads, then changes.
test('categories: SQL and the module’s rule agree', async (t) => {
  const trail = await sealedTrail(t);
  for (const [action, result, details, expected] of CASES) {
    assert.equal(auditCategoryOf({ action, result, details }), expected, `${action} ${result} ${JSON.stringify(details)}`);
    const { rows } = await queryOnce<{ category: string }>(trail.ownerUrl, 'select casus_audit_category($1, $2, $3::jsonb) as category', [
      action,
      result,
      details === null ? null : JSON.stringify(details),
    ]);
    assert.equal(rows[0]!.category, expected, `SQL: ${action} ${result}`);
  }
});

/**
 * 30 events sealed and checkpointed, some made old before sealing (as if written years ago):
 *   leaves 0-9 access, 2000 days old (expire: access is kept 1826 days)
 *   leaves 10-14 change, 2000 days old (kept: changes 2557 days)
 *   leaves 15-19 access, 2000 days old (expire)
 *   leaves 20-24 security, 2000 days old (kept: 2557 days)
 *   leaves 25-29 access, recent (kept)
 */
async function agedTrail(t: Parameters<typeof sealedTrail>[0]): Promise<SealedTrail> {
  const trail = await sealedTrail(t);
  const old: string[] = [];
  old.push(...(await trail.write(10)));
  old.push(...(await trail.write(5, { action: 'case.update' })));
  old.push(...(await trail.write(5)));
  old.push(...(await trail.write(5, { action: 'auth.sign-in', objectType: 'user' })));
  await trail.write(5);
  await trail.tamper(
    `update audit_event set occurred_at = now() - interval '2000 days' where object_id in (${old.map((o) => `'${o}'`).join(', ')})`,
  );
  await trail.checkpoint();
  // The stream's consumers (detection, shipping) have processed everything: retention never passes them.
  await queryOnce(trail.ownerUrl, 'update audit_stream_cursor set leaf_index = (select max(leaf_index) from audit_leaf)');
  const deps = { db: trail.system.db, keys: trail.keys, witness: trail.witness, log };
  assert.equal((await runVerification(deps, 'full')).ok, true);
  return trail;
}

const retentionOf = (trail: SealedTrail, batchSize = 4) =>
  new Retention(trail.system.db, {
    keys: trail.keys,
    witness: trail.witness,
    rules: trail.system.settings.audit.retention,
    log,
    batchSize,
  });

// Proves: expired events go (content first, then the prefix), the rest stays, the trail verifies from the
// boundary, and the boundary's note is in the database and the witness store.
test('pruning expired events leaves a trail that verifies from the signed boundary', async (t) => {
  const trail = await agedTrail(t);
  const outcome = await retentionOf(trail).run();
  assert.deepEqual([outcome.expired, outcome.boundaryBefore, outcome.boundaryAfter], [15, 0n, 10n]);
  assert.ok(outcome.notes >= 2, 'one note per batch of 4');
  const leaves = await queryOnce<{ min: string; tombstones: string; events: string }>(
    trail.ownerUrl,
    `select (select min(leaf_index)::text from audit_leaf) as min, (select string_agg(leaf_index::text, ',' order by leaf_index) from audit_tombstone) as tombstones,
       (select count(*)::text from audit_event) as events`,
  );
  assert.deepEqual(leaves.rows[0], { min: '10', tombstones: '15,16,17,18,19', events: '15' });
  assert.equal((await trail.witness.list('retention')).length, outcome.notes);

  for (const mode of ['full', 'incremental'] as const) {
    const report = await trail.verify(mode);
    assert.equal(report.ok, true, `${mode}: ${JSON.stringify(report.findings)}`);
    assert.equal(report.boundary, '10');
  }
  assert.equal((await trail.verify('full')).from, '10', 'a full verification starts at the boundary');
  // New events after pruning: the next checkpoint grows from the stored frontier, and all still verifies.
  await trail.write(3);
  await trail.checkpoint();
  assert.equal((await trail.verify('full')).ok, true);
  assert.deepEqual(
    await retentionOf(trail)
      .run()
      .then((o) => o.expired),
    0,
    'nothing more is expired',
  );
});

// Proves: the boundary proves what was pruned: a rewritten note, an unexpired event passed off as expired,
// and a note the witness store never got are each detected.
test('a tampered boundary, an unexpired event removed, or an unwitnessed note is detected', async (t) => {
  const trail = await agedTrail(t);
  await retentionOf(trail, 100).run();
  const note = (
    await queryOnce<{ id: string; note: string }>(
      trail.ownerUrl,
      'select id::text, note from audit_retention_note order by id desc limit 1',
    )
  ).rows[0]!;

  // The boundary rewritten in the database's note: its signature fails, and it differs from the witness copy.
  const forged = note.note.replace('\nboundary 10\n', '\nboundary 12\n');
  await trail.tamper(`update audit_retention_note set note = $n$${forged}$n$ where id = ${note.id}`);
  let report = await trail.verify();
  assert.equal(report.ok, false);
  assert.ok(
    report.findings.some((f) => f.kind === 'bad-note' && /does not verify/.test(f.detail)),
    JSON.stringify(report.findings),
  );
  await trail.tamper(`update audit_retention_note set note = $n$${note.note}$n$ where id = ${note.id}`);
  assert.equal((await trail.verify()).ok, true, 'restored');

  // A note made with the signing key but never given to the witness store (not made by the retention job).
  const fake = signNote(
    note.note.slice(0, note.note.indexOf('\n\n') + 1).replace(/\ntime \S+\n/, `\ntime ${new Date(Date.now() + 1000).toISOString()}\n`),
    [trail.keys.signer],
  );
  const fakeTime = /\ntime (\S+)\n/.exec(fake)![1]!;
  await trail.tamper(`insert into audit_retention_note (boundary, checkpoint_size, made_at, key_id, note)
    select boundary, checkpoint_size, '${fakeTime}', key_id, $n$${fake}$n$ from audit_retention_note where id = ${note.id}`);
  report = await trail.verify();
  assert.ok(
    report.findings.some((f) => f.kind === 'witness-mismatch' && /is not in the witness store/.test(f.detail)),
    JSON.stringify(report.findings),
  );
  await trail.tamper(`delete from audit_retention_note where made_at = '${fakeTime}'`);
  assert.equal((await trail.verify()).ok, true, 'removed again');

  // An unexpired change event (leaf 12) removed and passed off as expired with a tombstone of its own.
  const eventId = await trail.eventOf(12);
  await trail.tamper(`insert into audit_tombstone (leaf_index, event_id, category, occurred_at)
      select 12, id, 'access', now() - interval '3000 days' from audit_event where id = ${eventId};
    delete from audit_event where id = ${eventId}`);
  report = await trail.verify();
  assert.equal(report.ok, false);
  assert.ok(
    report.findings.some((f) => f.kind === 'tombstone-invalid' && f.leafIndex === '12'),
    JSON.stringify(report.findings),
  );
  assert.equal(report.firstBad?.leafIndex, '12');
});

// Proves: retention waits for a passing verification, and never prunes past a leaf a stream consumer has
// not processed (its events may still expire, as tombstones, and wait for the consumer).
test('retention waits for a passing verification and for the slowest stream consumer', async (t) => {
  const trail = await agedTrail(t);
  await trail.tamper(`insert into audit_verify_run (started_at, mode, ok, from_leaf, to_leaf) values (now(), 'full', false, 0, 30)`);
  assert.match((await retentionOf(trail).run()).waiting ?? '', /did not pass/);
  assert.equal((await runVerification({ db: trail.system.db, keys: trail.keys, witness: trail.witness, log }, 'full')).ok, true);
  await trail.system.db.transaction(systemContext('audit-stream:detection'), (tx) =>
    sql`insert into audit_stream_cursor (consumer, leaf_index) values ('detection', 4)
      on conflict (consumer) do update set leaf_index = excluded.leaf_index`.execute(tx.db),
  );
  const outcome = await retentionOf(trail, 100).run();
  assert.equal(outcome.boundaryAfter, 5n, 'leaves 0-4 processed by the consumer, so the prefix ends at 5');
  assert.equal(outcome.expired, 5, 'only what the consumer has processed expires');
  assert.equal((await trail.verify()).ok, true);
});
