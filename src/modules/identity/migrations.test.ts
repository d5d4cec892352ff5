// Identity's migrations. role_permission.permission takes only `<module>.<action>` names: 0009 puts back the dot 0002's CHECK
// lost (`\.` in a JavaScript template is `.`), and its down() restores 0002's definition. 0010 goes up and down.
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

const permissionCheck = async (ownerUrl: string) =>
  (
    await adminQuery<{ definition: string }>(
      ownerUrl,
      `select pg_get_constraintdef(oid) as definition from pg_constraint where conname = 'role_permission_permission_check'`,
    )
  ).rows[0]?.definition;

test("0009 goes down to 0002's definition, which took any character for the dot, and up again", async () => {
  const { ownerUrl } = await emptyDatabase();
  const migrator = (migrations: typeof identityMigrations) =>
    new Migrator({
      ownerUrl,
      modules: [kernelMigrations, { module: 'identity', migrations }],
      context: { appRole: testEngine().appRole, authRole: testEngine().authRole },
      log: createLogger({ level: 'silent' }),
    });
  // Up to 0009, so that down(1) takes 0009 back (later migrations are not this test's).
  const upTo0009 = identityMigrations.slice(0, identityMigrations.findIndex((m) => m.name === '0009_permission_name_check') + 1);
  await migrator(upTo0009.slice(0, -1)).up();
  const before = await permissionCheck(ownerUrl);
  await migrator(upTo0009).up();
  assert.notEqual(await permissionCheck(ownerUrl), before);

  assert.deepEqual(
    (await migrator(upTo0009).down(1)).map((m) => m.name),
    ['0009_permission_name_check'],
  );
  assert.equal(await permissionCheck(ownerUrl), before);
  await addPermission(ownerUrl, 'casesread');
  await adminQuery(ownerUrl, `delete from role_permission where permission = 'casesread'`);

  await migrator(upTo0009).up();
  await assert.rejects(addPermission(ownerUrl, 'casesread'), CHECK_VIOLATION);
});

test('0010 adds the preferred language (nl, en or none) to app_user, and down() takes it away again', async () => {
  const { ownerUrl } = await emptyDatabase();
  const migrator = new Migrator({
    ownerUrl,
    modules: [kernelMigrations, { module: 'identity', migrations: identityMigrations }],
    context: { appRole: testEngine().appRole, authRole: testEngine().authRole },
    log: createLogger({ level: 'silent' }),
  });
  await migrator.up();
  const column = `select count(*)::int as n from information_schema.columns where table_name = 'app_user' and column_name = 'preferred_language'`;
  assert.equal((await adminQuery<{ n: number }>(ownerUrl, column)).rows[0]!.n, 1);
  assert.deepEqual(
    (await migrator.down(1)).map((m) => m.name),
    ['0010_preferred_language'],
  );
  assert.equal((await adminQuery<{ n: number }>(ownerUrl, column)).rows[0]!.n, 0);
  await migrator.up();
  assert.equal((await adminQuery<{ n: number }>(ownerUrl, column)).rows[0]!.n, 1);
});
