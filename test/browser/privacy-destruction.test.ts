// Destruction lists and legal hold in a real browser, under the strict CSP (issue 12's screens). Three
// closed cases are past their retention date. The team lead puts one on legal hold on the case screen,
// with a reason. A privacy officer draws up a list from /privacy/destruction: the held case is not on it;
// she takes one case off with a reason (refused first without one), reviews the list (the first
// signature) and is offered no approval, with the reason why (four eyes). A second privacy officer
// approves it; the page says it is being carried out and refreshes itself while the job (run here as the
// job queue would) destroys the case, until the list is done; the report lists the destroyed case and
// the one taken off, and its PDF link answers a PDF. Every state visited passes axe-core (WCAG 2.1 A/AA).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { assertAccessible, launchBrowser, screenshot } from '../helpers/browser.ts';
import type { TestUser } from '../helpers/identity.ts';
import { assertFocusOn } from '../helpers/browser-keyboard.ts';
import { team } from '../helpers/fixtures.ts';
import { signInWithTotp, watch } from '../helpers/browser-steps.ts';
import { buildPrivacy, fullCase, rowsOf } from '../helpers/privacy.ts';
import { carryOutRound } from '../../src/modules/privacy/index.ts';

/** A page signed in as `user`, collecting console errors and script errors into `problems`. */
async function signedIn(browser: Browser, address: string, user: TestUser, problems: string[]): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  watch(page, problems);
  await signInWithTotp(page, address, user);
  return page;
}

const HOLD_REASON = 'Klacht van de cliënt ligt bij de geschillencommissie';
const REMOVE_REASON = 'Cliënt heeft een nieuwe aanvraag gedaan; dossier nog nodig';

test('destruction lists: a held case stays off, one is taken off, reviewed, approved by a second officer, carried out and reported', async (t) => {
  const browser = await launchBrowser(t);
  const system = await buildPrivacy(t, {}, { listen: true });
  const address = system.address ?? assert.fail('the system listens');
  const a = await team(system);
  const worker = await a.user('hulpverlener', 'case-worker');
  const lead = await a.user('teamleider', 'team-lead');
  const fg1 = await a.user('fg-een', 'privacy-officer', 'staff', 'national');
  const fg2 = await a.user('fg-twee', 'privacy-officer', 'staff', 'national');
  const doomed = await fullCase(system, worker, a.unit, { closed: true });
  const held = await fullCase(system, worker, a.unit, { closed: true });
  const kept = await fullCase(system, worker, a.unit, { closed: true });
  const problems: string[] = [];

  // The team lead puts a case on legal hold on the case screen.
  const leadPage = await signedIn(browser, address, lead, problems);
  await leadPage.goto(`${address}/cases/${held.caseId}`);
  const hold = leadPage.getByRole('region', { name: 'Bewaarplicht (legal hold)' });
  await hold.getByText('Dit dossier heeft nooit bewaarplicht gehad.').waitFor();
  await hold.getByTestId('legal-hold-state').filter({ hasText: 'Geen bewaarplicht' }).waitFor();
  await assertAccessible(leadPage, 'the case screen with its legal-hold section');
  await hold.getByRole('button', { name: 'Bewaarplicht opleggen' }).click();
  const holdReason = hold.getByRole('textbox', { name: 'Reden', exact: true });
  await assertFocusOn(leadPage, holdReason, 'opening the legal-hold panel');
  await holdReason.fill(HOLD_REASON);
  await assertAccessible(leadPage, 'the legal-hold panel');
  await hold.getByRole('button', { name: 'Bewaarplicht opleggen' }).click();
  await hold.getByTestId('legal-hold-state').filter({ hasText: 'Bewaarplicht geldt' }).waitFor();
  await assertFocusOn(leadPage, hold.getByTestId('legal-hold-state'), 'putting the case on hold');
  await hold
    .getByTestId('legal-holds')
    .getByRole('row', { name: new RegExp(HOLD_REASON) })
    .waitFor();
  assert.match(await hold.getByTestId('legal-holds').innerText(), /nog van kracht/);
  await leadPage.getByTestId('case-legal-hold-badge').waitFor();
  assert.equal(await hold.getByRole('button', { name: 'Bewaarplicht opheffen' }).count(), 1, 'lifting is offered now');
  await assertAccessible(leadPage, 'the case screen with a live legal hold');
  // A case worker is not offered the section (allowedActions has no legalHold for her).
  const workerView = await worker.session.request('GET', `/api/v1/cases/${held.caseId}`);
  assert.ok(!workerView.json<{ allowedActions: string[] }>().allowedActions.includes('legalHold'));

  // The first privacy officer draws up a list: the held case is not on it.
  const page1 = await signedIn(browser, address, fg1, problems);
  await page1.goto(`${address}/privacy`);
  await page1.getByRole('link', { name: 'Vernietigingslijsten' }).click();
  await page1.getByRole('heading', { name: 'Vernietigingslijsten', level: 1 }).waitFor();
  await page1.getByText('Er zijn nog geen vernietigingslijsten.').waitFor();
  await assertAccessible(page1, 'the destruction lists, none yet');
  await page1.getByRole('button', { name: 'Lijst opstellen' }).click();
  const proposeConfirm = page1.getByRole('button', { name: 'Ja, stel de lijst op' });
  await assertFocusOn(page1, proposeConfirm, 'opening the draw-up panel');
  await assertAccessible(page1, 'drawing up a list');
  await proposeConfirm.click();
  await page1.waitForURL(/\/privacy\/destruction\/[0-9a-f-]{36}$/);
  const roundId = page1.url().split('/').pop()!;
  await page1.getByTestId('round-status').filter({ hasText: 'Opgesteld' }).waitFor();
  const items = page1.getByTestId('round-items-table');
  await items.getByRole('row', { name: new RegExp(doomed.number) }).waitFor();
  assert.equal(await items.getByRole('row', { name: new RegExp(kept.number) }).count(), 1);
  assert.equal(await items.getByRole('row', { name: new RegExp(held.number) }).count(), 0, 'the held case is not on the list');
  assert.match(await page1.getByTestId('round-tally').innerText(), /^2 op de lijst/);
  await assertAccessible(page1, 'a proposed list');
  await screenshot(page1, 'destruction-proposed');

  // She takes one case off, with a reason (none is refused first).
  await items.getByRole('button', { name: `Dossier ${kept.number} eraf halen` }).click();
  const removeReason = items.getByRole('textbox', { name: 'Reden', exact: true });
  await assertFocusOn(page1, removeReason, 'opening the remove panel');
  await items.getByRole('button', { name: 'Eraf halen', exact: true }).click();
  await items.getByText('Vul dit veld in.').waitFor();
  await assertAccessible(page1, 'taking a case off, the reason missing');
  await removeReason.fill(REMOVE_REASON);
  await items.getByRole('button', { name: 'Eraf halen', exact: true }).click();
  await items.getByRole('row', { name: new RegExp(`${kept.number}.*Eraf gehaald`) }).waitFor();
  assert.match(await items.getByRole('row', { name: new RegExp(kept.number) }).innerText(), new RegExp(REMOVE_REASON));
  await page1
    .getByTestId('round-tally')
    .filter({ hasText: /^1 op de lijst, 0 vernietigd, 1 eraf gehaald/ })
    .waitFor();

  // The first signature; then no approval for her, and the screen says why.
  await page1.getByRole('button', { name: 'Beoordelen (eerste handtekening)' }).click();
  await page1.getByText('Je ondertekent de lijst zoals hij nu is: 1 dossier.').waitFor();
  await assertAccessible(page1, 'the review panel');
  await page1.getByRole('button', { name: 'Beoordelen (eerste handtekening)' }).click();
  await page1.getByTestId('round-status').filter({ hasText: 'Beoordeeld' }).waitFor();
  await assertFocusOn(page1, page1.getByTestId('round-status'), 'the first signature');
  await page1.getByTestId('four-eyes').filter({ hasText: 'Je hebt deze lijst zelf beoordeeld' }).waitFor();
  assert.equal(await page1.getByRole('button', { name: /Goedkeuren/ }).count(), 0, 'the reviewer may not approve');
  assert.equal(await page1.getByRole('button', { name: /eraf halen/ }).count(), 0, 'a reviewed list is fixed');
  assert.match(
    await page1
      .getByRole('table', { name: 'Ondertekening' })
      .getByRole('row', { name: /eerste handtekening/ })
      .innerText(),
    new RegExp(`User ${fg1.username}`),
  );
  await assertAccessible(page1, 'a reviewed list as its reviewer sees it');

  // The second officer approves it; the page follows the job until the list is done.
  const page2 = await signedIn(browser, address, fg2, problems);
  await page2.goto(`${address}/privacy/destruction`);
  await page2
    .getByTestId('destruction-rounds')
    .getByRole('row', { name: /Beoordeeld/ })
    .getByRole('link')
    .click();
  await page2.waitForURL(`${address}/privacy/destruction/${roundId}`);
  assert.equal(await page2.getByTestId('four-eyes').count(), 0);
  await page2.getByRole('button', { name: 'Goedkeuren en vernietigen (tweede handtekening)' }).click();
  await page2.getByText('Na je goedkeuring wordt het dossier op deze lijst vernietigd').waitFor();
  await assertAccessible(page2, 'the approval panel');
  await page2.getByRole('button', { name: 'Goedkeuren en vernietigen (tweede handtekening)' }).click();
  await page2.getByTestId('round-status').filter({ hasText: 'Goedgekeurd, wordt uitgevoerd' }).waitFor();
  await page2.getByTestId('round-carrying-out').filter({ hasText: 'ververst zichzelf' }).waitFor();
  assert.match(
    await page2
      .getByRole('table', { name: 'Ondertekening' })
      .getByRole('row', { name: /tweede handtekening/ })
      .innerText(),
    new RegExp(`User ${fg2.username}`),
  );
  await assertAccessible(page2, 'an approved list being carried out');

  // The job, as the queue's worker runs it on approval.
  const summary = await carryOutRound(system.db, system.blobs, roundId, { batchSize: 10 });
  assert.deepEqual(summary, { destroyed: 1, skipped: 0, failed: 0, unfinished: false, completed: true });
  await page2
    .getByTestId('round-status')
    .filter({ hasText: /^Uitgevoerd$/ })
    .waitFor({ timeout: 15_000 });
  assert.equal(await page2.getByTestId('round-carrying-out').count(), 0, 'no more refreshing');
  const report = page2.getByTestId('round-report-table');
  await report.getByRole('row', { name: new RegExp(`${doomed.number}.*Vernietigd`) }).waitFor();
  assert.match(await report.getByRole('row', { name: new RegExp(doomed.number) }).innerText(), /documenten: 1/);
  assert.match(await report.getByRole('row', { name: new RegExp(kept.number) }).innerText(), /Eraf gehaald/);
  assert.equal(await report.getByRole('row', { name: new RegExp(held.number) }).count(), 0);
  assert.match(await page2.getByTestId('round-report').innerText(), new RegExp(`goedgekeurd door User ${fg2.username}`));
  await assertAccessible(page2, 'a carried-out list with its report');
  await screenshot(page2, 'destruction-report');

  // The PDF link: a GET with the session cookie answers the report as a PDF.
  const href = await page2.getByRole('link', { name: 'Verslag als PDF downloaden' }).getAttribute('href');
  assert.equal(href, `/api/v1/privacy/destruction-lists/${roundId}/report.pdf`);
  const pdf = await page2.request.get(`${address}${href}`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');

  // What the screens showed is what happened: the doomed case is gone, the held and the kept one stay.
  assert.deepEqual([await rowsOf(system, 'case_file', 'id', doomed.caseId), await rowsOf(system, 'case_file', 'id', held.caseId)], [0, 1]);
  assert.equal(await rowsOf(system, 'case_file', 'id', kept.caseId), 1);
  assert.deepEqual(
    problems.filter((p) => /Content Security Policy|Refused to/i.test(p)),
    [],
    'no CSP violations',
  );
  // Expected in the console: the 401 of GET /auth/session on each sign-in screen.
  assert.deepEqual(
    problems.filter((p) => !/status of 401 .*\/sign-in\)$/.test(p)),
    [],
    'no script errors',
  );
});
