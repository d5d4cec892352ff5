// Attempts at a proof under concurrency: however many requests arrive at once, at most the limit of
// them is evaluated (counted by their audit rows, each of which records a proof actually checked or
// refused unchecked), and one burst locks the account once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminQuery } from '../../../../test/helpers/database.ts';
import {
  buildIdentity,
  cookieOf,
  createUser,
  sessionFrom,
  signIn,
  TEST_PASSWORD,
  totpCode,
  type IdentitySystem,
  type Session,
} from '../../../../test/helpers/identity.ts';

const PARALLEL = 15;
const signInBody = (username: string, password: string, remoteAddress = '127.0.0.1') => ({
  method: 'POST' as const,
  url: '/api/v1/auth/sign-in',
  payload: { username, password },
  remoteAddress,
});

/** Failure reasons of `action` for the user (or the unknown username), counted by reason. */
async function reasons(system: IdentitySystem, action: string, userId: string | null): Promise<Record<string, number>> {
  const { rows } = await adminQuery<{ reason: string; n: string }>(
    system.target.ownerUrl,
    `select reason, count(*) as n from audit_event where action = $1 and result = 'failure' and object_id is not distinct from $2 group by reason`,
    [action, userId],
  );
  return Object.fromEntries(rows.map((r) => [r.reason, Number(r.n)]));
}

async function lockouts(system: IdentitySystem, userId: string | null): Promise<number> {
  const { rows } = await adminQuery<{ n: string }>(
    system.target.ownerUrl,
    `select count(*) as n from audit_event where action = 'auth.lockout' and object_id is not distinct from $1`,
    [userId],
  );
  return Number(rows[0]!.n);
}

// Proves: of 15 parallel wrong passwords only 5 (the limit) are checked, the other 10 are refused
// unchecked as for a locked account, and the account is locked exactly once (one security event).
test('parallel wrong passwords: at most the limit is evaluated, one lockout', async (t) => {
  const system = await buildIdentity(t, { env: { CASUS_LOGIN_MAX_FAILURES: '5' } });
  const mia = await createUser(system, 'mia');
  const answers = await Promise.all(Array.from({ length: PARALLEL }, () => system.app.inject(signInBody('mia', 'not the password!!'))));
  assert.deepEqual(new Set(answers.map((a) => a.statusCode)), new Set([401]));
  assert.deepEqual(await reasons(system, 'auth.sign-in', mia.id), { 'wrong password': 5, 'account locked': PARALLEL - 5 });
  assert.equal(await lockouts(system, mia.id), 1);
  const { rows } = await adminQuery<{ details: { securityEvent?: boolean } }>(
    system.target.ownerUrl,
    `select details from audit_event where action = 'auth.lockout'`,
  );
  assert.equal(rows[0]!.details.securityEvent, true, 'a lockout is a security event');
  assert.equal((await system.app.inject(signInBody('mia', TEST_PASSWORD))).statusCode, 401, 'locked: the right password is refused');
  // The same for a username that is nobody's: a lockout reveals nothing.
  await Promise.all(Array.from({ length: PARALLEL }, () => system.app.inject(signInBody('nobody-at-all', 'not the password!!'))));
  assert.equal(await lockouts(system, null), 1);
});

// Proves: 15 parallel wrong TOTP codes over three pending sign-ins are evaluated only up to the
// account's limit, lock once, and end the pending sign-ins.
test('parallel wrong second factors: at most the limit is evaluated, one lockout', async (t) => {
  const system = await buildIdentity(t, { env: { CASUS_LOGIN_MAX_FAILURES: '5' } });
  const noor = await createUser(system, 'noor');
  await signIn(system, noor);
  const pendings: Session[] = [];
  for (let i = 0; i < 3; i++) {
    const first = await system.app.inject(signInBody('noor', TEST_PASSWORD));
    assert.equal(first.json().next, 'second-factor');
    pendings.push(sessionFrom(system, cookieOf(first), first.json().csrfToken));
  }
  const answers = await Promise.all(
    Array.from({ length: PARALLEL }, (_, i) =>
      pendings[i % 3]!.request('POST', '/api/v1/auth/second-factor', { method: 'totp', code: '000000' }),
    ),
  );
  assert.deepEqual(new Set(answers.map((a) => a.statusCode)), new Set([401]));
  const counted = await reasons(system, 'auth.sign-in', noor.id);
  assert.equal(counted['wrong totp'], 5, JSON.stringify(counted));
  assert.equal(await lockouts(system, noor.id), 1);
  const { rows } = await adminQuery<{ n: string }>(
    system.target.ownerUrl,
    `select count(*) as n from user_session where user_id = $1 and state = 'pending' and ended_at is null`,
    [noor.id],
  );
  assert.equal(Number(rows[0]!.n), 0, 'every pending sign-in of the burst is over');
  const after = await pendings[0]!.request('POST', '/api/v1/auth/second-factor', { method: 'totp', code: await totpCode(noor) });
  assert.equal(after.statusCode, 401);
});

// Proves: one pending sign-in gets at most five answers evaluated, even all at once, when the
// account's limit is higher.
test('parallel answers to one pending sign-in: at most five are evaluated', async (t) => {
  const system = await buildIdentity(t, { env: { CASUS_LOGIN_MAX_FAILURES: '20' } });
  const olaf = await createUser(system, 'olaf');
  await signIn(system, olaf);
  const first = await system.app.inject(signInBody('olaf', TEST_PASSWORD));
  const pending = sessionFrom(system, cookieOf(first), first.json().csrfToken);
  const answers = await Promise.all(
    Array.from({ length: PARALLEL }, () => pending.request('POST', '/api/v1/auth/second-factor', { method: 'totp', code: '000000' })),
  );
  assert.deepEqual(new Set(answers.map((a) => a.statusCode)), new Set([401]));
  assert.deepEqual(await reasons(system, 'auth.sign-in', olaf.id), { 'wrong totp': 5 });
  // Four wrong codes are answered as such; the fifth ends the sign-in. The rest find it ended: in its
  // last moments (sign-in-ended) or, arriving after it ended, with no sign-in waiting (unauthenticated).
  const types = answers.map((a) => a.json().type as string);
  assert.equal(types.filter((type) => type === 'urn:casus:problem:second-factor-failed').length, 4, types.join(','));
  assert.ok(types.includes('urn:casus:problem:sign-in-ended'), types.join(','));
  assert.ok(
    types.every((type) =>
      ['urn:casus:problem:second-factor-failed', 'urn:casus:problem:sign-in-ended', 'urn:casus:problem:unauthenticated'].includes(type),
    ),
    types.join(','),
  );
  assert.equal(await lockouts(system, olaf.id), 0);
});

// Proves: wrong current passwords in parallel (password change) are evaluated up to the limit and
// lock once, and the lockout ends the user's sessions.
test('parallel wrong current passwords: at most the limit is evaluated, one lockout', async (t) => {
  const system = await buildIdentity(t, { env: { CASUS_LOGIN_MAX_FAILURES: '5' } });
  const pia = await createUser(system, 'pia');
  const session = await signIn(system, pia);
  const answers = await Promise.all(
    Array.from({ length: PARALLEL }, () =>
      session.request('POST', '/api/v1/auth/password', {
        currentPassword: 'not the password!!',
        newPassword: 'a new and long passphrase 42',
      }),
    ),
  );
  // The lockout ends the session, so requests that arrive after it may find no session (401).
  assert.ok(
    answers.every((a) => a.statusCode === 400 || a.statusCode === 401),
    answers.map((a) => a.statusCode).join(','),
  );
  const counted = await reasons(system, 'auth.password-changed', pia.id);
  assert.equal(counted['wrong current password'], 5, JSON.stringify(counted));
  assert.equal(await lockouts(system, pia.id), 1);
  assert.equal((await session.request('GET', '/api/v1/auth/session')).statusCode, 401, 'the lockout ended the session');
});

// Proves: the per-address limit holds under concurrency too: of 15 parallel failures from one
// address with a limit of 5, exactly 5 are evaluated and the rest answered 429.
test('parallel failures from one address: at most the per-address limit is evaluated', async (t) => {
  const system = await buildIdentity(t, { env: { CASUS_AUTH_ATTEMPTS_PER_IP: '5' } });
  const answers = await Promise.all(
    Array.from({ length: PARALLEL }, (_, i) => system.app.inject(signInBody(`someone${i}`, 'whatever password', '127.0.0.7'))),
  );
  const statuses = answers.map((a) => a.statusCode).sort();
  assert.deepEqual(statuses, [...Array(5).fill(401), ...Array(PARALLEL - 5).fill(429)]);
});

// Proves: reset links tried in parallel from one address are looked up only up to the address's limit.
test('parallel reset links from one address: at most the per-address limit is looked up', async (t) => {
  const system = await buildIdentity(t, { env: { CASUS_AUTH_ATTEMPTS_PER_IP: '5' } });
  const answers = await Promise.all(
    Array.from({ length: PARALLEL }, (_, i) =>
      system.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset/complete',
        remoteAddress: '127.0.0.6',
        payload: { token: `guessed-link-${i}`, newPassword: 'a long and new passphrase 42' },
      }),
    ),
  );
  assert.deepEqual(answers.map((a) => a.statusCode).sort(), [...Array(5).fill(400), ...Array(PARALLEL - 5).fill(429)]);
  assert.deepEqual(await reasons(system, 'auth.password-reset', null), { 'unknown, used, replaced or expired link': 5 });
});

// Proves: a right proof gives its reservation back (an office's daily sign-ins never reach the
// per-address limit), and a reservation that was never resolved (the process died) stops blocking
// the account after a minute.
test('successes are not counted; a lost reservation expires', async (t) => {
  const system = await buildIdentity(t, { env: { CASUS_AUTH_ATTEMPTS_PER_IP: '5', CASUS_LOGIN_MAX_FAILURES: '3' } });
  // The tests of a file share a database: earlier failures from 127.0.0.1 are not this test's.
  await adminQuery(system.target.ownerUrl, `delete from auth_throttle where key like 'ip:%'`);
  const quinn = await createUser(system, 'quinn');
  await signIn(system, quinn);
  for (let i = 0; i < 8; i++) assert.equal((await system.app.inject(signInBody('quinn', TEST_PASSWORD, '127.0.0.8'))).statusCode, 200);
  // Three attempts reserved and never answered: the account refuses more until they are a minute old.
  await adminQuery(system.target.ownerUrl, `update auth_throttle set failures = 3, attempt_started_at = now() where key = 'account:quinn'`);
  assert.equal((await system.app.inject(signInBody('quinn', TEST_PASSWORD))).statusCode, 401);
  await adminQuery(
    system.target.ownerUrl,
    `update auth_throttle set attempt_started_at = now() - interval '2 minutes' where key = 'account:quinn'`,
  );
  assert.equal((await system.app.inject(signInBody('quinn', TEST_PASSWORD))).statusCode, 200);
});
