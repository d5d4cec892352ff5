// Sealing: every committed audit event gets exactly one leaf, at gap-free indexes in commit-safe
// order, whatever the order in which transactions commit; nobody but the sealer adds leaves.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { systemContext, type ActorContext } from '../../../kernel/auth/actor.ts';
import { adminQuery } from '../../../../test/helpers/database.ts';
import { build } from '../../../../test/helpers/build.ts';
import { AuditSealer, canonicalColumns } from './seal.repository.ts';
import { leafHash, type CanonicalEventRow } from './canonical.ts';

const fileScope = { after: (cleanup) => after(cleanup as () => Promise<void>) } satisfies Pick<TestContext, 'after'>;
const system = await build(fileScope);
const { ownerUrl } = system.target;
const sealer = new AuditSealer(system.db, { batchSize: 100 });

function user(): ActorContext {
  return {
    actor: { kind: 'user', id: `user-${randomUUID()}` },
    origin: { requestId: randomUUID(), traceId: null, ip: '192.0.2.1', userAgent: null },
  };
}

async function writeEvent(objectId = randomUUID()): Promise<string> {
  await system.db.transaction(user(), (tx) => recordAudit(tx, { action: 'case.read', objectType: 'case', objectId }));
  return objectId;
}

async function leafOf(objectId: string): Promise<{ leaf_index: string; event_id: string } | undefined> {
  const rows = await adminQuery(
    ownerUrl,
    `select l.leaf_index::text, l.event_id::text from audit_leaf l join audit_event e on e.id = l.event_id where e.object_id = $1`,
    [objectId],
  );
  return rows.rows[0] as { leaf_index: string; event_id: string } | undefined;
}

async function checkTree(): Promise<number> {
  const { rows } = await adminQuery(ownerUrl, `select l.leaf_index::text, l.event_id::text from audit_leaf l order by l.leaf_index`);
  rows.forEach((row, i) => assert.equal(row.leaf_index, String(i), 'leaf indexes are gap-free from 0'));
  const state = (await adminQuery(ownerUrl, `select tree_size::text from audit_seal_state`)).rows[0]!;
  assert.equal(state.tree_size, String(rows.length), 'the state counts the leaves');
  return rows.length;
}

async function leafHashesMatch(): Promise<void> {
  const rows = await system.db.transaction(
    systemContext('test'),
    async (tx) =>
      (
        await sql<CanonicalEventRow & { leaf_hash: Buffer }>`select ${canonicalColumns}, l.leaf_hash from audit_leaf l
        join audit_event e on e.id = l.event_id order by l.leaf_index`.execute(tx.db)
      ).rows,
  );
  assert.ok(rows.length > 0);
  for (const row of rows) assert.ok(leafHash(row).equals(row.leaf_hash), `leaf of event ${row.id} hashes its canonical bytes`);
}

// Proves: committed events are sealed once each, at indexes 0..n-1, with the hash of their canonical bytes.
test('every committed event gets one leaf, gap-free, with its hash', async () => {
  const objects = [];
  for (let i = 0; i < 5; i++) objects.push(await writeEvent());
  await sealer.sealAll();
  for (const o of objects) assert.ok(await leafOf(o), 'sealed');
  const size = await checkTree();
  assert.equal(await sealer.sealAll(), 0, 'a second round finds nothing new');
  assert.equal(await checkTree(), size);
  await leafHashesMatch();
});

// Proves: an event whose transaction commits after a round began (an older transaction id) is sealed by a
// later round, and an aborted transaction leaves no leaf and no gap.
test('a late commit is sealed by the next round; a rollback leaves no gap', async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let inserted!: () => void;
  const wrote = new Promise<void>((resolve) => (inserted = resolve));
  const lateObject = randomUUID();
  const late = system.db.transaction(user(), async (tx) => {
    await recordAudit(tx, { action: 'person.read', objectType: 'person', objectId: lateObject });
    inserted();
    await held;
  });
  await wrote;
  const abortedObject = randomUUID();
  await system.db
    .transaction(user(), async (tx) => {
      await recordAudit(tx, { action: 'person.read', objectType: 'person', objectId: abortedObject });
      throw new Error('roll back');
    })
    .catch(() => undefined);
  const after1 = await writeEvent();
  await sealer.sealAll();
  assert.ok(await leafOf(after1), 'the event committed meanwhile is sealed');
  assert.equal(await leafOf(lateObject), undefined, 'the open transaction’s event is not');
  release();
  await late;
  await sealer.sealAll();
  const leaf = await leafOf(lateObject);
  assert.ok(leaf, 'sealed once its transaction committed');
  assert.ok(BigInt(leaf.leaf_index) > BigInt((await leafOf(after1))!.leaf_index), 'after what was sealed before');
  assert.equal(await leafOf(abortedObject), undefined);
  await checkTree();
});

// Proves: concurrent rounds (several instances) seal each event exactly once.
test('concurrent rounds seal each event once', async () => {
  const objects = await Promise.all(Array.from({ length: 30 }, () => writeEvent()));
  const results = await Promise.allSettled(Array.from({ length: 4 }, () => sealer.sealAll()));
  // A round may lose a race (serialisation failure) and roll back; the next one seals what is left.
  await sealer.sealAll();
  assert.ok(results.some((r) => r.status === 'fulfilled'));
  for (const o of objects) assert.ok(await leafOf(o));
  await checkTree();
});

// Proves: the application role cannot add, change or remove leaves, nor seal as anyone but the system actor.
test('only the sealer adds leaves', async () => {
  await writeEvent();
  await assert.rejects(
    system.db.transaction(user(), (tx) => sql`select casus_audit_seal_append('{}'::bigint[], '{}'::bytea[], true)`.execute(tx.db), {
      isolation: 'repeatable read',
    }),
    /only the system actor/,
  );
  await assert.rejects(
    system.db.transaction(systemContext('test'), (tx) =>
      sql`insert into audit_leaf (leaf_index, event_id, leaf_hash) values (999999, 1, sha256('x'))`.execute(tx.db),
    ),
    /permission denied/,
  );
  await assert.rejects(
    system.db.transaction(systemContext('test'), (tx) => sql`update audit_seal_state set tree_size = 0`.execute(tx.db)),
    /permission denied/,
  );
  await assert.rejects(
    system.db.transaction(systemContext('test'), (tx) =>
      sql`select casus_audit_seal_append('{}'::bigint[], '{}'::bytea[], true)`.execute(tx.db),
    ),
    /repeatable read/,
  );
  await sealer.sealAll();
  await assert.rejects(adminQuery(ownerUrl, `delete from audit_leaf`), /append-only/);
  await assert.rejects(adminQuery(ownerUrl, `update audit_leaf set leaf_hash = sha256('x')`), /append-only/);
});

// Proves: a user cannot read leaves through the application (only the system actor).
test('users do not read leaves', async () => {
  await writeEvent();
  await sealer.sealAll();
  const rows = await system.db.transaction(user(), (tx) => sql`select * from audit_leaf`.execute(tx.db));
  assert.equal(rows.rows.length, 0);
});
