// Single sign-on end to end against a real OpenID Connect provider (oidc-provider on 127.0.0.1):
// linking by e-mail, then by subject; the second factor after SSO; single-use, browser-bound state;
// tampered callbacks; uniform failures; provider errors and outages; the per-IP limit.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { adminQuery } from '../../../../test/helpers/database.ts';
import {
  buildIdentity,
  cookieOf,
  createUser,
  sessionFrom,
  signIn,
  totpCode,
  type IdentitySystem,
} from '../../../../test/helpers/identity.ts';
import { systemContext } from '../../../kernel/auth/actor.ts';
import { sha256Hex } from '../../../kernel/crypto/tokens.ts';
import { linkableEmail, unlinkExternalIdentities } from './sso.service.ts';
import { purgeSsoRequests } from './sso.repository.ts';
import { CLIENT_SECRET, startIdp, type Idp } from '../../../../test/helpers/oidc.ts';

const PUBLIC_URL = 'http://127.0.0.1:3000';
const CALLBACK = `${PUBLIC_URL}/api/v1/auth/sso/callback`;

/** The browser at the provider: follows its redirects (with its cookies) until it is sent back to Casus. */
async function atIdp(idp: Idp, authorizationUrl: string, login: string | null): Promise<string> {
  idp.nextLogin = login;
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(CALLBACK)) return url;
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      const value = pair.slice(at + 1);
      if (value && !/expires=Thu, 01 Jan 1970/i.test(cookie)) jar.set(pair.slice(0, at), value);
      else jar.delete(pair.slice(0, at));
    }
    const location = response.headers.get('location');
    if (!location) throw new Error(`provider answered ${response.status}: ${await response.text()}`);
    url = new URL(location, url).href;
  }
  throw new Error('too many redirects at the provider');
}

interface Flow {
  authorizationUrl: string;
  state: string;
  binding: string;
}

async function start(system: IdentitySystem, remoteAddress?: string): Promise<Flow> {
  const response = await system.app.inject({ method: 'GET', url: '/api/v1/auth/sso/start', ...(remoteAddress ? { remoteAddress } : {}) });
  assert.equal(response.statusCode, 302, response.body);
  const authorizationUrl = String(response.headers.location);
  const binding = response.cookies.find((c) => c.name === 'casus-sso');
  assert.ok(binding, 'the sign-in is bound to this browser by a cookie');
  assert.equal(binding.sameSite, 'Lax');
  return { authorizationUrl, state: new URL(authorizationUrl).searchParams.get('state') ?? '', binding: `casus-sso=${binding.value}` };
}

function callback(system: IdentitySystem, url: string, cookie: string | null, remoteAddress?: string): Promise<LightMyRequestResponse> {
  return system.app.inject({
    method: 'GET',
    url: url.slice(PUBLIC_URL.length),
    headers: cookie ? { cookie } : {},
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

/** Start, sign in at the provider as `login`, come back: the callback's answer. */
async function ssoSignIn(system: IdentitySystem, idp: Idp, login: string | null): Promise<LightMyRequestResponse> {
  const flow = await start(system);
  return callback(system, await atIdp(idp, flow.authorizationUrl, login), flow.binding);
}

type System = IdentitySystem & { since: Date };

/** Casus with SSO against a fresh provider; `since`: this test's audit events are the ones after it (the file shares a database). */
async function setup(
  t: TestContext,
  env: Record<string, string> = {},
  options: { publicClient?: boolean } = {},
): Promise<{ system: System; idp: Idp }> {
  const idp = await startIdp(t, { ...options, callback: CALLBACK });
  const secret: Record<string, string> = options.publicClient ? {} : { CASUS_OIDC_CLIENT_SECRET: CLIENT_SECRET };
  const system = await buildIdentity(t, {
    env: {
      CASUS_OIDC_ISSUER: idp.issuer,
      CASUS_OIDC_CLIENT_ID: 'casus',
      ...secret,
      CASUS_OIDC_NAME: 'Test IdP',
      CASUS_PUBLIC_URL: PUBLIC_URL,
      ...env,
    },
  });
  const since = (await adminQuery<{ now: Date }>(system.target.ownerUrl, 'select now()')).rows[0]!.now;
  return { system: Object.assign(system, { since }), idp };
}

async function auditRows(system: System, action: string, userId: string | null) {
  const { rows } = await adminQuery<{
    result: string;
    reason: string | null;
    actor_id: string | null;
    details: Record<string, unknown> | null;
  }>(
    system.target.ownerUrl,
    `select result, reason, actor_id, details from audit_event where action = $1 and object_id is not distinct from $2 and occurred_at >= $3 order by occurred_at, id`,
    [action, userId, system.since],
  );
  return rows;
}

const isUniformFailure = (response: LightMyRequestResponse) => {
  assert.equal(response.statusCode, 401, response.body);
  assert.equal(response.json().type, 'urn:casus:problem:sign-in-failed');
};

test('a first SSO sign-in links the account by e-mail and still needs the second factor', async (t) => {
  const { system, idp } = await setup(t);
  const anna = await createUser(system, 'anna', { email: 'anna@example.org' });
  await signIn(system, anna); // enrols TOTP
  idp.accounts.set('idp-anna', { email: 'Anna@Example.org', email_verified: true, name: 'Anna' });

  const flow = await start(system);
  const at = new URL(flow.authorizationUrl);
  assert.equal(at.origin, idp.issuer);
  assert.equal(at.searchParams.get('scope'), 'openid profile email');
  assert.equal(at.searchParams.get('code_challenge_method'), 'S256');
  assert.ok(at.searchParams.get('nonce') && flow.state && at.searchParams.get('code_challenge'));
  const back = await callback(system, await atIdp(idp, flow.authorizationUrl, 'idp-anna'), flow.binding);
  assert.equal(back.statusCode, 303, back.body);
  assert.equal(back.headers.location, `${PUBLIC_URL}/`);

  // Proves: SSO replaced the password only; nothing is signed in until the TOTP code.
  const pendingCookie = cookieOf(back);
  const pending = await system.app.inject({ method: 'GET', url: '/api/v1/auth/pending', headers: { cookie: pendingCookie } });
  assert.equal(pending.statusCode, 200, pending.body);
  assert.equal(pending.json().next, 'second-factor');
  const session = sessionFrom(system, pendingCookie, pending.json().csrfToken);
  assert.equal((await session.request('GET', '/api/v1/auth/session')).statusCode, 401);
  const second = await session.request('POST', '/api/v1/auth/second-factor', { method: 'totp', code: await totpCode(anna) });
  assert.equal(second.statusCode, 200, second.body);
  const active = sessionFrom(system, cookieOf(second), second.json().csrfToken);
  const me = await active.request('GET', '/api/v1/auth/session');
  assert.equal(me.statusCode, 200, me.body);
  assert.equal(me.json().user.username, 'anna');
  assert.equal(me.json().session.authenticatedVia, 'sso');
  assert.equal(me.json().session.secondFactor, 'totp');

  const { rows } = await adminQuery<{ issuer: string; subject: string }>(
    system.target.ownerUrl,
    'select issuer, subject from external_identity where user_id = $1',
    [anna.id],
  );
  assert.deepEqual(rows, [{ issuer: idp.issuer, subject: 'idp-anna' }]);
  const linked = await auditRows(system, 'auth.sso-linked', anna.id);
  assert.equal(linked.length, 1);
  assert.equal(linked[0]!.actor_id, anna.id);
  assert.deepEqual(linked[0]!.details, { issuer: idp.issuer, matchedOn: 'email' });
  assert.ok((await auditRows(system, 'auth.first-step', anna.id)).some((r) => r.details?.via === 'sso'));
});

test('a later SSO sign-in finds the user by subject, even after the e-mail changed', async (t) => {
  const { system, idp } = await setup(t);
  const bram = await createUser(system, 'bram', { email: 'bram@example.org' });
  await signIn(system, bram);
  idp.accounts.set('idp-bram', { email: 'bram@example.org', email_verified: true, name: 'Bram' });
  assert.equal((await ssoSignIn(system, idp, 'idp-bram')).statusCode, 303);

  idp.accounts.set('idp-bram', { email: 'bram.new@example.org', email_verified: true, name: 'Bram' });
  await adminQuery(system.target.ownerUrl, `update app_user set email = 'b.other@example.org' where id = $1`, [bram.id]);
  // This time as a client that navigates itself: the same outcome as JSON.
  const begin = await system.app.inject({ method: 'GET', url: '/api/v1/auth/sso/start', headers: { accept: 'application/json' } });
  assert.equal(begin.statusCode, 200, begin.body);
  const binding = begin.cookies.find((c) => c.name === 'casus-sso')!;
  const back = await system.app.inject({
    method: 'GET',
    url: (await atIdp(idp, begin.json().authorizationUrl, 'idp-bram')).slice(PUBLIC_URL.length),
    headers: { cookie: `casus-sso=${binding.value}`, accept: 'application/json' },
  });
  assert.equal(back.statusCode, 200, back.body);
  assert.equal(back.json().next, 'second-factor');
  assert.deepEqual(back.json().methods, ['totp', 'recovery-code']);
  const { rows } = await adminQuery<{ user_id: string; last_login_at: Date | null }>(
    system.target.ownerUrl,
    `select user_id, last_login_at from external_identity where subject = 'idp-bram'`,
  );
  assert.equal(rows[0]!.user_id, bram.id);
  assert.ok(rows[0]!.last_login_at);
  assert.equal((await auditRows(system, 'auth.sso-linked', bram.id)).length, 1, 'linked once');

  // Unlinked (user administration), the next sign-in links again, on the e-mail address as it is now.
  await adminQuery(system.target.ownerUrl, `update app_user set email = 'bram.new@example.org' where id = $1`, [bram.id]);
  assert.equal(
    await system.authDb.transaction(systemContext('test'), (tx) => unlinkExternalIdentities(tx, bram.id, 'test: account moved')),
    1,
  );
  assert.equal((await auditRows(system, 'auth.sso-unlinked', bram.id))[0]!.reason, 'test: account moved');
  assert.equal((await ssoSignIn(system, idp, 'idp-bram')).statusCode, 303);
  assert.equal((await auditRows(system, 'auth.sso-linked', bram.id)).length, 2);
});

// Proves: a state works once, only in the browser that started it, only while fresh, and only if known.
test('the state is single-use, bound to the browser and short-lived', async (t) => {
  const { system, idp } = await setup(t);
  const cato = await createUser(system, 'cato', { email: 'cato@example.org' });
  idp.accounts.set('idp-cato', { email: 'cato@example.org', email_verified: true, name: 'Cato' });

  const flow = await start(system);
  const returned = await atIdp(idp, flow.authorizationUrl, 'idp-cato');
  const first = await callback(system, returned, flow.binding);
  assert.equal(first.statusCode, 303, first.body);
  // A user without a factor must enrol one: the SSO sign-in is not complete either.
  const pending = await system.app.inject({ method: 'GET', url: '/api/v1/auth/pending', headers: { cookie: cookieOf(first) } });
  assert.equal(pending.json().next, 'enrol-second-factor');
  isUniformFailure(await callback(system, returned, flow.binding));

  isUniformFailure(await callback(system, `${CALLBACK}?code=forged&state=never-issued`, flow.binding));

  const other = await start(system);
  isUniformFailure(await callback(system, await atIdp(idp, other.authorizationUrl, 'idp-cato'), null));

  const late = await start(system);
  await adminQuery(system.target.ownerUrl, `update sso_request set expires_at = now() - interval '1 second' where state_hash = $1`, [
    sha256Hex(late.state),
  ]);
  isUniformFailure(await callback(system, await atIdp(idp, late.authorizationUrl, 'idp-cato'), late.binding));

  const reasons = (await auditRows(system, 'auth.sign-in', null)).filter((r) => r.details?.step === 'sso').map((r) => r.reason);
  assert.deepEqual(reasons, ['state already used', 'unknown state', 'state not started by this browser', 'state expired']);
  // Expired requests are purged (the identity.sso-retention job).
  assert.ok((await purgeSsoRequests(system.authDb.kysely)) >= 1);
  const { rows } = await adminQuery(system.target.ownerUrl, 'select 1 from sso_request where state_hash = $1', [sha256Hex(late.state)]);
  assert.equal(rows.length, 0);
  assert.equal((await auditRows(system, 'auth.sso-linked', cato.id)).length, 1);
});

test('a tampered callback is refused: a code from another sign-in, a wrong nonce, a forged issuer', async (t) => {
  const { system, idp } = await setup(t);
  await createUser(system, 'dirk', { email: 'dirk@example.org' });
  idp.accounts.set('idp-dirk', { email: 'dirk@example.org', email_verified: true, name: 'Dirk' });

  // The attacker's code in the victim's flow: the PKCE verifier does not match.
  const victim = await start(system);
  const attacker = await start(system);
  const victimReturn = new URL(await atIdp(idp, victim.authorizationUrl, 'idp-dirk'));
  const attackerReturn = new URL(await atIdp(idp, attacker.authorizationUrl, 'idp-dirk'));
  victimReturn.searchParams.set('code', attackerReturn.searchParams.get('code')!);
  isUniformFailure(await callback(system, victimReturn.href, victim.binding));

  // An id_token minted for another request (its nonce is not the one this state expects).
  const nonce = await start(system);
  await adminQuery(system.target.ownerUrl, `update sso_request set nonce = 'another-requests-nonce' where state_hash = $1`, [
    sha256Hex(nonce.state),
  ]);
  isUniformFailure(await callback(system, await atIdp(idp, nonce.authorizationUrl, 'idp-dirk'), nonce.binding));

  const mixUp = await start(system);
  const forged = new URL(await atIdp(idp, mixUp.authorizationUrl, 'idp-dirk'));
  assert.equal(forged.searchParams.get('iss'), idp.issuer);
  forged.searchParams.set('iss', 'https://evil.example');
  isUniformFailure(await callback(system, forged.href, mixUp.binding));

  const reasons = (await auditRows(system, 'auth.sign-in', null)).filter((r) => r.details?.step === 'sso').map((r) => r.reason ?? '');
  assert.equal(reasons.length, 3);
  assert.match(reasons[0]!, /invalid_grant/);
  assert.match(reasons[1]!, /nonce/);
  assert.match(reasons[2]!, /iss/);
  assert.equal(
    (await adminQuery(system.target.ownerUrl, `select 1 from external_identity where subject = 'idp-dirk'`)).rows.length,
    0,
    'nothing linked',
  );
});

// Proves: whatever is wrong with the account, the answer is the same; the audit trail knows why.
test('unknown e-mail, unverified e-mail, deactivated and service accounts get the uniform failure', async (t) => {
  const { system, idp } = await setup(t);
  const gone = await createUser(system, 'erik', { email: 'erik@example.org' });
  await adminQuery(system.target.ownerUrl, `update app_user set status = 'deactivated' where id = $1`, [gone.id]);
  const robot = await createUser(system, 'robot', { kind: 'service', email: 'robot@example.org' });
  const fenna = await createUser(system, 'fenna', { email: 'fenna@example.org' });
  const gijs = await createUser(system, 'gijs', { email: 'gijs@example.org' });
  idp.accounts.set('idp-nobody', { email: 'nobody@example.org', email_verified: true, name: 'Nobody' });
  idp.accounts.set('idp-erik', { email: 'erik@example.org', email_verified: true, name: 'Erik' });
  idp.accounts.set('idp-robot', { email: 'robot@example.org', email_verified: true, name: 'Robot' });
  idp.accounts.set('idp-fenna', { email: 'fenna@example.org', email_verified: false, name: 'Fenna' });
  idp.accounts.set('idp-gijs', { email: 'gijs@example.org', email_verified: true, name: 'Gijs' });
  assert.equal((await ssoSignIn(system, idp, 'idp-gijs')).statusCode, 303);
  await adminQuery(system.target.ownerUrl, `update app_user set status = 'deactivated' where id = $1`, [gijs.id]);

  const answers = [];
  for (const login of ['idp-nobody', 'idp-erik', 'idp-robot', 'idp-fenna', 'idp-gijs']) {
    const response = await ssoSignIn(system, idp, login);
    isUniformFailure(response);
    const { type, title, detail, status } = response.json();
    answers.push({ type, title, detail, status });
  }
  for (const answer of answers) assert.deepEqual(answer, answers[0]);
  assert.equal(
    (await auditRows(system, 'auth.sign-in', null)).filter((r) => r.details?.step === 'sso')[0]!.reason,
    'no user with this e-mail address',
  );
  assert.equal((await auditRows(system, 'auth.sign-in', gone.id))[0]!.reason, 'account deactivated');
  assert.equal((await auditRows(system, 'auth.sign-in', robot.id))[0]!.reason, 'service account');
  assert.equal(
    (await auditRows(system, 'auth.sign-in', null)).filter((r) => r.details?.step === 'sso')[1]!.reason,
    'no verified e-mail address in the id_token to link on',
  );
  assert.equal((await auditRows(system, 'auth.sign-in', gijs.id)).at(-1)!.reason, 'account deactivated');
  const { rows } = await adminQuery(system.target.ownerUrl, 'select 1 from external_identity where user_id = any($1)', [
    [gone.id, robot.id, fenna.id],
  ]);
  assert.equal(rows.length, 0);
});

test('a provider error is answered 401 and audited; failures count towards the per-IP limit', async (t) => {
  const { system, idp } = await setup(t, { CASUS_AUTH_ATTEMPTS_PER_IP: '5' });
  const ip = '127.0.0.77';
  const flow = await start(system, ip);
  const cancelled = await callback(system, await atIdp(idp, flow.authorizationUrl, null), flow.binding, ip);
  assert.equal(cancelled.statusCode, 401, cancelled.body);
  assert.equal(cancelled.json().type, 'urn:casus:problem:sso-refused');
  assert.equal((await auditRows(system, 'auth.sign-in', null)).at(-1)!.reason, 'provider answered access_denied');

  for (const n of [1, 2, 3, 4]) isUniformFailure(await callback(system, `${CALLBACK}?code=x&state=unknown-${n}`, null, ip));
  const limited = await callback(system, `${CALLBACK}?code=x&state=unknown-5`, null, ip);
  assert.equal(limited.statusCode, 429, limited.body);
  assert.equal((await system.app.inject({ method: 'GET', url: '/api/v1/auth/sso/start', remoteAddress: ip })).statusCode, 429);
  assert.equal(
    (await system.app.inject({ method: 'GET', url: '/api/v1/auth/sso/start', remoteAddress: '127.0.0.78' })).statusCode,
    302,
    'other addresses are not limited',
  );
});

test('an unreachable provider gives 503 and is tried again on the next request', async (t) => {
  const { system, idp } = await setup(t);
  const info = await system.app.inject({ method: 'GET', url: '/api/v1/auth/sso' });
  assert.deepEqual(info.json(), { enabled: true, name: 'Test IdP' });
  const paths = (await system.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json().paths;
  assert.ok(paths['/auth/sso/start'].get.responses['302'] && paths['/auth/sso/callback'].get.responses['303'], 'documented');
  idp.down = true;
  const down = await system.app.inject({ method: 'GET', url: '/api/v1/auth/sso/start' });
  assert.equal(down.statusCode, 503, down.body);
  assert.equal(down.json().type, 'urn:casus:problem:sso-unavailable');
  idp.down = false;
  assert.equal((await system.app.inject({ method: 'GET', url: '/api/v1/auth/sso/start' })).statusCode, 302);
});

// Proves: Keycloak-style public clients (no secret) work, with PKCE as their only proof.
test('a public client without a secret signs in with PKCE', async (t) => {
  const { system, idp } = await setup(t, {}, { publicClient: true });
  const hana = await createUser(system, 'hana', { email: 'hana@example.org' });
  idp.accounts.set('idp-hana', { email: 'hana@example.org', email_verified: true, name: 'Hana' });
  const back = await ssoSignIn(system, idp, 'idp-hana');
  assert.equal(back.statusCode, 303, back.body);
  assert.equal((await auditRows(system, 'auth.sso-linked', hana.id)).length, 1);
});

test('without CASUS_OIDC_ISSUER single sign-on is off', async (t) => {
  const system = await buildIdentity(t);
  const info = await system.app.inject({ method: 'GET', url: '/api/v1/auth/sso' });
  assert.equal(info.statusCode, 200, info.body);
  assert.deepEqual(info.json(), { enabled: false, name: null });
  assert.equal((await system.app.inject({ method: 'GET', url: '/api/v1/auth/sso/start' })).statusCode, 404);
  assert.equal((await system.app.inject({ method: 'GET', url: '/api/v1/auth/sso/callback?code=x&state=y' })).statusCode, 404);
});

// Proves: an address the provider does not vouch for never links an account (Entra's `email` claim is
// user-editable unless xms_edov says the domain is verified; its UPN is managed by the tenant).
test('linking uses only an e-mail address the provider vouches for', () => {
  const keycloak = 'https://sso.example.org/realms/casus';
  const entra = 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0';
  assert.deepEqual(linkableEmail({ email: 'A@Example.org', email_verified: true }, keycloak), { email: 'a@example.org', claim: 'email' });
  assert.equal(linkableEmail({ email: 'a@example.org', email_verified: false, preferred_username: 'a@example.org' }, keycloak), null);
  assert.equal(linkableEmail({ email: 'not an address' }, keycloak), null);
  assert.deepEqual(linkableEmail({ email: 'spoof@victim.org', preferred_username: 'Jan@Corp.nl' }, entra), {
    email: 'jan@corp.nl',
    claim: 'preferred_username',
  });
  assert.deepEqual(linkableEmail({ email: 'jan@corp.nl', xms_edov: true, preferred_username: 'jan@corp.onmicrosoft.com' }, entra), {
    email: 'jan@corp.nl',
    claim: 'email',
  });
  assert.equal(linkableEmail({ preferred_username: 'no-at-sign' }, entra), null);
});
