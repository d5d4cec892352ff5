// Single sign-on in a real browser, under the strict CSP, against a real OpenID Connect provider
// (test/helpers/oidc.ts): the sign-in screen offers the provider's button only when the server has SSO
// configured; the button takes the browser to the provider and back, and the second step follows
// (SSO replaces the password, never the second factor). Every page state visited passes axe-core's rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { assertAccessible, launchBrowser, screenshot } from '../helpers/browser.ts';
import { freePort } from '../helpers/browser-passkeys.ts';
import { build } from '../helpers/build.ts';
import { adminQuery } from '../helpers/database.ts';
import { createUser, signIn, totpCode } from '../helpers/identity.ts';
import { CLIENT_SECRET, startIdp } from '../helpers/oidc.ts';

function watch(page: Page, problems: string[]): Page {
  page.setDefaultTimeout(10_000);
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return page;
}

test('without single sign-on configured the sign-in screen offers only the password', async (t) => {
  const system = await build(t, { listen: true });
  const problems: string[] = [];
  const page = watch(await (await (await launchBrowser(t)).newContext()).newPage(), problems);
  const asked = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sso'));
  await page.goto(`${system.address}/sign-in`);
  assert.deepEqual(await (await asked).json(), { enabled: false, name: null });
  await page.getByRole('button', { name: 'Volgende' }).waitFor();
  assert.equal(await page.getByRole('link', { name: /Inloggen met/ }).count(), 0);
  assert.deepEqual(
    problems.filter((p) => !/status of 401/.test(p)),
    [],
    'no CSP violations or script errors',
  );
});

test('the SSO button takes the browser to the identity provider and back, then the second step signs in', async (t) => {
  // Launched first so that it closes first: Chromium may hold a preconnected socket on which no request
  // has come yet, and a stopping server waits for it (about a minute, Node's headers timeout).
  const browser = await launchBrowser(t);
  // The provider sends the browser back to the public URL: the address the browser uses, on a port known beforehand.
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const idp = await startIdp(t, { callback: `${origin}/api/v1/auth/sso/callback` });
  const system = await build(t, {
    listen: true,
    env: {
      PORT: String(port),
      CASUS_PUBLIC_URL: origin,
      CASUS_OIDC_ISSUER: idp.issuer,
      CASUS_OIDC_CLIENT_ID: 'casus',
      CASUS_OIDC_CLIENT_SECRET: CLIENT_SECRET,
      CASUS_OIDC_NAME: 'Slachtofferhulp-account',
    },
  });
  const noor = await createUser(system, 'noor', { email: 'noor@example.org' });
  await signIn(system, noor); // sets up her authenticator app
  idp.accounts.set('idp-noor', { email: 'noor@example.org', email_verified: true, name: 'Noor' });
  idp.nextLogin = 'idp-noor';

  const problems: string[] = [];
  const page = watch(await (await browser.newContext()).newPage(), problems);
  await page.goto(`${origin}/sign-in`);
  const button = page.getByRole('link', { name: 'Inloggen met Slachtofferhulp-account' });
  await button.waitFor();
  await assertAccessible(page, 'the sign-in page with single sign-on');
  await screenshot(page, 'sign-in-sso');

  // To the provider (its authorize endpoint, with PKCE) and, signed in there, back to the second step.
  const toProvider = page.waitForRequest((r) => r.url().startsWith(`${idp.issuer}/auth?`));
  await button.click();
  const authorize = new URL((await toProvider).url());
  assert.equal(authorize.searchParams.get('client_id'), 'casus');
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
  await page.getByRole('heading', { name: 'Tweede stap' }).waitFor();
  assert.equal(new URL(page.url()).origin, origin);
  await assertAccessible(page, 'the second step after single sign-on');
  await page.getByRole('textbox', { name: 'Code', exact: true }).fill(await totpCode(noor));
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await page.getByTestId('signed-in-user').waitFor();

  const { rows } = await adminQuery<{ subject: string }>(
    system.target.ownerUrl,
    'select subject from external_identity where user_id = $1',
    [noor.id],
  );
  assert.deepEqual(rows, [{ subject: 'idp-noor' }], 'linked by her e-mail');
  assert.deepEqual(
    problems.filter((p) => /Content Security Policy|Refused to/i.test(p)),
    [],
    'no CSP violations',
  );
  // The browser logs the 401s of the session query before sign-in.
  assert.deepEqual(
    problems.filter((p) => !/status of 401/.test(p)),
    [],
    'no script errors',
  );
});
