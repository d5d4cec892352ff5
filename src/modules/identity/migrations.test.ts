// Identity's migrations. role_permission.permission takes only `<module>.<action>` names: 0009 puts back the dot 0002's CHECK
// lost (`\.` in a JavaScript template is `.`), and its down() restores 0002's definition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Migrator } from '../../kernel/db/migrator.ts';
import { kernelMigrations } from '../../kernel/migrations/index.ts';
import { createLogger } from '../../kernel/observability/logger.ts';
import { adminQuery, emptyDatabase, testDatabase, testEngine } from '../../../test/helpers/database.ts';
import { identityMigrations } from './migrations/index.ts';

const CHECK_VIOLATION = (error: { code?: string }) => error.code === '23514';

/** Gives the seeded case-worker role a permission, as the owner (no application check in between). */
const addPermission = (ownerUrl: string, permission: string) =>
  adminQuery(ownerUrl, `insert into role_permission (role_id, permission) select id, $1 from role where key = 'case-worker'`, [permission]);

test('the database refuses a permission name without a dot, and takes one with', async () => {
  const { ownerUrl } = await testDatabase();
  for (const name of ['casesread', 'cases-read', 'cases_read', 'cases.', 'cases..read', 'Cases.read']) {
    await assert.rejects(addPermission(ownerUrl, name), CHECK_VIOLATION, name);
  }
  await addPermission(ownerUrl, 'cases.read-test');
  await addPermission(ownerUrl, 'cases.break-glass.test');
});

test('0009 goes down to 0002\'s definition, which took any character for the dot, and up again', async () => {
  const { ownerUrl } = await emptyDatabase();
  const migrator = new Migrator({
    ownerUrl,
    modules: [kernelMigrations, { module: 'identity', migrations: identityMigrations }],
    context: { appRole: testEngine().appRole, authRole: testEngine().authRole },
    log: createLogger({ level: 'silent' }),
  });
  await migrator.up();
  assert.deepEqual((await migrator.down(1)).map((m) => m.name), ['0009_permission_name_check']);
  await addPermission(ownerUrl, 'casesread');
  await adminQuery(ownerUrl, `delete from role_permission where permission = 'casesread'`);
  await migrator.up();
  await assert.rejects(addPermission(ownerUrl, 'casesread'), CHECK_VIOLATION);
});
