// The case worker's start page in a real browser, under the strict CSP: she signs in with password and
// TOTP and sees her tasks (overdue first), her case and her team's referral queue in first-contact
// deadline order with the time left; "/" focuses the search box, and typing lists persons and cases as
// you type (a name finds the person; her case number, with or without the name, finds the case). Every page visited is checked with axe-core (WCAG 2.1 A/AA).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { build } from '../helpers/build.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { adminQuery } from '../helpers/database.ts';
import { totpCode } from '../helpers/identity.ts';
import { openCase, team } from '../helpers/fixtures.ts';

async function assertAccessible(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  assert.deepEqual(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `no WCAG 2.1 A/AA violations on ${screen}`,
  );
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

test('the case worker start page: tasks overdue first, my cases, the queue by deadline with the time left; search as you type', async (t) => {
  const system = await build(t, { listen: true });
  const a = await team(system);
  const worker = await a.user('hulpverlener', 'case-worker');
  const kase = await openCase(system, worker, a.unit, { client: 'Zwartekop' });
  const createTask = async (title: string) => {
    const created = await worker.session.request('POST', '/api/v1/tasks', {
      caseId: kase.id,
      assigneeUserId: worker.id,
      title,
      dueInWorkingDays: 5,
    });
    assert.equal(created.statusCode, 201, created.body);
    return created.json<{ id: string }>().id;
  };
  await createTask('Terugbellen over schade');
  // The API refuses a due day in the past: the overdue task is made over the owner login.
  const overdue = await createTask('Verklaring opvragen');
  await adminQuery(system.target.ownerUrl, `update task set due_at = now() - interval '3 days' where id = $1`, [overdue]);
  // Received now, 20 days ago (overdue) and 1 day ago: the queue lists them 20, 1, now.
  for (const [reference, receivedAt] of [
    ['AANM-NU', new Date().toISOString()],
    ['AANM-OUD', daysAgo(20)],
    ['AANM-GISTEREN', daysAgo(1)],
  ] as const) {
    const created = await worker.session.request('POST', '/api/v1/referrals', {
      source: 'self',
      channel: 'phone',
      sourceReference: reference,
      owningUnitId: a.unit,
      receivedAt,
      person: { achternaam: `Aanmelder ${reference}` },
    });
    assert.equal(created.statusCode, 201, created.body);
  }
  const queue = (await worker.session.request('GET', '/api/v1/referrals?view=queue')).json<{
    items: { sourceReference: string; firstContactDueAt: string; workingDaysLeft: number | null }[];
  }>().items;

  const browser = await launchBrowser(t);
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => problems.push(error.message));

  await page.goto(`${system.address}/sign-in`);
  await page.getByLabel('Gebruikersnaam').fill(worker.username);
  await page.getByLabel('Wachtwoord').fill(worker.password);
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('textbox', { name: 'Code', exact: true }).fill(await totpCode(worker));
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('heading', { name: 'Start' }).waitFor();

  // My tasks: the overdue one first, due moments in Dutch.
  const taskRows = page.getByTestId('my-tasks').locator('tbody tr');
  await taskRows.first().waitFor();
  const [first, second] = await taskRows.allTextContents();
  assert.match(first!, /^Verklaring opvragen.*Te laat$/);
  assert.match(second!, /^Terugbellen over schade.*Op tijd$/);
  assert.match(first!, / (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)\.? \d{4}/, 'the due moment in Dutch');

  // My cases: the case she opened.
  await page.getByTestId('my-cases').getByRole('cell', { name: kase.number }).waitFor();

  // The queue in deadline order, as the API gives it: overdue first, the time left shown.
  const queueRows = page.getByTestId('referral-queue').locator('tbody tr');
  await queueRows.first().waitFor();
  assert.deepEqual(
    queue.map((r) => r.sourceReference),
    ['AANM-OUD', 'AANM-GISTEREN', 'AANM-NU'],
  );
  const queueTexts = await queueRows.allTextContents();
  assert.equal(queueTexts.length, 3);
  // The time left in working days, as the API counts them (Dutch holidays included).
  assert.ok(queue[0]!.workingDaysLeft! < -1);
  assert.match(queueTexts[0]!, new RegExp(`${-queue[0]!.workingDaysLeft!} werkdagen te laat`));
  assert.match(queueTexts[0]!, /Zelfmelder \(telefoon\)/);
  assert.match(queueTexts[1]!, /Vandaag|Nog \d+ werkdag(en)?|\d+ werkdag(en)? te laat|Te laat/);
  assert.equal(queue[2]!.workingDaysLeft, 2, 'received now: CASUS_REFERRAL_FIRST_CONTACT_DAYS working days');
  assert.match(queueTexts[2]!, /Nog 2 werkdagen/);
  assert.ok(queue[1]!.firstContactDueAt < queue[2]!.firstContactDueAt, 'yesterday’s referral is due first');
  await assertAccessible(page, 'the start page');
  if (process.env.CASUS_SCREENSHOT_DIR)
    await page.screenshot({ path: `${process.env.CASUS_SCREENSHOT_DIR}/casework-start.png`, fullPage: true });

  // "/" focuses the search box; results as you type: the name lists the person, her case number the case.
  const search = page.getByRole('combobox', { name: 'Zoek personen en dossiers' });
  assert.equal(await search.getAttribute('aria-keyshortcuts'), '/');
  await page.locator('body').press('/');
  assert.equal(await page.locator(':focus').getAttribute('aria-keyshortcuts'), '/', '"/" focuses the search box');
  await search.pressSequentially('Zwartek', { delay: 50 });
  const results = page.getByRole('listbox', { name: 'Zoekresultaten' });
  await results.getByRole('option', { name: /Persoon.*Zwartekop/ }).waitFor();
  assert.equal(await search.getAttribute('aria-expanded'), 'true');
  await page.getByRole('status').filter({ hasText: '1 persoon en 0 dossiers gevonden.' }).waitFor();
  // A name lists persons only: the API lists cases for a case number or police reference (narrowed by a name).
  await search.fill('');
  await search.pressSequentially(`${kase.number} Zwartekop`, { delay: 20 });
  await results.getByRole('option', { name: new RegExp(`Dossier.*${kase.number}`) }).waitFor();
  await page.getByRole('status').filter({ hasText: '1 persoon en 1 dossier gevonden.' }).waitFor();
  await search.press('ArrowDown');
  assert.equal(await search.getAttribute('aria-activedescendant'), await results.getByRole('option').first().getAttribute('id'));
  await assertAccessible(page, 'the start page with search results');
  if (process.env.CASUS_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.CASUS_SCREENSHOT_DIR}/casework-search.png` });
  await search.press('Escape');
  assert.equal(await search.getAttribute('aria-expanded'), 'false');
  // In a text field "/" is typed, not taken.
  await search.press('/');
  assert.equal(await search.inputValue(), `${kase.number} Zwartekop/`);

  assert.deepEqual(
    problems.filter((p) => /Content Security Policy|Refused to/i.test(p)),
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
