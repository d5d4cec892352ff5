// Every audit action the code base writes maps to exactly one processing activity of the register as
// it ships. The actions are read from the source with the TypeScript compiler (test/helpers/
// audit-actions.ts), not from a run: a run finds only the actions its tests happen to reach, while
// the source holds every one, including those written only on refusals, by SQL functions and by the
// CLI. Anything the reader cannot resolve fails the test, with its place, so an action cannot be left
// out silently. The controls show the reader resolving each way an action is written in this code
// base, and reporting what it cannot read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminQuery, testDatabase } from '../../../../test/helpers/database.ts';
import { discoverAuditActions } from '../../../../test/helpers/audit-actions.ts';
import { resolveActivity } from './register.resolver.ts';

const root = path.resolve(import.meta.dirname, '../../../..');

test('every audit action the code writes belongs to exactly one active processing activity', async () => {
  const { actions, unresolved } = discoverAuditActions(root);
  assert.deepEqual(unresolved, [], 'places that write an audit event whose action cannot be read');
  // Spot checks that the reader sees every kind of writer: a literal, a conditional, a template over a
  // union, an argument followed through a parameter, SQL in a migration's function, SQL in a repository.
  const found = new Set(actions.map((a) => a.action));
  for (const action of [
    'person.read',
    'case.break-glass-approve',
    'case.break-glass-refuse',
    'task.complete',
    'task.cancel',
    'api-token.issue',
    'contact-moment.repoint',
    'person.duplicate-check',
    'person.bsn-shared',
    'setup.link-created',
    'keys.rotate',
    'privacy.subject-access-export',
  ])
    assert.ok(found.has(action), `${action} is found`);
  assert.ok(found.size > 100, `${found.size} actions`);

  const { ownerUrl } = await testDatabase();
  const rows = await adminQuery<{ pattern: string; key: string; status: string }>(
    ownerUrl,
    `select a.pattern, p.key, p.status from processing_activity_action a join processing_activity p on p.id = a.activity_id`,
  );
  const mapping = new Map(rows.rows.map((r) => [r.pattern, r]));
  const unmapped = [...found].filter((action) => resolveActivity(mapping, action) === null);
  assert.deepEqual(unmapped, [], 'actions no processing activity covers');
  const retired = [...found].filter((action) => resolveActivity(mapping, action)?.status !== 'active');
  assert.deepEqual(retired, [], 'actions covered by a retired activity');
  // One activity per action holds by construction: a pattern is the look-up's primary key, and the
  // longest matching pattern decides. The look-up agrees with the activities' own lists.
  const listed = await adminQuery<{ pattern: string; key: string }>(
    ownerUrl,
    `select unnest(audit_actions) as pattern, key from processing_activity order by 1`,
  );
  assert.deepEqual(
    listed.rows.map((r) => `${r.pattern} ${r.key}`),
    rows.rows.map((r) => `${r.pattern} ${r.key}`).sort(),
  );
});

test('the reader resolves each way an action is written, and reports what it cannot read', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'casus-audit-actions-'));
  const file = path.join(dir, 'src', 'modules', 'x', 'x.service.ts');
  const source = `
    interface AuditEvent { action: string; objectType: string; objectId?: string }
    declare function recordAudit(tx: unknown, event: AuditEvent | AuditEvent[]): Promise<void>;
    declare const tx: unknown;
    const FIXED = 'x.constant';
    export async function literal() { await recordAudit(tx, { action: 'x.literal', objectType: 'x' }); }
    export async function chosen(ok: boolean) { await recordAudit(tx, { action: ok ? 'x.yes' : 'x.no', objectType: 'x' }); }
    export async function templated(step: 'start' | 'stop') { await recordAudit(tx, { action: \`x.\${step}\`, objectType: 'x' }); }
    export async function constant() { await recordAudit(tx, { action: FIXED, objectType: 'x' }); }
    async function run(action: string) { await recordAudit(tx, { action, objectType: 'x' }); }
    export const viaParameter = () => run('x.passed');
    interface Refs { handler: string; action: string }
    async function follow(refs: Refs) { await recordAudit(tx, { action: refs.action, objectType: 'x' }); }
    export const viaProperty = () => follow({ handler: 'h', action: 'x.property' });
    export async function forwarded(event: AuditEvent) { await recordAudit(tx, { ...event, action: event.action, objectType: 'y' }); }
    export const fromRow = (row: { action: string; object_type: string }) => ({ action: row.action, objectType: row.object_type });
    export const notText = { action: { type: 'string' }, objectType: { type: 'string' } };
    export const inSql = \`insert into public.audit_event (action, object_type, result) values ('x.in-sql', 'x', 'success')\`;
    export async function unknown(action: string) { await recordAudit(tx, { action, objectType: 'x' }); }
    export const badSql = \`insert into audit_event (action, object_type) values ($1, 'x')\`;
  `;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, source);
  const { actions, unresolved } = discoverAuditActions(dir, [file]);
  assert.deepEqual([...new Set(actions.map((a) => a.action))].sort(), [
    'x.constant',
    'x.in-sql',
    'x.literal',
    'x.no',
    'x.passed',
    'x.property',
    'x.start',
    'x.stop',
    'x.yes',
  ]);
  assert.deepEqual(
    unresolved.map((u) => u.replace(/:\d+:/, ':')),
    [
      "src/modules/x/x.service.ts: an audit event's action that cannot be read",
      'src/modules/x/x.service.ts: SQL inserts into audit_event with 0 action literals',
    ],
  );
});
