// Password reset by e-mail link and changing one's own password, with a real SMTP server as the peer:
// the mail really leaves Casus, the link is single-use and short-lived, answers do not reveal which
// accounts exist, and a reset never gets past the second factor.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { adminQuery } from '../../../../test/helpers/database.ts';
import { startSmtp, type Received } from '../../../../test/helpers/smtp.ts';
import {
  buildIdentity,
  cookieOf,
  createUser,
  grantRole,
  sessionFrom,
  signIn,
  totpCode,
  TEST_PASSWORD,
  type IdentitySystem,
} from '../../../../test/helpers/identity.ts';

const NEW_PASSWORD = 'violet lantern over quiet harbour';

async function setup(t: TestContext, env: Record<string, string> = {}): Promise<{ system: IdentitySystem; inbox: Received[] }> {
  const { port, inbox } = await startSmtp(t);
  const system = await buildIdentity(t, {
    env: { CASUS_SMTP_URL: `smtp://127.0.0.1:${port}`, CASUS_PUBLIC_URL: 'http://localhost:3000', ...env },
  });
  return { system, inbox };
}

const askReset = (system: IdentitySystem, username: string, remoteAddress?: string) =>
  system.app.inject({
    method: 'POST',
    url: '/api/v1/auth/password-reset',
    payload: { username },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
const complete = (system: IdentitySystem, token: string, newPassword = NEW_PASSWORD) =>
  system.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/complete', payload: { token, newPassword } });
const firstStep = (system: IdentitySystem, username: string, password: string) =>
  system.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });

/** Waits for the background mails, then the tokens of the mails to `address` received so far. */
async function tokensFor(system: IdentitySystem, inbox: Received[], address: string): Promise<string[]> {
  await system.identity.resets.settled();
  return inbox.filter((m) => m.to.includes(address)).map((m) => /\/reset-password#token=([A-Za-z0-9_-]+)/.exec(m.text)![1]!);
}

async function auditRows(system: IdentitySystem, action: string, objectId: string | null) {
  const { rows } = await adminQuery<{ result: string; reason: string | null; actor_id: string | null }>(
    system.target.ownerUrl,
    'select result, reason, actor_id from audit_event where action = $1 and object_id is not distinct from $2 order by id',
    [action, objectId],
  );
  return rows;
}

// Proves: the mail goes through SMTP with the configured sender and a link to the public URL; the
// reset changes the password, ends every existing session, and the new session is only *pending*.
test('the reset mail passes through SMTP; completing it sets the password but still needs the second factor', async (t) => {
  const { system, inbox } = await setup(t);
  const alice = await createUser(system, 'alice', { email: 'alice@example.org' });
  const before = await signIn(system, alice);

  const asked = await askReset(system, 'Alice ');
  assert.equal(asked.statusCode, 202, asked.body);
  const [token] = await tokensFor(system, inbox, 'alice@example.org');
  assert.ok(token, 'a mail with a link');
  const mail = inbox.find((m) => m.to.includes('alice@example.org'))!;
  assert.equal(mail.from, 'no-reply@localhost');
  assert.equal(mail.headers.from, 'Casus <no-reply@localhost>');
  assert.equal(mail.headers.to, 'alice@example.org');
  assert.match(mail.headers.subject!, /set a new password/);
  assert.ok(mail.text.includes(`http://localhost:3000/reset-password#token=${token}`));
  const { rows: links } = await adminQuery<{ minutes: number }>(
    system.target.ownerUrl,
    `select round(extract(epoch from expires_at - created_at) / 60)::int as minutes from one_time_link where user_id = $1 and used_at is null`,
    [alice.id],
  );
  assert.deepEqual(links, [{ minutes: 30 }]);

  const done = await complete(system, token);
  assert.equal(done.statusCode, 200, done.body);
  assert.equal(done.json().next, 'second-factor');
  assert.deepEqual(done.json().methods, ['totp', 'recovery-code']);
  assert.equal((await before.request('GET', '/api/v1/auth/session')).statusCode, 401, 'existing sessions end');

  const pending = sessionFrom(system, cookieOf(done), done.json().csrfToken);
  assert.equal((await pending.request('GET', '/api/v1/auth/session')).statusCode, 401, 'a reset alone signs no one in');
  const second = await pending.request('POST', '/api/v1/auth/second-factor', { method: 'totp', code: await totpCode(alice) });
  assert.equal(second.statusCode, 200, second.body);
  const active = sessionFrom(system, cookieOf(second), second.json().csrfToken);
  const me = await active.request('GET', '/api/v1/auth/session');
  assert.equal(me.statusCode, 200);
  assert.equal(me.json().session.authenticatedVia, 'reset');
  assert.equal(me.json().session.secondFactor, 'totp');

  assert.equal((await firstStep(system, 'alice', TEST_PASSWORD)).statusCode, 401, 'the old password is gone');
  assert.equal((await firstStep(system, 'alice', NEW_PASSWORD)).statusCode, 200);
  assert.deepEqual(
    (await auditRows(system, 'auth.password-reset', alice.id)).map((r) => [r.result, r.actor_id]),
    [['success', alice.id]],
  );
});

test('a user without a second factor must enrol one after the reset', async (t) => {
  const { system, inbox } = await setup(t);
  await createUser(system, 'newbie', { email: 'newbie@example.org', password: null });
  await askReset(system, 'newbie');
  const [token] = await tokensFor(system, inbox, 'newbie@example.org');
  const done = await complete(system, token!);
  assert.equal(done.statusCode, 200, done.body);
  assert.equal(done.json().next, 'enrol-second-factor');
  const pending = sessionFrom(system, cookieOf(done), done.json().csrfToken);
  assert.equal((await pending.request('GET', '/api/v1/auth/session')).statusCode, 401);
});

test('a link works once, and not after it expires; unknown links get the same answer', async (t) => {
  const { system, inbox } = await setup(t);
  const bea = await createUser(system, 'bea', { email: 'bea@example.org' });
  await askReset(system, 'bea');
  const [first] = await tokensFor(system, inbox, 'bea@example.org');
  assert.equal((await complete(system, first!)).statusCode, 200);
  const again = await complete(system, first!, 'another fine password here');
  assert.equal(again.statusCode, 400);
  assert.equal(again.json().type, 'urn:casus:problem:invalid-or-expired-link');

  await askReset(system, 'bea');
  const [, second] = await tokensFor(system, inbox, 'bea@example.org');
  await adminQuery(
    system.target.ownerUrl,
    `update one_time_link set expires_at = now() - interval '1 second' where user_id = $1 and used_at is null`,
    [bea.id],
  );
  const expired = await complete(system, second!, 'another fine password here');
  assert.equal(expired.statusCode, 400);
  assert.equal(expired.json().type, 'urn:casus:problem:invalid-or-expired-link');
  const unknown = await complete(system, 'A'.repeat(43), 'another fine password here');
  const problem = (r: typeof unknown) => {
    const { type, title, status, detail } = r.json<Record<string, unknown>>();
    return { type, title, status, detail };
  };
  assert.deepEqual(problem(unknown), problem(expired));
  assert.equal((await firstStep(system, 'bea', NEW_PASSWORD)).statusCode, 200, 'only the first use changed the password');
});

// Proves: unknown, deactivated, e-mail-less and service accounts answer exactly like a real one, and
// only the real one gets mail; the audit trail has the real reason.
test('requests answer identically whether or not the account exists; only a real account gets mail', async (t) => {
  const { system, inbox } = await setup(t);
  await createUser(system, 'carl', { email: 'carl@example.org' });
  const gone = await createUser(system, 'dora', { email: 'dora@example.org' });
  await adminQuery(system.target.ownerUrl, `update app_user set status = 'deactivated' where id = $1`, [gone.id]);
  await createUser(system, 'nomail');
  await createUser(system, 'robot2', { kind: 'service', email: 'robot2@example.org' });
  const answers = [];
  for (const username of ['carl', 'nobody-here', 'dora', 'nomail', 'robot2']) answers.push(await askReset(system, username));
  for (const answer of answers) {
    assert.equal(answer.statusCode, 202);
    assert.equal(answer.body, answers[0]!.body);
    assert.equal(answer.headers['set-cookie'], undefined);
  }
  await system.identity.resets.settled();
  assert.deepEqual(
    inbox.flatMap((m) => m.to),
    ['carl@example.org'],
  );
  const { rows } = await adminQuery<{ reason: string | null }>(
    system.target.ownerUrl,
    `select reason from audit_event where action = 'auth.password-reset-requested' and result = 'failure' order by id`,
  );
  assert.deepEqual(
    rows.map((r) => r.reason),
    ['unknown username', 'account deactivated', 'no e-mail address', 'service account'],
  );
});

test('a password the rules refuse changes nothing and leaves the link usable', async (t) => {
  const { system, inbox } = await setup(t);
  const emma = await createUser(system, 'emma', { email: 'emma.jansen@example.org' });
  const session = await signIn(system, emma);
  await askReset(system, 'emma');
  const [token] = await tokensFor(system, inbox, 'emma.jansen@example.org');
  for (const weak of ['1qaz2wsx3edc', 'short', 'emma.jansen@example.org']) {
    const refused = await complete(system, token!, weak);
    assert.equal(refused.statusCode, 400, weak);
    assert.equal(refused.json().type, 'urn:casus:problem:validation');
    assert.equal(refused.json().errors[0].pointer, '/body/newPassword');
  }
  assert.equal((await session.request('GET', '/api/v1/auth/session')).statusCode, 200, 'sessions untouched');
  assert.equal((await firstStep(system, 'emma', TEST_PASSWORD)).statusCode, 200, 'password untouched');
  assert.equal((await complete(system, token!)).statusCode, 200, 'the link still works');
});

test('asking again replaces the earlier link', async (t) => {
  const { system, inbox } = await setup(t);
  await createUser(system, 'finn', { email: 'finn@example.org' });
  await askReset(system, 'finn');
  await askReset(system, 'finn');
  const [older, newer] = await tokensFor(system, inbox, 'finn@example.org');
  assert.equal((await complete(system, older!)).json().type, 'urn:casus:problem:invalid-or-expired-link');
  assert.equal((await complete(system, newer!)).statusCode, 200);
});

// Proves: one account gets at most three mails an hour; the fourth request answers the same 202
// (no hint) but sends nothing and is audited as denied. The per-IP limit counts every request.
test('reset mails are limited per account and requests per IP address', async (t) => {
  const { system, inbox } = await setup(t, { CASUS_AUTH_ATTEMPTS_PER_IP: '6' });
  const gus = await createUser(system, 'gus', { email: 'gus@example.org' });
  const answers = [];
  for (let i = 0; i < 4; i++) answers.push(await askReset(system, 'gus', '127.0.0.21'));
  assert.deepEqual(
    answers.map((a) => a.statusCode),
    [202, 202, 202, 202],
  );
  assert.equal(answers[3]!.body, answers[0]!.body);
  assert.equal((await tokensFor(system, inbox, 'gus@example.org')).length, 3);
  assert.deepEqual(
    (await auditRows(system, 'auth.password-reset-requested', gus.id)).filter((r) => r.result === 'denied').map((r) => r.reason),
    ['too many reset requests for this account'],
  );

  const more = [
    await askReset(system, 'x1', '127.0.0.21'),
    await askReset(system, 'x2', '127.0.0.21'),
    await askReset(system, 'x3', '127.0.0.21'),
  ];
  assert.deepEqual(
    more.map((a) => a.statusCode),
    [202, 202, 429],
  );
  assert.equal((await askReset(system, 'x3', '127.0.0.22')).statusCode, 202, 'another address is not affected');
});

// Proves: the service desk can send the link (the same mail) but never sees it; others get 403;
// unknown users 404; the audit names the administrator as actor and the user as object.
test('administrators with users.support send the link but never see it', async (t) => {
  const { system, inbox } = await setup(t);
  const desk = await grantAndSignIn(system, 'desk', 'service-desk');
  const lead = await grantAndSignIn(system, 'lead', 'team-lead');
  const hana = await createUser(system, 'hana', { email: 'hana@example.org' });

  const refused = await lead.session.request('POST', '/api/v1/auth/password-reset/for-user', { userId: hana.id });
  assert.equal(refused.statusCode, 403);
  const sent = await desk.session.request('POST', '/api/v1/auth/password-reset/for-user', { userId: hana.id });
  assert.equal(sent.statusCode, 202, sent.body);
  const [token] = await tokensFor(system, inbox, 'hana@example.org');
  assert.ok(token);
  assert.ok(!sent.body.includes(token), 'the administrator never sees the link');
  const unknown = await desk.session.request('POST', '/api/v1/auth/password-reset/for-user', {
    userId: '00000000-0000-4000-8000-000000000000',
  });
  assert.equal(unknown.statusCode, 404);
  assert.deepEqual(
    (await auditRows(system, 'auth.password-reset-requested', hana.id)).map((r) => [r.result, r.actor_id]),
    [['success', desk.id]],
  );
  assert.equal((await complete(system, token)).statusCode, 200, 'the user sets the password themselves');
});

async function grantAndSignIn(system: IdentitySystem, username: string, role: string) {
  const user = await createUser(system, username);
  await grantRole(system, user.id, role);
  return { id: user.id, session: await signIn(system, user) };
}

// Proves: the current password is required (a wrong one counts towards the lockout), the rules
// apply, and success ends the user's other sessions but keeps this one.
test('changing my own password needs the current one and ends my other sessions', async (t) => {
  const { system } = await setup(t);
  const ivy = await createUser(system, 'ivy', { email: 'ivy@example.org' });
  const here = await signIn(system, ivy);
  const elsewhere = await signIn(system, ivy);

  const wrong = await here.request('POST', '/api/v1/auth/password', {
    currentPassword: 'not my password at all',
    newPassword: NEW_PASSWORD,
  });
  assert.equal(wrong.statusCode, 400);
  assert.equal(wrong.json().type, 'urn:casus:problem:wrong-current-password');
  const { rows } = await adminQuery<{ failures: number }>(
    system.target.ownerUrl,
    `select failures from auth_throttle where key = 'account:ivy'`,
  );
  assert.equal(rows[0]?.failures, 1, 'counts towards the lockout');
  assert.deepEqual(
    (await auditRows(system, 'auth.password-changed', ivy.id)).map((r) => [r.result, r.reason]),
    [['failure', 'wrong current password']],
  );

  const weak = await here.request('POST', '/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: '1qaz2wsx3edc' });
  assert.equal(weak.statusCode, 400);
  assert.equal(weak.json().errors[0].pointer, '/body/newPassword');
  assert.equal((await firstStep(system, 'ivy', TEST_PASSWORD)).statusCode, 200, 'nothing changed');

  const changed = await here.request('POST', '/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
  assert.equal(changed.statusCode, 204, changed.body);
  assert.equal((await here.request('GET', '/api/v1/auth/session')).statusCode, 200, 'this session stays');
  assert.equal((await elsewhere.request('GET', '/api/v1/auth/session')).statusCode, 401, 'other sessions end');
  assert.equal((await firstStep(system, 'ivy', TEST_PASSWORD)).statusCode, 401);
  assert.equal((await firstStep(system, 'ivy', NEW_PASSWORD)).statusCode, 200);
  const anonymous = await system.app.inject({
    method: 'POST',
    url: '/api/v1/auth/password',
    payload: { currentPassword: NEW_PASSWORD, newPassword: 'yet another good password' },
  });
  assert.equal(anonymous.statusCode, 401);
});

// Proves: a refused mail still answers 202 (uniform), is logged and audited as a failure, and leaves
// the link valid; without a mail server the feature says so instead of pretending.
test('mail failures are audited without changing the answer; no mail server means 503', async (t) => {
  const { system, inbox } = await setup(t);
  const jack = await createUser(system, 'jack', { email: 'bounce-jack@example.org' });
  const asked = await askReset(system, 'jack');
  assert.equal(asked.statusCode, 202);
  await system.identity.resets.settled();
  assert.equal(inbox.length, 0);
  assert.deepEqual(
    (await auditRows(system, 'auth.password-reset-requested', jack.id)).map((r) => [r.result, r.reason]),
    [
      ['success', null],
      ['failure', 'mail not sent'],
    ],
  );
  const { rows } = await adminQuery<{ n: string }>(
    system.target.ownerUrl,
    `select count(*) as n from one_time_link where user_id = $1 and used_at is null and expires_at > now()`,
    [jack.id],
  );
  assert.equal(rows[0]!.n, '1', 'the link stays valid');

  const withoutMail = await buildIdentity(t);
  const unavailable = await askReset(withoutMail, 'jack');
  assert.equal(unavailable.statusCode, 503);
  assert.equal(unavailable.json().type, 'urn:casus:problem:mail-not-configured');
});
