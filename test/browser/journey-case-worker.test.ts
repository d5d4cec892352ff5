// The case worker's acceptance journeys of issue 11 in a real browser, under the strict CSP, from the
// sign-in to a closed case. A referral came in from the police through the integration API, about a
// person already registered in the team (a client of the case worker's earlier case). The case worker
// signs in (password and the app's code), takes the referral from her team's queue on the start page,
// records a failed and then a successful contact attempt, converts it to a case where the duplicate
// check offers the existing person and she picks her; on the case screen she logs a contact moment
// (refused at a field first), adds a task, uploads a document and downloads the same bytes, moves the
// case through the statuses its type allows and closes it with a reason. Journey 2 does it with the
// mouse; journey 4 with the keyboard only (Tab, Shift+Tab, Enter, Space, the arrow keys and typing: no
// click, no fill), which holds that every control is reachable and operable and that the focus goes
// somewhere sensible after each action (never to the page's body). The end state is checked through
// the API and the database. Every screen state visited passes axe-core (WCAG 2.1 A/AA).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright-core';
import { systemContext } from '../../src/kernel/auth/actor.ts';
import { issueToken } from '../../src/modules/identity/index.ts';
import { build, type TestSystem } from '../helpers/build.ts';
import { assertAccessible, launchBrowser, screenshot } from '../helpers/browser.ts';
import { assertFocusOn, chooseOption, hasFocus, signInWithKeyboard, tabTo } from '../helpers/browser-keyboard.ts';
import { assertNoProblems, signInWithTotp, watchedPage } from '../helpers/browser-steps.ts';
import { adminQuery } from '../helpers/database.ts';
import { createUser, grantRole } from '../helpers/identity.ts';
import { freePort } from '../helpers/browser-passkeys.ts';
import { SoftwareAuthenticator } from '../helpers/webauthn.ts';
import { openCase, team, type Member } from '../helpers/fixtures.ts';

const letter = (marker: string) => Buffer.from(`%PDF-1.7\n1 0 obj << /Title (${marker}) >> endobj\n\n%%EOF\n`);

/**
 * The journey's starting point: a team with a case worker who helped Sanne before (a case of hers she
 * works: a case worker sees the persons of her own cases); the police now refer Sanne again (their
 * system calls the integration API with its token).
 */
async function referredTwice(system: TestSystem) {
  const a = await team(system);
  const worker = await a.user('hulpverlener', 'case-worker');
  const suffix = `J${a.n}`;
  const surname = `Dubbelaar${suffix}`;
  const registered = await worker.session.request('POST', '/api/v1/persons', {
    voornamen: 'Sanne',
    achternaam: surname,
    dateOfBirth: '1984-03-12',
    confirmNoDuplicate: true,
  });
  assert.equal(registered.statusCode, 201, registered.body);
  const sanne = registered.json<{ id: string }>().id;
  await openCase(system, worker, a.unit, { participants: [{ personId: sanne, role: 'victim', primaryClient: true }] });

  // The police's service account, with a token issued as `casus tokens create` does.
  const police = await createUser(system, `politie-${a.code}`, { kind: 'service', password: null });
  await grantRole(system, police.id, 'chain-partner', a.code);
  const { token } = await system.authDb.transaction(systemContext('cli:tokens'), (tx) =>
    issueToken(tx, { accountId: police.id, name: 'bvh', expiresAt: new Date(Date.now() + 86_400_000), reason: 'BVH-koppeling' }),
  );
  const reference = `PL0900-2026-${suffix}`;
  const sent = await fetch(`${system.address}/api/v1/integration/referrals`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `bvh-${suffix}` },
    body: JSON.stringify({
      source: 'police',
      sourceReference: reference,
      unitCode: a.code,
      consent: { given: true },
      person: { voornamen: 'Sanne', achternaam: surname, dateOfBirth: '1984-03-12', phones: ['0612345678'] },
      incident: { category: 'violence', place: 'Utrecht' },
      note: 'Slachtoffer van straatroof, wil graag gebeld worden.',
    }),
  });
  const answer = await sent.text();
  assert.equal(sent.status, 201, answer);
  const referral = (JSON.parse(answer) as { id: string }).id;
  return { worker, sanne, surname, reference, referral };
}

/** The journey's result, through the API and the database: the referral converted for Sanne, the case closed with all it holds. */
async function assertJourneyDone(
  system: TestSystem,
  worker: Member,
  journey: {
    referral: string;
    caseId: string;
    sanne: string;
    surname: string;
    summary: string;
    task: string;
    file: string;
    reason: string;
  },
) {
  const referral = (await worker.session.request('GET', `/api/v1/referrals/${journey.referral}`)).json<{
    status: string;
    personId: string;
    convertedCaseId: string;
  }>();
  assert.deepEqual(
    [referral.status, referral.personId, referral.convertedCaseId],
    ['converted', journey.sanne, journey.caseId],
    'the referral became this case, for the person already registered',
  );
  const persons = await adminQuery<{ n: string }>(system.target.ownerUrl, `select count(*) as n from person where achternaam = $1`, [
    journey.surname,
  ]);
  assert.equal(persons.rows[0]!.n, '1', 'no second Sanne registered');
  const kase = (await worker.session.request('GET', `/api/v1/cases/${journey.caseId}`)).json<{
    status: string;
    closedAt: string | null;
    closeReason: string | null;
  }>();
  assert.equal(kase.status, 'closed');
  assert.ok(kase.closedAt, 'closed');
  assert.equal(kase.closeReason, journey.reason);
  const moments = (await worker.session.request('GET', `/api/v1/cases/${journey.caseId}/contact-moments`)).json<{
    items: { summary: string; durationMinutes: number | null }[];
  }>().items;
  assert.deepEqual(
    moments.map((m) => [m.summary, m.durationMinutes]),
    [[journey.summary, 25]],
    'one contact moment: the refused save stored nothing',
  );
  const tasks = (await worker.session.request('GET', `/api/v1/tasks?view=all&caseId=${journey.caseId}`)).json<{
    items: { title: string }[];
  }>().items;
  assert.ok(
    tasks.some((task) => task.title === journey.task),
    `the task is there: ${JSON.stringify(tasks)}`,
  );
  const documents = (await worker.session.request('GET', `/api/v1/cases/${journey.caseId}/documents`)).json<{
    items: { filename: string }[];
  }>().items;
  assert.deepEqual(
    documents.map((d) => d.filename),
    [journey.file],
  );
}

async function downloadedBytes(download: Download): Promise<Buffer> {
  return readFile(await download.path());
}

test('journey 2, by mouse: from the team queue through the duplicate check to a closed case', async (t) => {
  const system = await build(t, { listen: true });
  const address = system.address ?? assert.fail('the system listens');
  const { worker, sanne, surname, reference, referral } = await referredTwice(system);

  const browser = await launchBrowser(t);
  const { page, problems } = await watchedPage(browser, { acceptDownloads: true });
  await signInWithTotp(page, address, worker);

  // The start page: her team's queue holds the police's referral.
  const queue = page.getByTestId('referral-queue');
  await queue.getByRole('link', { name: reference }).waitFor();
  await assertAccessible(page, 'the start page with the queue');
  await screenshot(page, 'journey-start');
  await queue.getByRole('link', { name: reference }).click();
  await page.waitForURL(`${address}/referrals/${referral}`);
  const details = page.getByRole('table', { name: 'Gegevens van de aanmelding' });
  await details.waitFor();
  assert.match(await details.getByRole('row', { name: /^Bron/ }).innerText(), /Politie/);
  await assertAccessible(page, 'the referral screen');
  await page.getByRole('button', { name: 'Zelf oppakken' }).click();
  await details
    .getByRole('row', { name: /^Behandelaar/ })
    .getByText('Jij')
    .waitFor();

  // A failed attempt, then a successful one.
  await page.getByLabel('Uitkomst').selectOption({ label: 'Niet bereikt: geen gehoor' });
  await page.getByLabel('Notitie').fill('Geen gehoor');
  await page.getByRole('button', { name: 'Vastleggen' }).click();
  await page.getByRole('status').filter({ hasText: 'De contactpoging is vastgelegd.' }).waitFor();
  await page.getByTestId('referral-attempts').getByRole('cell', { name: 'Geen gehoor', exact: true }).waitFor();
  await page.getByLabel('Uitkomst').selectOption({ label: 'Bereikt' });
  await page.getByRole('button', { name: 'Vastleggen' }).click();
  await page.getByTestId('referral-status').filter({ hasText: 'In contact' }).waitFor();
  assert.equal(await page.getByTestId('referral-attempts').locator('tbody tr').count(), 2);
  await assertAccessible(page, 'the referral in contact');

  // Convert: the duplicate check offers Sanne, already registered; she picks her.
  const convert = page.getByRole('region', { name: 'Omzetten in een dossier' });
  assert.equal(await convert.getByLabel('Achternaam').inputValue(), surname);
  await convert.getByRole('button', { name: 'Omzetten in dossier' }).click();
  const existing = page.getByTestId('possible-duplicates').getByRole('radio', { name: new RegExp(`Sanne ${surname}, geboren 12 mrt`) });
  await existing.waitFor();
  await assertAccessible(page, 'the conversion with a possible duplicate');
  await existing.check();
  await convert.getByRole('button', { name: 'Omzetten met deze persoon' }).click();
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  const caseId = page.url().split('/').pop()!;

  // The case screen: Sanne is its client.
  await page.getByRole('heading', { level: 1, name: /^Dossier / }).waitFor();
  await page
    .getByTestId('case-participants')
    .getByRole('link', { name: new RegExp(surname) })
    .waitFor();
  const status = page.getByTestId('case-status');
  assert.equal(await status.textContent(), 'Status: Intake');
  await assertAccessible(page, 'the new case');
  await screenshot(page, 'journey-case');

  // A contact moment: refused at a field first (the input stays), then saved.
  const summary = 'Kennismaking: verloop van de aangifte besproken.';
  await page.getByRole('button', { name: 'Contact vastleggen' }).click();
  await page.getByLabel('Wat is besproken').fill(summary);
  await page.getByLabel('Duur in minuten').fill('2000');
  await page.getByRole('button', { name: 'Vastleggen', exact: true }).click();
  await page.getByText('Vul een duur in van 0 tot 1440 minuten.').waitFor();
  assert.equal(await page.getByLabel('Wat is besproken').inputValue(), summary);
  await assertAccessible(page, 'a contact moment refused at a field');
  await page.getByLabel('Duur in minuten').fill('25');
  await page.getByRole('button', { name: 'Vastleggen', exact: true }).click();
  await page.getByTestId('contact-moment').getByText(summary).waitFor();

  // A task.
  const task = 'Slachtofferverklaring opvragen';
  const tasks = page.getByTestId('case-tasks');
  await tasks.getByRole('button', { name: 'Taak toevoegen' }).click();
  await page.getByLabel('Wat moet er gebeuren').fill(task);
  await page.getByRole('button', { name: 'Toevoegen', exact: true }).click();
  await tasks.getByRole('cell', { name: task, exact: true }).waitFor();

  // A document: uploaded, then downloaded byte for byte.
  const file = 'brief aan cliënt.pdf';
  const bytes = letter('journey-mouse');
  await page.getByLabel('Bestand').setInputFiles({ name: file, mimeType: 'application/pdf', buffer: bytes });
  await page.getByRole('button', { name: 'Uploaden' }).click();
  await page.getByText(`${file} is toegevoegd.`).waitFor();
  const documents = page.getByTestId('case-documents-section');
  const [download] = await Promise.all([page.waitForEvent('download'), documents.getByRole('link', { name: file }).click()]);
  assert.equal(download.suggestedFilename(), file);
  assert.deepEqual(await downloadedBytes(download), bytes, 'the downloaded bytes are the uploaded ones');
  await assertAccessible(page, 'the case with a contact moment, a task and a document');

  // The statuses the case type allows, then closing with a reason.
  await page.getByRole('button', { name: 'Naar Lopend' }).click();
  await status.filter({ hasText: 'Status: Lopend' }).waitFor();
  await page.getByRole('button', { name: 'Naar Wacht op cliënt of derden' }).click();
  await status.filter({ hasText: 'Status: Wacht op cliënt of derden' }).waitFor();
  const reason = 'Cliënt is geholpen en heeft geen vragen meer.';
  await page.getByRole('button', { name: 'Dossier sluiten' }).click();
  await page.getByLabel('Waarom wordt het dossier gesloten?').fill(reason);
  await page.getByRole('button', { name: 'Sluiten', exact: true }).click();
  await status.filter({ hasText: 'Status: Afgesloten' }).waitFor();
  await assertAccessible(page, 'the closed case');
  await screenshot(page, 'journey-closed');

  await assertJourneyDone(system, worker, { referral, caseId, sanne, surname, summary, task, file, reason });
  // Expected in the console: the 409 of the duplicate check and the 400 of the refused duration.
  assertNoProblems(problems, [/status of 409/, /status of 400/]);
});

/** Arrow keys through the focused radio group until `target` is focused and checked (Space checks a focused, unchecked one). */
async function arrowToRadio(page: Page, target: ReturnType<Page['getByRole']>, key: 'ArrowUp' | 'ArrowDown', max = 6): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await hasFocus(target)) {
      if (!(await target.isChecked())) await page.keyboard.press('Space');
      assert.ok(await target.isChecked(), `${target.toString()} is checked`);
      return;
    }
    await page.keyboard.press(key);
  }
  assert.fail(`${target.toString()} not reached with ${key}`);
}

/** Replaces the focused text field's content by typing (select all first). */
async function retype(page: Page, text: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

test('journey 4, by keyboard only: the same journey with Tab, Enter, Space, the arrow keys and typing', async (t) => {
  // She has a passkey on another device, so sign-in offers a passkey first and she switches to the app's
  // code: passkeys need the page at the public URL's origin on localhost (browser-passkeys.ts).
  const port = await freePort();
  const address = `http://localhost:${port}`;
  const system = await build(t, { listen: true, env: { PORT: String(port), CASUS_PUBLIC_URL: address } });
  const { worker, sanne, surname, reference, referral } = await referredTwice(system);
  const phone = new SoftwareAuthenticator(address);
  const options = await worker.session.request('POST', '/api/v1/auth/webauthn/registration/options', {});
  const registered = await worker.session.request('POST', '/api/v1/auth/webauthn/registration', {
    name: 'Telefoon',
    response: phone.register(options.json()),
  });
  assert.equal(registered.statusCode, 200, registered.body);

  const browser = await launchBrowser(t);
  const { page, problems } = await watchedPage(browser, { acceptDownloads: true });
  // The only navigation not done by keyboard: opening the sign-in screen.
  await page.goto(`${address}/sign-in`);
  await page.getByRole('heading', { name: 'Inloggen', level: 1 }).waitFor();
  await assertAccessible(page, 'the sign-in screen');
  await signInWithKeyboard(page, worker, {
    atSecondStep: async () => {
      await page.getByRole('button', { name: 'Inloggen met passkey' }).waitFor();
      await assertAccessible(page, 'the second step of signing in, a passkey offered first');
    },
  });

  // The start page: to the police's referral in the queue.
  const queueLink = page.getByTestId('referral-queue').getByRole('link', { name: reference });
  await queueLink.waitFor();
  await assertAccessible(page, 'the start page, by keyboard');
  await tabTo(page, queueLink);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${address}/referrals/${referral}`);
  const details = page.getByRole('table', { name: 'Gegevens van de aanmelding' });
  await details.waitFor();
  // The link pressed is gone with the start page: the new screen's main region has the focus.
  const main = page.getByRole('main');
  await assertFocusOn(page, main, 'opening the referral');
  await assertAccessible(page, 'the referral screen, by keyboard');

  // Take it: the button goes away, the focus must not.
  await tabTo(page, page.getByRole('button', { name: 'Zelf oppakken' }));
  await page.keyboard.press('Enter');
  await details
    .getByRole('row', { name: /^Behandelaar/ })
    .getByText('Jij')
    .waitFor();
  await assertFocusOn(page, page.getByRole('heading', { name: 'Aanmelding', level: 1 }), 'taking the referral');

  // A failed attempt, then a successful one; the choice of outcome by arrow keys.
  const outcome = page.getByRole('combobox', { name: 'Uitkomst' });
  const record = page.getByRole('button', { name: 'Vastleggen' });
  await tabTo(page, outcome);
  await chooseOption(page, 'Niet bereikt: geen gehoor');
  await tabTo(page, page.getByRole('textbox', { name: 'Notitie' }), { max: 2 });
  await page.keyboard.type('Geen gehoor');
  await tabTo(page, record, { max: 2 });
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'De contactpoging is vastgelegd.' }).waitFor();
  await page.getByTestId('referral-attempts').getByRole('cell', { name: 'Geen gehoor', exact: true }).waitFor();
  await assertFocusOn(page, record, 'recording an attempt');
  await tabTo(page, outcome, { back: true, max: 4 });
  await chooseOption(page, 'Bereikt');
  await tabTo(page, record, { max: 3 });
  await page.keyboard.press('Enter');
  await page.getByTestId('referral-status').filter({ hasText: 'In contact' }).waitFor();
  await assertAccessible(page, 'the referral in contact, by keyboard');

  // Convert: the duplicate check offers Sanne; she picks her with the arrow keys.
  await tabTo(page, page.getByRole('button', { name: 'Omzetten in dossier' }));
  await page.keyboard.press('Enter');
  const duplicates = page.getByTestId('possible-duplicates');
  const existing = duplicates.getByRole('radio', { name: new RegExp(`Sanne ${surname}, geboren 12 mrt`) });
  await existing.waitFor();
  const confirm = page.getByRole('button', { name: 'Omzetten met deze persoon' });
  await assertFocusOn(page, confirm, 'the duplicate check');
  await tabTo(page, duplicates.getByRole('radio'), { back: true, max: 3 });
  await arrowToRadio(page, existing, 'ArrowUp');
  await assertAccessible(page, 'the duplicate chosen, by keyboard');
  await tabTo(page, confirm, { max: 3 });
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  const caseId = page.url().split('/').pop()!;
  await page
    .getByTestId('case-participants')
    .getByRole('link', { name: new RegExp(surname) })
    .waitFor();
  const status = page.getByTestId('case-status');
  await assertFocusOn(page, main, 'converting: the case screen opened');
  await assertAccessible(page, 'the new case, by keyboard');

  // A contact moment: the form takes the focus; refused at a field (the focus goes there), then saved.
  const logContact = page.getByRole('button', { name: 'Contact vastleggen' });
  await tabTo(page, logContact);
  await page.keyboard.press('Enter');
  await assertFocusOn(page, page.getByRole('combobox', { name: 'Kanaal' }), 'opening the contact form');
  const duration = page.getByRole('spinbutton', { name: 'Duur in minuten' });
  await tabTo(page, duration, { max: 12 });
  await page.keyboard.type('2000');
  const summary = 'Kennismaking: verloop van de aangifte besproken.';
  await tabTo(page, page.getByRole('textbox', { name: 'Wat is besproken' }), { max: 3 });
  await page.keyboard.type(summary);
  const save = page.getByRole('button', { name: 'Vastleggen', exact: true });
  await tabTo(page, save, { max: 3 });
  await page.keyboard.press('Enter');
  await page.getByText('Vul een duur in van 0 tot 1440 minuten.').waitFor();
  await assertFocusOn(page, duration, 'a refused duration');
  await assertAccessible(page, 'a contact moment refused at a field, by keyboard');
  await retype(page, '25');
  await tabTo(page, save, { max: 4 });
  await page.keyboard.press('Enter');
  await page.getByTestId('contact-moment').getByText(summary).waitFor();
  await assertFocusOn(page, logContact, 'saving the contact moment');

  // A task: the form takes the focus; saved, the focus goes back to "add".
  const task = 'Slachtofferverklaring opvragen';
  const addTask = page.getByRole('button', { name: 'Taak toevoegen' });
  await tabTo(page, addTask);
  await page.keyboard.press('Enter');
  await assertFocusOn(page, page.getByRole('textbox', { name: 'Wat moet er gebeuren' }), 'opening the task form');
  await page.keyboard.type(task);
  await tabTo(page, page.getByRole('button', { name: 'Toevoegen', exact: true }), { max: 4 });
  await page.keyboard.press('Enter');
  await page.getByTestId('case-tasks').getByRole('cell', { name: task, exact: true }).waitFor();
  await assertFocusOn(page, addTask, 'adding the task');

  // A document: the file input opens the file chooser (Space), then upload and download by Enter.
  const file = 'verslag gesprek.pdf';
  const bytes = letter('journey-keyboard');
  // Waited for before the tabbing: the first 'filechooser' listener makes Playwright ask the browser to intercept
  // the dialog without waiting for an answer, so a key pressed at once could open the real dialog (headless: none)
  // under load, and no event came (once in CI).
  const chooserShown = page.waitForEvent('filechooser');
  await tabTo(page, page.getByLabel('Bestand'));
  await page.keyboard.press('Space');
  const chooser = await chooserShown;
  // The operating system's file dialog is not the page: the test answers it.
  await chooser.setFiles({ name: file, mimeType: 'application/pdf', buffer: bytes });
  const upload = page.getByRole('button', { name: 'Uploaden' });
  await tabTo(page, upload, { max: 4 });
  await page.keyboard.press('Enter');
  await page.getByText(`${file} is toegevoegd.`).waitFor();
  await assertFocusOn(page, upload, 'uploading');
  const link = page.getByTestId('case-documents-section').getByRole('link', { name: file });
  await tabTo(page, link, { back: true, max: 10 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(download.suggestedFilename(), file);
  assert.deepEqual(await downloadedBytes(download), bytes, 'the downloaded bytes are the uploaded ones');
  await assertAccessible(page, 'the case with a contact moment, a task and a document, by keyboard');

  // The statuses: after each change the focus is on the new status (the button pressed is gone).
  await tabTo(page, page.getByRole('button', { name: 'Naar Lopend' }), { back: true, max: 60 });
  await page.keyboard.press('Enter');
  await status.filter({ hasText: 'Status: Lopend' }).waitFor();
  await assertFocusOn(page, status, 'a status change');
  await tabTo(page, page.getByRole('button', { name: 'Naar Wacht op cliënt of derden' }), { max: 4 });
  await page.keyboard.press('Enter');
  await status.filter({ hasText: 'Status: Wacht op cliënt of derden' }).waitFor();
  await assertFocusOn(page, status, 'a status change');
  await tabTo(page, page.getByRole('button', { name: 'Dossier sluiten' }), { max: 4 });
  await page.keyboard.press('Enter');
  await assertFocusOn(page, page.getByRole('textbox', { name: 'Waarom wordt het dossier gesloten?' }), 'asking to close');
  const reason = 'Cliënt is geholpen en heeft geen vragen meer.';
  await page.keyboard.type(reason);
  await tabTo(page, page.getByRole('button', { name: 'Sluiten', exact: true }), { max: 2 });
  await page.keyboard.press('Enter');
  await status.filter({ hasText: 'Status: Afgesloten' }).waitFor();
  await assertFocusOn(page, status, 'closing the case');
  await assertAccessible(page, 'the closed case, by keyboard');
  await screenshot(page, 'journey-keyboard-closed');

  await assertJourneyDone(system, worker, { referral, caseId, sanne, surname, summary, task, file, reason });
  // Expected in the console: the 409 of the duplicate check and the 400 of the refused duration.
  assertNoProblems(problems, [/status of 409/, /status of 400/]);
});
