// Chromium for screen tests: Debian's package (apt-get install chromium), driven by playwright-core.
// The flags keep it off the network (this machine has none) and working as root in CI.
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(t: Pick<TestContext, 'after'>): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  t.after(() => browser.close());
  return browser;
}

/** Every page a test visits passes axe-core's WCAG 2.1 A/AA rules. */
export async function assertAccessible(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  assert.deepEqual(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `no WCAG 2.1 A/AA violations on ${screen}`,
  );
}

/** With CASUS_SCREENSHOT_DIR set: the page as a PNG there (the README's screenshots). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.CASUS_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.CASUS_SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}
