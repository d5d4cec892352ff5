// The interface language follows the person, not the browser: chosen after sign-in in one browser, it is
// kept with her account (PUT /auth/preferences), and another browser that has never seen her starts in
// Dutch and switches to her language as soon as she has signed in. Before sign-in only this browser's
// last choice counts. A switch that could not be saved says so. Under the strict CSP, every page state
// visited passes axe-core's rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { assertAccessible, launchBrowser } from '../helpers/browser.ts';
import { build } from '../helpers/build.ts';
import { adminQuery } from '../helpers/database.ts';
import { createUser, signIn, totpCode, type TestUser } from '../helpers/identity.ts';

async function signInWithApp(page: Page, user: TestUser, labels: { username: string; password: string; next: string; submit: string }) {
  await page.getByLabel(labels.username).fill(user.username);
  await page.getByLabel(labels.password).fill(user.password);
  await page.getByRole('button', { name: labels.next }).click();
  await page.getByRole('textbox', { name: 'Code', exact: true }).fill(await totpCode(user));
  await page.getByRole('button', { name: labels.submit, exact: true }).click();
  await page.getByTestId('signed-in-user').waitFor();
}
const DUTCH = { username: 'Gebruikersnaam', password: 'Wachtwoord', next: 'Volgende', submit: 'Inloggen' };

test('the language chosen in one browser is used after sign-in in another', async (t) => {
  const system = await build(t, { listen: true });
  const lotte = await createUser(system, 'lotte');
  await signIn(system, lotte); // sets up her authenticator app
  const preferred = async () =>
    (
      await adminQuery<{ preferred_language: string | null }>(
        system.target.ownerUrl,
        'select preferred_language from app_user where id = $1',
        [lotte.id],
      )
    ).rows[0]!.preferred_language;
  const browser = await launchBrowser(t);
  const problems: string[] = [];
  const watch = (page: Page) => {
    page.setDefaultTimeout(10_000);
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${message.text()} (${page.url()})`);
    });
    page.on('pageerror', (error) => problems.push(error.message));
    return page;
  };

  // The first browser: she signs in (Dutch, nothing chosen yet) and switches to English.
  const laptop = watch(await (await browser.newContext()).newPage());
  await laptop.goto(`${system.address}/sign-in`);
  await signInWithApp(laptop, lotte, DUTCH);
  assert.equal(await preferred(), null);
  const saved = laptop.waitForResponse((r) => r.url().endsWith('/api/v1/auth/preferences') && r.request().method() === 'PUT');
  await laptop.getByLabel('Taal').selectOption('en');
  assert.equal((await saved).status(), 200);
  await laptop.getByRole('button', { name: 'Sign out' }).waitFor();
  assert.equal(await laptop.locator('html').getAttribute('lang'), 'en');
  assert.equal(await preferred(), 'en', 'kept with her account');
  await assertAccessible(laptop, 'the start page in English');
  await laptop.getByRole('button', { name: 'Sign out' }).click();
  await laptop.getByRole('heading', { name: 'Sign in' }).waitFor(); // this browser's last choice, before sign-in

  // A fresh browser: Dutch until she has signed in, then her language.
  const phone = watch(await (await browser.newContext()).newPage());
  await phone.goto(`${system.address}/sign-in`);
  await phone.getByRole('heading', { name: 'Inloggen' }).waitFor();
  assert.equal(await phone.locator('html').getAttribute('lang'), 'nl');
  await assertAccessible(phone, 'the sign-in page in a fresh browser');
  await signInWithApp(phone, lotte, DUTCH);
  await phone.getByRole('button', { name: 'Sign out' }).waitFor();
  assert.equal(await phone.locator('html').getAttribute('lang'), 'en');
  assert.equal(await phone.getByLabel('Language').inputValue(), 'en');
  await assertAccessible(phone, 'the start page in her language');

  // Back to Dutch from there: saved again, for the next browser.
  const back = phone.waitForResponse((r) => r.url().endsWith('/api/v1/auth/preferences') && r.request().method() === 'PUT');
  await phone.getByLabel('Language').selectOption('nl');
  assert.equal((await back).status(), 200);
  await phone.getByRole('button', { name: 'Uitloggen' }).waitFor();
  assert.equal(await preferred(), 'nl');

  // A switch that cannot be saved (her session is gone) is shown, and says it was not kept.
  await adminQuery(system.target.ownerUrl, 'delete from user_session where user_id = $1', [lotte.id]);
  await phone.getByLabel('Taal').selectOption('en');
  await phone.getByText('Not saved with your account; try again.').waitFor();
  assert.equal(await preferred(), 'nl');
  await assertAccessible(phone, 'a language switch that was not saved');

  assert.deepEqual(
    problems.filter((p) => /Content Security Policy|Refused to/i.test(p)),
    [],
    'no CSP violations',
  );
  // The browser logs the 401s of the session query before sign-in and of the save without a session.
  assert.deepEqual(
    problems.filter((p) => !/status of 401/.test(p)),
    [],
    'no script errors',
  );
});
