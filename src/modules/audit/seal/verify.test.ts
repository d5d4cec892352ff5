// Acceptance (issue 12): a superuser's direct UPDATE, DELETE, inserted row and reordering, each done as the
// database's owner with triggers disabled, are detected by verification, which names the first bad
// position; an untouched trail verifies; and rewriting the database's own checkpoints consistently with
// the tampered rows is still caught, because the witness store's copies disagree. Each case gets a trail of
// its own: 30 events, checkpoints at 10, 20 and 30, each copied to a directory witness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { queryOnce } from '../../../kernel/db/client.ts';
import { sealedTrail, type SealedTrail } from '../../../../test/helpers/audit-trail.ts';
import { leafHash, type CanonicalEventRow } from './canonical.ts';
import { canonicalColumns } from './seal.repository.ts';
import { Frontier } from './merkle.ts';
import { signNote } from './note.ts';
import { checkpointText } from './notes.ts';
import { systemContext } from '../../../kernel/auth/actor.ts';

async function trailOf30(t: Parameters<typeof sealedTrail>[0]): Promise<SealedTrail> {
  const trail = await sealedTrail(t);
  for (let i = 0; i < 3; i++) {
    await trail.write(10);
    await trail.checkpoint();
  }
  return trail;
}

function assertFirstBad(
  report: Awaited<ReturnType<SealedTrail['verify']>>,
  leafIndex: string | null,
  eventId: string | null,
  kind: string,
): void {
  assert.equal(report.ok, false, 'the trail does not verify');
  assert.deepEqual(report.firstBad, { leafIndex, eventId, exact: true });
  assert.ok(
    report.findings.some((f) => f.kind === kind),
    `a ${kind} finding: ${JSON.stringify(report.findings)}`,
  );
}

// Proves: an untouched trail verifies from leaf 0 against the newest witnessed checkpoint, comparing every checkpoint.
test('an untouched trail verifies', async (t) => {
  const trail = await trailOf30(t);
  const report = await trail.verify('full');
  assert.equal(report.ok, true, JSON.stringify(report.findings));
  assert.equal(report.from, '0');
  assert.equal(report.to, '30');
  assert.equal(report.anchor?.size, '30');
  assert.equal(report.anchor?.source, 'witness');
  assert.equal(report.checkpoints, 3, 'the roots at 10, 20 and 30');
  assert.deepEqual(report.findings, []);
  // Without an earlier successful run, an incremental verification starts from the boundary too, and says so.
  const incremental = await trail.verify('incremental');
  assert.equal(incremental.ok, true);
  assert.equal(incremental.mode, 'full');
  assert.match(incremental.warnings.join(), /no earlier verification succeeded/);
});

// Proves: an UPDATE of a sealed event is found at its leaf.
test('a superuser UPDATE of an event is detected at its leaf', async (t) => {
  const trail = await trailOf30(t);
  const eventId = await trail.eventOf(12);
  await trail.tamper(`update audit_event set reason = 'nothing happened here' where id = ${eventId}`);
  assertFirstBad(await trail.verify(), '12', eventId, 'event-modified');
});

// Proves: a DELETE of a sealed event is found at its leaf, also by the hourly (incremental) run.
test('a superuser DELETE of an event is detected at its leaf', async (t) => {
  const trail = await trailOf30(t);
  const eventId = await trail.eventOf(7);
  await trail.tamper(`delete from audit_event where id = ${eventId}`);
  assertFirstBad(await trail.verify(), '7', eventId, 'event-deleted');
  assertFirstBad(await trail.verify('incremental'), '7', eventId, 'event-deleted');
});

// Proves: a row inserted behind the sealer's back (triggers disabled: no transaction id) is found by its event id.
test('a row INSERTED by a superuser is detected', async (t) => {
  const trail = await trailOf30(t);
  // Triggers disabled: neither the actor from the seal nor the transaction id is set (it stays 0, "older than sealing").
  await trail.tamper(`insert into audit_event (actor_kind, actor_id, action, object_type, object_id, result, occurred_at)
    values ('user', 'user-framed', 'person.read', 'person', 'someone', 'success', now() - interval '3 days')`);
  const { rows } = await queryOnce<{ id: string }>(trail.ownerUrl, `select id::text from audit_event where actor_id = 'user-framed'`);
  const inserted = rows[0]!.id;
  const report = await trail.verify();
  assertFirstBad(report, null, inserted, 'event-without-leaf');
});

// Proves: swapping two leaves' events (reordering) is found at the first of the two.
test('REORDERING two leaves is detected at the first', async (t) => {
  const trail = await trailOf30(t);
  const [a, b] = [await trail.eventOf(3), await trail.eventOf(4)];
  await trail.tamper(
    `update audit_leaf set event_id = -1 where leaf_index = 3; update audit_leaf set event_id = ${a} where leaf_index = 4; update audit_leaf set event_id = ${b} where leaf_index = 3`,
  );
  assertFirstBad(await trail.verify(), '3', b, 'event-modified');
});

// Proves: swapping two events' contents (the rows keep their ids) is found at the first leaf.
test('REORDERING two events’ contents is detected at the first', async (t) => {
  const trail = await trailOf30(t);
  const [a, b] = [await trail.eventOf(21), await trail.eventOf(25)];
  await trail.tamper(`update audit_event e set object_id = case when e.id = ${a}
      then (select object_id from audit_event where id = ${b}) else (select object_id from audit_event where id = ${a}) end
    where e.id in (${a}, ${b})`);
  assertFirstBad(await trail.verify(), '21', a, 'event-modified');
});

// Proves: an attacker who rewrites an event, its leaf hash and the database's checkpoints after it (re-signed,
// as with the key itself) is still caught: the witness store's checkpoints disagree, and bisection over
// them narrows the first bad leaf to the checkpoint interval it lies in (10..19).
test('checkpoints rewritten in the database with the rows are caught by the witness copies', async (t) => {
  const trail = await trailOf30(t);
  const eventId = await trail.eventOf(15);
  await trail.tamper(`update audit_event set reason = 'rewritten history' where id = ${eventId}`);
  // The attacker recomputes the leaf hash of the rewritten event and stores it...
  const row = await trail.system.db.transaction(systemContext('test'), async (tx) => {
    const { rows } = await sql<CanonicalEventRow>`select ${canonicalColumns} from audit_event e where e.id = ${eventId}::bigint`.execute(
      tx.db,
    );
    return rows[0]!;
  });
  await trail.tamper(`update audit_leaf set leaf_hash = '\\x${leafHash(row).toString('hex')}' where leaf_index = 15`);
  // ...and rewrites the checkpoints of 20 and 30 to match, signed with the signing key.
  const hashes = (await queryOnce<{ leaf_hash: Buffer }>(trail.ownerUrl, 'select leaf_hash from audit_leaf order by leaf_index')).rows.map(
    (r) => r.leaf_hash,
  );
  for (const size of [20, 30]) {
    const frontier = Frontier.empty();
    for (const h of hashes.slice(0, size)) frontier.append(h);
    const note = signNote(checkpointText({ origin: trail.keys.origin, size: BigInt(size), root: frontier.root(), time: new Date() }), [
      trail.keys.signer,
    ]);
    const nodes = frontier.nodes.map((n) => `'\\x${n.toString('hex')}'::bytea`).join(', ');
    await trail.tamper(
      `update audit_checkpoint set root_hash = '\\x${frontier.root().toString('hex')}', note = $note$${note}$note$, frontier = array[${nodes}] where tree_size = ${size}`,
    );
  }
  const report = await trail.verify();
  assert.equal(report.ok, false);
  assert.ok(
    report.findings.some((f) => f.kind === 'witness-mismatch' && /checkpoint 30 is different/.test(f.detail)),
    JSON.stringify(report.findings),
  );
  const mismatch = report.findings.find((f) => f.kind === 'root-mismatch');
  assert.deepEqual([mismatch?.leafIndex, mismatch?.leafIndexBefore], ['10', '20'], JSON.stringify(report.findings));
  assert.deepEqual(report.firstBad, { leafIndex: '10', eventId: null, exact: false });
});

// Proves: cutting leaves off the end (and the tree size back) is caught by the witnessed checkpoint of more leaves.
test('leaves cut off the end are detected', async (t) => {
  const trail = await trailOf30(t);
  await trail.tamper(
    `delete from audit_checkpoint where tree_size = 30; delete from audit_leaf where leaf_index >= 25; update audit_seal_state set tree_size = 25`,
  );
  const report = await trail.verify();
  assert.equal(report.ok, false);
  assert.equal(report.firstBad?.leafIndex, '25');
  assert.ok(report.findings.some((f) => f.kind === 'leaves-truncated' && /witness store holds a signed checkpoint of 30/.test(f.detail)));
});
