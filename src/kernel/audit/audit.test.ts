// The audit trail: written in the caller's transaction, and append-only for the application role
// and the owner alike.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { recordAudit } from './audit.ts';
import type { ActorContext } from '../auth/actor.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { build } from '../../../test/helpers/build.ts';

// One system for the whole file, stopped by node:test's file-level after() hook.
const fileScope = { after: (cleanup) => after(cleanup as () => Promise<void>) } satisfies Pick<TestContext, 'after'>;
const system = await build(fileScope);
const { ownerUrl } = system.target;

function userContext(): ActorContext {
  return {
    actor: { kind: 'user', id: `user-${randomUUID()}` },
    origin: { requestId: `req-${randomUUID()}`, traceId: randomUUID().replaceAll('-', ''), ip: '192.0.2.7', userAgent: 'casus-test/1.0' },
  };
}

async function auditRows(objectId: string): Promise<Record<string, unknown>[]> {
  return (await adminQuery(ownerUrl, 'select * from audit_event where object_id = $1 order by id', [objectId])).rows;
}

/** Writes one audit row as the application and returns its object id. */
async function writeOne(): Promise<string> {
  const objectId = randomUUID();
  await system.db.transaction(userContext(), (tx) => recordAudit(tx, { action: 'case.update', objectType: 'case', objectId }));
  return objectId;
}

function isPermissionDenied(pattern: RegExp) {
  return (error: unknown) => {
    assert.equal((error as { code?: string }).code, '42501', String(error));
    assert.match((error as Error).message, pattern);
    return true;
  };
}

// Proves: recordAudit writes exactly one row carrying actor, request, trace, ip and the event's fields.
test('recordAudit writes one row with the actor and origin of the transaction', async () => {
  const ctx = userContext();
  const objectId = randomUUID();
  await system.db.transaction(ctx, (tx) =>
    recordAudit(tx, {
      action: 'case.update',
      objectType: 'case',
      objectId,
      dataSubjectId: 'person-42',
      changedFields: ['status', 'owner'],
      details: { from: 'open', to: 'closed' },
    }),
  );

  const rows = await auditRows(objectId);
  assert.equal(rows.length, 1);
  const row = rows[0]!;
  assert.equal(row.actor_kind, 'user');
  assert.equal(row.actor_id, ctx.actor.id);
  assert.equal(row.request_id, ctx.origin.requestId);
  assert.equal(row.trace_id, ctx.origin.traceId);
  assert.equal(row.origin_ip, '192.0.2.7');
  assert.equal(row.user_agent, 'casus-test/1.0');
  assert.equal(row.action, 'case.update');
  assert.equal(row.object_type, 'case');
  assert.equal(row.data_subject_id, 'person-42');
  assert.equal(row.result, 'success');
  assert.deepEqual(row.changed_fields, ['status', 'owner']);
  assert.deepEqual(row.details, { from: 'open', to: 'closed' });
  assert.ok(row.occurred_at instanceof Date);
});

// Proves: a list read records which objects it showed and about whom, duplicates of a person once.
test('recordAudit keeps the ids a list showed and the persons they are about', async () => {
  const objectId = randomUUID();
  const [a, b] = [randomUUID(), randomUUID()];
  await system.db.transaction(userContext(), (tx) =>
    recordAudit(tx, {
      action: 'case.list',
      objectType: 'case',
      objectId,
      objectIds: [a, b],
      dataSubjectIds: ['person-1', 'person-2', 'person-1'],
      details: { count: 2 },
    }),
  );
  const row = (await auditRows(objectId))[0]!;
  assert.deepEqual(row.object_ids, [a, b]);
  assert.deepEqual(row.data_subject_ids, ['person-1', 'person-2']);
  const found = await adminQuery(ownerUrl, `select count(*)::int as n from audit_event where data_subject_ids @> array['person-2']`);
  assert.equal(found.rows[0]!.n, 1);
});

// Proves: the audit row shares the fate of the change: a rolled-back transaction leaves no trail.
test('a transaction that fails after recordAudit leaves no audit row', async () => {
  const objectId = randomUUID();
  await assert.rejects(
    system.db.transaction(userContext(), async (tx) => {
      await recordAudit(tx, { action: 'case.update', objectType: 'case', objectId });
      throw new Error('the change itself failed');
    }),
    /the change itself failed/,
  );
  assert.deepEqual(await auditRows(objectId), []);
});

// Proves: the application role cannot alter or erase history (it has no UPDATE/DELETE/TRUNCATE).
test('the application role cannot update, delete or truncate audit events', async () => {
  const objectId = await writeOne();
  const [before] = await auditRows(objectId);
  const asApp = (statement: string) => system.db.transaction(userContext(), (tx) => sql.raw(statement).execute(tx.db));

  await assert.rejects(
    asApp(`update audit_event set reason = 'tampered' where object_id = '${objectId}'`),
    isPermissionDenied(/permission denied/),
  );
  await assert.rejects(asApp(`delete from audit_event where object_id = '${objectId}'`), isPermissionDenied(/permission denied/));
  await assert.rejects(asApp('truncate audit_event'), isPermissionDenied(/permission denied/));

  assert.deepEqual(await auditRows(objectId), [before]);
});

// Proves: the append-only trigger stops even the owner login (which owns the table and, on the
// test engines, is superuser).
test('even the owner login cannot update, delete or truncate audit events', async () => {
  const objectId = await writeOne();
  const [before] = await auditRows(objectId);

  await assert.rejects(
    adminQuery(ownerUrl, `update audit_event set reason = 'tampered' where object_id = $1`, [objectId]),
    isPermissionDenied(/append-only: UPDATE refused/),
  );
  await assert.rejects(
    adminQuery(ownerUrl, 'delete from audit_event where object_id = $1', [objectId]),
    isPermissionDenied(/append-only: DELETE refused/),
  );
  await assert.rejects(adminQuery(ownerUrl, 'truncate audit_event'), isPermissionDenied(/append-only: TRUNCATE refused/));

  assert.deepEqual(await auditRows(objectId), [before]);
});

// Proves: action names are checked by the database ("module.verb", lower case), not only by convention.
test('an invalid action name is rejected by the check constraint', async () => {
  const objectId = randomUUID();
  await assert.rejects(
    system.db.transaction(userContext(), (tx) => recordAudit(tx, { action: 'Bad Action', objectType: 'case', objectId })),
    (error: { code?: string; constraint?: string }) => error.code === '23514' && error.constraint === 'audit_event_action_check',
  );
  await assert.rejects(
    system.db.transaction(userContext(), (tx) => recordAudit(tx, { action: 'noverb', objectType: 'case', objectId })),
    (error: { code?: string }) => error.code === '23514',
  );
  assert.deepEqual(await auditRows(objectId), []);
});
