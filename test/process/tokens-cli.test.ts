// `casus tokens create|list|revoke` as an operator runs it, against the test database, checked with an
// app built on the same database: the printed token works, lists never show it, revocation holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminQuery, testEngine } from '../helpers/database.ts';
import { buildIdentity, grantRole } from '../helpers/identity.ts';
import { runCasus } from './spawn.ts';

test('casus tokens: create prints a working token once, list hides it, revoke ends it', async (t) => {
  const system = await buildIdentity(t);
  const { target } = system;
  // The same database and login the app uses: the owner URL, plus the application login when the
  // engine has one (embedded), else SET ROLE to the application role (external without app login).
  const env = {
    DATABASE_URL: target.ownerUrl,
    CASUS_DB_APP_ROLE: testEngine().appRole,
    ...(target.setRole ? {} : { DATABASE_APP_URL: target.appUrl }),
    CASUS_MIGRATE_ON_START: 'false',
  };
  const casus = (...args: string[]) => runCasus(t, ['tokens', ...args], env);
  const me = (token: string) =>
    system.app.inject({ method: 'GET', url: '/api/v1/auth/token', headers: { authorization: `Bearer ${token}` } });

  const help = await runCasus(t, ['tokens', '--help'], {});
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /Usage: casus tokens[\s\S]*create[\s\S]*list[\s\S]*revoke/);

  let run = await casus('create', '--account', 'politie-cli', '--name', 'BVH productie', '--reason', 'eerste koppeling');
  assert.equal(run.code, 1, 'no such account without --create-account');
  assert.match(run.stderr, /no service account named politie-cli/);

  run = await casus(
    'create',
    '--account',
    'politie-cli',
    '--name',
    'BVH productie',
    '--create-account',
    '--unit',
    'national',
    '--display-name',
    'Politie BVH',
    '--reason',
    'eerste koppeling',
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^casus_[A-Za-z0-9_-]{43}\n$/, 'stdout holds the token and nothing else');
  assert.match(run.stderr, /will not be shown again/);
  assert.match(run.stderr, /holds no roles yet/);
  const first = run.stdout.trim();
  const account = (
    await adminQuery<{ id: string; kind: string }>(target.ownerUrl, `select id, kind from app_user where username = 'politie-cli'`)
  ).rows[0]!;
  assert.equal(account.kind, 'service');
  await grantRole(system, account.id, 'team-lead');
  const ok = await me(first);
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().account.username, 'politie-cli');
  assert.deepEqual(Object.keys(ok.json().permissions), ['users.read']);

  // Narrowed to a role, with an expiry; a role the account does not hold, or a too-long life, is refused.
  run = await casus('create', '--account', 'politie-cli', '--name', 'BVH test', '--role', 'service-desk', '--reason', 'test');
  assert.equal(run.code, 1);
  assert.match(run.stderr, /roleIds\/0: the service account does not hold this role now/);
  run = await casus('create', '--account', 'politie-cli', '--name', 'BVH test', '--expires-days', '400', '--reason', 'test');
  assert.equal(run.code, 1);
  assert.match(run.stderr, /--expires-days must be a whole number from 1 to 366/);
  run = await casus(
    'create',
    '--account',
    'politie-cli',
    '--name',
    'BVH test',
    '--role',
    'team-lead',
    '--expires-days',
    '7',
    '--reason',
    'testomgeving',
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /It acts with: team-lead in national\.\n/, 'the operator is told what the token reaches');
  const second = run.stdout.trim();
  const reach = await adminQuery<{ details: { roleIds: string[]; reach: { roleId: string; unitId: string }[] } }>(
    target.ownerUrl,
    `select details from audit_event where action = 'api-token.issue' and details->>'name' = 'BVH test'`,
  );
  const teamLead = (await adminQuery<{ id: string }>(target.ownerUrl, `select id from role where key = 'team-lead'`)).rows[0]!.id;
  assert.deepEqual(reach.rows[0]!.details.roleIds, [teamLead]);
  assert.deepEqual(
    reach.rows[0]!.details.reach,
    [
      {
        roleId: teamLead,
        unitId: (await adminQuery<{ id: string }>(target.ownerUrl, 'select id from org_unit where parent_id is null')).rows[0]!.id,
      },
    ],
    'and so is the audit trail',
  );
  assert.equal((await me(second)).statusCode, 200);
  assert.equal(
    (await adminQuery(target.ownerUrl, 'select 1 from api_token where user_id = $1', [account.id])).rowCount,
    2,
    'the refused attempts created nothing',
  );

  // list: prefix, status, expiry; never the token.
  run = await casus('list');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^id\s+account\s+name\s+prefix\s+status\s+expires \(UTC\)\s+last used \(UTC\)$/m);
  assert.match(run.stdout, new RegExp(`politie-cli\\s+BVH productie\\s+${first.slice(0, 12)}\\s+active`));
  for (const token of [first, second]) assert.ok(!run.stdout.includes(token.slice(12)), 'the list never shows a token');
  run = await casus('list', '--account', 'politie-cli', '--json');
  assert.equal(run.code, 0, run.stderr);
  const listed = (JSON.parse(run.stdout) as { tokens: { id: string; name: string; prefix: string; status: string }[] }).tokens;
  assert.deepEqual(listed.map((i) => i.prefix).sort(), [first.slice(0, 12), second.slice(0, 12)].sort());
  for (const token of [first, second]) assert.ok(!run.stdout.includes(token.slice(12)));

  // revoke: the token is refused from its next request on; revoking again is harmless.
  const firstId = listed.find((i) => i.name === 'BVH productie')!.id;
  run = await casus('revoke', firstId);
  assert.notEqual(run.code, 0, 'a revocation needs --reason');
  run = await casus('revoke', firstId, '--reason', 'token gelekt');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /Revoked token/);
  const refused = await me(first);
  assert.equal(refused.statusCode, 401);
  assert.match(String(refused.headers['www-authenticate']), /^Bearer/);
  assert.equal((await me(second)).statusCode, 200, 'the other token still works');
  run = await casus('revoke', firstId, '--reason', 'nogmaals');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /revoked already/);
  run = await casus('revoke', 'not-an-id', '--reason', 'x');
  assert.equal(run.code, 1);
  assert.match(run.stderr, /not a token id/);
  run = await casus('revoke', '00000000-0000-4000-8000-000000000000', '--reason', 'x');
  assert.equal(run.code, 1);
  assert.match(run.stderr, /no token 00000000/);
  run = await casus('list', '--account', 'politie-cli', '--json');
  assert.equal(
    (JSON.parse(run.stdout) as { tokens: { id: string; status: string }[] }).tokens.find((i) => i.id === firstId)!.status,
    'revoked',
  );

  // Audited as the CLI's system actor.
  const audit = await adminQuery<{ action: string; actor_kind: string; actor_id: string; user_agent: string; reason: string }>(
    target.ownerUrl,
    `select action, actor_kind, actor_id, user_agent, reason from audit_event where action in ('service-account.create', 'api-token.issue', 'api-token.revoke') order by occurred_at`,
  );
  assert.deepEqual(
    audit.rows.map((r) => r.action),
    ['service-account.create', 'api-token.issue', 'api-token.issue', 'api-token.revoke'],
  );
  for (const row of audit.rows) {
    assert.deepEqual([row.actor_kind, row.actor_id], ['system', 'cli:tokens']);
    assert.match(row.user_agent, /^casus-cli \(os user /);
  }
  assert.equal(audit.rows.at(-1)!.reason, 'token gelekt');
});

test('casus tokens with a setting that does not parse exits 78', async (t) => {
  const run = await runCasus(t, ['tokens', 'list'], { PORT: 'abc', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
  assert.equal(run.code, 78, run.stderr);
  assert.match(run.stderr, /Configuration refused[\s\S]*PORT/);
});
