// The cases module's migrations since issue 9 (0007 on) go down to exactly what 0006 left and up again
// to exactly what they made: policies, functions (body, settings, privileges), triggers, tables,
// privileges and the seeded roles' permissions, compared from the catalog.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Migrator, type ModuleMigrations } from '../../kernel/db/migrator.ts';
import { kernelMigrations } from '../../kernel/migrations/index.ts';
import { createLogger } from '../../kernel/observability/logger.ts';
import { adminQuery, emptyDatabase, testEngine } from '../../../test/helpers/database.ts';
import { createIdentityModule } from '../identity/index.ts';
import { createCasesModule } from './index.ts';

const FIRST_NEW = '0007_incident_visibility';

function migrator(ownerUrl: string, casesUpTo?: string): Migrator {
  const cases = createCasesModule().migrations ?? [];
  const modules: ModuleMigrations[] = [
    kernelMigrations,
    { module: 'identity', migrations: createIdentityModule({ printSetupLink: false }).migrations ?? [] },
    {
      module: 'cases',
      migrations: casesUpTo
        ? cases.slice(
            0,
            cases.findIndex((m) => m.name === casesUpTo),
          )
        : cases,
    },
  ];
  return new Migrator({
    ownerUrl,
    modules,
    context: { appRole: testEngine().appRole, authRole: testEngine().authRole },
    log: createLogger({ level: 'silent' }),
  });
}

async function snapshot(url: string): Promise<Record<string, unknown[]>> {
  const rows = async (text: string) => (await adminQuery(url, text)).rows;
  return {
    tables: await rows(`select table_name from information_schema.tables where table_schema = 'public' order by 1`),
    policies: await rows(`select tablename, policyname, cmd, qual, with_check from pg_policies where schemaname = 'public' order by 1, 2`),
    functions: await rows(`select p.oid::regprocedure::text as name, l.lanname, p.prosecdef, p.provolatile, p.proconfig, p.proacl::text,
        pg_get_function_result(p.oid) as result, regexp_replace(p.prosrc, '\\s+', ' ', 'g') as body
      from pg_proc p join pg_language l on l.oid = p.prolang where p.pronamespace = 'public'::regnamespace and p.proname like 'case\\_%' order by 1`),
    triggers: await rows(
      `select tgrelid::regclass::text as tab, tgname, pg_get_triggerdef(oid) as def from pg_trigger where not tgisinternal order by 1, 2`,
    ),
    tableGrants: await rows(
      `select table_name, grantee, privilege_type from information_schema.role_table_grants where table_schema = 'public' and grantee <> current_user order by 1, 2, 3`,
    ),
    columnGrants: await rows(`select table_name, column_name, grantee, privilege_type from information_schema.column_privileges
      where table_schema = 'public' and grantee <> current_user and (table_name like 'case%' or table_name = 'incident') order by 1, 2, 3, 4`),
    roles: await rows(`select r.key, r.name, rp.permission from role r left join role_permission rp on rp.role_id = r.id order by 1, 3`),
  };
}

test('0007 and later go down to what 0006 left and up again to what they made', async () => {
  const before = (await emptyDatabase()).ownerUrl;
  await migrator(before, FIRST_NEW).up();
  const at0006 = await snapshot(before);

  const url = (await emptyDatabase()).ownerUrl;
  await migrator(url).up();
  const full = await snapshot(url);
  for (const key of ['tables', 'policies', 'functions', 'triggers', 'columnGrants', 'roles'])
    assert.notDeepEqual(full[key], at0006[key], `${key} changed by 0007 and later`);
  const cases = createCasesModule().migrations ?? [];
  const since = cases.slice(cases.findIndex((m) => m.name === FIRST_NEW)).map((m) => `cases/${m.name}`);
  assert.ok(since.length >= 9, 'at least 0007-0015');
  const reverted = await migrator(url).down(since.length);
  assert.deepEqual(
    reverted.map((m) => `${m.module}/${m.name}`),
    since.reverse(),
  );
  const down = await snapshot(url);
  for (const key of Object.keys(at0006)) assert.deepEqual(down[key], at0006[key], key);
  await migrator(url).up();
  const again = await snapshot(url);
  for (const key of Object.keys(full)) assert.deepEqual(again[key], full[key], key);
});
