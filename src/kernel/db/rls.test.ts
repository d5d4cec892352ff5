// Row-level security plumbing: a sample table with a policy written against the kernel's actor
// functions. Through the application's role, hand-written SQL sees and changes only what the acting
// user may, whatever the query says; the role cannot switch RLS off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { ActorContext, Actor } from '../auth/actor.ts';
import { NO_ORIGIN } from '../auth/actor.ts';
import { adminQuery, emptyDatabase } from '../../../test/helpers/database.ts';
import { build } from '../../../test/helpers/build.ts';
import { hasPermissionIn } from '../auth/permissions.ts';

const as = (actor: Actor): ActorContext => ({ actor, origin: NO_ORIGIN });
const alice: Actor = { kind: 'user', id: 'alice', units: ['team-a'] };
const lead: Actor = { kind: 'user', id: 'lead-a', units: ['team-a'], permissions: ['sample.read-unit'] };
const outsider: Actor = { kind: 'user', id: 'mallory', units: ['team-b'], permissions: ['sample.read-unit'] };

test('a raw query through the application role cannot get past row-level security', async (t) => {
  const system = await build(t);
  const { ownerUrl } = system.target;
  await adminQuery(
    ownerUrl,
    `create table rls_sample (id int primary key, owner_id text not null, unit text not null, note text not null)`,
  );
  await adminQuery(ownerUrl, `alter table rls_sample enable row level security`);
  await adminQuery(ownerUrl, `alter table rls_sample force row level security`);
  await adminQuery(
    ownerUrl,
    `create policy rls_sample_visible on rls_sample
    using (owner_id = casus_actor_id() or (casus_actor_has_permission('sample.read-unit') and unit = any(casus_actor_units())))
    with check (owner_id = casus_actor_id())`,
  );
  await adminQuery(ownerUrl, `grant select, insert, update, delete on rls_sample to casus_app`);
  // Seeded by the owner, a superuser in the test engines, which row-level security does not apply to.
  await adminQuery(
    ownerUrl,
    `insert into rls_sample values (1, 'alice', 'team-a', 'alice''s'), (2, 'bob', 'team-a', 'bob''s'), (3, 'carol', 'team-b', 'carol''s')`,
  );

  const visible = (ctx: ActorContext) =>
    system.db.transaction(ctx, async (tx) =>
      (await sql<{ id: number }>`select id from rls_sample order by id`.execute(tx.db)).rows.map((r) => r.id),
    );

  assert.deepEqual(await visible(as(alice)), [1], 'a user sees her own row only');
  assert.deepEqual(await visible(as(lead)), [1, 2], 'a unit-wide read grant covers the unit, nothing more');
  assert.deepEqual(await visible(as(outsider)), [3], 'the same permission in another unit covers that unit only');
  assert.deepEqual(await visible(as({ kind: 'anonymous', id: null })), [], 'no actor, no rows');

  // Writing past the policy: updates and deletes touch only visible rows; inserting as someone else fails.
  const changed = await system.db.transaction(as(alice), async (tx) => {
    const updated = await sql`update rls_sample set note = 'overwritten'`.execute(tx.db);
    const deleted = await sql`delete from rls_sample where owner_id <> 'alice'`.execute(tx.db);
    return { updated: Number(updated.numAffectedRows), deleted: Number(deleted.numAffectedRows) };
  });
  assert.deepEqual(changed, { updated: 1, deleted: 0 });
  await assert.rejects(
    system.db.transaction(as(alice), (tx) => sql`insert into rls_sample values (4, 'bob', 'team-a', 'forged')`.execute(tx.db)),
    /row-level security policy/,
  );
  // The owner (a superuser here) reads past RLS to check what really happened.
  const all = await adminQuery<{ id: number; note: string }>(ownerUrl, `select id, note from rls_sample order by id`);
  assert.deepEqual(all.rows, [
    { id: 1, note: 'overwritten' },
    { id: 2, note: "bob's" },
    { id: 3, note: "carol's" },
  ]);

  // The application role may not turn row-level security off for itself.
  await assert.rejects(
    system.db.transaction(as(alice), async (tx) => {
      await sql`set local row_security = off`.execute(tx.db);
      return sql`select id from rls_sample`.execute(tx.db);
    }),
    /row-level security/,
  );
});

// Proves: SQL on the application's connection that rewrites its own actor settings (as injected SQL
// could, with set_config) breaks the seal, and the policy then sees an anonymous actor: no rows.
test('injected SQL that renames its actor gets nothing: the actor is sealed', async (t) => {
  const system = await build(t);
  const { ownerUrl } = system.target;
  await adminQuery(ownerUrl, `create table sealed_sample (id int primary key, owner_id text not null)`);
  await adminQuery(ownerUrl, `alter table sealed_sample enable row level security`);
  await adminQuery(ownerUrl, `create policy sealed_sample_own on sealed_sample using (owner_id = (select casus_actor_id()))`);
  await adminQuery(ownerUrl, `grant select on sealed_sample to casus_app`);
  await adminQuery(ownerUrl, `insert into sealed_sample values (1, 'alice'), (2, 'bob')`);

  const rows = (tx: Parameters<Parameters<typeof system.db.transaction>[1]>[0]) =>
    sql<{ id: number }>`select id from sealed_sample order by id`.execute(tx.db).then((r) => r.rows.map((row) => row.id));
  const result = await system.db.transaction(as({ kind: 'user', id: 'alice' }), async (tx) => {
    const own = await rows(tx);
    await sql`select set_config('casus.actor_id', 'bob', true)`.execute(tx.db);
    const spoofed = await rows(tx);
    const who = (await sql<{ id: string | null; kind: string }>`select casus_actor_id() as id, casus_actor_kind() as kind`.execute(tx.db))
      .rows[0];
    return { own, spoofed, who };
  });
  assert.deepEqual(result.own, [1]);
  assert.deepEqual(result.spoofed, [], "a forged actor sees nothing, not bob's rows");
  assert.deepEqual(result.who, { id: null, kind: 'anonymous' });

  // Permissions cannot be added by hand either, and the key itself is out of the role's reach.
  const escalated = await system.db.transaction(as({ kind: 'user', id: 'alice' }), async (tx) => {
    await sql`select set_config('casus.actor_permissions', 'sample.read-unit', true)`.execute(tx.db);
    return (await sql<{ may: boolean }>`select casus_actor_has_permission('sample.read-unit') as may`.execute(tx.db)).rows[0]?.may;
  });
  assert.equal(escalated, false);
  await assert.rejects(
    system.db.transaction(as({ kind: 'user', id: 'alice' }), (tx) => sql`select key from casus_actor_key`.execute(tx.db)),
    /permission denied/,
  );
});

test('the actor functions read the transaction’s actor and are empty outside it', async (t) => {
  const system = await build(t);
  const read = () => sql<{ id: string | null; kind: string; units: string[]; may: boolean }>`select casus_actor_id() as id,
    casus_actor_kind() as kind, casus_actor_units() as units, casus_actor_has_permission('sample.read-unit') as may`;
  const inside = await system.db.transaction(as(lead), async (tx) => (await read().execute(tx.db)).rows[0]);
  assert.deepEqual(inside, { id: 'lead-a', kind: 'user', units: ['team-a'], may: true });
  const outside = (await read().execute(system.db.kysely)).rows[0];
  assert.deepEqual(outside, { id: null, kind: 'anonymous', units: [], may: false });
});

// Proves: an instance started before the actor key exists reports not ready (and sees no actor),
// then picks the key up by itself once it exists, without a restart.
test('a missing actor key keeps the instance unready until the key exists', async (t) => {
  const target = await emptyDatabase();
  const { ownerUrl } = target;
  const migrate = await build(t, { target, env: { CASUS_MIGRATE_ON_START: 'true' } });
  await migrate.stop();
  await adminQuery(ownerUrl, 'alter table casus_actor_key rename to casus_actor_key_away');
  const system = await build(t, { target });
  const unready = await system.app.inject('/health/ready');
  assert.equal(unready.statusCode, 503);
  assert.match(unready.json().detail, /actor key: not found/);
  await adminQuery(ownerUrl, 'alter table casus_actor_key_away rename to casus_actor_key');
  const ready = await system.app.inject('/health/ready');
  assert.equal(ready.statusCode, 200, ready.body);
  assert.deepEqual(ready.json().checks['actor key'], { ok: true, detail: 'loaded' });
});

// Proves: a permission holds only in the units its grant covers, in SQL as in TypeScript, and the
// scopes are sealed like the rest of the actor.
test('casus_actor_units(permission) answers where each permission holds', async (t) => {
  const system = await build(t);
  const mixed: Actor = {
    kind: 'user',
    id: 'lead-a',
    permissions: ['sample.read-unit', 'sample.assign', 'sample.audit'],
    units: ['national', 'team-a', 'team-b'],
    scopes: { 'sample.read-unit': ['team-a', 'team-b'], 'sample.assign': ['team-a'], 'sample.audit': ['national', 'team-a', 'team-b'] },
  };
  const unitsFor = (permission: string) => sql<{ units: string[] }>`select casus_actor_units(${permission}) as units`;
  const seen = await system.db.transaction(as(mixed), async (tx) => ({
    read: (await unitsFor('sample.read-unit').execute(tx.db)).rows[0]?.units,
    assign: (await unitsFor('sample.assign').execute(tx.db)).rows[0]?.units,
    audit: (await unitsFor('sample.audit').execute(tx.db)).rows[0]?.units,
    other: (await unitsFor('sample.other').execute(tx.db)).rows[0]?.units,
  }));
  assert.deepEqual(seen, { read: ['team-a', 'team-b'], assign: ['team-a'], audit: ['national', 'team-a', 'team-b'], other: [] });
  assert.equal(hasPermissionIn(mixed, 'sample.assign', 'team-b'), false);
  assert.equal(hasPermissionIn(mixed, 'sample.assign', 'team-a'), true);

  // Without scopes a permission holds in all of the actor's units.
  const simple = await system.db.transaction(as(lead), async (tx) => (await unitsFor('sample.read-unit').execute(tx.db)).rows[0]?.units);
  assert.deepEqual(simple, ['team-a']);

  const forged = await system.db.transaction(as(mixed), async (tx) => {
    await sql`select set_config('casus.actor_scopes', 'sample.read-unit sample.assign=0.1.2', true)`.execute(tx.db);
    return (await unitsFor('sample.assign').execute(tx.db)).rows[0]?.units;
  });
  assert.deepEqual(forged, [], 'widened scopes break the seal');
});
