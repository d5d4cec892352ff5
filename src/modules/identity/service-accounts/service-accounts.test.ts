// Service accounts and API tokens: issuing (once, hashed, re-authenticated), bearer authentication
// with exactly the token's roles in their units, refusal of expired, revoked, deactivated and tampered
// tokens, revocation, and input that changes nothing.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { adminQuery } from '../../../../test/helpers/database.ts';
import {
  buildIdentity,
  createUnit,
  createUser,
  grantRole,
  signIn,
  totpCode,
  unitId,
  type IdentitySystem,
  type Session,
  type TestUser,
} from '../../../../test/helpers/identity.ts';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * An IT operations administrator (service-accounts.manage in the unit), signed in and re-authenticated.
 * She is a functional administrator there too: a token acts with its account's grants, so issuing one
 * needs being able to make those grants oneself (escalation.test.ts proves the refusal).
 */
async function operator(system: IdentitySystem, username: string, unitCode = 'national'): Promise<{ user: TestUser; session: Session }> {
  const user = await createUser(system, username);
  await grantRole(system, user.id, 'it-operations', unitCode);
  await grantRole(system, user.id, 'functional-administrator', unitCode);
  const session = await signIn(system, user);
  const reauth = await session.request('POST', '/api/v1/auth/reauthenticate', { method: 'totp', code: await totpCode(user) });
  assert.equal(reauth.statusCode, 204, reauth.body);
  return { user, session };
}

async function createAccount(system: IdentitySystem, session: Session, username: string, unitCode = 'national'): Promise<string> {
  const response = await session.request('POST', '/api/v1/service-accounts', {
    username,
    displayName: `Koppeling ${username}`,
    unitId: await unitId(system, unitCode),
    reason: 'ketenkoppeling',
  });
  assert.equal(response.statusCode, 201, response.body);
  assert.equal(response.json().username, username);
  return response.json().id as string;
}

async function issue(
  session: Session,
  accountId: string,
  body: Record<string, unknown> = {},
): Promise<{ token: string; id: string; prefix: string; expiresAt: string }> {
  const response = await session.request('POST', `/api/v1/service-accounts/${accountId}/tokens`, { name: 'productie', ...body });
  assert.equal(response.statusCode, 201, response.body);
  assert.equal(response.headers['cache-control'], 'no-store');
  return response.json();
}

function bearer(system: IdentitySystem, token: string) {
  return (method: 'GET' | 'POST', url: string, body?: object) =>
    system.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body !== undefined ? { payload: body } : {}) });
}

async function roleId(system: IdentitySystem, key: string): Promise<string> {
  return (await adminQuery<{ id: string }>(system.target.ownerUrl, 'select id from role where key = $1', [key])).rows[0]!.id;
}

async function unitsOf(system: IdentitySystem, ...codes: string[]): Promise<string[]> {
  return (await Promise.all(codes.map((c) => unitId(system, c)))).sort();
}

async function expect401(system: IdentitySystem, token: string, what: string, t?: TestContext): Promise<void> {
  const response = await bearer(system, token)('GET', '/api/v1/auth/token');
  assert.equal(response.statusCode, 401, `${what}: ${response.body}`);
  assert.match(String(response.headers['www-authenticate']), /^Bearer/, what);
  assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', what);
  t?.diagnostic(`${what}: 401`);
}

// Proves: issuing needs a fresh second factor; the token is shown once and the database holds only
// its hash; the token then authenticates with exactly its roles' permissions in their units (team
// and region subtrees), and a token narrowed to one role gets nothing of the other.
test('a token acts with exactly its roles in their units, and is stored only as a hash', async (t) => {
  const system = await buildIdentity(t);
  await createUnit(system, 'tok-region', 'region');
  await createUnit(system, 'tok-region-team', 'team', 'tok-region');
  await createUnit(system, 'tok-team', 'team');
  const { user: admin, session } = await operator(system, 'tok-admin');
  const accountId = await createAccount(system, session, 'politie-bvh');
  await grantRole(system, accountId, 'team-lead', 'tok-team'); // users.read
  await grantRole(system, accountId, 'service-desk', 'tok-region'); // users.read, users.support, sessions.manage

  // A session whose last factor check is old must re-authenticate first.
  await adminQuery(
    system.target.ownerUrl,
    `update user_session set reauthenticated_at = now() - interval '20 minutes' where user_id = $1`,
    [admin.id],
  );
  const stale = await session.request('POST', `/api/v1/service-accounts/${accountId}/tokens`, { name: 'productie' });
  assert.equal(stale.statusCode, 401, stale.body);
  assert.equal(stale.json().type, 'urn:casus:problem:reauthentication-required');
  assert.equal(
    (await session.request('POST', '/api/v1/auth/reauthenticate', { method: 'totp', code: await totpCode(admin) })).statusCode,
    204,
  );

  const all = await issue(session, accountId, { reason: 'BVH-koppeling in productie' });
  assert.match(all.token, /^casus_[A-Za-z0-9_-]{43}$/);
  assert.equal(all.prefix, all.token.slice(0, 12));
  const expires = Date.parse(all.expiresAt) - Date.now();
  assert.ok(expires > 89.9 * 86_400_000 && expires <= 90 * 86_400_000, 'default expiry 90 days');

  const me = await bearer(system, all.token)('GET', '/api/v1/auth/token');
  assert.equal(me.statusCode, 200, me.body);
  assert.equal(me.json().account.username, 'politie-bvh');
  assert.equal(me.json().token.id, all.id);
  // Issued through the API, a token names the roles it was checked for: roles granted later do not flow into it.
  assert.deepEqual([...me.json().token.roleIds].sort(), [await roleId(system, 'team-lead'), await roleId(system, 'service-desk')].sort());
  const region = await unitsOf(system, 'tok-region', 'tok-region-team');
  assert.deepEqual(me.json().permissions, {
    'sessions.manage': region,
    'users.read': [...region, await unitId(system, 'tok-team')].sort(),
    'users.support': region,
  });

  const narrowed = await issue(session, accountId, {
    name: 'alleen lezen',
    roleIds: [await roleId(system, 'team-lead')],
    expiresInDays: 7,
  });
  const narrow = await bearer(system, narrowed.token)('GET', '/api/v1/auth/token');
  assert.equal(narrow.statusCode, 200, narrow.body);
  assert.deepEqual(narrow.json().permissions, { 'users.read': [await unitId(system, 'tok-team')] });
  assert.deepEqual(narrow.json().token.roleIds, [await roleId(system, 'team-lead')]);

  // The database holds the hash and the prefix, never the token.
  const { rows } = await adminQuery<Record<string, unknown>>(system.target.ownerUrl, 'select * from api_token where user_id = $1', [
    accountId,
  ]);
  assert.equal(rows.length, 2);
  for (const [row, issued] of [
    [rows.find((r) => r.id === all.id)!, all],
    [rows.find((r) => r.id === narrowed.id)!, narrowed],
  ] as const) {
    assert.equal(row.token_hash, sha256(issued.token));
    assert.equal(row.prefix, issued.token.slice(0, 12));
    assert.ok(!JSON.stringify(row).includes(issued.token.slice(12)), 'no column holds the secret');
    assert.match(String(row.created_by), /^user:/);
  }

  // Lists show prefix and status, never the token or its hash.
  const listed = await session.request('GET', `/api/v1/service-accounts/${accountId}/tokens`);
  assert.equal(listed.statusCode, 200, listed.body);
  assert.deepEqual(
    listed
      .json()
      .items.map((i: { prefix: string; status: string }) => [i.prefix, i.status])
      .sort(),
    [
      [all.prefix, 'active'],
      [narrowed.prefix, 'active'],
    ].sort(),
  );
  const accounts = await session.request('GET', '/api/v1/service-accounts');
  const account = accounts.json().items.find((a: { id: string }) => a.id === accountId);
  assert.deepEqual([account.activeTokens, account.totalTokens], [2, 2]);
  for (const body of [listed.body, accounts.body]) {
    for (const secret of [all.token, narrowed.token]) {
      assert.ok(!body.includes(secret.slice(12)) && !body.includes(sha256(secret)), 'lists never show the token or its hash');
    }
  }
  const lastUsed = await adminQuery<{ last_used_at: Date | null }>(
    system.target.ownerUrl,
    'select last_used_at from api_token where id = $1',
    [all.id],
  );
  assert.ok(lastUsed.rows[0]!.last_used_at, 'use is recorded');

  const audit = await adminQuery<{ action: string; reason: string | null; details: Record<string, unknown> }>(
    system.target.ownerUrl,
    `select action, reason, details from audit_event where object_id in ($1, $2, $3) order by occurred_at`,
    [accountId, all.id, narrowed.id],
  );
  assert.deepEqual(
    audit.rows.filter((r) => r.action !== 'grant.create').map((r) => r.action),
    ['service-account.create', 'api-token.issue', 'api-token.issue'],
  );
  assert.equal(audit.rows[0]!.reason, 'ketenkoppeling');
  assert.equal(audit.rows.find((r) => r.action === 'api-token.issue')!.reason, 'BVH-koppeling in productie');
  assert.ok(!JSON.stringify(audit.rows).includes(all.token.slice(12)), 'the audit trail never holds the token');
});

// Proves: a token gets 403 where it lacks the permission and may manage other accounts where it has
// it (bearer requests need no CSRF token and no re-authentication), but never issue tokens for itself.
test('a token is refused what its roles do not allow, and cannot mint tokens for its own account', async (t) => {
  const system = await buildIdentity(t);
  const { session } = await operator(system, 'tok-admin2');
  const reader = await createAccount(system, session, 'om-reader');
  await grantRole(system, reader, 'team-lead');
  const readerToken = (await issue(session, reader)).token;
  const denied = await bearer(system, readerToken)('GET', '/api/v1/service-accounts');
  assert.equal(denied.statusCode, 403, denied.body);
  assert.equal(denied.json().type, 'urn:casus:problem:forbidden');

  const automation = await createAccount(system, session, 'ops-automation');
  await grantRole(system, automation, 'it-operations');
  await grantRole(system, automation, 'functional-administrator');
  const opsToken = (await issue(session, automation)).token;
  const ops = bearer(system, opsToken);
  const other = await ops('POST', `/api/v1/service-accounts/${reader}/tokens`, { name: 'rotated', expiresInDays: 30 });
  assert.equal(other.statusCode, 201, other.body);
  assert.equal((await bearer(system, other.json().token as string)('GET', '/api/v1/auth/token')).statusCode, 200);
  const own = await ops('POST', `/api/v1/service-accounts/${automation}/tokens`, { name: 'successor', expiresInDays: 366 });
  assert.equal(own.statusCode, 403, own.body);
  const count = await adminQuery<{ n: number }>(system.target.ownerUrl, 'select count(*)::int as n from api_token where user_id = $1', [
    automation,
  ]);
  assert.equal(count.rows[0]!.n, 1);
  const refusal = await adminQuery<{ n: number }>(
    system.target.ownerUrl,
    `select count(*)::int as n from audit_event where action = 'api-token.issue' and result = 'denied' and object_id = $1`,
    [automation],
  );
  assert.equal(refusal.rows[0]!.n, 1, 'the refusal is audited');

  // A browser session is not a token: /auth/token refuses it.
  assert.equal((await session.request('GET', '/api/v1/auth/token')).statusCode, 403);
});

// Proves: expired, revoked, deactivated-account, tampered and malformed credentials never
// authenticate: 401 with WWW-Authenticate: Bearer on protected routes; public routes stay public.
test('expired, revoked, deactivated and tampered tokens get 401', async (t) => {
  const system = await buildIdentity(t);
  const { session } = await operator(system, 'tok-admin3');
  const accountId = await createAccount(system, session, 'politie-test');
  await grantRole(system, accountId, 'team-lead');

  const expired = await issue(session, accountId, { name: 'verlopen' });
  await bearer(system, expired.token)('GET', '/api/v1/auth/token').then((r) => assert.equal(r.statusCode, 200));
  await adminQuery(system.target.ownerUrl, `update api_token set expires_at = now() - interval '1 second' where id = $1`, [expired.id]);
  await expect401(system, expired.token, 'expired', t);

  const revoked = await issue(session, accountId, { name: 'ingetrokken' });
  const badRevoke = await session.request('POST', `/api/v1/service-accounts/${accountId}/tokens/${revoked.id}/revoke`, {});
  assert.equal(badRevoke.statusCode, 400, 'a revocation names a reason');
  const revoke = await session.request('POST', `/api/v1/service-accounts/${accountId}/tokens/${revoked.id}/revoke`, {
    reason: 'lekt in logbestand',
  });
  assert.equal(revoke.statusCode, 204, revoke.body);
  await expect401(system, revoked.token, 'revoked', t);
  const row = await adminQuery<{ revoke_reason: string; revoked_by: string }>(
    system.target.ownerUrl,
    'select revoke_reason, revoked_by from api_token where id = $1',
    [revoked.id],
  );
  assert.equal(row.rows[0]!.revoke_reason, 'lekt in logbestand');
  const audited = await adminQuery<{ reason: string }>(
    system.target.ownerUrl,
    `select reason from audit_event where action = 'api-token.revoke' and object_id = $1`,
    [revoked.id],
  );
  assert.deepEqual(
    audited.rows.map((r) => r.reason),
    ['lekt in logbestand'],
  );

  const live = await issue(session, accountId, { name: 'actief' });
  const tampered = `${live.token.slice(0, -1)}${live.token.endsWith('A') ? 'B' : 'A'}`;
  await expect401(system, tampered, 'tampered', t);
  for (const header of [
    `Bearer ${live.token.slice(6)}`,
    `Basic ${Buffer.from(`x:${live.token}`).toString('base64')}`,
    `Bearer ${live.token}x`,
    'Bearer',
  ]) {
    const response = await system.app.inject({ method: 'GET', url: '/api/v1/auth/token', headers: { authorization: header } });
    assert.equal(response.statusCode, 401, `malformed: ${header.slice(0, 12)}`);
    const open = await system.app.inject({ method: 'GET', url: '/api/v1', headers: { authorization: header } });
    assert.equal(open.statusCode, 200, 'a public route stays public');
  }
  await bearer(system, live.token)('GET', '/api/v1/auth/token').then((r) => assert.equal(r.statusCode, 200, 'the real one still works'));

  // Deactivating the account revokes its tokens (and roles); the token is refused at once.
  const deactivate = await session.request('POST', `/api/v1/service-accounts/${accountId}/deactivate`, { reason: 'koppeling beëindigd' });
  assert.equal(deactivate.statusCode, 200, deactivate.body);
  assert.deepEqual(deactivate.json(), { tokensRevoked: 2, grantsRevoked: 1 });
  await expect401(system, live.token, 'deactivated account', t);
  const statuses = await session.request('GET', `/api/v1/service-accounts/${accountId}/tokens`);
  assert.deepEqual(
    statuses
      .json()
      .items.map((i: { status: string }) => i.status)
      .sort(),
    ['revoked', 'revoked', 'revoked'],
    'the expired one is revoked too',
  );
  const again = await session.request('POST', `/api/v1/service-accounts/${accountId}/tokens`, { name: 'nieuw' });
  assert.equal(again.statusCode, 409, 'a deactivated account gets no new tokens');

  // Even a token left unrevoked on a deactivated account is refused (the authenticator checks the account).
  const other = await createAccount(system, session, 'politie-test-2');
  const roleless = await session.request('POST', `/api/v1/service-accounts/${other}/tokens`, { name: 'te vroeg' });
  assert.equal(roleless.statusCode, 400, 'a token carries the roles held when it is issued: none yet is a mistake');
  await grantRole(system, other, 'team-lead');
  const leftover = await issue(session, other);
  await adminQuery(system.target.ownerUrl, `update app_user set status = 'deactivated' where id = $1`, [other]);
  await expect401(system, leftover.token, 'account deactivated directly', t);
});

// Proves: invalid input is a 400 problem with field errors and creates nothing; people's accounts
// are not service accounts; an administrator scoped to a team sees and manages only its accounts.
test('bad input creates nothing, and the unit scope holds', async (t) => {
  const system = await buildIdentity(t);
  await createUnit(system, 'tok-team-b', 'team');
  const { session } = await operator(system, 'tok-admin4');
  const accountId = await createAccount(system, session, 'om-koppeling');
  await grantRole(system, accountId, 'team-lead');
  const users = async () => (await adminQuery<{ n: number }>(system.target.ownerUrl, 'select count(*)::int as n from app_user')).rows[0]!.n;
  const tokens = async () =>
    (await adminQuery<{ n: number }>(system.target.ownerUrl, 'select count(*)::int as n from api_token')).rows[0]!.n;
  const [usersBefore, tokensBefore] = [await users(), await tokens()];

  const national = await unitId(system, 'national');
  const badAccounts: [object, string][] = [
    [{ username: 'Met Spatie', displayName: 'x', unitId: national, reason: 'r' }, '/body/username'],
    [{ username: 'ok-name', displayName: 'x', unitId: '00000000-0000-4000-8000-000000000000', reason: 'r' }, '/body/unitId'],
    [{ username: 'ok-name', displayName: 'x', unitId: national }, '/body/reason'],
    [{ username: 'ok-name', displayName: 'x', unitId: national, reason: 'r', extra: 1 }, '/body'],
  ];
  for (const [body, pointer] of badAccounts) {
    const response = await session.request('POST', '/api/v1/service-accounts', body);
    assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.ok(JSON.stringify(response.json().errors ?? []).includes(pointer), `${pointer} in ${response.body}`);
  }
  assert.equal(
    (
      await session.request('POST', '/api/v1/service-accounts', {
        username: 'om-koppeling',
        displayName: 'x',
        unitId: national,
        reason: 'r',
      })
    ).statusCode,
    409,
  );

  const badTokens: [object, string][] = [
    [{ name: 'x', roleIds: [await roleId(system, 'functional-administrator')] }, '/body/roleIds/0'],
    [{ name: 'x', roleIds: [] }, '/body/roleIds'],
    [{ name: 'x', expiresInDays: 367 }, '/body/expiresInDays'],
    [{ name: 'x', expiresInDays: 0 }, '/body/expiresInDays'],
    [{ name: '' }, '/body/name'],
    [{ name: 'x', token: 'casus_chosen-by-caller' }, '/body'],
  ];
  for (const [body, pointer] of badTokens) {
    const response = await session.request('POST', `/api/v1/service-accounts/${accountId}/tokens`, body);
    assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
    assert.ok(JSON.stringify(response.json().errors ?? []).includes(pointer), `${pointer} in ${response.body}`);
  }
  assert.equal((await session.request('POST', '/api/v1/service-accounts/not-a-uuid/tokens', { name: 'x' })).statusCode, 400);
  assert.deepEqual([await users(), await tokens()], [usersBefore, tokensBefore], 'nothing was created');

  // A person's account is not a service account: no tokens for it.
  const person = await createUser(system, 'tok-person');
  assert.equal((await session.request('POST', `/api/v1/service-accounts/${person.id}/tokens`, { name: 'x' })).statusCode, 404);
  assert.equal((await session.request('POST', `/api/v1/service-accounts/${person.id}/deactivate`, { reason: 'x' })).statusCode, 404);

  // A token id under another account's path is not found.
  const issued = await issue(session, accountId);
  const elsewhere = await createAccount(system, session, 'om-koppeling-2');
  assert.equal(
    (await session.request('POST', `/api/v1/service-accounts/${elsewhere}/tokens/${issued.id}/revoke`, { reason: 'x' })).statusCode,
    404,
  );

  // An operator whose grant covers team B only: sees team B's accounts, nothing of the national ones.
  const { session: local } = await operator(system, 'tok-admin-team', 'tok-team-b');
  const teamAccount = await createAccount(system, local, 'team-b-script', 'tok-team-b');
  const seen = (await local.request('GET', '/api/v1/service-accounts')).json().items.map((a: { id: string }) => a.id);
  assert.deepEqual(seen, [teamAccount]);
  assert.equal((await local.request('GET', `/api/v1/service-accounts/${accountId}/tokens`)).statusCode, 404);
  assert.equal((await local.request('POST', `/api/v1/service-accounts/${accountId}/tokens`, { name: 'x' })).statusCode, 404);
  const outside = await local.request('POST', '/api/v1/service-accounts', {
    username: 'national-script',
    displayName: 'x',
    unitId: national,
    reason: 'r',
  });
  assert.equal(outside.statusCode, 403, outside.body);
});
