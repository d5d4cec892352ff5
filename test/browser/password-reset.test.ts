// Password reset by e-mail in a real browser, under the strict CSP, with a real SMTP server as the peer:
// "forgot password" on the sign-in screen sends the mail; its link opens the reset page, where a weak
// password is refused at its field; the new password leads to the second factor (a reset never signs
// in by itself), then to the start page; the session that was open elsewhere has been ended; the used
// link no longer works. Every page visited passes axe-core's WCAG 2.1 A/AA rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout } from 'node:timers/promises';
import { assertAccessible, launchBrowser, screenshot } from '../helpers/browser.ts';
import { build } from '../helpers/build.ts';
import { createUser, signIn, totpCode } from '../helpers/identity.ts';
import { startSmtp } from '../helpers/smtp.ts';

const NEW_PASSWORD = 'violet lantern over quiet harbour';

test('password reset by e-mail: request on the sign-in screen -> link from the mail -> new password -> second factor -> start page', async (t) => {
  const smtp = await startSmtp(t);
  const system = await build(t, {
    listen: true,
    env: { CASUS_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, CASUS_PUBLIC_URL: 'http://localhost:3000' },
  });
  const alice = await createUser(system, 'alice', { email: 'alice@example.org' });
  const elsewhere = await signIn(system, alice);
  const browser = await launchBrowser(t);
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => problems.push(error.message));

  // From the sign-in screen: "forgot password", the username, and the same answer for everyone.
  await page.goto(`${system.address}/sign-in`);
  await page.getByRole('link', { name: 'Wachtwoord vergeten?' }).click();
  await page.getByRole('heading', { name: 'Wachtwoord vergeten' }).waitFor();
  await assertAccessible(page, 'the forgot-password screen');
  await page.getByRole('button', { name: 'Link versturen' }).click();
  await page.getByText('Vul dit veld in.').waitFor();
  await page.getByLabel('Gebruikersnaam').fill(alice.username);
  await page.getByRole('button', { name: 'Link versturen' }).click();
  await page.getByRole('status').filter({ hasText: 'Als dit account bestaat' }).waitFor();
  await assertAccessible(page, 'the reset-mail-sent screen');

  // The mail's link, opened on this server (the mail names the configured public URL).
  // The mail leaves in the background, after the answer.
  const deadline = Date.now() + 10_000;
  while (!smtp.inbox.some((m) => m.to.includes('alice@example.org')) && Date.now() < deadline) await setTimeout(100);
  const mail = smtp.inbox.find((m) => m.to.includes('alice@example.org'));
  const link = /http:\/\/localhost:3000(\/reset-password#token=[A-Za-z0-9_-]+)/.exec(mail?.text ?? '');
  assert.ok(link, 'a mail with the reset link');
  await page.goto(`${system.address}${link[1]}`);
  await page.getByRole('heading', { name: 'Nieuw wachtwoord kiezen' }).waitFor();
  await assertAccessible(page, 'the reset-password screen');
  await screenshot(page, 'reset-password');
  // A weak password: the server's field error lands at the field; the link stays usable.
  await page.getByLabel('Nieuw wachtwoord').fill('password1234');
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await page.getByText('Kies een ander wachtwoord').waitFor();
  assert.equal(await page.getByLabel('Nieuw wachtwoord').getAttribute('aria-invalid'), 'true');
  await assertAccessible(page, 'the reset-password screen with a field error');
  await page.getByLabel('Nieuw wachtwoord').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();

  // The second factor still stands between the mailbox and the account.
  await page.getByRole('heading', { name: 'Tweede stap' }).waitFor();
  assert.equal(new URL(page.url()).hash, '', 'the reset token is gone from the address bar');
  await page.getByRole('textbox', { name: 'Code', exact: true }).fill(await totpCode(alice));
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByText('Ingelogd als User alice').waitFor();
  assert.equal((await elsewhere.request('GET', '/api/v1/auth/session')).statusCode, 401, 'the other session was ended');

  // The link works once.
  await page.goto(`${system.address}${link[1]}`);
  await page.getByLabel('Nieuw wachtwoord').fill(`${NEW_PASSWORD} again`);
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await page.getByText('Deze link werkt niet meer').waitFor();
  await assertAccessible(page, 'the reset-password screen with a used link');
  await page.getByRole('link', { name: 'Nieuwe link aanvragen' }).click();
  await page.getByRole('heading', { name: 'Wachtwoord vergeten' }).waitFor();

  assert.deepEqual(
    problems.filter((p) => /Content Security Policy|Refused to/i.test(p)),
    [],
    'no CSP violations',
  );
  // The browser logs the refused requests (401 before sign-in, 400 of the weak password and the used link).
  assert.deepEqual(
    problems.filter((p) => !/status of (400|401)/.test(p)),
    [],
    'no script errors',
  );
});
