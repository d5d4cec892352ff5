// The sealed trail as a stream: each consumer sees every sealed event once, in leaf order; a handler
// that fails sees the same events again; two instances never handle the same batch.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import type { ActorContext } from '../../../kernel/auth/actor.ts';
import { build } from '../../../../test/helpers/build.ts';
import { AuditSealer } from '../seal/seal.repository.ts';
import { AuditStream, type SealedEvent } from './stream.repository.ts';
import { drainStream } from './stream-worker.ts';

const fileScope = { after: (cleanup) => after(cleanup as () => Promise<void>) } satisfies Pick<TestContext, 'after'>;
const system = await build(fileScope);
const sealer = new AuditSealer(system.db, { batchSize: 1000 });
const stream = new AuditStream(system.db);

function user(): ActorContext {
  return {
    actor: { kind: 'user', id: `user-${randomUUID()}` },
    origin: { requestId: randomUUID(), traceId: null, ip: '192.0.2.1', userAgent: null },
  };
}

async function write(n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  for (const objectId of ids)
    await system.db.transaction(user(), (tx) =>
      recordAudit(tx, { action: 'person.read', objectType: 'person', objectId, dataSubjectId: objectId }),
    );
  return ids;
}

// Proves: a consumer gets every sealed event once, in leaf order, across batches; unsealed events wait.
test('a consumer sees each sealed event once, in order', async () => {
  const first = await write(7);
  const seen: SealedEvent[] = [];
  const handler = async (_tx: unknown, events: SealedEvent[]) => void seen.push(...events);
  assert.equal(await drainStream(stream, { consumer: 'test-order', batchSize: 3, handler }), 0, 'nothing sealed yet');
  await sealer.sealAll();
  await drainStream(stream, { consumer: 'test-order', batchSize: 3, handler });
  const later = await write(2);
  await sealer.sealAll();
  await drainStream(stream, { consumer: 'test-order', batchSize: 3, handler });
  const objects = seen.map((e) => e.objectId);
  for (const id of [...first, ...later]) assert.equal(objects.filter((o) => o === id).length, 1, 'once');
  const leaves = seen.map((e) => BigInt(e.leafIndex));
  assert.deepEqual(
    leaves,
    [...leaves].sort((a, b) => (a < b ? -1 : 1)),
    'in leaf order',
  );
  assert.equal(new Set(leaves).size, leaves.length);
  const event = seen.find((e) => e.objectId === first[0])!;
  assert.equal(event.action, 'person.read');
  assert.equal(event.dataSubjectId, first[0]);
  assert.ok(event.occurredAt instanceof Date);
});

// Proves: a handler that fails moves no cursor; the next round gets the same events; work written in the
// handler's transaction is rolled back with it (exactly once for database work).
test('a failing handler gets the same events again', async () => {
  await write(3);
  await sealer.sealAll();
  let attempt = 0;
  const batches: string[][] = [];
  const handler = async (tx: Parameters<Parameters<AuditStream['next']>[2]>[0], events: SealedEvent[]) => {
    attempt += 1;
    batches.push(events.map((e) => e.leafIndex));
    await sql`select 1`.execute(tx.db);
    if (attempt === 1) throw new Error('collector down');
  };
  await assert.rejects(stream.next('test-retry', 2, handler), /collector down/);
  await stream.next('test-retry', 2, handler);
  assert.deepEqual(batches[0], batches[1]);
});

// Proves: while one instance holds a consumer's cursor, another skips the batch instead of duplicating it.
test('two instances do not handle the same batch', async () => {
  await write(4);
  await sealer.sealAll();
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const first = stream.next('test-lock', 100, async () => {
    entered();
    await held;
  });
  await inside;
  const second = await stream.next('test-lock', 100, async () => assert.fail('the second instance must skip'));
  assert.deepEqual(second, { processed: 0, cursor: null });
  release();
  assert.ok((await first).processed > 0);
  const cursors = await stream.cursors();
  assert.ok(cursors.some((c) => c.consumer === 'test-lock'));
});

// Proves: users cannot read or move cursors through the application.
test('users do not see cursors', async () => {
  const rows = await system.db.transaction(user(), (tx) => sql`select * from audit_stream_cursor`.execute(tx.db));
  assert.equal(rows.rows.length, 0);
  await assert.rejects(
    system.db.transaction(user(), (tx) => sql`insert into audit_stream_cursor (consumer) values ('x')`.execute(tx.db)),
    /row-level security/,
  );
});
