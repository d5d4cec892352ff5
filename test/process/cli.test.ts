// The `casus` command line as an operator uses it: help texts, migrate status/up/down, doctor,
// refusal of bad settings (exit 78, EX_CONFIG) and a worker that stops cleanly on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import { allMigrations } from '../../src/app/modules.ts';
import { adminQuery, emptyDatabase, testDatabase, testEngine } from '../helpers/database.ts';
import { runCasus, startCasus } from './spawn.ts';

// Every module's migrations in the order they apply (kernel first).
const ALL = allMigrations().flatMap((m) => m.migrations.map((migration) => ({ module: m.module, name: migration.name })));
const LAST = ALL.at(-1)!;
const SECRET = randomBytes(48).toString('base64');
const ENCRYPTION = {
  CASUS_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  CASUS_ENCRYPTION_ACTIVE_KEY: 'k1',
  CASUS_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
};

test("casus --help and every command's --help exit 0 and say what the command does", async (t) => {
  const cases: [string[], RegExp][] = [
    [['--help'], /Usage: casus[\s\S]*serve[\s\S]*worker[\s\S]*migrate[\s\S]*doctor/],
    [['serve', '--help'], /Usage: casus serve[\s\S]*Start the API server[\s\S]*--no-worker/],
    [['worker', '--help'], /Usage: casus worker[\s\S]*background jobs/],
    [['migrate', '--help'], /Usage: casus migrate[\s\S]*up[\s\S]*down[\s\S]*status/],
    [['migrate', 'up', '--help'], /Usage: casus migrate up[\s\S]*Apply every pending migration/],
    [['migrate', 'down', '--help'], /Usage: casus migrate down[\s\S]*Revert the most recently applied[\s\S]*--steps/],
    [['migrate', 'status', '--help'], /Usage: casus migrate status[\s\S]*List every migration/],
    [['doctor', '--help'], /Usage: casus doctor[\s\S]*Check configuration/],
    [['routes', '--help'], /Usage: casus routes[\s\S]*network surface/],
  ];
  const results = await Promise.all(cases.map(([args]) => runCasus(t, args, {})));
  cases.forEach(([args, expected], i) => {
    const { code, stdout, stderr } = results[i]!;
    assert.equal(code, 0, `casus ${args.join(' ')}: ${stderr}`);
    assert.match(stdout, expected, `casus ${args.join(' ')}`);
  });
});

/** A LOGIN role of its own for the application or authentication, as production has (DATABASE_APP_URL, DATABASE_AUTH_URL), dropped afterwards. */
async function applicationLogin(t: TestContext, ownerUrl: string, kind = 'cli'): Promise<{ role: string; url: string }> {
  const role = `casus_${kind}_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  await adminQuery(ownerUrl, `create role ${role} login password '${password}' nosuperuser nobypassrls nocreatedb nocreaterole`);
  t.after(async () => {
    await adminQuery(ownerUrl, `drop owned by ${role}`).catch(() => undefined);
    await adminQuery(testEngine().ownerUrl, `drop role if exists ${role}`);
  });
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = password;
  return { role, url: url.toString() };
}

test('migrate status/up/down and doctor on a fresh database', async (t) => {
  const target = await emptyDatabase();
  const app = await applicationLogin(t, target.ownerUrl);
  const auth = await applicationLogin(t, target.ownerUrl, 'auth');
  const env = {
    DATABASE_URL: target.ownerUrl,
    DATABASE_APP_URL: app.url,
    CASUS_DB_APP_ROLE: app.role,
    DATABASE_AUTH_URL: auth.url,
    CASUS_DB_AUTH_ROLE: auth.role,
    CASUS_SECRET_KEY: SECRET,
    ...ENCRYPTION,
    CASUS_ALLOWED_NETWORKS_STAFF: '10.0.0.0/8',
    CASUS_ALLOWED_NETWORKS_INTEGRATION: '172.16.0.0/12',
    CASUS_ALLOWED_NETWORKS_OPERATIONS: '127.0.0.1',
    CASUS_PUBLIC_URL: 'https://casus.example.org',
    // Production also wants the audit trail's witness store (doctor does not contact it).
    CASUS_AUDIT_WITNESS_S3_ENDPOINT: 'http://127.0.0.1:9',
    CASUS_AUDIT_WITNESS_S3_BUCKET: 'casus-audit-witness',
    CASUS_AUDIT_WITNESS_S3_ACCESS_KEY_ID: 'witness',
    CASUS_AUDIT_WITNESS_S3_SECRET_ACCESS_KEY: 'witness-secret',
  };
  const casus = (...args: string[]) => runCasus(t, args, env);

  // status on an empty database: every kernel migration pending, with the command to run.
  let run = await casus('migrate', 'status');
  assert.equal(run.code, 0, run.stderr);
  for (const { module, name } of ALL) assert.match(run.stdout, new RegExp(`^${module}\\s+${name}\\s+pending`, 'm'));
  assert.match(run.stdout, new RegExp(`${ALL.length} pending: run \`casus migrate up\``));

  run = await casus('migrate', 'up');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`Applied ${ALL.length} migration\\(s\\)`));
  run = await casus('migrate', 'up');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Nothing to apply/);

  // doctor on the migrated database: every check ok, exit 0.
  run = await casus('doctor');
  assert.equal(run.code, 0, run.stdout + run.stderr);
  for (const check of [
    'configuration',
    'database',
    'application role',
    'clock',
    'migrations',
    'definer functions',
    'app role limits',
    'actor seal',
  ]) {
    assert.match(run.stdout, new RegExp(`^ok\\s+${check}\\s`, 'm'), run.stdout);
  }
  assert.doesNotMatch(run.stdout, /^(FAIL|WARN)/m);

  // A DBA's later mistake breaks a guarantee without anything else noticing: doctor does.
  const database = new URL(target.ownerUrl).pathname.slice(1);
  await adminQuery(target.ownerUrl, `grant temporary on database ${database} to public`);
  await adminQuery(target.ownerUrl, `alter function casus_actor_id() set search_path = pg_catalog, public`);
  run = await casus('doctor');
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(
    run.stdout,
    /^FAIL\s+definer functions\s+SECURITY DEFINER functions without search_path=pg_catalog, public, pg_temp: casus_actor_id\(\)/m,
  );
  assert.match(run.stdout, /^FAIL\s+app role limits\s+the application role may create TEMP tables/m);
  await adminQuery(target.ownerUrl, `revoke temporary on database ${database} from public`);
  await adminQuery(target.ownerUrl, `alter function casus_actor_id() set search_path = pg_catalog, public, pg_temp`);

  // down reverts the newest migration only; status and doctor then report it pending.
  run = await casus('migrate', 'down');
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout.trim(), `Reverted ${LAST.module}/${LAST.name}`);
  const applied = await adminQuery<{ module: string; name: string }>(target.ownerUrl, 'select module, name from casus_migration');
  const key = (m: { module: string; name: string }) => `${m.module}/${m.name}`;
  assert.deepEqual(applied.rows.map(key).sort(), ALL.slice(0, -1).map(key).sort());
  run = await casus('migrate', 'status');
  assert.match(run.stdout, new RegExp(`^${LAST.module}\\s+${LAST.name}\\s+pending`, 'm'));
  assert.match(run.stdout, /1 pending: run `casus migrate up`/);

  run = await casus('doctor');
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /^FAIL\s+migrations\s+1 pending: run `casus migrate up`/m);
});

test('a setting that does not parse makes every command exit 78 with the reason on stderr', async (t) => {
  const commands = [['serve'], ['worker'], ['migrate', 'status'], ['migrate', 'up'], ['doctor']];
  const results = await Promise.all(
    commands.map((args) => runCasus(t, args, { PORT: 'abc', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' })),
  );
  commands.forEach((args, i) => {
    const { code, stderr } = results[i]!;
    assert.equal(code, 78, `casus ${args.join(' ')}: ${stderr}`);
    assert.match(stderr, /Configuration refused[\s\S]*PORT/, `casus ${args.join(' ')}`);
  });
});

test('production with HOST=0.0.0.0 and no secret: serve refuses to start and names every reason', async (t) => {
  const target = await testDatabase();
  const run = await runCasus(t, ['serve'], { CASUS_ENV: 'production', HOST: '0.0.0.0', DATABASE_URL: target.ownerUrl });
  assert.equal(run.code, 78, run.stderr);
  assert.match(run.stderr, /HOST=0\.0\.0\.0 would serve plain HTTP/);
  assert.match(run.stderr, /CASUS_SECRET_KEY is not set/);
  assert.match(run.stderr, /DATABASE_APP_URL is not set/);
  assert.match(run.stderr, /CASUS_ALLOWED_NETWORKS_STAFF is not set/);
  assert.doesNotMatch(run.stdout, /Casus is listening/);
});

test('casus worker starts, and stops cleanly on SIGTERM', async (t) => {
  const target = await testDatabase();
  const worker = startCasus(t, ['worker'], { env: { DATABASE_URL: target.ownerUrl, CASUS_MIGRATE_ON_START: 'false' } });
  await worker.waitForLog('worker running; stop with SIGTERM', 30_000);
  assert.ok(!worker.lines.some((l) => l.msg === 'Casus is listening'), 'a worker serves no HTTP');
  assert.deepEqual(await worker.stop('SIGTERM', 20_000), { code: 0, signal: null }, worker.tail());
  assert.ok(
    worker.lines.some((l) => l.msg === 'shutdown complete'),
    worker.tail(),
  );
});

// Proves: the route inventory lists every route with its surface and access, as a table and as JSON,
// without needing a database.
test('casus routes prints the route inventory', async (t) => {
  const table = await runCasus(t, ['routes'], {});
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^GET\s+\/api\/v1\s+staff\s+public$/m);
  assert.match(table.stdout, /^GET\s+\/metrics\s+operations\s+public$/m);
  const json = await runCasus(t, ['routes', '--json'], {});
  assert.equal(json.code, 0, json.stderr);
  const parsed = JSON.parse(json.stdout) as { routes: { url: string; surface: string; access: string }[]; permissions: unknown[] };
  assert.deepEqual(
    parsed.routes.find((r) => r.url === '/health/ready'),
    { method: 'GET', url: '/health/ready', surface: 'operations', access: 'public' },
  );
  assert.ok(Array.isArray(parsed.permissions));
});
