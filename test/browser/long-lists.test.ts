// A long list in a real browser, under the strict CSP: the team lead of a busy team loads page after page
// of the team's cases (GET /cases?view=team, 25 a page) with "more". Beyond 100 rows the table renders
// only the rows in view and a margin (web/src/app/VirtualTable.tsx): far fewer <tr> than loaded rows,
// aria-rowcount and aria-rowindex telling the real size, the last rows there after scrolling to the end,
// Tab walking from row to row without losing the focus, and the focused row kept when scrolled away. The
// team's referral queue, as long, keeps its bulk selection of rows that are not rendered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { build } from '../helpers/build.ts';
import { assertAccessible, launchBrowser } from '../helpers/browser.ts';
import { totpCode } from '../helpers/identity.ts';
import { openCase, team } from '../helpers/fixtures.ts';

const CSP_OR_SCRIPT = /Content Security Policy|Refused to/i;
const CASES = 300;
const REFERRALS = 120;

// Scripts run in the page are strings: this project's type check knows no DOM.
const tableOf = (testId: string) => `document.querySelector('[data-testid="${testId}"] table')`;
const TO_END = 'window.scrollTo(0, document.documentElement.scrollHeight)';
const TO_TOP = 'window.scrollTo(0, 0)';

/** The aria-rowindex of the row holding the focus, or null when the focus is not in a row of the section's table. */
async function focusedRow(page: Page, testId: string): Promise<number | null> {
  return page.evaluate<number | null>(
    `(() => { const row = document.activeElement?.closest('tr'); return row && ${tableOf(testId)}.contains(row) ? Number(row.getAttribute('aria-rowindex')) : null })()`,
  );
}

/** The aria-rowindex of every rendered row of the section's table body. */
async function renderedRows(page: Page, testId: string): Promise<number[]> {
  return page.evaluate<number[]>(
    `Array.from(${tableOf(testId)}.querySelectorAll('tbody tr[aria-rowindex]'), (row) => Number(row.getAttribute('aria-rowindex')))`,
  );
}

test('the team’s cases: hundreds of loaded rows, a window of them in the page, the table’s size told and the keyboard kept', async (t) => {
  const system = await build(t, { listen: true });
  const a = await team(system);
  const lead = await a.user('teamleider', 'team-lead');
  const worker = await a.user('hulpverlener', 'case-worker');
  // A busy team: the cases opened over the API, a few at a time.
  for (let batch = 0; batch < CASES / 10; batch++) {
    await Promise.all(Array.from({ length: 10 }, () => openCase(system, worker, a.unit)));
  }
  // And a long referral queue: its selection holds rows that are not rendered.
  for (let batch = 0; batch < REFERRALS / 10; batch++) {
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const reference = `AANM-${String(batch * 10 + i + 1).padStart(3, '0')}`;
        const created = await worker.session.request('POST', '/api/v1/referrals', {
          source: 'police',
          channel: 'phone',
          sourceReference: reference,
          owningUnitId: a.unit,
          person: { achternaam: `Aanmelder ${reference}` },
        });
        assert.equal(created.statusCode, 201, created.body);
      }),
    );
  }
  // The team's cases in the API's order (newest change first): the screen's last row is the API's last.
  const listed: string[] = [];
  for (let after: string | null = null, first = true; first || after; first = false) {
    const answer = await lead.session.request(
      'GET',
      `/api/v1/cases?view=team&limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`,
    );
    assert.equal(answer.statusCode, 200, answer.body);
    const body = answer.json<{ items: { number: string }[]; next: string | null }>();
    listed.push(...body.items.map((item) => item.number));
    after = body.next;
  }
  assert.equal(listed.length, CASES, 'the team lead reads all the team’s cases');

  const browser = await launchBrowser(t);
  const problems: string[] = [];
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.setDefaultTimeout(10_000);
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${system.address}/sign-in`);
  await page.getByLabel('Gebruikersnaam').fill(lead.username);
  await page.getByLabel('Wachtwoord').fill(lead.password);
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('textbox', { name: 'Code', exact: true }).fill(await totpCode(lead));
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('heading', { name: 'Start' }).waitFor();

  await page.goto(`${system.address}/team?view=cases`);
  const section = page.getByTestId('team-cases');
  const table = section.getByRole('table');
  await table.locator('tbody tr').first().waitFor();
  // A short list is a plain table: every row rendered, the size told all the same.
  assert.equal(await table.locator('tbody tr').count(), 25);
  assert.equal(await table.getAttribute('aria-rowcount'), '26');

  // Load every page: 12 of 25; the button goes when the API gives no `next` any more.
  const more = section.getByRole('button', { name: 'Meer laden' });
  for (let loaded = 25; loaded < CASES; loaded += 25) {
    await more.click();
    await section.locator(`table[aria-rowcount="${loaded + 26}"]`).waitFor();
  }
  await more.waitFor({ state: 'detached' });
  assert.equal(await table.getAttribute('aria-rowcount'), String(CASES + 1), 'the header row and every loaded case');
  const inPage = await renderedRows(page, 'team-cases');
  assert.ok(inPage.length < 100, `a window of the ${CASES} rows is rendered, not all (${inPage.length})`);
  assert.ok(inPage.length >= 10, `the rows in view are rendered (${inPage.length})`);
  // The rendered rows are consecutive and carry their place in the whole list.
  assert.deepEqual(
    inPage,
    inPage.map((_, i) => inPage[0]! + i),
  );
  await assertAccessible(page, 'a long list of the team’s cases');

  // To the end of the page: the last rows are there.
  await page.evaluate(TO_END);
  const last = table.getByRole('link', { name: listed.at(-1)!, exact: true });
  await last.waitFor();
  assert.equal(await last.locator('xpath=ancestor::tr').getAttribute('aria-rowindex'), String(CASES + 1));
  assert.ok((await renderedRows(page, 'team-cases')).length < 100);
  assert.equal(await table.locator('tbody tr').first().getAttribute('aria-hidden'), 'true', 'a spacer stands in for the rows above');
  await assertAccessible(page, 'the end of a long list');

  // Back to the top; Tab walks down the rows, well past the first window: each Tab lands on the next row.
  await page.evaluate(TO_TOP);
  const firstLink = table.locator('tbody tr[aria-rowindex="2"] a');
  await firstLink.focus();
  assert.equal(await focusedRow(page, 'team-cases'), 2);
  for (let row = 3; row <= 80; row++) {
    // At a person's pace: the window has followed the scroll of the last Tab (a scroll renders a frame
    // later; a test pressing Tab at machine speed on a busy machine can outrun it, a person cannot).
    await table.locator(`tbody tr[aria-rowindex="${row}"]`).waitFor({ state: 'attached' });
    await page.keyboard.press('Tab');
    assert.equal(await focusedRow(page, 'team-cases'), row, `Tab moves the focus to row ${row}`);
  }
  assert.ok((await renderedRows(page, 'team-cases')).length < 100, 'the window followed the focus, it did not grow');
  // Shift+Tab walks back up.
  for (let row = 79; row >= 70; row--) {
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focusedRow(page, 'team-cases'), row);
  }

  // The focused row scrolled far out of view stays rendered: the focus is not lost.
  await page.evaluate(TO_END);
  await last.waitFor();
  assert.equal(await focusedRow(page, 'team-cases'), 70, 'the focus stays on its row when it scrolls out of view');
  const afterScroll = await renderedRows(page, 'team-cases');
  assert.ok(afterScroll.includes(70) && afterScroll.includes(CASES + 1));
  await assertAccessible(page, 'a long list with a focused row out of view');

  // The team's queue, loaded past 100 rows: a row selected, scrolled out of the page and back, is still
  // selected; a row selected at the end counts too; "select all" takes every loaded row, rendered or not.
  await page.getByRole('tab', { name: 'Aanmeldingen' }).click();
  const queue = page.getByTestId('team-queue');
  const queueTable = queue.getByRole('table');
  await queueTable.locator('tbody tr').first().waitFor();
  for (let loaded = 25; loaded < REFERRALS; loaded += 25) {
    await queue.getByRole('button', { name: 'Meer laden' }).click();
    await queue.locator(`table[aria-rowcount="${Math.min(loaded + 25, REFERRALS) + 1}"]`).waitFor();
  }
  assert.ok((await renderedRows(page, 'team-queue')).length < 100);
  await page.evaluate(TO_TOP);
  const firstBox = queueTable.locator('tbody tr[aria-rowindex="2"]').getByRole('checkbox');
  const firstName = await firstBox.getAttribute('aria-label');
  await firstBox.check();
  await page.evaluate(TO_END);
  const lastBox = queueTable.locator(`tbody tr[aria-rowindex="${REFERRALS + 1}"]`).getByRole('checkbox');
  await lastBox.check();
  await page.evaluate(TO_TOP);
  assert.equal(await queueTable.getByRole('checkbox', { name: firstName!, exact: true }).isChecked(), true);
  await queue.getByRole('button', { name: '2 aanmeldingen toewijzen' }).waitFor();
  await queue.getByRole('checkbox', { name: 'Alle toewijsbare aanmeldingen selecteren' }).check();
  await queue.getByRole('button', { name: `${REFERRALS} aanmeldingen toewijzen` }).waitFor();
  await assertAccessible(page, 'a long referral queue with a selection');

  assert.deepEqual(
    problems.filter((p) => CSP_OR_SCRIPT.test(p)),
    [],
    'no CSP violations',
  );
  // The browser logs the 401 of GET /auth/session on the sign-in screen.
  assert.deepEqual(
    problems.filter((p) => !/status of 401/.test(p)),
    [],
    'no script errors',
  );
});
