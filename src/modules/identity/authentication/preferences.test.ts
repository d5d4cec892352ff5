// A person's own language preference: kept with her account (every session of hers sees it in GET
// /auth/session), changed only by herself in a browser session, audited when it changes, refused for
// anything but nl or en (by the API and by the table), and not writable by the application role.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { adminQuery } from '../../../../test/helpers/database.ts';
import { buildIdentity, createUser, signIn } from '../../../../test/helpers/identity.ts';
import { systemContext } from '../../../kernel/auth/actor.ts';

async function auditRows(ownerUrl: string, userId: string) {
  const { rows } = await adminQuery<{ actor_id: string; result: string; changed_fields: string[]; details: unknown }>(
    ownerUrl,
    `select actor_id, result, changed_fields, details from audit_event where action = 'user.preferences-changed' and object_id = $1 order by id`,
    [userId],
  );
  return rows;
}

test('my language is kept with my account, seen by every session of mine, and a change is audited once', async (t) => {
  const system = await buildIdentity(t);
  const ada = await createUser(system, 'ada-pref');
  const laptop = await signIn(system, ada);

  const before = await laptop.request('GET', '/api/v1/auth/session');
  assert.equal(before.statusCode, 200, before.body);
  assert.deepEqual(before.json().preferences, { language: null }, 'not chosen yet');

  const chosen = await laptop.request('PUT', '/api/v1/auth/preferences', { language: 'en' });
  assert.equal(chosen.statusCode, 200, chosen.body);
  assert.deepEqual(chosen.json(), { language: 'en' });
  assert.deepEqual((await laptop.request('GET', '/api/v1/auth/session')).json().preferences, { language: 'en' });

  // Another browser (a new sign-in) gets the same choice.
  const phone = await signIn(system, ada);
  assert.deepEqual((await phone.request('GET', '/api/v1/auth/session')).json().preferences, { language: 'en' });

  // The same choice again changes nothing and records nothing.
  assert.equal((await phone.request('PUT', '/api/v1/auth/preferences', { language: 'en' })).statusCode, 200);
  assert.equal((await phone.request('PUT', '/api/v1/auth/preferences', { language: 'nl' })).statusCode, 200);
  assert.deepEqual((await laptop.request('GET', '/api/v1/auth/session')).json().preferences, { language: 'nl' });
  assert.deepEqual(
    (await auditRows(system.target.ownerUrl, ada.id)).map((r) => [r.actor_id, r.result, r.changed_fields, r.details]),
    [
      [ada.id, 'success', ['preferredLanguage'], { language: { from: null, to: 'en' } }],
      [ada.id, 'success', ['preferredLanguage'], { language: { from: 'en', to: 'nl' } }],
    ],
  );

  // Someone else's choice is her own.
  const bo = await createUser(system, 'bo-pref');
  assert.deepEqual((await (await signIn(system, bo)).request('GET', '/api/v1/auth/session')).json().preferences, { language: null });
});

test('only nl or en, only for a signed-in browser session, and only through the authentication role', async (t) => {
  const system = await buildIdentity(t);
  const cas = await createUser(system, 'cas-pref');
  const session = await signIn(system, cas);

  for (const body of [{ language: 'de' }, { language: 'EN' }, { language: null }, {}, { language: 'en', theme: 'dark' }]) {
    const refused = await session.request('PUT', '/api/v1/auth/preferences', body);
    assert.equal(refused.statusCode, 400, JSON.stringify(body));
    assert.match(refused.headers['content-type'] as string, /application\/problem\+json/);
  }
  const anonymous = await system.app.inject({ method: 'PUT', url: '/api/v1/auth/preferences', payload: { language: 'en' } });
  assert.equal(anonymous.statusCode, 401);
  const withoutCsrf = await system.app.inject({
    method: 'PUT',
    url: '/api/v1/auth/preferences',
    headers: { cookie: session.cookie },
    payload: { language: 'en' },
  });
  assert.equal(withoutCsrf.statusCode, 403, 'a cross-site request cannot change it');

  // Halfway through sign-in (password only) is not signed in.
  const pending = await system.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username: cas.username, password: cas.password },
  });
  const pendingCookie = pending.cookies.find((c) => c.name.endsWith('casus-session'))!;
  const halfway = await system.app.inject({
    method: 'PUT',
    url: '/api/v1/auth/preferences',
    headers: { cookie: `${pendingCookie.name}=${pendingCookie.value}`, 'x-csrf-token': pending.json().csrfToken },
    payload: { language: 'en' },
  });
  assert.equal(halfway.statusCode, 401);
  assert.deepEqual((await session.request('GET', '/api/v1/auth/session')).json().preferences, { language: null });
  assert.deepEqual(await auditRows(system.target.ownerUrl, cas.id), []);

  // The table itself refuses another language, whoever writes.
  await assert.rejects(
    adminQuery(system.target.ownerUrl, `update app_user set preferred_language = 'de' where id = $1`, [cas.id]),
    (error: { code?: string }) => error.code === '23514',
  );
  // The application role reads the organisation but writes no identity table (migration 0008).
  await assert.rejects(
    system.db.transaction(systemContext('test'), (tx) =>
      sql`update app_user set preferred_language = 'en' where id = ${cas.id}::uuid`.execute(tx.db),
    ),
    (error: { code?: string }) => error.code === '42501',
  );
});
