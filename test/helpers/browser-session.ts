// Browser steps several screen tests share: a page that collects console and script errors, signing in
// with password and the authenticator app's code (by mouse, or by keyboard only), and the check that
// no CSP report and no script error showed up. The keyboard steps move the focus with Tab and
// Shift+Tab only and fail with every focus stop they visited, so a screen whose control cannot be
// reached (or that loses the focus) says where.
import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { totpCode, type TestUser } from './identity.ts';

/** A new page (own context) with a bounded default wait, collecting console errors and script errors. */
export async function watchedPage(browser: Browser, options: { acceptDownloads?: boolean } = {}) {
  const page = await (await browser.newContext({ acceptDownloads: options.acceptDownloads ?? false })).newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { page, problems };
}

/** No CSP report and no script error; the 401 of GET /auth/session on the sign-in screen and `expected` (requests refused on purpose) aside. */
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
 * Signs in by mouse: password, then the app's code. A user with a passkey is offered that first
 * (when the browser can): the test switches to the app's code, as my-account.test.ts does.
 */
export async function signInWithMouse(page: Page, address: string, user: TestUser): Promise<void> {
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

// The functions below run in the page; they are written as strings because this project's server-side
// type check has no DOM types.

/** What has the focus, for a failure message: tag, role, type, id and the start of its name or text. */
export async function describeFocus(page: Page): Promise<string> {
  return page.evaluate<string>(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '(body)';
    const labelled = el.getAttribute('aria-labelledby');
    const name =
      el.getAttribute('aria-label') ??
      (labelled ? document.getElementById(labelled.split(' ')[0])?.textContent : null) ??
      (el.labels?.[0]?.textContent || null) ??
      el.textContent ??
      '';
    const role = el.getAttribute('role');
    const type = el.getAttribute('type');
    return el.tagName.toLowerCase() + (role ? '[role=' + role + ']' : '') + (type ? '[type=' + type + ']' : '') +
      (el.id ? '#' + el.id : '') + ' "' + name.trim().replace(/\\s+/g, ' ').slice(0, 60) + '"';
  })()`);
}

/** Whether the focused element is (inside) one of the elements `target` matches. */
export async function hasFocus(target: Locator): Promise<boolean> {
  return (await target.and(target.page().locator(':focus-within')).count()) > 0;
}

/**
 * Presses Tab (Shift+Tab with `back`) until the focus is on `target` (a role locator, so the match is
 * by role and accessible name), at most `max` times; fails with the focus stops it visited.
 */
export async function tabTo(page: Page, target: Locator, { max = 40, back = false }: { max?: number; back?: boolean } = {}): Promise<void> {
  const visited: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await hasFocus(target)) return;
    visited.push(await describeFocus(page));
  }
  assert.fail(
    `${target.toString()} not reached by ${back ? 'Shift+Tab' : 'Tab'} in ${max} presses; focus stops:\n  ${visited.join('\n  ')}`,
  );
}

/** After an action: the focus comes to `target` (within a few seconds), not lost to the page's body. */
export async function assertFocusOn(page: Page, target: Locator, after: string): Promise<void> {
  const until = Date.now() + 5_000;
  while (!(await hasFocus(target))) {
    if (Date.now() > until) assert.fail(`after ${after} the focus is on ${await describeFocus(page)}, not on ${target.toString()}`);
    await page.waitForTimeout(100);
  }
}

/** The focused native <select>: ArrowDown/ArrowUp until the option labelled `label` is chosen. */
export async function chooseOption(page: Page, label: string, max = 12): Promise<void> {
  const state = () =>
    page.evaluate<{ index: number; labels: string[] } | null>(`(() => {
      const select = document.activeElement;
      if (!(select instanceof HTMLSelectElement)) return null;
      return { index: select.selectedIndex, labels: [...select.options].map((o) => o.label) };
    })()`);
  const start = (await state()) ?? assert.fail(`no select has the focus, but ${await describeFocus(page)}`);
  const wanted = start.labels.indexOf(label);
  assert.ok(wanted >= 0, `no option "${label}" in ${JSON.stringify(start.labels)}`);
  for (let i = 0; i < max; i++) {
    const now = (await state())!;
    if (now.index === wanted) return;
    await page.keyboard.press(now.index < wanted ? 'ArrowDown' : 'ArrowUp');
  }
  assert.fail(`option "${label}" not chosen with the arrow keys`);
}

/** Signs in by keyboard only (after the page opened the sign-in screen): Tab to the fields, type, Enter. */
export async function signInWithKeyboard(
  page: Page,
  user: TestUser,
  { atSecondStep }: { atSecondStep?: () => Promise<void> } = {},
): Promise<void> {
  await tabTo(page, page.getByRole('textbox', { name: 'Gebruikersnaam' }));
  await page.keyboard.type(user.username);
  await tabTo(page, page.getByLabel('Wachtwoord'), { max: 3 });
  await page.keyboard.type(user.password);
  await page.keyboard.press('Enter');
  // The step's heading takes the focus (CenteredPage); a passkey may be offered first.
  await assertFocusOn(page, page.getByRole('heading', { name: 'Tweede stap', level: 1 }), 'the password');
  const code = page.getByRole('textbox', { name: 'Code', exact: true });
  const useApp = page.getByRole('button', { name: 'Code uit de app gebruiken' });
  await code.or(useApp).waitFor();
  await atSecondStep?.();
  if (await useApp.isVisible()) {
    await tabTo(page, useApp, { max: 6 });
    await page.keyboard.press('Enter');
    // The link pressed is gone: the code's field takes the focus.
    await assertFocusOn(page, code, "switching to the app's code");
  } else {
    await tabTo(page, code, { max: 6 });
  }
  await page.keyboard.type(await totpCode(user));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Start', level: 1 }).waitFor();
}
