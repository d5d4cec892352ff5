// Detection's migrations on a trail that already has a history: detection starts after what was sealed
// before it was installed (judging years of evenings would bury the officers in alerts); they go down to
// what was there and up again; and the security officer's role gets audit.alerts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allMigrations, modules } from '../../../app/modules.ts';
import { Migrator } from '../../../kernel/db/migrator.ts';
import { createLogger } from '../../../kernel/observability/logger.ts';
import { adminQuery, emptyDatabase, testEngine } from '../../../../test/helpers/database.ts';

const FIRST = '0020_detection';

function migrator(ownerUrl: string, withDetection: boolean): Migrator {
  const list = allMigrations(modules).map((m) =>
    m.module === 'audit' && !withDetection ? { ...m, migrations: m.migrations.filter((x) => x.name < FIRST) } : m,
  );
  // Modules after audit may build on it: leave them out until detection is in.
  const upTo = withDetection ? list : list.slice(0, list.findIndex((m) => m.module === 'audit') + 1);
  return new Migrator({
    ownerUrl,
    modules: upTo,
    context: { appRole: testEngine().appRole, authRole: testEngine().authRole },
    log: createLogger({ level: 'silent' }),
  });
}

const detectionTables = async (url: string) =>
  (
    await adminQuery<{ t: string }>(
      url,
      `select table_name as t from information_schema.tables where table_name like 'detection%' order by 1`,
    )
  ).rows.map((r) => r.t);

test('detection starts after the history sealed before it; down and up again', async () => {
  const url = (await emptyDatabase()).ownerUrl;
  await migrator(url, false).up();
  // A sealed history of three events (written over the owner login, as the sealer's function would).
  const { rows: events } = await adminQuery<{ id: string }>(
    url,
    `insert into audit_event (actor_kind, actor_id, action, object_type, result) select 'user', 'u', 'person.read', 'person', 'success'
     from generate_series(1, 3) returning id::text`,
  );
  for (const [i, e] of events.entries())
    await adminQuery(url, `insert into audit_leaf (leaf_index, event_id, leaf_hash) values ($1, $2, $3)`, [i, e.id, Buffer.alloc(32, i)]);

  await migrator(url, true).up();
  const cursor = async () =>
    (await adminQuery<{ leaf_index: string }>(url, `select leaf_index::text from audit_stream_cursor where consumer = 'detection'`)).rows;
  assert.deepEqual(await cursor(), [{ leaf_index: '2' }]);
  assert.deepEqual(await detectionTables(url), ['detection_alert', 'detection_alert_event', 'detection_hit', 'detection_value']);
  const officer = await adminQuery(
    url,
    `select 1 from role_permission rp join role r on r.id = rp.role_id where r.key = 'security-officer' and rp.permission = 'audit.alerts'`,
  );
  assert.equal(officer.rows.length, 1);

  // Back to before detection: its migrations and those of the modules after audit, newest first.
  const list = allMigrations(modules);
  const after = list.slice(list.findIndex((m) => m.module === 'audit') + 1).reduce((n, m) => n + m.migrations.length, 0);
  const ours = list.find((m) => m.module === 'audit')!.migrations.filter((m) => m.name >= FIRST).length;
  await migrator(url, true).down(after + ours);
  assert.deepEqual(await detectionTables(url), []);
  assert.deepEqual(await cursor(), []);
  await migrator(url, true).up();
  assert.deepEqual(await cursor(), [{ leaf_index: '2' }]);
});
