// The migrator on fresh, unmigrated databases: order, bookkeeping, down, unknown migrations,
// concurrent starters, and module ordering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Migrator, type Migration, type ModuleMigrations } from './migrator.ts';
import { kernelMigrations } from '../migrations/index.ts';
import { createLogger } from '../observability/logger.ts';
import { adminQuery, emptyDatabase, testEngine } from '../../../test/helpers/database.ts';

const log = createLogger({ level: 'silent' });
const kernelNames = kernelMigrations.migrations.map((m) => m.name);

function migrator(ownerUrl: string, modules: ModuleMigrations[]): Migrator {
  return new Migrator({ ownerUrl, modules, context: { appRole: testEngine().appRole, authRole: testEngine().authRole }, log });
}

async function tableExists(url: string, table: string): Promise<boolean> {
  const result = await adminQuery<{ present: boolean }>(url, 'select to_regclass($1) is not null as present', [table]);
  return result.rows[0]?.present === true;
}

async function recorded(url: string): Promise<string[]> {
  const result = await adminQuery<{ key: string }>(url, `select module || '/' || name as key from casus_migration order by id`);
  return result.rows.map((r) => r.key);
}

function simple(name: string, up: string, down: string): Migration {
  return {
    name,
    up: async (db) => void (await sql.raw(up).execute(db)),
    down: async (db) => void (await sql.raw(down).execute(db)),
  };
}

// Proves: up applies every kernel migration in name order and records each; status reflects it.
test('up applies the kernel migrations in order and records them', async () => {
  const { ownerUrl } = await emptyDatabase();
  const m = migrator(ownerUrl, [kernelMigrations]);

  const before = await m.status();
  assert.deepEqual(
    before.map((s) => [s.name, s.state]),
    kernelNames.map((n) => [n, 'pending']),
  );

  const applied = await m.up();
  assert.deepEqual(
    applied.map((s) => s.name),
    kernelNames,
  );
  assert.deepEqual(
    await recorded(ownerUrl),
    kernelNames.map((n) => `kernel/${n}`),
  );
  for (const table of ['audit_event', 'outbox_event', 'processed_event']) assert.ok(await tableExists(ownerUrl, table), table);

  const after = await m.status();
  assert.ok(after.every((s) => s.state === 'applied' && s.appliedAt instanceof Date));
  assert.deepEqual(await m.up(), [], 'a second up has nothing to do');
});

// Proves: down(1) reverts only the newest migration, down(n) goes newest first, and up re-applies.
test('down reverts newest first and up re-applies', async () => {
  const { ownerUrl } = await emptyDatabase();
  const m = migrator(ownerUrl, [kernelMigrations]);
  await m.up();

  const names = kernelMigrations.migrations.map((k) => k.name).sort();
  const newest = names.at(-1)!;
  const one = await m.down(1);
  assert.deepEqual(
    one.map((s) => s.name),
    [newest],
  );
  assert.deepEqual(
    (await m.status()).map((s) => s.state),
    [...names.slice(0, -1).map(() => 'applied'), 'pending'],
  );
  assert.deepEqual(
    (await m.up()).map((s) => s.name),
    [newest],
  );

  // Reverting the outbox migrations drops the outbox; the audit trail's stays until its own is reverted.
  const toOutbox = names.length - names.indexOf('0003_outbox');
  const some = await m.down(toOutbox);
  assert.deepEqual(
    some.map((s) => s.name),
    names.slice(-toOutbox).reverse(),
  );
  assert.equal(await tableExists(ownerUrl, 'outbox_event'), false);
  assert.equal(await tableExists(ownerUrl, 'audit_event'), true);
  await m.up();
  assert.equal(await tableExists(ownerUrl, 'outbox_event'), true);

  const all = await m.down(names.length);
  assert.deepEqual(
    all.map((s) => s.name),
    [...names].reverse(),
  );
  assert.deepEqual(await recorded(ownerUrl), []);
  assert.equal(await tableExists(ownerUrl, 'audit_event'), false);
  assert.ok((await m.status()).every((s) => s.state === 'pending'));
});

// Proves: a migration applied by a newer release shows as 'unknown', and down refuses to guess
// how to revert it (leaving it recorded).
test('an applied migration unknown to this code is reported and not reverted', async () => {
  const { ownerUrl } = await emptyDatabase();
  const newer: ModuleMigrations = {
    module: 'future',
    migrations: [simple('0001_future', 'create table future_t (id int)', 'drop table future_t')],
  };
  await migrator(ownerUrl, [kernelMigrations, newer]).up();

  const older = migrator(ownerUrl, [kernelMigrations]);
  const status = await older.status();
  assert.deepEqual(status.at(-1), { module: 'future', name: '0001_future', state: 'unknown', appliedAt: status.at(-1)?.appliedAt });
  assert.ok(status.at(-1)?.appliedAt instanceof Date);

  await assert.rejects(older.down(1), /future\/0001_future was applied by a newer release/);
  assert.ok((await recorded(ownerUrl)).includes('future/0001_future'));
  assert.ok(await tableExists(ownerUrl, 'future_t'));
});

// Proves: the constructor refuses two migrations with the same name in one module (but the same
// name in different modules is fine: names are per module).
test('duplicate migration names are rejected', () => {
  const a = simple('0001_same', 'select 1', 'select 1');
  assert.throws(() => migrator('postgres://unused', [{ module: 'dup', migrations: [a, { ...a }] }]), /Duplicate migration dup\/0001_same/);
  assert.doesNotThrow(() =>
    migrator('postgres://unused', [
      { module: 'one', migrations: [a] },
      { module: 'two', migrations: [a] },
    ]),
  );
});

// Proves: four instances migrating the same empty database at once all succeed, and every
// migration (kernel and module) ran exactly once.
test('concurrent up() calls apply each migration exactly once', async () => {
  const { ownerUrl } = await emptyDatabase();
  // Each migration logs its run into a table; the sleep widens the window for a race.
  const counted = (n: number): Migration => ({
    name: `000${n}_counted`,
    async up(db) {
      await sql`create table if not exists migration_run (name text not null)`.execute(db);
      await sql`select pg_sleep(0.05)`.execute(db);
      await sql`insert into migration_run (name) values (${`000${n}_counted`})`.execute(db);
    },
    async down() {},
  });
  const modules = [kernelMigrations, { module: 'counter', migrations: [counted(1), counted(2), counted(3)] }];

  const results = await Promise.all([1, 2, 3, 4].map(() => migrator(ownerUrl, modules).up()));

  const total = kernelNames.length + 3;
  assert.equal(results.flat().length, total, 'between them the four calls applied each migration once');
  assert.equal(results.filter((r) => r.length === total).length, 1, 'the first one did all the work');
  const runs = await adminQuery<{ name: string; count: number }>(
    ownerUrl,
    'select name, count(*)::int as count from migration_run group by name order by name',
  );
  assert.deepEqual(runs.rows, [
    { name: '0001_counted', count: 1 },
    { name: '0002_counted', count: 1 },
    { name: '0003_counted', count: 1 },
  ]);
  assert.equal((await recorded(ownerUrl)).length, total);
});

// Proves: modules are applied in the listed order, not by migration name across modules, so
// module B may reference module A's table when A is listed first (and fails when it is not).
test('a module migration may depend on a module listed before it', async () => {
  const parent: ModuleMigrations = {
    module: 'a',
    migrations: [simple('0002_parent', 'create table a_parent (id int primary key)', 'drop table a_parent')],
  };
  const child: ModuleMigrations = {
    module: 'b',
    migrations: [simple('0001_child', 'create table b_child (parent_id int not null references a_parent (id))', 'drop table b_child')],
  };

  const good = await emptyDatabase();
  const applied = await migrator(good.ownerUrl, [kernelMigrations, parent, child]).up();
  assert.deepEqual(
    applied.slice(-2).map((s) => `${s.module}/${s.name}`),
    ['a/0002_parent', 'b/0001_child'],
  );
  assert.ok(await tableExists(good.ownerUrl, 'b_child'));

  const bad = await emptyDatabase();
  await assert.rejects(migrator(bad.ownerUrl, [kernelMigrations, child, parent]).up(), /relation "a_parent" does not exist/);
  // The failed migration rolled back as a whole: not recorded, no half-made table.
  assert.equal((await recorded(bad.ownerUrl)).includes('b/0001_child'), false);
  assert.equal(await tableExists(bad.ownerUrl, 'b_child'), false);
});
