// Passkeys in a real browser (Chromium's virtual authenticator), under the strict CSP: a new person sets
// up a passkey as her first second factor while signing in (recovery codes shown once), signs in again
// with password and passkey (a cancelled prompt says so and can be tried again), confirms it is her
// with the passkey before making new recovery codes, and signs in again with it when her session ends
// in the middle of a form (the input stays). Every page state visited passes axe-core's rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, launchBrowser, screenshot } from '../helpers/browser.ts';
import { addVirtualAuthenticator, freePort } from '../helpers/browser-passkeys.ts';
import { build } from '../helpers/build.ts';
import { adminQuery } from '../helpers/database.ts';
import { cookieOf, createUser, sessionFrom } from '../helpers/identity.ts';

const NEW_PASSWORD = 'violet lantern over quiet harbour';

test('passkeys: set up at first sign-in, then sign-in, confirming it is me and signing in again with the passkey', async (t) => {
  // The page's origin is the public URL passkeys are bound to.
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const system = await build(t, { listen: true, env: { PORT: String(port), CASUS_PUBLIC_URL: origin } });
  const ines = await createUser(system, 'ines');
  const browser = await launchBrowser(t);
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => problems.push(error.message));
  const authenticator = await addVirtualAuthenticator(page);

  // First sign-in: no second factor yet; she chooses a passkey instead of an app.
  await page.goto(`${origin}/sign-in`);
  await page.getByLabel('Gebruikersnaam').fill(ines.username);
  await page.getByLabel('Wachtwoord').fill(ines.password);
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('heading', { name: 'Authenticator-app instellen' }).waitFor();
  await page.getByRole('button', { name: 'Liever een passkey instellen' }).click();
  await page.getByRole('heading', { name: 'Passkey instellen' }).waitFor();
  await assertAccessible(page, 'setting up a passkey at first sign-in');
  await screenshot(page, 'passkey-enrolment');
  await page.getByRole('button', { name: 'Passkey toevoegen' }).click();
  await page.getByText('Vul dit veld in.').waitFor();
  await page.getByLabel('Naam van de nieuwe passkey').fill('Werklaptop');
  await page.getByRole('button', { name: 'Passkey toevoegen' }).click();
  await page.getByTestId('recovery-codes').waitFor();
  const recoveryCodes = await page.getByTestId('recovery-codes').locator('li').allTextContents();
  assert.equal(recoveryCodes.length, 10);
  assert.equal((await authenticator.credentials()).length, 1, 'the passkey lives on the authenticator');
  await assertAccessible(page, 'recovery codes after the passkey');
  await page.getByRole('button', { name: 'Ik heb de codes bewaard' }).click();
  await page.getByTestId('signed-in-user').waitFor();
  const { rows: stored } = await adminQuery<{ name: string }>(
    system.target.ownerUrl,
    'select name from webauthn_credential where user_id = $1',
    [ines.id],
  );
  assert.deepEqual(stored, [{ name: 'Werklaptop' }]);

  // Signing in again: password, then the passkey (offered first). A cancelled prompt says so.
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.getByLabel('Gebruikersnaam').fill(ines.username);
  await page.getByLabel('Wachtwoord').fill(ines.password);
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('button', { name: 'Inloggen met passkey' }).waitFor();
  await assertAccessible(page, 'second step with a passkey');
  await screenshot(page, 'sign-in-passkey');
  await authenticator.setUserVerified(false);
  await page.getByRole('button', { name: 'Inloggen met passkey' }).click();
  await page.getByRole('alert').filter({ hasText: 'De passkey is niet gebruikt' }).waitFor();
  await assertAccessible(page, 'a cancelled passkey prompt');
  await authenticator.setUserVerified(true);
  await page.getByRole('button', { name: 'Inloggen met passkey' }).click();
  await page.getByTestId('signed-in-user').waitFor();

  // New recovery codes: the factor check of the sign-in is long ago; she confirms with the passkey.
  await page.getByRole('link', { name: 'Mijn account' }).click();
  await page.getByRole('heading', { name: 'Mijn sessies' }).waitFor();
  await adminQuery(system.target.ownerUrl, 'update user_session set reauthenticated_at = null where user_id = $1', [ines.id]);
  await page.getByRole('button', { name: 'Nieuwe herstelcodes maken' }).click();
  await page.getByRole('button', { name: 'Bevestigen met passkey' }).click();
  await page.getByTestId('new-recovery-codes').waitFor();
  const newCodes = await page.getByTestId('new-recovery-codes').locator('li').allTextContents();
  assert.equal(newCodes.length, 10);
  await page.getByRole('button', { name: 'Ik heb de codes bewaard' }).click();

  // Her session ends (from another browser, signed in with a recovery code) while she changes her password.
  const first = await system.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username: ines.username, password: ines.password },
  });
  assert.deepEqual(first.json().methods, ['webauthn', 'recovery-code']);
  const second = await system.app.inject({
    method: 'POST',
    url: '/api/v1/auth/second-factor',
    headers: { cookie: cookieOf(first), 'x-csrf-token': first.json().csrfToken },
    payload: { method: 'recovery-code', code: newCodes[0] },
  });
  assert.equal(second.statusCode, 200, second.body);
  const elsewhere = sessionFrom(system, cookieOf(second), second.json().csrfToken);
  await page.getByLabel('Huidig wachtwoord').fill(ines.password);
  await page.getByLabel('Nieuw wachtwoord').fill(NEW_PASSWORD);
  const listed = (await elsewhere.request('GET', '/api/v1/auth/sessions')).json<{
    items: { id: string; current: boolean; state: string; endedAt: string | null }[];
  }>();
  const browserSession = listed.items.find((s) => !s.current && s.state === 'active' && s.endedAt === null)!;
  assert.equal((await elsewhere.request('DELETE', `/api/v1/auth/sessions/${browserSession.id}`)).statusCode, 204);
  await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
  const again = page.getByRole('region', { name: 'Je sessie is beëindigd' });
  await again.waitFor();
  await again.getByLabel('Wachtwoord').fill(ines.password);
  await again.getByRole('button', { name: 'Volgende' }).click();
  await again.getByRole('button', { name: 'Inloggen met passkey' }).waitFor();
  await assertAccessible(page, 'signing in again with a passkey');
  await again.getByRole('button', { name: 'Inloggen met passkey' }).click();
  await again.waitFor({ state: 'detached' });
  assert.equal(await page.getByLabel('Nieuw wachtwoord').inputValue(), NEW_PASSWORD, 'the input is still there');
  await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
  await page.getByRole('status').filter({ hasText: 'Je wachtwoord is gewijzigd' }).waitFor();

  const { rows: used } = await adminQuery<{ last_used_at: Date | null }>(
    system.target.ownerUrl,
    'select last_used_at from webauthn_credential where user_id = $1',
    [ines.id],
  );
  assert.ok(used[0]?.last_used_at, 'the passkey was used');
  assert.deepEqual(
    problems.filter((p) => /Content Security Policy|Refused to/i.test(p)),
    [],
    'no CSP violations',
  );
  // The browser logs the refused requests (the 401s of the session query before sign-in, of the save
  // after the session ended and of the recovery codes before the factor check).
  assert.deepEqual(
    problems.filter((p) => !/status of (400|401)/.test(p)),
    [],
    'no script errors',
  );
});
