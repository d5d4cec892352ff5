// The seal holds for one transaction on one connection (kernel migration 0012, db/driver.ts). Proved
// as an attacker with SQL through the application's own login would try: a seal read from another
// transaction, replayed on another connection or on the same one later, a hand-made seal, and a TEMP
// table standing in for the key. Each must leave the policies seeing an anonymous actor (or fail).
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { sql } from 'kysely';
import { NO_ORIGIN, type ActorContext } from '../auth/actor.ts';
import { createDatabase } from './database.ts';
import { loadActorKey } from './actor-seal.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { build } from '../../../test/helpers/build.ts';

const fileScope = { after: (cleanup) => after(cleanup as () => Promise<void>) } satisfies Pick<TestContext, 'after'>;
const system = await build(fileScope);
const { ownerUrl, appUrl, setRole } = system.target;
const key = await loadActorKey(ownerUrl);

const SETTINGS = [
  'actor_kind',
  'actor_id',
  'actor_permissions',
  'actor_units',
  'actor_scopes',
  'request_id',
  'trace_id',
  'origin_ip',
  'user_agent',
  'actor_seal',
];
const admin: ActorContext = {
  actor: { kind: 'user', id: 'national-admin', permissions: ['sample.read-unit'], units: ['team-a'] },
  origin: { requestId: 'req-1', traceId: 'trace-1', ip: '192.0.2.1', userAgent: 'browser | with a bar' },
};

await adminQuery(ownerUrl, `create table seal_sample (id int primary key, owner_id text not null)`);
await adminQuery(ownerUrl, `alter table seal_sample enable row level security`);
await adminQuery(ownerUrl, `create policy seal_sample_own on seal_sample using (owner_id = (select casus_actor_id()))`);
await adminQuery(ownerUrl, `grant select on seal_sample to casus_app`);
await adminQuery(ownerUrl, `insert into seal_sample values (1, 'national-admin'), (2, 'someone-else')`);

/** The settings and seal of one real transaction of `ctx`, as an injected query could read them. */
async function capturedSeal(db = system.db, ctx = admin): Promise<Record<string, string>> {
  return db.transaction(ctx, async (tx) => {
    const row = (
      await sql<
        Record<string, string>
      >`select ${sql.join(SETTINGS.map((s) => sql`current_setting(${`casus.${s}`}) as ${sql.id(s)}`))}`.execute(tx.db)
    ).rows[0]!;
    const seen = (await sql<{ id: number }>`select id from seal_sample`.execute(tx.db)).rows.map((r) => r.id);
    assert.deepEqual(seen, [1], 'the genuine transaction sees its own row');
    return row;
  });
}

/** A connection of the application role of its own, as with a leaked login. */
async function appClient(t: TestContext): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  t.after(() => client.end());
  if (setRole) await client.query(`set role ${setRole}`);
  return client;
}

const setAll = (settings: Record<string, string>) =>
  `select ${Object.entries(settings)
    .map(([name, value]) => `set_config('casus.${name}', ${pg.escapeLiteral(value)}, true)`)
    .join(', ')}`;

test('every transaction seals with a fresh nonce, so no two seals of the same actor are alike', async () => {
  const first = await capturedSeal();
  const second = await capturedSeal();
  assert.notEqual(first.actor_seal, second.actor_seal);
  assert.equal(first.user_agent, 'browser   with a bar', 'free text loses the separator before it is sealed');
});

test('a seal replayed on another connection of the application role verifies nowhere', async (t) => {
  const seal = await capturedSeal();
  const client = await appClient(t);
  // A session that never drew a nonce: the check cannot even be made, the statement fails.
  await client.query('begin');
  await client.query(setAll(seal));
  await assert.rejects(client.query('select id from seal_sample'), /currval of sequence "casus_actor_nonce" is not yet defined/);
  await client.query('rollback');
  // One that drew its own nonce: the seal does not cover it, so the actor is anonymous.
  await client.query('select nextval($1)', ['public.casus_actor_nonce']);
  await client.query('begin');
  await client.query(setAll(seal));
  const { rows } = await client.query<{ id: number }>('select id from seal_sample');
  const who = (await client.query<{ kind: string; id: string | null }>('select casus_actor_kind() as kind, casus_actor_id() as id'))
    .rows[0];
  await client.query('rollback');
  assert.deepEqual(rows, []);
  assert.deepEqual(who, { kind: 'anonymous', id: null });
});

test('a seal replayed on the same connection in a later transaction verifies no more', async (t) => {
  const single = createDatabase({ appUrl, setRole, poolMax: 1, statementTimeoutMs: 5000, actorKey: () => key });
  t.after(() => single.close());
  const seal = await capturedSeal(single);
  const replayed = await single.transaction({ actor: { kind: 'user', id: 'mallory' }, origin: NO_ORIGIN }, async (tx) => {
    await sql.raw(setAll(seal)).execute(tx.db);
    const rows = (await sql<{ id: number }>`select id from seal_sample`.execute(tx.db)).rows;
    const who = (await sql<{ kind: string }>`select casus_actor_kind() as kind`.execute(tx.db)).rows[0]!.kind;
    return { rows, who };
  });
  assert.deepEqual(replayed, { rows: [], who: 'anonymous' });
});

test('the application role can draw nonces but never set one back', async (t) => {
  const client = await appClient(t);
  await assert.rejects(client.query(`select setval('public.casus_actor_nonce', 1)`), /permission denied for sequence casus_actor_nonce/);
  await assert.rejects(client.query(`alter sequence public.casus_actor_nonce restart`), /must be owner/);
});

test('a TEMP table cannot stand in for the actor key: the application role has no TEMP', async (t) => {
  const client = await appClient(t);
  await assert.rejects(
    client.query('create temp table casus_actor_key (id boolean, key bytea)'),
    /permission denied to create temporary tables/,
  );
  // Even with TEMP (a DBA's mistake), the functions would not look there: pg_temp comes last.
  const paths = await adminQuery<{ proname: string; config: string[] | null }>(
    ownerUrl,
    `select proname, proconfig as config from pg_proc
    where pronamespace = 'public'::regnamespace and prosecdef`,
  );
  assert.ok(paths.rows.length > 5);
  for (const fn of paths.rows) {
    assert.ok(fn.config?.includes('search_path=pg_catalog, public, pg_temp'), `${fn.proname}: ${fn.config?.join(';')}`);
  }
});

test('a hand-made seal with a guessed key or without the nonce does not verify', async (t) => {
  const client = await appClient(t);
  const nonce = (await client.query<{ n: string }>(`select nextval('public.casus_actor_nonce')::text as n`)).rows[0]!.n;
  const { createHmac } = await import('node:crypto');
  const fields = ['user', 'national-admin', 'sample.read-unit', 'team-a', '', '', '', '', ''];
  const forged = [
    createHmac('sha256', Buffer.alloc(32))
      .update(`${fields.join('|')}|${nonce}`)
      .digest('hex'),
    createHmac('sha256', key).update(fields.join('|')).digest('hex'),
  ];
  for (const seal of forged) {
    await client.query('begin');
    await client.query(
      setAll({
        actor_kind: 'user',
        actor_id: 'national-admin',
        actor_permissions: 'sample.read-unit',
        actor_units: 'team-a',
        actor_seal: seal,
      }),
    );
    const { rows } = await client.query('select id from seal_sample');
    await client.query('rollback');
    assert.deepEqual(rows, []);
  }
  // The genuine HMAC over the same fields and this session's nonce does verify: the test's forgeries
  // failed for the key and the nonce, not for a mistake in how the fields were set.
  const genuine = createHmac('sha256', key)
    .update(`${fields.join('|')}|${nonce}`)
    .digest('hex');
  await client.query('begin');
  await client.query(
    setAll({
      actor_kind: 'user',
      actor_id: 'national-admin',
      actor_permissions: 'sample.read-unit',
      actor_units: 'team-a',
      actor_seal: genuine,
    }),
  );
  const { rows } = await client.query<{ id: number }>('select id from seal_sample');
  await client.query('rollback');
  assert.deepEqual(rows, [{ id: 1 }]);
});

test('deferred constraint triggers still read the actor at COMMIT (the next nonce is drawn after it)', async (t) => {
  await adminQuery(ownerUrl, `create table seal_deferred (id int primary key)`);
  await adminQuery(ownerUrl, `create table seal_deferred_seen (kind text)`);
  await adminQuery(
    ownerUrl,
    `create function seal_deferred_check() returns trigger language plpgsql as $$
    begin insert into seal_deferred_seen values (casus_actor_kind()); return null; end $$`,
  );
  await adminQuery(
    ownerUrl,
    `create constraint trigger seal_deferred_at_commit after insert on seal_deferred deferrable initially deferred
    for each row execute function seal_deferred_check()`,
  );
  await adminQuery(ownerUrl, `grant insert on seal_deferred, seal_deferred_seen to casus_app`);
  t.after(() => adminQuery(ownerUrl, 'drop table seal_deferred, seal_deferred_seen; drop function seal_deferred_check()'));
  await system.db.transaction(admin, (tx) => sql`insert into seal_deferred values (1)`.execute(tx.db));
  assert.deepEqual((await adminQuery(ownerUrl, 'select kind from seal_deferred_seen')).rows, [{ kind: 'user' }]);
});
