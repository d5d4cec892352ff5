// The web client's first run in a real browser, under the strict CSP: the setup link creates the first
// administrator with an authenticator app (QR code and key) and shows the recovery codes once; the
// administrator lands signed in on the start page, signs out and signs in again with password + TOTP;
// a session that is gone sends back to sign-in, where a recovery code stands in for the phone.
// Every page visited is checked with axe-core for WCAG 2.1 A/AA violations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from '../helpers/build.ts';
import { assertAccessible, launchBrowser, screenshot } from '../helpers/browser.ts';
import { adminQuery } from '../helpers/database.ts';
import { totpCode, type TestUser } from '../helpers/identity.ts';
import { createSetupLink } from '../../src/modules/identity/authentication/setup.service.ts';
import { testSettings } from '../helpers/build.ts';

test('first run in the browser: setup link -> administrator with TOTP -> recovery codes -> start page; sign out and in again', async (t) => {
  const system = await build(t, { listen: true });
  const link = await createSetupLink(
    (text, values) => adminQuery(system.target.ownerUrl, text, values),
    testSettings(),
    'test',
    system.address,
  );
  const browser = await launchBrowser(t);
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => problems.push(error.message));
  const admin: TestUser = {
    id: '',
    username: 'eerste.beheerder',
    password: 'een lange en ongewone wachtzin',
    totpSecret: null,
    lastStep: 0,
  };

  // The setup screen, in Dutch.
  await page.goto(link.url);
  await page.getByRole('heading', { name: 'Casus inrichten' }).waitFor();
  await assertAccessible(page, 'the setup screen');
  await screenshot(page, 'setup');
  // A weak password: the server's field error lands at the password field, in Dutch.
  await page.getByLabel('Gebruikersnaam').fill(admin.username);
  await page.getByRole('textbox', { name: 'Naam', exact: true }).fill('Eerste Beheerder');
  await page.getByLabel('Wachtwoord').fill('password1234');
  await page.getByRole('button', { name: 'Beheerder aanmaken' }).click();
  await page.getByText('Kies een ander wachtwoord').waitFor();
  assert.equal(await page.getByLabel('Wachtwoord').getAttribute('aria-invalid'), 'true');
  await page.getByLabel('Wachtwoord').fill(admin.password);
  await page.getByRole('button', { name: 'Beheerder aanmaken' }).click();

  // The authenticator app: a QR code and the key as text.
  await page.getByRole('heading', { name: 'Authenticator-app instellen' }).waitFor();
  await page.getByRole('img', { name: /QR-code/ }).waitFor();
  assert.equal(new URL(page.url()).hash, '', 'the setup token is gone from the address bar');
  admin.totpSecret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await assertAccessible(page, 'the authenticator app screen');
  await screenshot(page, 'totp-enrolment');
  await page.getByLabel('Code uit de app').fill('000000');
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await page.getByText('Deze code klopt niet').waitFor();
  await page.getByLabel('Code uit de app').fill(await totpCode(admin));
  await page.getByRole('button', { name: 'Bevestigen' }).click();

  // The recovery codes, once.
  await page.getByRole('heading', { name: 'Herstelcodes' }).waitFor();
  const recoveryCodes = await page.getByTestId('recovery-codes').locator('li').allTextContents();
  assert.equal(recoveryCodes.length, 10);
  await assertAccessible(page, 'the recovery codes screen');
  await page.getByRole('button', { name: 'Ik heb de codes bewaard' }).click();

  // Signed in: the start page with the administrator's name and (no) tasks.
  await page.getByRole('heading', { name: 'Start' }).waitFor();
  await page.getByText('Ingelogd als Eerste Beheerder').waitFor();
  await page.getByText('Je hebt geen openstaande taken.').waitFor();
  await assertAccessible(page, 'the start page');
  await screenshot(page, 'start');
  // English, remembered for this user in this browser.
  await page.getByLabel('Taal').selectOption('en');
  await page.getByRole('heading', { name: 'My tasks' }).waitFor();
  await page.getByLabel('Language').selectOption('nl');
  await page.getByRole('heading', { name: 'Mijn taken' }).waitFor();

  // Sign out, then in again with password and TOTP.
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.getByRole('heading', { name: 'Inloggen' }).waitFor();
  await assertAccessible(page, 'the sign-in screen');
  await screenshot(page, 'sign-in');
  await page.getByLabel('Gebruikersnaam').fill(admin.username);
  await page.getByLabel('Wachtwoord').fill('not the password');
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('alert').filter({ hasText: 'Gebruikersnaam of wachtwoord klopt niet' }).waitFor();
  await page.getByLabel('Wachtwoord').fill(admin.password);
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('heading', { name: 'Tweede stap' }).waitFor();
  await assertAccessible(page, 'the second-factor screen');
  await page.getByRole('textbox', { name: 'Code', exact: true }).fill(await totpCode(admin));
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByText('Ingelogd als Eerste Beheerder').waitFor();

  // A reload keeps the session.
  await page.reload();
  await page.getByRole('heading', { name: 'Start' }).waitFor();
  // Without the session (expired, or ended elsewhere) the start page sends to sign-in.
  await page.context().clearCookies();
  await page.reload();
  await page.getByRole('heading', { name: 'Inloggen' }).waitFor();
  // Without the phone: a recovery code instead of the app's code.
  await page.getByLabel('Gebruikersnaam').fill(admin.username);
  await page.getByLabel('Wachtwoord').fill(admin.password);
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('button', { name: /herstelcode gebruiken/ }).click();
  await page.getByRole('textbox', { name: 'Herstelcode' }).fill(recoveryCodes[0]!);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByText('Ingelogd als Eerste Beheerder').waitFor();
  assert.deepEqual(
    problems.filter((p) => /Content Security Policy|Refused to/i.test(p)),
    [],
    'no CSP violations',
  );
  // The browser logs the refused requests (401 before sign-in, 400/401 of the wrong password and codes).
  assert.deepEqual(
    problems.filter((p) => !/status of (400|401)/.test(p)),
    [],
    'no script errors',
  );
});
