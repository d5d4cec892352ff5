// Passkeys: enrolment as the first factor, sign-in step two, re-authentication, the user's list and
// removal; and every way an assertion or registration can be wrong, against a software authenticator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { adminQuery } from '../../../../test/helpers/database.ts';
import {
  buildIdentity,
  cookieOf,
  createUser,
  sessionFrom,
  signIn,
  TEST_PASSWORD,
  type IdentitySystem,
  type Session,
  type TestUser,
} from '../../../../test/helpers/identity.ts';
import { SoftwareAuthenticator, type CeremonyOverrides } from '../../../../test/helpers/webauthn.ts';

const ORIGIN = 'http://localhost:3000';
const ENV = { CASUS_PUBLIC_URL: ORIGIN, CASUS_LOGIN_MAX_FAILURES: '20' };
const API = '/api/v1/auth/webauthn';

const sessionIdOf = (session: Session) => createHash('sha256').update(session.cookie.split('=')[1]!).digest('hex');

async function firstStep(system: IdentitySystem, user: TestUser) {
  const first = await system.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username: user.username, password: TEST_PASSWORD },
  });
  assert.equal(first.statusCode, 200, first.body);
  return { step: first.json(), session: sessionFrom(system, cookieOf(first), first.json().csrfToken) };
}

/** Registers a new passkey in `session` (enrolling, or active and recently re-authenticated). */
async function registerPasskey(session: Session, authenticator: SoftwareAuthenticator, name = 'Laptop', overrides: CeremonyOverrides = {}) {
  const options = await session.request('POST', `${API}/registration/options`, {});
  assert.equal(options.statusCode, 200, options.body);
  return session.request('POST', `${API}/registration`, { name, response: authenticator.register(options.json(), overrides) });
}

/** A user whose first factor is a passkey; returns the signed-in session it leaves. */
async function passkeyUser(system: IdentitySystem, username: string) {
  const user = await createUser(system, username);
  const authenticator = new SoftwareAuthenticator(ORIGIN);
  const { step, session } = await firstStep(system, user);
  assert.equal(step.next, 'enrol-second-factor');
  const registered = await registerPasskey(session, authenticator);
  assert.equal(registered.statusCode, 200, registered.body);
  const active = sessionFrom(system, cookieOf(registered), registered.json().csrfToken);
  return { user, authenticator, active, registered: registered.json() };
}

/** Password, then a passkey assertion (bent by `overrides`) for the pending session. */
async function passkeySignIn(
  system: IdentitySystem,
  user: TestUser,
  authenticator: SoftwareAuthenticator,
  overrides: CeremonyOverrides = {},
) {
  const { session } = await firstStep(system, user);
  const options = await session.request('POST', `${API}/authentication/options`, {});
  assert.equal(options.statusCode, 200, options.body);
  const answer = await session.request('POST', `${API}/authentication`, { response: authenticator.assert(options.json(), overrides) });
  return { pending: session, options: options.json(), answer };
}

const failedAttempts = async (system: IdentitySystem, session: Session) =>
  (
    await adminQuery<{ failed_factor_attempts: number }>(
      system.target.ownerUrl,
      'select failed_factor_attempts from user_session where id = $1',
      [sessionIdOf(session)],
    )
  ).rows[0]!.failed_factor_attempts;

test('a passkey enrolled as the first factor signs in; later sign-ins take password and passkey', async (t) => {
  const system = await buildIdentity(t, { env: ENV });
  const { user, authenticator, active, registered } = await passkeyUser(system, 'alice');
  assert.equal(registered.next, 'done');
  assert.equal(registered.recoveryCodes.length, 10);
  assert.equal(registered.passkey.id, authenticator.id);
  const me = await active.request('GET', '/api/v1/auth/session');
  assert.equal(me.statusCode, 200, me.body);
  assert.equal(me.json().session.secondFactor, 'enrolment');
  const list = (await active.request('GET', `${API}/credentials`)).json().items;
  assert.deepEqual(
    list.map((p: { id: string; name: string; transports: string[]; lastUsedAt: null }) => [p.id, p.name, p.transports, p.lastUsedAt]),
    [[authenticator.id, 'Laptop', ['internal', 'hybrid'], null]],
  );
  const { rows: enrolled } = await adminQuery<{ details: { factor: string } }>(
    system.target.ownerUrl,
    `select details from audit_event where action = 'auth.factor-enrolled' and object_id = $1 and result = 'success'`,
    [user.id],
  );
  assert.equal(enrolled[0]?.details.factor, 'webauthn');

  const { step } = await firstStep(system, user);
  assert.equal(step.next, 'second-factor');
  assert.deepEqual(step.methods, ['webauthn', 'recovery-code']);
  const { pending, options, answer } = await passkeySignIn(system, user, authenticator);
  assert.equal(options.rpId, 'localhost');
  assert.equal(options.userVerification, 'required');
  assert.deepEqual(
    options.allowCredentials.map((c: { id: string }) => c.id),
    [authenticator.id],
  );
  assert.equal(answer.statusCode, 200, answer.body);
  assert.equal(answer.json().next, 'done');
  assert.notEqual(cookieOf(answer), pending.cookie, 'a fresh session id after the second factor');
  const signedIn = sessionFrom(system, cookieOf(answer), answer.json().csrfToken);
  assert.equal((await signedIn.request('GET', '/api/v1/auth/session')).json().session.secondFactor, 'webauthn');
  assert.equal((await pending.request('GET', '/api/v1/auth/session')).statusCode, 401, 'the pre-factor cookie is dead');
  const { rows } = await adminQuery<{ counter: string; last_used_at: Date | null }>(
    system.target.ownerUrl,
    'select counter, last_used_at from webauthn_credential where id = $1',
    [authenticator.id],
  );
  assert.equal(rows[0]!.counter, '1');
  assert.ok(rows[0]!.last_used_at);
});

test('registration options ask for a passkey with user verification on this relying party', async (t) => {
  const system = await buildIdentity(t, { env: ENV });
  const user = await createUser(system, 'anna');
  const { session } = await firstStep(system, user);
  const options = (await session.request('POST', `${API}/registration/options`, {})).json();
  assert.deepEqual(options.rp, { name: 'Casus', id: 'localhost' });
  assert.equal(options.user.name, 'anna');
  assert.equal(
    Buffer.from(options.user.id, 'base64url').toString('hex'),
    user.id.replace(/-/g, ''),
    'the user handle is the user id, not personal data',
  );
  assert.equal(options.attestation, 'none');
  assert.equal(options.authenticatorSelection.userVerification, 'required');
  assert.equal(options.authenticatorSelection.residentKey, 'preferred');
  assert.ok(options.pubKeyCredParams.some((p: { alg: number }) => p.alg === -7));
  const openapi = await system.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  assert.equal(openapi.statusCode, 200);
  assert.ok(openapi.json().paths['/auth/webauthn/credentials/{credentialId}'], 'the passkey routes are documented');
});

// Proves: each kind of bad assertion is refused with the uniform 401, spends the challenge, and counts
// as a failed second-factor attempt; the right passkey still works afterwards.
test('wrong, foreign, replayed or cloned assertions are refused and count as failed attempts', async (t) => {
  const system = await buildIdentity(t, { env: ENV });
  const { user, authenticator } = await passkeyUser(system, 'bob');
  const { authenticator: other } = await passkeyUser(system, 'carl');
  const cases: [string, CeremonyOverrides, SoftwareAuthenticator?][] = [
    ['wrong signature', { badSignature: true }],
    ['wrong origin', { origin: 'http://evil.localhost:3000' }],
    ['wrong challenge', { challenge: randomBytes(32).toString('base64url') }],
    ['wrong relying party', { rpId: 'evil.example' }],
    ['no user verification', { flags: 0x01 }],
    ["another user's credential", {}, other],
    ["another user's credential without user handle", { userHandle: '' }, other],
  ];
  for (const [what, overrides, device] of cases) {
    const { pending, answer } = await passkeySignIn(system, user, device ?? authenticator, overrides);
    assert.equal(answer.statusCode, 401, what);
    assert.equal(answer.json().type, 'urn:casus:problem:second-factor-failed', what);
    assert.equal(answer.headers['set-cookie'], undefined, what);
    assert.equal(await failedAttempts(system, pending), 1, what);
  }

  // The counter must move on (a cloned authenticator reuses it); the refusal is audited as such.
  const good = await passkeySignIn(system, user, authenticator);
  assert.equal(good.answer.statusCode, 200, good.answer.body);
  const cloned = await passkeySignIn(system, user, authenticator, { counter: authenticator.counter });
  assert.equal(cloned.answer.statusCode, 401);
  assert.equal(await failedAttempts(system, cloned.pending), 1);
  const { rows: clone } = await adminQuery<{ n: string }>(
    system.target.ownerUrl,
    `select count(*) as n from audit_event where action = 'auth.passkey-clone-suspected' and object_id = $1`,
    [user.id],
  );
  assert.equal(clone[0]!.n, '1');

  // A challenge is single use: after a failed answer, the right answer to the same challenge fails too.
  const { session } = await firstStep(system, user);
  const options = (await session.request('POST', `${API}/authentication/options`, {})).json();
  assert.equal(
    (await session.request('POST', `${API}/authentication`, { response: authenticator.assert(options, { badSignature: true }) }))
      .statusCode,
    401,
  );
  const replay = await session.request('POST', `${API}/authentication`, { response: authenticator.assert(options) });
  assert.equal(replay.statusCode, 401);
  assert.equal(await failedAttempts(system, session), 2);
  // Without asking for options there is no challenge to answer.
  const { session: noOptions } = await firstStep(system, user);
  assert.equal((await noOptions.request('POST', `${API}/authentication`, { response: authenticator.assert(options) })).statusCode, 401);

  const { rows: reasons } = await adminQuery<{ n: string }>(
    system.target.ownerUrl,
    `select count(*) as n from audit_event where action = 'auth.sign-in' and result = 'failure' and reason = 'wrong webauthn' and object_id = $1`,
    [user.id],
  );
  assert.equal(Number(reasons[0]!.n), cases.length + 4, 'the cases, the clone, the spent challenge twice, no challenge');
  const after = await passkeySignIn(system, user, authenticator);
  assert.equal(after.answer.statusCode, 200, 'the real passkey still signs in');
});

test('five wrong passkey answers end the pending sign-in', async (t) => {
  const system = await buildIdentity(t, { env: ENV });
  const { user, authenticator } = await passkeyUser(system, 'dora');
  const { session } = await firstStep(system, user);
  const types: string[] = [];
  for (let i = 0; i < 5; i++) {
    const options = (await session.request('POST', `${API}/authentication/options`, {})).json();
    types.push(
      (await session.request('POST', `${API}/authentication`, { response: authenticator.assert(options, { badSignature: true }) })).json()
        .type,
    );
  }
  assert.deepEqual(types, [...Array(4).fill('urn:casus:problem:second-factor-failed'), 'urn:casus:problem:sign-in-ended']);
  assert.equal((await session.request('POST', `${API}/authentication/options`, {})).statusCode, 401);
});

// Proves: the routes for signed-in sessions refuse a pending one, the sign-in routes refuse an active
// one, and the pending routes need the CSRF token.
test('a pending session cannot use the passkey routes of a signed-in session, nor the other way round', async (t) => {
  const system = await buildIdentity(t, { env: ENV });
  const { user, authenticator, active } = await passkeyUser(system, 'emma');
  const { session: pending } = await firstStep(system, user);
  const refused = [
    await pending.request('GET', `${API}/credentials`),
    await pending.request('DELETE', `${API}/credentials/${authenticator.id}`),
    await pending.request('POST', `${API}/registration/options`, {}),
    await pending.request('POST', `${API}/reauthentication/options`, {}),
    await pending.request('POST', `${API}/reauthentication`, { response: authenticator.assert({ challenge: 'AAAA', rpId: 'localhost' }) }),
  ];
  assert.deepEqual(
    refused.map((r) => r.statusCode),
    [401, 401, 401, 401, 401],
  );
  assert.equal(
    (await active.request('POST', `${API}/authentication/options`, {})).statusCode,
    401,
    'an active session has no sign-in to complete',
  );
  const noCsrf = await system.app.inject({
    method: 'POST',
    url: `${API}/authentication/options`,
    headers: { cookie: pending.cookie },
    payload: {},
  });
  assert.equal(noCsrf.statusCode, 403);
  const { rows } = await adminQuery<{ n: string }>(
    system.target.ownerUrl,
    'select count(*) as n from webauthn_credential where user_id = $1',
    [user.id],
  );
  assert.equal(rows[0]!.n, '1');
});

test('removing a passkey needs re-authentication and never removes the last second factor', async (t) => {
  const system = await buildIdentity(t, { env: ENV });
  const { user, authenticator, active } = await passkeyUser(system, 'finn');
  const sessionId = sessionIdOf(active);
  await adminQuery(system.target.ownerUrl, `update user_session set reauthenticated_at = now() - interval '11 minutes' where id = $1`, [
    sessionId,
  ]);
  const stale = await active.request('DELETE', `${API}/credentials/${authenticator.id}`);
  assert.equal(stale.statusCode, 401);
  assert.equal(stale.json().type, 'urn:casus:problem:reauthentication-required');
  assert.equal((await active.request('POST', `${API}/registration/options`, {})).statusCode, 401, 'adding one needs it too');

  // Re-authenticating with the passkey; the same assertion cannot be used twice.
  const options = (await active.request('POST', `${API}/reauthentication/options`, {})).json();
  const assertion = authenticator.assert(options);
  assert.equal((await active.request('POST', `${API}/reauthentication`, { response: assertion })).statusCode, 204);
  assert.equal((await active.request('POST', `${API}/reauthentication`, { response: assertion })).statusCode, 401, 'replayed');

  const last = await active.request('DELETE', `${API}/credentials/${authenticator.id}`);
  assert.equal(last.statusCode, 409, last.body);
  const { rows: denied } = await adminQuery<{ n: string }>(
    system.target.ownerUrl,
    `select count(*) as n from audit_event where action = 'auth.factor-removed' and result = 'denied' and object_id = $1`,
    [user.id],
  );
  assert.equal(denied[0]!.n, '1');

  // A second passkey (the first is excluded from the options), then the first can go.
  const phone = new SoftwareAuthenticator(ORIGIN);
  const addOptions = (await active.request('POST', `${API}/registration/options`, {})).json();
  assert.deepEqual(
    addOptions.excludeCredentials.map((c: { id: string }) => c.id),
    [authenticator.id],
  );
  const added = await active.request('POST', `${API}/registration`, { name: 'Phone', response: phone.register(addOptions) });
  assert.equal(added.statusCode, 200, added.body);
  assert.deepEqual(added.json().recoveryCodes, [], 'the user still has recovery codes');
  assert.equal(added.json().csrfToken, active.csrf, 'an active session stays the same session');
  assert.equal(added.headers['set-cookie'], undefined);
  assert.equal((await active.request('DELETE', `${API}/credentials/${randomBytes(16).toString('base64url')}`)).statusCode, 404);
  assert.equal((await active.request('DELETE', `${API}/credentials/${authenticator.id}`)).statusCode, 204);
  const items = (await active.request('GET', `${API}/credentials`)).json().items;
  assert.deepEqual(
    items.map((p: { name: string }) => p.name),
    ['Phone'],
  );
  const { rows: removed } = await adminQuery<{ details: { factor: string; credentialId: string } }>(
    system.target.ownerUrl,
    `select details from audit_event where action = 'auth.factor-removed' and result = 'success' and object_id = $1`,
    [user.id],
  );
  assert.deepEqual(
    removed.map((r) => r.details.credentialId),
    [authenticator.id],
  );
  // The removed passkey no longer signs in.
  assert.equal((await passkeySignIn(system, user, authenticator)).answer.statusCode, 401);
  assert.equal((await passkeySignIn(system, user, phone)).answer.statusCode, 200);
});

test('with an authenticator app as well, the only passkey may be removed', async (t) => {
  const system = await buildIdentity(t, { env: ENV });
  const user = await createUser(system, 'gus');
  const session = await signIn(system, user); // enrols TOTP; a fresh session counts as re-authenticated
  const key = new SoftwareAuthenticator(ORIGIN);
  const added = await registerPasskey(session, key, 'Key');
  assert.equal(added.statusCode, 200, added.body);
  assert.equal((await session.request('DELETE', `${API}/credentials/${key.id}`)).statusCode, 204);
});

// Proves: a registration that does not answer this session's challenge on this origin with user
// verification stores nothing and leaves the enrolling session as it was; the challenge is spent.
test('bad registrations store nothing', async (t) => {
  const system = await buildIdentity(t, { env: ENV });
  const { authenticator: taken } = await passkeyUser(system, 'hana');
  const user = await createUser(system, 'ian');
  const { session } = await firstStep(system, user);
  const key = new SoftwareAuthenticator(ORIGIN);
  for (const [what, overrides] of [
    ['wrong origin', { origin: 'http://evil.localhost:3000' }],
    ['no user verification', { flags: 0x41 }],
    ['wrong challenge', { challenge: randomBytes(32).toString('base64url') }],
  ] as const) {
    const answer = await registerPasskey(session, key, 'Key', overrides);
    assert.equal(answer.statusCode, 400, what);
    assert.equal(answer.json().type, 'urn:casus:problem:passkey-not-accepted', what);
    assert.equal(answer.headers['set-cookie'], undefined, what);
  }
  // The same options answered twice: the second answer finds the challenge spent.
  const options = (await session.request('POST', `${API}/registration/options`, {})).json();
  assert.equal(
    (
      await session.request('POST', `${API}/registration`, {
        name: 'Key',
        response: key.register(options, { origin: 'http://evil.localhost:3000' }),
      })
    ).statusCode,
    400,
  );
  assert.equal((await session.request('POST', `${API}/registration`, { name: 'Key', response: key.register(options) })).statusCode, 400);
  // Someone else's credential id cannot be registered again.
  assert.equal((await registerPasskey(session, taken, 'Stolen')).statusCode, 400);
  // Malformed input is refused by the schema.
  const malformed = await session.request('POST', `${API}/registration`, {
    name: 'Key',
    response: { id: key.id, rawId: key.id, type: 'public-key', response: {} },
  });
  assert.equal(malformed.statusCode, 400);
  assert.equal(malformed.json().type, 'urn:casus:problem:validation');
  const { rows } = await adminQuery<{ n: string }>(
    system.target.ownerUrl,
    'select count(*) as n from webauthn_credential where user_id = $1',
    [user.id],
  );
  assert.equal(rows[0]!.n, '0');
  assert.equal((await session.request('GET', '/api/v1/auth/pending')).json().next, 'enrol-second-factor', 'still enrolling');
  const { rows: failures } = await adminQuery<{ n: string }>(
    system.target.ownerUrl,
    `select count(*) as n from audit_event where action = 'auth.factor-enrolled' and result = 'failure' and object_id = $1`,
    [user.id],
  );
  assert.equal(failures[0]!.n, '6');
  // The right answer to fresh options completes enrolment.
  const good = await registerPasskey(session, key, 'Key');
  assert.equal(good.statusCode, 200, good.body);
});
