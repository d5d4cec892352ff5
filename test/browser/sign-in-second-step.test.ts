// The second step of sign-in in a real browser, under the strict CSP: too many wrong codes end the
// pending sign-in (the server's limit of five), and the screen goes back to the password saying why,
// instead of asking for codes that can no longer be accepted; signing in afresh then works. The page
// states visited pass axe-core's rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, launchBrowser } from '../helpers/browser.ts';
import { build } from '../helpers/build.ts';
import { createUser, signIn, totpCode } from '../helpers/identity.ts';

test('five wrong codes end the sign-in: back to the password with the reason, and a fresh sign-in works', async (t) => {
  // Launched first so that it closes first: Chromium may hold a preconnected socket on which no request
  // has come yet, and a stopping server waits for it (about a minute, Node's headers timeout).
  const browser = await launchBrowser(t);
  // The account's lockout is further away than the sign-in's five attempts.
  const system = await build(t, { listen: true, env: { CASUS_LOGIN_MAX_FAILURES: '20' } });
  const joost = await createUser(system, 'joost');
  await signIn(system, joost); // sets up his authenticator app
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => problems.push(error.message));

  await page.goto(`${system.address}/sign-in`);
  await page.getByLabel('Gebruikersnaam').fill(joost.username);
  await page.getByLabel('Wachtwoord').fill(joost.password);
  await page.getByRole('button', { name: 'Volgende' }).click();
  const code = page.getByRole('textbox', { name: 'Code', exact: true });
  for (let attempt = 1; attempt <= 5; attempt++) {
    await code.fill('000000');
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/second-factor'));
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    const answer = await answered;
    assert.equal(answer.status(), 401);
    assert.equal((await answer.json()).type, attempt < 5 ? 'urn:casus:problem:second-factor-failed' : 'urn:casus:problem:sign-in-ended');
    if (attempt < 5) await page.getByText('Deze code klopt niet.').waitFor();
  }
  await page.getByRole('alert').filter({ hasText: 'Te vaak een verkeerde tweede stap' }).waitFor();
  await page.getByRole('heading', { name: 'Inloggen' }).waitFor();
  await assertAccessible(page, 'back at the password after too many wrong codes');

  await page.getByLabel('Wachtwoord').fill(joost.password);
  await page.getByRole('button', { name: 'Volgende' }).click();
  await code.fill(await totpCode(joost));
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await page.getByTestId('signed-in-user').waitFor();

  assert.deepEqual(
    problems.filter((p) => /Content Security Policy|Refused to/i.test(p)),
    [],
    'no CSP violations',
  );
  // The browser logs the refused requests (the 401s of the wrong codes and of the session query before sign-in).
  assert.deepEqual(
    problems.filter((p) => !/status of 401/.test(p)),
    [],
    'no script errors',
  );
});
