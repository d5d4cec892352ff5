// Steps that several browser tests take the same way: watching a page for script errors and CSP
// reports, making the setup link, signing in with password + TOTP, enrolling the authenticator app,
// and following an invitation mail. Each step waits for the screen it ends on, so a test reads as the
// journey it checks.
import assert from 'node:assert/strict';
import { setTimeout } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import { createSetupLink } from '../../src/modules/identity/authentication/setup.service.ts';
import { testSettings, type TestSystem } from './build.ts';
import { adminQuery } from './database.ts';
import { totpCode, type TestUser } from './identity.ts';
import type { Received } from './smtp.ts';

/** Bounded waits, and every console error or uncaught script error of the page collected in `problems`. */
export function watch(page: Page, problems: string[]): void {
  page.setDefaultTimeout(10_000);
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => problems.push(error.message));
}

/** A new page (its own browser context) watched as above. */
export async function watchedPage(browser: Browser, options: { acceptDownloads?: boolean } = {}) {
  const page = await (await browser.newContext({ acceptDownloads: options.acceptDownloads ?? false })).newPage();
  const problems: string[] = [];
  watch(page, problems);
  return { page, problems };
}

/**
 * No CSP report and no script error. The browser logs every refused request as a console error, so the
 * statuses a test provokes on purpose (`expected`, e.g. /status of 409/) are let through, and always the
 * 401 of GET /auth/session on the sign-in screen; anything else fails the test.
 */
export function assertNoProblems(problems: string[], expected: RegExp[] = []): void {
  assert.deepEqual(
    problems.filter((p) => /Content Security Policy|Refused to/i.test(p)),
    [],
    'no CSP violations',
  );
  assert.deepEqual(
    problems.filter((p) => !/status of 401/.test(p) && !expected.some((e) => e.test(p))),
    [],
    'no script errors',
  );
}

/**
 * A setup link as `casus serve` prints it while there is no administrator, pointing at the listening
 * test server (not at CASUS_PUBLIC_URL: the browser must reach it).
 */
export async function setupLink(system: TestSystem): Promise<string> {
  const link = await createSetupLink(
    (text, values) => adminQuery(system.target.ownerUrl, text, values),
    testSettings(),
    'test',
    system.address,
  );
  return link.url;
}

/**
 * Signs in with password and the app's code; ends on the start page. A user with a passkey is offered
 * that first (when the browser can): the step switches to the app's code, as my-account.test.ts does.
 */
export async function signInWithTotp(page: Page, address: string | null, user: TestUser): Promise<void> {
  await page.goto(`${address}/sign-in`);
  await page.getByLabel('Gebruikersnaam').fill(user.username);
  await page.getByLabel('Wachtwoord').fill(user.password);
  await page.getByRole('button', { name: 'Volgende' }).click();
  const code = page.getByRole('textbox', { name: 'Code', exact: true });
  const useApp = page.getByRole('button', { name: 'Code uit de app gebruiken' });
  await code.or(useApp).waitFor();
  if (await useApp.isVisible()) await useApp.click();
  await code.fill(await totpCode(user));
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('heading', { name: 'Start', level: 1 }).waitFor();
}

/** On the authenticator-app screen: the key shown as text becomes the user's TOTP secret. */
export async function readTotpSecret(page: Page, user: TestUser): Promise<void> {
  await page.getByRole('heading', { name: 'Authenticator-app instellen' }).waitFor();
  await page.getByRole('img', { name: /QR-code/ }).waitFor();
  user.totpSecret = (await page.getByTestId('totp-secret').textContent())!.trim();
}

/** Confirms the app with its current code; ends on the recovery codes, which it returns. */
export async function confirmTotp(page: Page, user: TestUser): Promise<string[]> {
  await page.getByLabel('Code uit de app').fill(await totpCode(user));
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await page.getByRole('heading', { name: 'Herstelcodes' }).waitFor();
  const codes = await page.getByTestId('recovery-codes').locator('li').allTextContents();
  assert.equal(codes.length, 10, 'ten recovery codes');
  return codes;
}

/** Leaves the recovery codes (shown once): signed in, on the start page. */
export async function keepRecoveryCodes(page: Page, user: { displayName: string }): Promise<void> {
  await page.getByRole('button', { name: 'Ik heb de codes bewaard' }).click();
  await page.getByRole('heading', { name: 'Start' }).waitFor();
  await page.getByText(`Ingelogd als ${user.displayName}`).waitFor();
}

/**
 * The invitation (the password mail) to `email`, waited for in the test SMTP server's inbox; its link
 * points at CASUS_PUBLIC_URL (`publicUrl`), so the path is returned for the listening test server.
 */
export async function invitationPath(inbox: Received[], email: string, publicUrl: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (!inbox.some((m) => m.to.includes(email)) && Date.now() < deadline) await setTimeout(100);
  const escaped = publicUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const link = new RegExp(`${escaped}(/reset-password#token=[A-Za-z0-9_-]+)`).exec(inbox.find((m) => m.to.includes(email))?.text ?? '');
  assert.ok(link, `the invitation mail to ${email} with its link`);
  return link[1]!;
}

/**
 * Follows the invitation link: a new password, then the authenticator app (the user's TOTP secret is
 * filled in) and the recovery codes; ends signed in on the start page. `check` runs on the password
 * screen and the authenticator screen (e.g. axe-core) before they are left.
 */
export async function completeInvitation(
  page: Page,
  url: string,
  user: TestUser & { displayName: string },
  check: (screen: 'password' | 'authenticator') => Promise<void> = async () => {},
): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Nieuw wachtwoord').waitFor();
  await check('password');
  await page.getByLabel('Nieuw wachtwoord').fill(user.password);
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await readTotpSecret(page, user);
  await check('authenticator');
  await confirmTotp(page, user);
  await keepRecoveryCodes(page, user);
}
