// The rendered API reference (/api/v1/docs) in a real browser: it must work under our strict
// Content-Security-Policy (scripts only from our own origin, nothing from a CDN), with no violations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from '../helpers/build.ts';
import type { Locator, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';

test('the API reference page renders the Casus API under the strict CSP', async (t) => {
  const system = await build(t, { listen: true });
  const browser = await launchBrowser(t);
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));

  const response = await page.goto(`${system.address}/api/v1/docs`);
  assert.equal(response?.status(), 200);
  await page.locator('.swagger-ui .info .title').filter({ hasText: 'Casus API' }).waitFor({ timeout: 15_000 });
  // The operations come from /api/v1/openapi.json-equivalent JSON fetched by the page itself. Swagger UI
  // (5.3x) renders only the operations in view, so the reader scrolls to them as a person would.
  await scrollUntilVisible(page, page.locator('.opblock-summary-path', { hasText: '/auth/sign-in' }).first());
  await scrollUntilVisible(page, page.locator('.opblock-tag', { hasText: 'privacy' }).first());

  if (process.env.CASUS_SCREENSHOT_DIR)
    await page.screenshot({ path: `${process.env.CASUS_SCREENSHOT_DIR}/api-reference.png`, fullPage: true });
  assert.deepEqual(
    problems.filter((p) => /Content Security Policy|Refused to/i.test(p)),
    [],
    'no CSP violations',
  );
  assert.deepEqual(problems, [], 'no script errors or failed requests');
});

/** Scrolls down a screen at a time (at most 200 times) until the locator is visible. */
async function scrollUntilVisible(page: Page, locator: Locator): Promise<void> {
  for (let step = 0; step < 200; step += 1) {
    if (await locator.isVisible()) return;
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(50);
  }
  await locator.waitFor({ timeout: 5_000 });
}
