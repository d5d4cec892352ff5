// Signing in: password then second factor, on every path; uniform failures; lockout and rate limits;
// CSRF; session timeouts; deactivation taking effect on the next request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminQuery } from '../../../../test/helpers/database.ts';
import {
  buildIdentity,
  createUser,
  signIn,
  totpCode,
  cookieOf,
  sessionFrom,
  TEST_PASSWORD,
  grantRole,
} from '../../../../test/helpers/identity.ts';

const signInBody = (username: string, password: string) => ({
  method: 'POST' as const,
  url: '/api/v1/auth/sign-in',
  payload: { username, password },
});
const auditCount = async (ownerUrl: string, action: string, result = 'success') =>
  Number(
    (await adminQuery<{ n: string }>(ownerUrl, 'select count(*) as n from audit_event where action = $1 and result = $2', [action, result]))
      .rows[0]!.n,
  );

test('first sign-in enrols TOTP, later sign-ins need the code; the session shows who and what', async (t) => {
  const system = await buildIdentity(t);
  const alice = await createUser(system, 'alice');
  await grantRole(system, alice.id, 'functional-administrator');
  const session = await signIn(system, alice);
  assert.equal(session.recoveryCodes.length, 10);
  const me = await session.request('GET', '/api/v1/auth/session');
  assert.equal(me.statusCode, 200, me.body);
  assert.equal(me.json().user.username, 'alice');
  assert.ok(me.json().permissions['users.manage'].length >= 1);
  assert.equal(me.json().session.secondFactor, 'enrolment');

  const again = await signIn(system, alice);
  const me2 = await again.request('GET', '/api/v1/auth/session');
  assert.equal(me2.json().session.secondFactor, 'totp');
  assert.ok((await auditCount(system.target.ownerUrl, 'auth.sign-in')) >= 2);
});

// Proves: the pending session after the password is not a signed-in session on any route, and a
// cookie from before sign-in never becomes a signed-in cookie (new id after the second factor).
test('the second factor cannot be skipped', async (t) => {
  const system = await buildIdentity(t);
  const bob = await createUser(system, 'bob');
  await grantRole(system, bob.id, 'functional-administrator');
  await signIn(system, bob); // enrols TOTP
  const first = await system.app.inject(signInBody('bob', TEST_PASSWORD));
  assert.equal(first.json().next, 'second-factor');
  assert.deepEqual(first.json().methods, ['totp', 'recovery-code']);
  const pending = sessionFrom(system, cookieOf(first), first.json().csrfToken);
  for (const url of ['/api/v1/auth/session', '/api/v1/auth/sessions']) {
    const response = await pending.request('GET', url);
    assert.equal(response.statusCode, 401, `${url} with a pending session`);
  }
  // Enrolling a new authenticator needs an enrolling (not pending) or re-authenticated session.
  assert.equal((await pending.request('POST', '/api/v1/auth/totp/enrolment', {})).statusCode, 401);
  // Recovery codes are not accepted as the TOTP method and vice versa; wrong codes fail.
  const wrong = await pending.request('POST', '/api/v1/auth/second-factor', { method: 'totp', code: '000000' });
  assert.equal(wrong.statusCode, 401);
  assert.equal(wrong.json().type, 'urn:casus:problem:second-factor-failed');
  const right = await pending.request('POST', '/api/v1/auth/second-factor', { method: 'totp', code: await totpCode(bob) });
  assert.equal(right.statusCode, 200, right.body);
  assert.notEqual(cookieOf(right), pending.cookie, 'a fresh session id after the second factor');
  assert.equal((await pending.request('GET', '/api/v1/auth/session')).statusCode, 401, 'the pre-factor cookie is dead');
  const active = sessionFrom(system, cookieOf(right), right.json().csrfToken);
  assert.equal((await active.request('GET', '/api/v1/auth/session')).statusCode, 200);
});

test('a recovery code signs in once', async (t) => {
  const system = await buildIdentity(t);
  const carol = await createUser(system, 'carol');
  const { recoveryCodes } = await signIn(system, carol);
  const code = recoveryCodes[0]!;
  const use = async () => {
    const first = await system.app.inject(signInBody('carol', TEST_PASSWORD));
    const pending = sessionFrom(system, cookieOf(first), first.json().csrfToken);
    return pending.request('POST', '/api/v1/auth/second-factor', { method: 'recovery-code', code: code.toUpperCase() });
  };
  assert.equal((await use()).statusCode, 200);
  assert.equal((await use()).statusCode, 401, 'used recovery codes are spent');
});

// Proves: unknown user, wrong password, deactivated account, service account and locked account all
// get the same answer; the audit trail records the real reason.
test('failures answer uniformly and do not reveal whether an account exists', async (t) => {
  const system = await buildIdentity(t);
  await createUser(system, 'dave');
  const gone = await createUser(system, 'erin');
  await adminQuery(system.target.ownerUrl, `update app_user set status = 'deactivated' where id = $1`, [gone.id]);
  await createUser(system, 'robot', { kind: 'service' });
  const before = (await adminQuery<{ id: string }>(system.target.ownerUrl, 'select coalesce(max(id), 0) as id from audit_event')).rows[0]!
    .id;
  const answers = [
    await system.app.inject(signInBody('nobody', TEST_PASSWORD)),
    await system.app.inject(signInBody('dave', 'wrong password here')),
    await system.app.inject(signInBody('erin', TEST_PASSWORD)),
    await system.app.inject(signInBody('robot', TEST_PASSWORD)),
  ];
  for (const answer of answers) {
    assert.equal(answer.statusCode, 401);
    assert.equal(answer.json().type, 'urn:casus:problem:sign-in-failed');
    assert.equal(answer.json().detail, answers[0]!.json().detail);
    assert.equal(answer.headers['set-cookie'], undefined);
  }
  const { rows } = await adminQuery<{ reason: string }>(
    system.target.ownerUrl,
    `select reason from audit_event where action = 'auth.sign-in' and result = 'failure' and id > $1 order by id`,
    [before],
  );
  assert.deepEqual(
    rows.map((r) => r.reason),
    ['unknown username', 'wrong password', 'account deactivated', 'account cannot use a password'],
  );
});

test('repeated failures lock the account (known or not) until the lockout ends; a success unlocks', async (t) => {
  const system = await buildIdentity(t, { env: { CASUS_LOGIN_MAX_FAILURES: '3' } });
  const frank = await createUser(system, 'frank');
  await signIn(system, frank);
  for (const username of ['frank', 'ghost']) {
    for (let i = 0; i < 3; i++) assert.equal((await system.app.inject(signInBody(username, 'not the password!!'))).statusCode, 401);
  }
  const locked = await system.app.inject(signInBody('frank', TEST_PASSWORD));
  assert.equal(locked.statusCode, 401, 'the right password is refused while locked');
  assert.equal(locked.json().detail, (await system.app.inject(signInBody('ghost', TEST_PASSWORD))).json().detail);
  assert.equal(await auditCount(system.target.ownerUrl, 'auth.lockout', 'denied'), 2);
  // The lock expires (moved into the past here), then the right password works again.
  await adminQuery(
    system.target.ownerUrl,
    `update auth_throttle set locked_until = now() - interval '1 second' where key = 'account:frank'`,
  );
  await signIn(system, frank);
  const { rows } = await adminQuery<{ failures: number; lockouts: number }>(
    system.target.ownerUrl,
    `select failures, lockouts from auth_throttle where key = 'account:frank'`,
  );
  assert.deepEqual(rows[0], { failures: 0, lockouts: 0 });
});

test('wrong second factors count towards the lockout and end the pending sign-in', async (t) => {
  const system = await buildIdentity(t, { env: { CASUS_LOGIN_MAX_FAILURES: '20' } });
  const gina = await createUser(system, 'gina');
  await signIn(system, gina);
  const first = await system.app.inject(signInBody('gina', TEST_PASSWORD));
  const pending = sessionFrom(system, cookieOf(first), first.json().csrfToken);
  for (let i = 0; i < 4; i++)
    assert.equal(
      (await pending.request('POST', '/api/v1/auth/second-factor', { method: 'totp', code: '123456' })).json().type,
      'urn:casus:problem:second-factor-failed',
    );
  const fifth = await pending.request('POST', '/api/v1/auth/second-factor', { method: 'totp', code: '123456' });
  assert.equal(fifth.json().type, 'urn:casus:problem:sign-in-ended');
  const after = await pending.request('POST', '/api/v1/auth/second-factor', { method: 'totp', code: await totpCode(gina) });
  assert.equal(after.statusCode, 401, 'the ended sign-in cannot be completed even with the right code');
});

test('sign-in attempts per IP address are rate limited with Retry-After', async (t) => {
  const system = await buildIdentity(t, { env: { CASUS_AUTH_ATTEMPTS_PER_IP: '5' } });
  const from = (username: string, remoteAddress = '127.0.0.9') =>
    system.app.inject({ ...signInBody(username, 'whatever password'), remoteAddress });
  const statuses: number[] = [];
  for (let i = 0; i < 7; i++) statuses.push((await from(`user${i}`)).statusCode);
  assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429]);
  const limited = await from('user0');
  assert.equal(limited.json().type, 'urn:casus:problem:too-many-attempts');
  assert.ok(Number(limited.headers['retry-after']) > 0);
  // Another address is not affected.
  const elsewhere = await from('user0', '127.0.0.10');
  assert.equal(elsewhere.statusCode, 401);
});

test('state-changing requests need the CSRF token; the cookie is HttpOnly and SameSite=Strict', async (t) => {
  const system = await buildIdentity(t);
  const hank = await createUser(system, 'hank');
  const session = await signIn(system, hank);
  const first = await system.app.inject(signInBody('hank', TEST_PASSWORD));
  const cookie = first.cookies.find((c) => c.name === 'casus-session')!;
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.equal(cookie.path, '/');
  const noToken = await system.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-out',
    headers: { cookie: session.cookie },
    payload: {},
  });
  assert.equal(noToken.statusCode, 403);
  assert.equal(noToken.json().type, 'urn:casus:problem:csrf');
  const wrongToken = await system.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-out',
    headers: { cookie: session.cookie, 'x-csrf-token': 'x'.repeat(43) },
    payload: {},
  });
  assert.equal(wrongToken.statusCode, 403);
  assert.equal((await session.request('GET', '/api/v1/auth/session')).statusCode, 200, 'still signed in');
  assert.equal((await session.request('POST', '/api/v1/auth/sign-out', {})).statusCode, 204);
  assert.equal((await session.request('GET', '/api/v1/auth/session')).statusCode, 401, 'signed out');
});

test('behind TLS the cookie is __Host- prefixed and Secure', async (t) => {
  const system = await buildIdentity(t, { env: { CASUS_PUBLIC_URL: 'https://casus.example.org' } });
  await createUser(system, 'ivy');
  const first = await system.app.inject(signInBody('ivy', TEST_PASSWORD));
  const cookie = first.cookies.find((c) => c.name === '__Host-casus-session');
  assert.ok(cookie, first.headers['set-cookie'] as string);
  assert.equal(cookie.secure, true);
  assert.equal(cookie.domain, undefined);
});

test('idle and absolute timeouts end sessions; deactivation takes effect on the next request', async (t) => {
  const system = await buildIdentity(t);
  const jack = await createUser(system, 'jack');
  const idle = await signIn(system, jack);
  const absolute = await signIn(system, jack);
  const deactivated = await signIn(system, jack);
  const url = system.target.ownerUrl;
  const sessionId = async (cookie: string) => {
    const { createHash } = await import('node:crypto');
    return createHash('sha256').update(cookie.split('=')[1]!).digest('hex');
  };
  await adminQuery(url, `update user_session set last_seen_at = now() - interval '31 minutes' where id = $1`, [
    await sessionId(idle.cookie),
  ]);
  await adminQuery(url, `update user_session set expires_at = now() - interval '1 second' where id = $1`, [
    await sessionId(absolute.cookie),
  ]);
  assert.equal((await idle.request('GET', '/api/v1/auth/session')).statusCode, 401);
  assert.equal((await absolute.request('GET', '/api/v1/auth/session')).statusCode, 401);
  const { rows } = await adminQuery<{ end_reason: string }>(
    url,
    `select end_reason from user_session where id = any($1) order by end_reason`,
    [[await sessionId(idle.cookie), await sessionId(absolute.cookie)]],
  );
  assert.deepEqual(
    rows.map((r) => r.end_reason),
    ['expired', 'idle-timeout'],
  );

  assert.equal((await deactivated.request('GET', '/api/v1/auth/session')).statusCode, 200);
  await adminQuery(url, `update app_user set status = 'deactivated' where id = $1`, [jack.id]);
  assert.equal((await deactivated.request('GET', '/api/v1/auth/session')).statusCode, 401, 'refused on the very next request');
});

test('users list and end their own sessions', async (t) => {
  const system = await buildIdentity(t);
  const kim = await createUser(system, 'kim');
  const laptop = await signIn(system, kim);
  const phone = await signIn(system, kim);
  const list = await laptop.request('GET', '/api/v1/auth/sessions');
  assert.equal(list.statusCode, 200);
  const live = list.json().items.filter((s: { endedAt: string | null; state: string }) => s.endedAt === null);
  assert.equal(live.length, 2);
  const other = live.find((s: { current: boolean }) => !s.current);
  assert.equal((await laptop.request('DELETE', `/api/v1/auth/sessions/${other.id}`)).statusCode, 204);
  assert.equal((await phone.request('GET', '/api/v1/auth/session')).statusCode, 401);
  assert.equal((await laptop.request('GET', '/api/v1/auth/session')).statusCode, 200);
  // Someone else's session id is "not found", not "forbidden".
  const lee = await createUser(system, 'lee');
  const leeSession = await signIn(system, lee);
  const leeId = (await leeSession.request('GET', '/api/v1/auth/session')).json().session.id;
  assert.equal((await laptop.request('DELETE', `/api/v1/auth/sessions/${leeId}`)).statusCode, 404);
});
