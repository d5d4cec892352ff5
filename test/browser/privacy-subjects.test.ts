// The privacy officer's data-subject request screens in a real browser, under the strict CSP: she finds
// the client by BSN (the request as reason), downloads the access export as JSON (the client's, not the
// next of kin's on the same case) and as PDF (object URLs under `default-src 'none'`: no CSP report), sees
// the worker's change of the client's phone in the rectification history, sees erasure refused while the
// case is open and while it is on legal hold, and anonymises the client once it is allowed. A case worker
// has no Privacy menu entry. Every state visited passes axe-core (WCAG 2.1 A/AA).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { assertAccessible, launchBrowser, screenshot } from '../helpers/browser.ts';
import { assertNoProblems, signInWithTotp, watchedPage } from '../helpers/browser-steps.ts';
import { assertFocusOn } from '../helpers/browser-keyboard.ts';
import { adminQuery } from '../helpers/database.ts';
import { team } from '../helpers/fixtures.ts';
import { totpCode } from '../helpers/identity.ts';
import { buildPrivacy, fullCase } from '../helpers/privacy.ts';

const REQUEST = 'Inzageverzoek AVG-2026-014, ontvangen 3 maart 2026';
const GROUND = 'Verzoek AVG-2026-015, art. 17 lid 1 sub a AVG';

async function downloaded(page: Page, click: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

test('a data-subject request: found by BSN, access export as JSON and PDF, rectification history, erasure refused then done', async (t) => {
  const browser = await launchBrowser(t);
  const system = await buildPrivacy(t, {}, { listen: true });
  const address = system.address ?? assert.fail('the system listens');
  const a = await team(system);
  const worker = await a.user('hulpverlener', 'case-worker');
  const fg = await a.user('fg', 'privacy-officer', 'staff', 'national');
  const kase = await fullCase(system, worker, a.unit);
  const client = (await worker.session.request('GET', `/api/v1/persons/${kase.clientId}`)).json<{ displayName: string; version: number }>();
  const kin = (await worker.session.request('GET', `/api/v1/persons/${kase.kinId}`)).json<{ displayName: string }>();
  // The worker corrects the client's phone number: the change the history must show.
  const changed = await worker.session.request('PATCH', `/api/v1/persons/${kase.clientId}`, {
    version: client.version,
    phones: ['0612312312'],
  });
  assert.equal(changed.statusCode, 200, changed.body);

  const { page, problems } = await watchedPage(browser, { acceptDownloads: true });
  await signInWithTotp(page, address, fg);
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Privacy' }).click();
  await page.getByRole('list', { name: 'Onderdelen' }).getByRole('link', { name: 'Verzoeken van betrokkenen' }).click();
  await page.getByRole('heading', { name: 'Verzoeken van betrokkenen', level: 1 }).waitFor();
  await assertAccessible(page, 'the data-subject search');

  // Without the request, or without a BSN or surname and date of birth, nothing is asked.
  const search = page.getByRole('region', { name: 'Persoon zoeken' });
  await search.getByRole('button', { name: 'Zoeken' }).click();
  await search.getByText('Vul minstens 10 tekens in.').waitFor();
  assert.equal(await search.getByText('Vul een BSN in, of de achternaam én de geboortedatum.').count(), 2);
  await assertAccessible(page, 'the data-subject search refused at its fields');
  await search.getByLabel('Verzoek (kenmerk en datum)').fill(REQUEST);
  await search.getByLabel('BSN').fill(kase.client.bsn);
  await search.getByRole('button', { name: 'Zoeken' }).click();
  const results = page.getByRole('table', { name: 'Gevonden personen' });
  await results.getByRole('link', { name: client.displayName }).click();
  await page.waitForURL(`${address}/privacy/persons/${kase.clientId}`);
  await page.getByRole('heading', { name: `Verzoek van ${client.displayName}`, level: 1 }).waitFor();
  assert.equal(await page.getByLabel('Verzoek (kenmerk en datum)').inputValue(), REQUEST, 'the request is carried over, in memory');
  await assertAccessible(page, 'the request’s page');

  // The access export as JSON: a download of the client's data, not her next of kin's; then its summary.
  const json = await downloaded(page, () => page.getByRole('button', { name: 'Inzage downloaden (JSON)' }).click());
  assert.equal(json.name, `inzage-${kase.clientId}.json`);
  const exported = JSON.parse(json.bytes.toString('utf8')) as {
    dataSubjectId: string;
    person: { id: string; bsn: string; phones: string[] };
    cases: { caseId: string; number: string }[];
  };
  assert.equal(exported.dataSubjectId, kase.clientId);
  assert.equal(exported.person.id, kase.clientId);
  assert.equal(exported.person.bsn, kase.client.bsn);
  assert.deepEqual(exported.person.phones, ['+31612312312'], 'the phone as the worker corrected it');
  assert.deepEqual(
    exported.cases.map((c) => c.number),
    [kase.number],
  );
  const text = json.bytes.toString('utf8');
  assert.ok(!text.includes(kin.displayName), 'the next of kin sharing the case is not in the export');
  const summary = page.getByTestId('export-summary');
  await page.getByRole('status').filter({ hasText: 'De JSON is gedownload.' }).waitFor();
  assert.match(await summary.getByRole('row', { name: /^Dossiers/ }).innerText(), /1$/);
  assert.match(await summary.getByRole('row', { name: /^Contactmomenten/ }).innerText(), /1$/);
  assert.match(await summary.getByRole('row', { name: /^Documenten/ }).innerText(), /1$/);
  await assertAccessible(page, 'the request’s page after the JSON export');
  await screenshot(page, 'privacy-subject');

  // The same export as PDF.
  const pdf = await downloaded(page, () => page.getByRole('button', { name: 'Inzage downloaden (PDF)' }).click());
  assert.equal(pdf.name, `inzage-${kase.clientId}.pdf`);
  assert.equal(pdf.bytes.subarray(0, 4).toString('latin1'), '%PDF');
  await page.getByRole('status').filter({ hasText: 'De PDF is gedownload.' }).waitFor();

  // The rectification history: the worker changed the phone numbers.
  const rectification = page.getByRole('region', { name: 'Geschiedenis van wijzigingen' });
  await rectification.getByRole('button', { name: 'Geschiedenis tonen' }).click();
  const history = rectification.getByTestId('rectification-history');
  const phoneRow = history.getByRole('row').filter({ hasText: 'phones' });
  await phoneRow.waitFor();
  assert.match(await phoneRow.innerText(), new RegExp(`person\\.update[\\s\\S]*`));
  assert.match(await phoneRow.innerText(), new RegExp(worker.id));
  await assertAccessible(page, 'the rectification history');

  // Every step was audited with the request as reason and the client as data subject.
  const audited = await adminQuery<{ action: string }>(
    system.target.ownerUrl,
    `select action from audit_event where actor_id = $1 and reason = $2 and (data_subject_id = $3 or $3 = any(data_subject_ids)) order by occurred_at`,
    [fg.id, REQUEST, kase.clientId],
  );
  for (const action of ['privacy.subject-search', 'privacy.subject-access-export', 'privacy.rectification-history'])
    assert.ok(
      audited.rows.some((r) => r.action === action),
      `${action} audited: ${audited.rows.map((r) => r.action).join(', ')}`,
    );

  // Who looked at her (the privacy officer holds audit.subject-views): shown when asked, the worker's change
  // among the rows, and the view itself recorded with the client as data subject.
  await page.getByRole('button', { name: 'Toon wie haar gegevens bekeek' }).click();
  const looked = page.getByRole('region', { name: 'Wie heeft deze cliënt bekeken' });
  await looked.getByRole('row').filter({ hasText: 'person.update' }).first().waitFor();
  await assertAccessible(page, 'who looked at her');
  const viewed = await adminQuery(
    system.target.ownerUrl,
    `select 1 from audit_event where actor_id = $1 and action = 'audit.subject-view' and data_subject_id = $2`,
    [fg.id, kase.clientId],
  );
  assert.equal(viewed.rowCount, 1, 'the view is audited once');

  // Erasure: refused while the case is open.
  const erasure = page.getByRole('region', { name: 'Wissen (AVG art. 17)' });
  await erasure.getByRole('button', { name: 'Bekijk wat wissen zou doen' }).click();
  const refused = erasure.getByTestId('erasure-refused');
  await refused.getByText(`Dossier ${kase.number} is nog open.`).waitFor();
  assert.equal(await erasure.getByRole('button', { name: /^(Wissen|Anonimiseren)…$/ }).count(), 0, 'no erase action while refused');
  await assertAccessible(page, 'erasure refused: an open case');

  // Closed, but on legal hold: still refused, for that reason.
  const { version } = (await worker.session.request('GET', `/api/v1/cases/${kase.caseId}`)).json<{ version: number }>();
  const closed = await worker.session.request('POST', `/api/v1/cases/${kase.caseId}/close`, { version, reason: 'Hulpverlening afgerond' });
  assert.equal(closed.statusCode, 200, closed.body);
  const held = await fg.session.request('POST', `/api/v1/cases/${kase.caseId}/legal-hold`, { reason: 'Civiele procedure loopt' });
  assert.equal(held.statusCode, 200, held.body);
  await erasure.getByRole('button', { name: 'Opnieuw nagaan' }).click();
  await refused.getByText(`Dossier ${kase.number} staat onder een juridische bewaarplicht.`).waitFor();
  assert.equal(await refused.getByText(/is nog open/).count(), 0);
  await assertAccessible(page, 'erasure refused: a legal hold');

  // The hold lifted: the client is anonymised (a closed case remains), after confirming with the legal ground.
  const lifted = await fg.session.request('POST', `/api/v1/cases/${kase.caseId}/legal-hold/lift`, { reason: 'Procedure afgerond' });
  assert.equal(lifted.statusCode, 200, lifted.body);
  await erasure.getByRole('button', { name: 'Opnieuw nagaan' }).click();
  await erasure.getByText('Er blijft een afgesloten dossier: de persoon wordt geanonimiseerd.').waitFor();
  assert.match(
    await erasure
      .getByTestId('erasure-effects')
      .getByRole('row', { name: /^Contactmomenten/ })
      .innerText(),
    /1$/,
  );
  await erasure.getByRole('button', { name: 'Anonimiseren…' }).click();
  const confirm = erasure.getByRole('group', { name: `${client.displayName} wissen` });
  const ground = confirm.getByLabel('Grondslag');
  await assertFocusOn(page, ground, 'opening the confirming panel');
  await assertAccessible(page, 'erasure confirming');
  await confirm.getByRole('button', { name: 'Definitief anonimiseren' }).click();
  await confirm.getByText('Vul minstens 10 tekens in.').waitFor();
  await ground.fill(GROUND);
  await confirm.getByRole('button', { name: 'Definitief anonimiseren' }).click();
  const done = erasure.getByTestId('erasure-done');
  await done.getByRole('heading', { name: 'De persoon is geanonimiseerd.' }).waitFor();
  assert.match(await done.getByRole('row', { name: /^Documenten/ }).innerText(), /1$/);
  await assertAccessible(page, 'erasure done');
  const person = await adminQuery<{ anonymised: boolean }>(
    system.target.ownerUrl,
    'select anonymised_at is not null as anonymised from person where id = $1',
    [kase.clientId],
  );
  assert.deepEqual(person.rows, [{ anonymised: true }]);

  // The request lived in memory until sign-out: signed in again in the same page (no reload: the app's
  // memory stays), the search starts empty.
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.getByLabel('Gebruikersnaam').fill(fg.username);
  await page.getByLabel('Wachtwoord').fill(fg.password);
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('textbox', { name: 'Code', exact: true }).fill(await totpCode(fg));
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Privacy' }).click();
  await page.getByRole('list', { name: 'Onderdelen' }).getByRole('link', { name: 'Verzoeken van betrokkenen' }).click();
  assert.equal(await page.getByLabel('Verzoek (kenmerk en datum)').inputValue(), '');
  assertNoProblems(problems);

  // A case worker has no Privacy menu entry.
  const other = await watchedPage(browser);
  await signInWithTotp(other.page, address, worker);
  const menu = other.page.getByRole('navigation', { name: 'Hoofdmenu' });
  await menu.getByRole('link', { name: 'Start' }).waitFor();
  assert.equal(await menu.getByRole('link', { name: 'Privacy' }).count(), 0);
  await other.page.goto(`${address}/privacy/persons`);
  await other.page.getByText('Zoeken vraagt het recht op inzageverzoeken (privacy.subject-access).').waitFor();
  assert.equal(await other.page.getByRole('button', { name: 'Zoeken' }).count(), 0);
  await assertAccessible(other.page, 'the data-subject page without rights');
  assertNoProblems(other.problems);
});
