// The privacy module's register and subject-access migrations (privacy 0001-0004) and the subject-access
// functions they ask of the modules holding personal data (persons 0007, cases 0016, contacts,
// documents, referrals and tasks 0004) go down to exactly what was there before them and up again to
// exactly what they made: tables, policies, functions (body, settings, privileges), triggers, grants
// and the seeded roles' permissions, compared from the catalog.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allMigrations } from '../../app/modules.ts';
import { Migrator, type ModuleMigrations } from '../../kernel/db/migrator.ts';
import { createLogger } from '../../kernel/observability/logger.ts';
import { adminQuery, emptyDatabase, testEngine } from '../../../test/helpers/database.ts';

/** This work's migrations: the modules' subject-access functions and the privacy module's 0001-0009. */
const ours = (module: string, name: string) => /_subject_access$/.test(name) || (module === 'privacy' && name < '0010');

/** Every module's migrations, ours held back to the end (in the same order among themselves), or left out. */
function modules(withOurs: boolean): ModuleMigrations[] {
  const all = allMigrations();
  const rest = all.map((m) => ({ module: m.module, migrations: m.migrations.filter((x) => !ours(m.module, x.name)) }));
  if (!withOurs) return rest;
  return [...rest, ...all.map((m) => ({ module: m.module, migrations: m.migrations.filter((x) => ours(m.module, x.name)) }))];
}

const migrator = (ownerUrl: string, list: ModuleMigrations[]) =>
  new Migrator({
    ownerUrl,
    modules: list,
    context: { appRole: testEngine().appRole, authRole: testEngine().authRole },
    log: createLogger({ level: 'silent' }),
  });

async function snapshot(url: string): Promise<Record<string, unknown[]>> {
  const rows = async (text: string) => (await adminQuery(url, text)).rows;
  return {
    tables: await rows(`select table_name from information_schema.tables where table_schema = 'public' order by 1`),
    policies: await rows(`select tablename, policyname, cmd, qual, with_check from pg_policies where schemaname = 'public' order by 1, 2`),
    functions: await rows(`select p.oid::regprocedure::text as name, p.prosecdef, p.proconfig, p.proacl::text, md5(p.prosrc) as body
      from pg_proc p where p.pronamespace = 'public'::regnamespace order by 1`),
    triggers: await rows(
      `select tgrelid::regclass::text as tab, tgname, pg_get_triggerdef(oid) as def from pg_trigger where not tgisinternal order by 1, 2`,
    ),
    grants: await rows(
      `select table_name, grantee, privilege_type from information_schema.role_table_grants where table_schema = 'public' and grantee <> current_user order by 1, 2, 3`,
    ),
    roles: await rows(`select r.key, rp.permission from role r join role_permission rp on rp.role_id = r.id order by 1, 2`),
  };
}

test('the register and subject-access migrations go down to what was there before them, and up again', async () => {
  const before = (await emptyDatabase()).ownerUrl;
  await migrator(before, modules(false)).up();
  const without = await snapshot(before);

  const url = (await emptyDatabase()).ownerUrl;
  await migrator(url, modules(true)).up();
  const full = await snapshot(url);
  for (const key of Object.keys(without)) assert.notDeepEqual(full[key], without[key], `${key} changed by these migrations`);
  const count = modules(true)
    .slice(allMigrations().length)
    .reduce((n, m) => n + m.migrations.length, 0);
  assert.equal(count, 10, 'six modules’ subject-access functions and privacy 0001-0004');

  const reverted = await migrator(url, modules(true)).down(count);
  assert.ok(reverted.every((m) => ours(m.module, m.name)));
  const down = await snapshot(url);
  for (const key of Object.keys(without)) assert.deepEqual(down[key], without[key], key);
  await migrator(url, modules(true)).up();
  const again = await snapshot(url);
  for (const key of Object.keys(full)) assert.deepEqual(again[key], full[key], key);
  assert.equal((await adminQuery<{ n: number }>(url, `select count(*)::int as n from processing_activity`)).rows[0]!.n, 8);
});
