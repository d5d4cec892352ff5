// Users, grants and signed-in sessions for tests, through the real sign-in API (password, then TOTP)
// so every test that needs a user also exercises the path users take. Setup rows are written over
// the owner connection: they are the test's preconditions, not what is being tested.
import type { TestContext } from 'node:test';
import { generate } from 'otplib';
import type { LightMyRequestResponse } from 'fastify';
import { build, type BuildOptions, type TestSystem } from './build.ts';
import { adminQuery } from './database.ts';
import { createIdentityModule, hashPassword, type IdentityServices } from '../../src/modules/identity/index.ts';
import type { CasusModule } from '../../src/kernel/module.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface IdentitySystem extends TestSystem {
  identity: IdentityServices;
}

/** The system with a fresh identity module (plus `extra` modules); answers to failures are not delayed. */
export async function buildIdentity(
  t: Pick<TestContext, 'after'>,
  options: BuildOptions & { extra?: CasusModule[] } = {},
): Promise<IdentitySystem> {
  const identity = createIdentityModule();
  // All tests of a file share one database and sign in from 127.0.0.1: the per-IP limit is lifted
  // unless a test sets it.
  const env = { CASUS_AUTH_ATTEMPTS_PER_IP: '100000', ...options.env };
  const system = await build(t, { ...options, env, modules: [identity, ...(options.extra ?? [])] });
  const services = identity.services();
  services.throttle.delayPerFailureMs = 0;
  return Object.assign(system, { identity: services });
}

export interface TestUser {
  id: string;
  username: string;
  password: string;
  totpSecret: string | null;
  lastStep: number;
}

export async function unitId(system: TestSystem, code: string): Promise<string> {
  const { rows } = await adminQuery<{ id: string }>(system.target.ownerUrl, 'select id from org_unit where code = $1', [code]);
  if (!rows[0]) throw new Error(`no unit ${code}`);
  return rows[0].id;
}

/** Adds a unit under `parentCode` (default: the national root). */
export async function createUnit(system: TestSystem, code: string, kind: 'region' | 'team', parentCode = 'national'): Promise<string> {
  const parent = await unitId(system, parentCode);
  const { rows } = await adminQuery<{ id: string }>(
    system.target.ownerUrl,
    `insert into org_unit (parent_id, kind, code, name) values ($1, $2, $3, $4) returning id`,
    [parent, kind, code, `Unit ${code}`],
  );
  return rows[0]!.id;
}

/** A user with a password (no second factor yet), in `unitCode`. */
export async function createUser(
  system: TestSystem,
  username: string,
  options: { kind?: 'staff' | 'volunteer' | 'service'; unitCode?: string; password?: string | null; email?: string } = {},
): Promise<TestUser> {
  const unit = await unitId(system, options.unitCode ?? 'national');
  const { rows } = await adminQuery<{ id: string }>(
    system.target.ownerUrl,
    `insert into app_user (kind, username, display_name, email, unit_id) values ($1, $2, $3, $4, $5) returning id`,
    [options.kind ?? 'staff', username, `User ${username}`, options.email ?? null, unit],
  );
  const id = rows[0]!.id;
  const password = options.password === undefined ? TEST_PASSWORD : options.password;
  if (password)
    await adminQuery(system.target.ownerUrl, 'insert into password_credential (user_id, hash) values ($1, $2)', [
      id,
      await hashPassword(password),
    ]);
  return { id, username, password: password ?? '', totpSecret: null, lastStep: 0 };
}

/** Gives the user a seeded role (by key) in a unit. */
export async function grantRole(
  system: TestSystem,
  userId: string,
  roleKey: string,
  unitCode = 'national',
  options: { endsAt?: Date } = {},
): Promise<string> {
  const unit = await unitId(system, unitCode);
  const { rows } = await adminQuery<{ id: string }>(
    system.target.ownerUrl,
    `insert into role_assignment (role_id, user_id, unit_id, reason, granted_by, ends_at)
     select id, $2, $3, 'test', 'test', $4 from role where key = $1 returning id`,
    [roleKey, userId, unit, options.endsAt ?? null],
  );
  if (!rows[0]) throw new Error(`no role ${roleKey}`);
  return rows[0].id;
}

/** A TOTP code for a time step the server has not seen from this user (waits for the next step if needed). */
export async function totpCode(user: TestUser): Promise<string> {
  if (!user.totpSecret) throw new Error(`${user.username} has no TOTP`);
  for (;;) {
    const now = Math.floor(Date.now() / 1000);
    // The server accepts one step either side; use the earliest unused one. The previous step only while
    // the current one has 10 s to run: on a busy machine the request may reach the server a step later,
    // and the previous step is then two behind (a confirm answered 401 that way in CI).
    const secondsLeftInStep = 30 - (now % 30);
    for (const epoch of [now - 30, now, now + 30]) {
      if (epoch === now - 30 && secondsLeftInStep < 10) continue;
      const step = Math.floor(epoch / 30);
      if (step > user.lastStep) {
        user.lastStep = step;
        return generate({ secret: user.totpSecret, epoch });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export interface Session {
  cookie: string;
  csrf: string;
  /** inject() with the session cookie and CSRF header. */
  request(method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export function cookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name.endsWith('casus-session'));
  if (!cookie) throw new Error(`no session cookie in ${response.statusCode} ${response.body}`);
  return `${cookie.name}=${cookie.value}`;
}

export function sessionFrom(system: TestSystem, cookie: string, csrf: string): Session {
  return {
    cookie,
    csrf,
    request: (method, url, body) =>
      system.app.inject({
        method: method as 'GET',
        url,
        headers: { cookie, 'x-csrf-token': csrf },
        ...(body !== undefined ? { payload: body as object } : {}),
      }),
  };
}

/** Signs in with password and TOTP, enrolling TOTP first if the user has no factor yet. */
export async function signIn(system: TestSystem, user: TestUser): Promise<Session & { recoveryCodes: string[] }> {
  const first = await system.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username: user.username, password: user.password },
  });
  if (first.statusCode !== 200) throw new Error(`sign-in ${first.statusCode}: ${first.body}`);
  let cookie = cookieOf(first);
  let csrf = first.json().csrfToken as string;
  let recoveryCodes: string[] = [];
  if (first.json().next === 'enrol-second-factor') {
    const begin = await system.app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp/enrolment',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: {},
    });
    if (begin.statusCode !== 200) throw new Error(`enrolment ${begin.statusCode}: ${begin.body}`);
    user.totpSecret = begin.json().secret;
    user.lastStep = 0;
    const confirm = await system.app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp/enrolment/confirm',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { code: await totpCode(user) },
    });
    if (confirm.statusCode !== 200) throw new Error(`confirm ${confirm.statusCode}: ${confirm.body}`);
    cookie = cookieOf(confirm);
    csrf = confirm.json().csrfToken;
    recoveryCodes = confirm.json().recoveryCodes;
  } else {
    const second = await system.app.inject({
      method: 'POST',
      url: '/api/v1/auth/second-factor',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { method: 'totp', code: await totpCode(user) },
    });
    if (second.statusCode !== 200) throw new Error(`second factor ${second.statusCode}: ${second.body}`);
    cookie = cookieOf(second);
    csrf = second.json().csrfToken;
  }
  return { ...sessionFrom(system, cookie, csrf), recoveryCodes };
}
