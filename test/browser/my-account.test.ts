// My account in a real browser, under the strict CSP: my sessions (this one marked, another one ended
// from here) and acceptance journey 5: the session ends (from elsewhere, through the API) while the
// change-password form is being filled in; saving asks to sign in again on the page itself, the input
// is still there afterwards, and the save succeeds; new recovery codes after a fresh factor check,
// another authenticator app, and a passkey removed and another added (Chromium's virtual authenticator).
// Every page state visited passes axe-core's rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, launchBrowser, screenshot } from '../helpers/browser.ts';
import { build } from '../helpers/build.ts';
import { adminQuery } from '../helpers/database.ts';
import { createUser, signIn, totpCode, type TestUser } from '../helpers/identity.ts';
import { SoftwareAuthenticator } from '../helpers/webauthn.ts';
import { addVirtualAuthenticator, freePort } from '../helpers/browser-passkeys.ts';

const NEW_PASSWORD = 'violet lantern over quiet harbour';

test('my account: my sessions, and a session ending in the middle of a form keeps the input for the save after signing in again', async (t) => {
  // Passkeys are bound to the public URL's origin, which the browser's page must have too; the software
  // authenticator (a passkey registered elsewhere) answers for it.
  const port = await freePort();
  const PASSKEY_ORIGIN = `http://localhost:${port}`;
  const system = await build(t, { listen: true, env: { PORT: String(port), CASUS_PUBLIC_URL: PASSKEY_ORIGIN } });
  const bram = await createUser(system, 'bram', { email: 'bram@example.org' });
  const elsewhere = await signIn(system, bram);
  const laptop = new SoftwareAuthenticator(PASSKEY_ORIGIN);
  const options = await elsewhere.request('POST', '/api/v1/auth/webauthn/registration/options', {});
  const registered = await elsewhere.request('POST', '/api/v1/auth/webauthn/registration', {
    name: 'Laptop',
    response: laptop.register(options.json()),
  });
  assert.equal(registered.statusCode, 200, registered.body);
  const browser = await launchBrowser(t);
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => problems.push(error.message));

  await page.goto(`${PASSKEY_ORIGIN}/sign-in`);
  await page.getByLabel('Gebruikersnaam').fill(bram.username);
  await page.getByLabel('Wachtwoord').fill(bram.password);
  await page.getByRole('button', { name: 'Volgende' }).click();
  // He has a passkey (offered first) and an app: this time the app's code.
  await page.getByRole('button', { name: 'Code uit de app gebruiken' }).click();
  await page.getByRole('textbox', { name: 'Code', exact: true }).fill(await totpCode(bram));
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await page.getByRole('link', { name: 'Mijn account' }).click();

  // My sessions: this browser's marked, the one elsewhere can be ended.
  await page.getByRole('heading', { name: 'Mijn sessies' }).waitFor();
  await page.getByText('Deze sessie').waitFor();
  assert.equal(await page.getByTestId('my-session').count(), 2);
  await assertAccessible(page, 'my account');
  await screenshot(page, 'my-account');

  // The form in progress; meanwhile this browser's session is ended from elsewhere.
  await page.getByLabel('Huidig wachtwoord').fill(bram.password);
  await page.getByLabel('Nieuw wachtwoord').fill(NEW_PASSWORD);
  const listed = (await elsewhere.request('GET', '/api/v1/auth/sessions')).json<{
    items: { id: string; current: boolean; state: string; endedAt: string | null }[];
  }>();
  const browserSession = listed.items.find((s) => !s.current && s.state === 'active' && s.endedAt === null)!;
  assert.equal((await elsewhere.request('DELETE', `/api/v1/auth/sessions/${browserSession.id}`)).statusCode, 204);

  // Saving asks to sign in again, on the page; the input stays.
  await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
  await page.getByRole('heading', { name: 'Je sessie is beëindigd' }).waitFor();
  await assertAccessible(page, 'signing in again in the middle of a form');
  await screenshot(page, 'sign-in-again');
  await page.getByRole('region', { name: 'Je sessie is beëindigd' }).getByLabel('Wachtwoord').fill(bram.password);
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('button', { name: 'Code uit de app gebruiken' }).click();
  await page.getByRole('textbox', { name: 'Code', exact: true }).fill(await totpCode(bram));
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await page.getByRole('heading', { name: 'Je sessie is beëindigd' }).waitFor({ state: 'detached' });
  assert.equal(await page.getByLabel('Huidig wachtwoord').inputValue(), bram.password, 'the input is still there');
  assert.equal(await page.getByLabel('Nieuw wachtwoord').inputValue(), NEW_PASSWORD);

  // The session elsewhere, ended from "my sessions".
  await page.getByRole('button', { name: /beëindigen/ }).click();
  await page.getByRole('button', { name: /beëindigen/ }).waitFor({ state: 'detached' });
  assert.equal((await elsewhere.request('GET', '/api/v1/auth/session')).statusCode, 401, 'the session elsewhere has ended');

  // The save, with the input kept.
  await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
  await page.getByRole('status').filter({ hasText: 'Je wachtwoord is gewijzigd' }).waitFor();
  await assertAccessible(page, 'my account after the change');
  const withNew = await system.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username: bram.username, password: NEW_PASSWORD },
  });
  assert.equal(withNew.statusCode, 200, 'the new password works');

  // New recovery codes: the factor check of the sign-in is long ago, so the server asks for a fresh one.
  await adminQuery(system.target.ownerUrl, 'update user_session set reauthenticated_at = null where user_id = $1', [bram.id]);
  await page.getByRole('button', { name: 'Nieuwe herstelcodes maken' }).click();
  await page.getByRole('button', { name: /herstelcode gebruiken/ }).click();
  await page.getByRole('textbox', { name: 'Herstelcode' }).fill(elsewhere.recoveryCodes[0]!);
  await assertAccessible(page, 'confirming it is me');
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await page.getByTestId('new-recovery-codes').waitFor();
  const codes = await page.getByTestId('new-recovery-codes').locator('li').allTextContents();
  assert.equal(codes.length, 10);
  assert.ok(!codes.includes(elsewhere.recoveryCodes[1]!), 'new codes');
  await assertAccessible(page, 'the new recovery codes');
  await page.getByRole('button', { name: 'Ik heb de codes bewaard' }).click();
  await page.getByRole('button', { name: 'Nieuwe herstelcodes maken' }).waitFor();

  // A new phone: confirm it is me (a new recovery code), then the new app's key and a code from it.
  await page.getByRole('button', { name: 'Andere authenticator-app instellen' }).click();
  await page.getByRole('button', { name: /herstelcode gebruiken/ }).click();
  await page.getByRole('textbox', { name: 'Herstelcode' }).fill(codes[0]!);
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await page.getByRole('img', { name: /QR-code/ }).waitFor();
  const newPhone: TestUser = { ...bram, totpSecret: (await page.getByTestId('totp-secret').textContent())!.trim() };
  assert.notEqual(newPhone.totpSecret, bram.totpSecret);
  await assertAccessible(page, 'replacing the authenticator app');
  await page.getByLabel('Code uit de app').fill(await totpCode(newPhone));
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await page.getByRole('status').filter({ hasText: 'Je nieuwe authenticator-app is ingesteld' }).waitFor();

  // My passkeys: removing one asks for a fresh factor check when the last one is long ago.
  await adminQuery(system.target.ownerUrl, 'update user_session set reauthenticated_at = null where user_id = $1', [bram.id]);
  await page.getByRole('button', { name: 'Passkey Laptop verwijderen' }).click();
  await page.getByRole('button', { name: /herstelcode gebruiken/ }).click();
  await page.getByRole('textbox', { name: 'Herstelcode' }).fill(codes[1]!);
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await page.getByText('Je hebt geen passkeys.').waitFor();
  await assertAccessible(page, 'my account without passkeys');

  // Adding a passkey of this computer: the factor check is long ago again, so it asks first (no passkey
  // left, so the app's code is offered; a recovery code here, as the app's next code is half a minute
  // away), then the browser makes the passkey under the name he gave.
  const virtual = await addVirtualAuthenticator(page);
  await adminQuery(system.target.ownerUrl, 'update user_session set reauthenticated_at = null where user_id = $1', [bram.id]);
  await page.getByLabel('Naam van de nieuwe passkey').fill('Werkcomputer');
  await page.getByRole('button', { name: 'Passkey toevoegen' }).click();
  await page.getByRole('textbox', { name: 'Code', exact: true }).waitFor();
  await page.getByRole('button', { name: /herstelcode gebruiken/ }).click();
  await page.getByRole('textbox', { name: 'Herstelcode' }).fill(codes[2]!);
  await assertAccessible(page, 'confirming it is me before adding a passkey');
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await page.getByRole('status').filter({ hasText: 'Passkey Werkcomputer is toegevoegd.' }).waitFor();
  await page.getByRole('cell', { name: 'Werkcomputer', exact: true }).waitFor();
  assert.equal(await page.getByLabel('Naam van de nieuwe passkey').inputValue(), '', 'the form is ready for another');
  assert.equal((await virtual.credentials()).length, 1);
  await assertAccessible(page, 'my account with the added passkey');
  await screenshot(page, 'my-account-passkey-added');

  // The same computer again: the authenticator already holds a passkey for Casus, and says so.
  await page.getByLabel('Naam van de nieuwe passkey').fill('Nog een keer');
  await page.getByRole('button', { name: 'Passkey toevoegen' }).click();
  await page.getByRole('alert').filter({ hasText: 'heeft al een passkey voor Casus' }).waitFor();
  assert.equal(await page.getByLabel('Naam van de nieuwe passkey').inputValue(), 'Nog een keer', 'the input stays');
  await assertAccessible(page, 'a passkey that already exists');

  assert.deepEqual(
    problems.filter((p) => /Content Security Policy|Refused to/i.test(p)),
    [],
    'no CSP violations',
  );
  // The browser logs the refused requests (the 401s of the save after the session ended and of the
  // recovery codes before the factor check).
  assert.deepEqual(
    problems.filter((p) => !/status of (400|401)/.test(p)),
    [],
    'no script errors',
  );
});
