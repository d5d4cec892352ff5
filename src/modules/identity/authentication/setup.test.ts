// First run: no default credentials. A one-time setup link creates the first administrator, who has
// to enrol a second factor before anything works; the link works once, is replaced by a newer one and
// expires.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from 'otplib';
import { adminQuery } from '../../../../test/helpers/database.ts';
import { buildIdentity, cookieOf, sessionFrom } from '../../../../test/helpers/identity.ts';
import { createSetupLink, hasAdministrator, type Execute } from './setup.service.ts';
import { testSettings } from '../../../../test/helpers/build.ts';

test('the setup link creates an administrator who must enrol a second factor; it works once', async (t) => {
  const system = await buildIdentity(t);
  const execute: Execute = (text, values) => adminQuery(system.target.ownerUrl, text, values);
  assert.equal(await hasAdministrator(execute), false);
  const old = await createSetupLink(execute, testSettings(), 'test');
  const link = await createSetupLink(execute, testSettings(), 'test');
  assert.match(link.url, /^http:\/\/127\.0\.0\.1:0\/setup#token=[\w-]{43}$/);
  const token = link.url.split('#token=')[1]!;
  const body = { token, username: 'Root.Admin', displayName: 'Eerste beheerder', email: 'beheer@example.org', password: 'password1234' };

  const weak = await system.app.inject({ method: 'POST', url: '/api/v1/setup', payload: body });
  assert.equal(weak.statusCode, 400);
  assert.match(weak.json().errors[0].detail, /common or breached/);
  const replaced = await system.app.inject({
    method: 'POST',
    url: '/api/v1/setup',
    payload: { ...body, token: old.url.split('#token=')[1], password: 'a long and unusual passphrase' },
  });
  assert.equal(replaced.json().type, 'urn:casus:problem:invalid-or-expired-link', 'a newer link replaces older ones');
  assert.equal(
    Number((await adminQuery<{ n: string }>(system.target.ownerUrl, 'select count(*) as n from app_user')).rows[0]!.n),
    0,
    'refusals create nobody',
  );

  const created = await system.app.inject({
    method: 'POST',
    url: '/api/v1/setup',
    payload: { ...body, password: 'a long and unusual passphrase' },
  });
  assert.equal(created.statusCode, 200, created.body);
  assert.equal(created.json().next, 'enrol-second-factor');
  const enrolling = sessionFrom(system, cookieOf(created), created.json().csrfToken);
  assert.equal((await enrolling.request('GET', '/api/v1/auth/session')).statusCode, 401, 'no access before a second factor');
  assert.equal((await enrolling.request('GET', '/api/v1/users')).statusCode, 401);

  const begin = await enrolling.request('POST', '/api/v1/auth/totp/enrolment', {});
  const confirm = await enrolling.request('POST', '/api/v1/auth/totp/enrolment/confirm', {
    code: await generate({ secret: begin.json().secret }),
  });
  assert.equal(confirm.statusCode, 200, confirm.body);
  const admin = sessionFrom(system, cookieOf(confirm), confirm.json().csrfToken);
  const me = await admin.request('GET', '/api/v1/auth/session');
  assert.equal(me.json().user.username, 'root.admin');
  assert.ok(me.json().permissions['grants.manage']);
  assert.equal(await hasAdministrator(execute), true);

  const again = await system.app.inject({
    method: 'POST',
    url: '/api/v1/setup',
    payload: { ...body, username: 'second', email: null, password: 'a long and unusual passphrase' },
  });
  assert.equal(again.statusCode, 400, 'the link works once');
  const expired = await createSetupLink(execute, testSettings(), 'test');
  await adminQuery(
    system.target.ownerUrl,
    `update one_time_link set expires_at = now() - interval '1 second' where purpose = 'setup' and used_at is null`,
  );
  const late = await system.app.inject({
    method: 'POST',
    url: '/api/v1/setup',
    payload: { ...body, token: expired.url.split('#token=')[1], username: 'late', email: null, password: 'a long and unusual passphrase' },
  });
  assert.equal(late.json().type, 'urn:casus:problem:invalid-or-expired-link');
  const audit = await adminQuery<{ action: string }>(
    system.target.ownerUrl,
    `select action from audit_event where action like 'setup.%' or action = 'user.bootstrap-admin' order by id`,
  );
  assert.deepEqual(
    audit.rows.map((r) => r.action),
    ['setup.link-created', 'setup.link-created', 'user.bootstrap-admin', 'setup.link-created'],
  );
});
