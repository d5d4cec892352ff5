// Browser steps by keyboard only (the mouse steps: browser-steps.ts): signing in, moving the focus with
// Tab and Shift+Tab, choosing an option with the arrow keys. They fail with every focus stop they
// visited, so a screen whose control cannot be reached (or that loses the focus) says where.
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { totpCode, type TestUser } from './identity.ts';

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
