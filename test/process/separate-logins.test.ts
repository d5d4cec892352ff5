// Production's database roles, end to end: an owner login that is NOT a superuser (it owns the
// database, nothing more), and separate application and authentication logins that a DBA created.
// `casus migrate up`, `casus doctor`, `casus serve` and the first administrator's setup must all work
// that way, and the guarantees must hold: the application login may not write identity tables, the
// authentication login may not read case data, and neither may create TEMP tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { adminQuery, testEngine, withDatabase } from '../helpers/database.ts';
import { runCasus, startCasus } from './spawn.ts';

const ENCRYPTION = {
  CASUS_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  CASUS_ENCRYPTION_ACTIVE_KEY: 'k1',
  CASUS_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
};

/** A login role as a DBA makes it (the test engine's superuser): no superuser, no BYPASSRLS. */
async function login(role: string): Promise<{ role: string; password: string }> {
  const password = randomBytes(12).toString('hex');
  await adminQuery(
    testEngine().ownerUrl,
    `create role ${role} login password '${password}' nosuperuser nobypassrls nocreatedb nocreaterole`,
  );
  return { role, password };
}

function urlOf(database: string, who: { role: string; password: string }): string {
  const url = new URL(withDatabase(testEngine().ownerUrl, database));
  url.username = who.role;
  url.password = who.password;
  return url.toString();
}

test('migrate, doctor, serve and first setup with a non-superuser owner and separate application and authentication logins', async (t) => {
  const engine = testEngine();
  const suffix = randomBytes(4).toString('hex');
  const roles = ['owner', 'app', 'auth'].map((kind) => `casus_${kind}_${suffix}`);
  const database = `${engine.template.replace('casus_tpl_', 'casus_t_')}_roles_${suffix}`;
  t.after(async () => {
    await adminQuery(engine.ownerUrl, `drop database if exists ${database} with (force)`);
    for (const role of roles) await adminQuery(engine.ownerUrl, `drop role if exists ${role}`);
  });
  const [owner, app, auth] = [await login(roles[0]!), await login(roles[1]!), await login(roles[2]!)];
  await adminQuery(engine.ownerUrl, `create database ${database} owner ${owner.role} template template0`);

  const env = {
    DATABASE_URL: urlOf(database, owner),
    DATABASE_APP_URL: urlOf(database, app),
    DATABASE_AUTH_URL: urlOf(database, auth),
    CASUS_DB_APP_ROLE: app.role,
    CASUS_DB_AUTH_ROLE: auth.role,
    CASUS_SECRET_KEY: randomBytes(48).toString('base64'),
    CASUS_MIGRATE_ON_START: 'false',
    CASUS_RUN_WORKER: 'false',
    ...ENCRYPTION,
  };
  let run = await runCasus(t, ['migrate', 'up'], env, 120_000);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const superuser = await adminQuery<{ super: boolean }>(
    env.DATABASE_URL,
    'select rolsuper as super from pg_roles where rolname = current_user',
  );
  assert.deepEqual(superuser.rows, [{ super: false }], 'the migrations ran without superuser rights');

  run = await runCasus(t, ['doctor'], env, 60_000);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  for (const check of ['application role', 'migrations', 'definer functions', 'app role limits', 'actor seal']) {
    assert.match(run.stdout, new RegExp(`^ok\\s+${check}\\s`, 'm'), run.stdout);
  }

  // The logins hold only what they must.
  await assert.rejects(
    adminQuery(env.DATABASE_APP_URL, `insert into user_session (user_id) values (gen_random_uuid())`),
    /permission denied for table user_session/,
  );
  await assert.rejects(
    adminQuery(env.DATABASE_APP_URL, 'select hash from password_credential'),
    /permission denied for table password_credential/,
  );
  await assert.rejects(adminQuery(env.DATABASE_AUTH_URL, 'select id from case_file'), /permission denied for table case_file/);
  for (const url of [env.DATABASE_APP_URL, env.DATABASE_AUTH_URL]) {
    await assert.rejects(adminQuery(url, 'create temp table shadow (id int)'), /permission denied to create temporary tables/);
  }

  const server = startCasus(t, ['serve'], { env });
  const base = await server.waitForReady(60_000);
  const bootstrap = await runCasus(t, ['users', 'bootstrap-admin'], env);
  assert.equal(bootstrap.code, 0, bootstrap.stderr);
  const token = /\/setup#token=([\w-]{43})/.exec(bootstrap.stdout)?.[1];
  assert.ok(token, bootstrap.stdout);
  const setup = await fetch(`${base}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token,
      username: 'first-admin',
      displayName: 'First Admin',
      email: 'first-admin@example.org',
      password: 'a long and unusual passphrase 4 setup',
    }),
  });
  assert.equal(setup.status, 200, await setup.text());
  const created = await adminQuery<{ n: number }>(
    env.DATABASE_URL,
    `select count(*)::int as n from app_user where username = 'first-admin'`,
  );
  assert.equal(created.rows[0]!.n, 1, 'the authentication login wrote the administrator');
  assert.equal((await server.stop()).code, 0);
});
