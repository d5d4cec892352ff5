// SQL through the application's own login, as after an injection or with a leaked password. With no
// actor, with a forged seal (hand-set settings, a seal replayed from another transaction, another
// actor's settings under a genuine seal) and with a TEMP table, the attacker reads and writes every
// table of the schema, found in the catalog (so a table added later is covered without changing this
// file): nothing beyond what an anonymous actor may, and never a write to identity, session or grant
// tables, not even as the genuine system actor. A genuine system transaction, which sees everything,
// is the control: it proves the reads below would have found rows.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { systemContext, NO_ORIGIN, type ActorContext } from '../../src/kernel/auth/actor.ts';
import { keyRingFromSettings } from '../../src/kernel/crypto/keyring.ts';
import { loadDemoData } from '../../src/tools/demo-data/loader.ts';
import { modules } from '../../src/app/modules.ts';
import { build, testSettings } from '../helpers/build.ts';
import { adminQuery } from '../helpers/database.ts';
import { createUser, grantRole, signIn } from '../helpers/identity.ts';

const fileScope = { after: (cleanup) => after(cleanup as () => Promise<void>) } satisfies Pick<TestContext, 'after'>;
const system = await build(fileScope, { modules, env: { CASUS_AUTH_ATTEMPTS_PER_IP: '100000' } });
const { ownerUrl, appUrl, setRole } = system.target;
await loadDemoData({
  ownerUrl,
  keyRing: keyRingFromSettings(testSettings()),
  persons: 40,
  seed: 'adversary',
  now: new Date('2026-11-01T00:00:00Z'),
  teams: 10,
  progress: null,
});
// Sign-in state exists too: sessions, TOTP factors, recovery codes.
const someone = await createUser(system, 'adversary-target');
await grantRole(system, someone.id, 'functional-administrator');
await signIn(system, someone);

/**
 * Organisation data the application role reads in full, by design: who works where and holds what,
 * which other modules show and check. Not personal data of clients; no secrets.
 */
const ORGANISATION = new Set([
  'org_unit',
  'app_user',
  'user_group',
  'user_group_member',
  'role',
  'role_permission',
  'role_assignment',
  'case_type',
  'calendar_closed_day',
]);
/** Identity, session and grant tables: no write by the application role, whatever its actor. */
const IDENTITY = [
  'org_unit',
  'app_user',
  'user_group',
  'user_group_member',
  'role',
  'role_permission',
  'role_assignment',
  'password_credential',
  'totp_factor',
  'recovery_code',
  'webauthn_credential',
  'external_identity',
  'user_session',
  'api_token',
  'auth_throttle',
  'one_time_link',
  'sso_request',
  'grant_request',
];
/** Tables that must hold rows here, so that "nothing visible" means something. */
const POPULATED = [
  'person',
  'case_file',
  'case_participant',
  'case_assignment',
  'incident',
  'referral',
  'contact_moment',
  'task',
  'audit_event',
  'user_session',
  'totp_factor',
  'role_assignment',
];

const tables = (
  await adminQuery<{ name: string }>(
    ownerUrl,
    `select c.relname as name from pg_catalog.pg_class c
  where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') order by 1`,
  )
).rows.map((r) => r.name);

/** Outcome of one statement: the rows it saw or changed, or the SQLSTATE of its refusal. */
type Outcome = { rows: number } | { refused: string };

async function attempt(client: pg.Client, text: string, values: unknown[] = []): Promise<Outcome> {
  await client.query('savepoint attempt');
  try {
    const result = await client.query(text, values);
    await client.query('release savepoint attempt');
    return { rows: text.startsWith('select count') ? Number((result.rows[0] as { n: string }).n) : (result.rowCount ?? 0) };
  } catch (error) {
    await client.query('rollback to savepoint attempt');
    return { refused: (error as { code?: string }).code ?? 'unknown' };
  }
}

/** The columns an INSERT may name (not generated ones); the first is the one the UPDATE sets to itself. */
async function columnsOf(table: string): Promise<string[]> {
  return (
    await adminQuery<{ name: string }>(
      ownerUrl,
      `select attname as name from pg_attribute
    where attrelid = $1::regclass and attnum > 0 and not attisdropped and attidentity <> 'a' and attgenerated = '' order by attnum`,
      [`public.${table}`],
    )
  ).rows.map((r) => r.name);
}

/** A row of `table` as the owner sees it, with a fresh primary key: what an INSERT would try to add. */
async function copyOf(table: string): Promise<Record<string, unknown> | null> {
  const row = (
    await adminQuery<{ row: Record<string, unknown> }>(ownerUrl, `select to_jsonb(t) as row from ${pg.escapeIdentifier(table)} t limit 1`)
  ).rows[0]?.row;
  if (!row) return null;
  const writable = new Set(await columnsOf(table));
  for (const column of Object.keys(row)) if (!writable.has(column)) delete row[column];
  const key = (
    await adminQuery<{ column: string; type: string }>(
      ownerUrl,
      `select a.attname as column, format_type(a.atttypid, a.atttypmod) as type
    from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = $1::regclass and i.indisprimary`,
      [`public.${table}`],
    )
  ).rows;
  for (const { column, type } of key) if (type === 'uuid') row[column] = randomUUID();
  return row;
}

const copies = new Map<string, Record<string, unknown> | null>();
const firstColumns = new Map<string, string>();
for (const table of tables) {
  copies.set(table, await copyOf(table));
  firstColumns.set(table, (await columnsOf(table))[0]!);
}

/** A connection of the application role of its own (a leaked login), with a nonce drawn. */
async function appClient(t: TestContext): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  t.after(() => client.end());
  if (setRole) await client.query(`set role ${pg.escapeIdentifier(setRole)}`);
  await client.query(`select nextval('public.casus_actor_nonce')`);
  return client;
}

/** Every read and write on every table; the expectations are those of an anonymous actor. */
async function sweep(client: pg.Client, scenario: string): Promise<void> {
  const problems: string[] = [];
  for (const table of tables) {
    const id = pg.escapeIdentifier(table);
    const read = await attempt(client, `select count(*) as n from ${id}`);
    if ('rows' in read && read.rows > 0 && !ORGANISATION.has(table)) problems.push(`${table}: read ${read.rows} rows`);
    const column = pg.escapeIdentifier(firstColumns.get(table)!);
    const update = await attempt(client, `update ${id} set ${column} = ${column}`);
    if ('rows' in update && update.rows > 0) problems.push(`${table}: updated ${update.rows} rows`);
    const remove = await attempt(client, `delete from ${id}`);
    if ('rows' in remove && remove.rows > 0) problems.push(`${table}: deleted ${remove.rows} rows`);
    const copy = copies.get(table);
    if (copy) {
      const names = Object.keys(copy)
        .map((c) => pg.escapeIdentifier(c))
        .join(', ');
      const insert = await attempt(client, `insert into ${id} (${names}) select ${names} from jsonb_populate_record(null::${id}, $1)`, [
        copy,
      ]);
      // audit_event takes anyone's event, but in nobody's name (checked below); every other insert is refused.
      if ('rows' in insert && table !== 'audit_event') problems.push(`${table}: inserted a row`);
      if ('refused' in insert && insert.refused !== '42501' && table !== 'audit_event') {
        // 42501: no privilege or a row-level security refusal. Anything else got past both to a constraint.
        problems.push(`${table}: insert reached the table's constraints (${insert.refused})`);
      }
    }
    for (const [verb, outcome] of [
      ['update', update],
      ['delete', remove],
    ] as const) {
      if (IDENTITY.includes(table) && !('refused' in outcome && outcome.refused === '42501'))
        problems.push(`${table}: ${verb} was not refused outright`);
    }
  }
  assert.deepEqual(problems, [], `${scenario}:\n${problems.join('\n')}`);
}

// The control: the genuine system actor sees rows where the adversaries must not.
test('a genuine system transaction through the application role sees the data (the control)', async () => {
  const seen = await system.db.transaction(systemContext('adversary-control'), async (tx) => {
    const counts: Record<string, number> = {};
    for (const table of POPULATED.filter((t) => !IDENTITY.includes(t) && t !== 'audit_event')) {
      counts[table] = (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(tx.db)).rows[0]!.n;
    }
    return counts;
  });
  for (const [table, n] of Object.entries(seen)) assert.ok(n > 0, `${table}: ${n}`);
  for (const table of POPULATED) {
    const owner = (await adminQuery<{ n: number }>(ownerUrl, `select count(*)::int as n from ${pg.escapeIdentifier(table)}`)).rows[0]!.n;
    assert.ok(owner > 0, `${table} holds rows to attack`);
  }
});

test('no actor: nothing beyond an anonymous actor, no identity writes', async (t) => {
  const client = await appClient(t);
  await client.query('begin');
  await sweep(client, 'no actor');
  await client.query('rollback');
});

test('hand-set settings of a national administrator with a made-up seal', async (t) => {
  const client = await appClient(t);
  await client.query('begin');
  await client.query(`select set_config('casus.actor_kind', 'system', true), set_config('casus.actor_id', 'jobs', true),
    set_config('casus.actor_permissions', 'cases.read-unit,referrals.read-unit,tasks.read-unit', true), set_config('casus.actor_seal', repeat('ab', 32), true)`);
  await sweep(client, 'hand-set settings');
  await client.query('rollback');
});

/** The settings and seal of one genuine transaction of the system actor (sees everything). */
async function genuineSeal(ctx: ActorContext = systemContext('adversary-victim')): Promise<Record<string, string>> {
  const names = [
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
  return system.db.transaction(
    ctx,
    async (tx) =>
      (
        await sql<
          Record<string, string>
        >`select ${sql.join(names.map((n) => sql`current_setting(${`casus.${n}`}) as ${sql.id(n)}`))}`.execute(tx.db)
      ).rows[0]!,
  );
}
const replay = (settings: Record<string, string>) =>
  `select ${Object.entries(settings)
    .map(([name, value]) => `set_config('casus.${name}', ${pg.escapeLiteral(value)}, true)`)
    .join(', ')}`;

test('a system seal replayed from another transaction, on another connection', async (t) => {
  const seal = await genuineSeal();
  const client = await appClient(t);
  await client.query('begin');
  await client.query(replay(seal));
  await sweep(client, 'replayed seal');
  await client.query('rollback');
});

test("another actor's settings inside a volunteer's genuine transaction", async () => {
  const seal = await genuineSeal();
  const volunteer: ActorContext = { actor: { kind: 'user', id: randomUUID(), permissions: ['search.use'], units: [] }, origin: NO_ORIGIN };
  const seen = (tx: Parameters<Parameters<typeof system.db.transaction>[1]>[0]) =>
    sql<{
      kind: string;
      cases: number;
      persons: number;
    }>`select casus_actor_kind() as kind, (select count(*)::int from case_file) as cases, (select count(*)::int from person) as persons`
      .execute(tx.db)
      .then((r) => r.rows[0]);
  // The system actor's settings with its own seal, taken from another transaction.
  const replayed = await system.db.transaction(volunteer, async (tx) => {
    await sql.raw(replay(seal)).execute(tx.db);
    return seen(tx);
  });
  // Her own seal, but the kind changed to system.
  const renamed = await system.db.transaction(volunteer, async (tx) => {
    await sql`select set_config('casus.actor_kind', 'system', true)`.execute(tx.db);
    return seen(tx);
  });
  assert.deepEqual(
    [replayed, renamed],
    [
      { kind: 'anonymous', cases: 0, persons: 0 },
      { kind: 'anonymous', cases: 0, persons: 0 },
    ],
  );
});

test('a TEMP table cannot be made to stand in for a table the functions read', async (t) => {
  const client = await appClient(t);
  for (const table of ['casus_actor_key', 'case_assignment', 'case_file']) {
    await assert.rejects(client.query(`create temp table ${table} (id int)`), /permission denied to create temporary tables/);
  }
});

test('audit events added through the application role are nobody’s, now', async (t) => {
  const client = await appClient(t);
  const forged: Record<string, unknown> = {
    ...copies.get('audit_event')!,
    actor_kind: 'user',
    actor_id: someone.id,
    occurred_at: '2020-01-01T00:00:00Z',
    request_id: 'forged',
    action: 'case.forged',
  };
  const names = Object.keys(forged)
    .map((c) => pg.escapeIdentifier(c))
    .join(', ');
  await client.query(`insert into audit_event (${names}) select ${names} from jsonb_populate_record(null::audit_event, $1)`, [forged]);
  const { rows } = await adminQuery<{ actor_kind: string; actor_id: string | null; request_id: string | null; recent: boolean }>(
    ownerUrl,
    `select actor_kind, actor_id, request_id, occurred_at > now() - interval '1 minute' as recent from audit_event where action = 'case.forged'`,
  );
  assert.deepEqual(rows, [{ actor_kind: 'anonymous', actor_id: null, request_id: null, recent: true }]);
});

test('even the genuine system actor cannot write identity, session or grant tables through the application role', async () => {
  for (const table of IDENTITY) {
    for (const statement of [
      `delete from ${pg.escapeIdentifier(table)} where false`,
      `update ${pg.escapeIdentifier(table)} set ${pg.escapeIdentifier(firstColumns.get(table)!)} = null where false`,
    ]) {
      await assert.rejects(
        system.db.transaction(systemContext('adversary-system'), (tx) => sql.raw(statement).execute(tx.db)),
        (error: { code?: string }) => error.code === '42501',
        `${table}: ${statement}`,
      );
    }
  }
});
