// The audit trail's screens in a real browser, under the strict CSP: a case worker opens a case for a
// client and logs a contact moment; the security officer (audit.read and audit.export at the root unit)
// opens Audit → search, filters by the client and sees the worker's events, reloads (the filter stays
// in the address), opens an event's details, is refused an export that would hold too many events (the
// problem's detail shown), narrows by action and by the worker (found by name) and downloads the CSV,
// which holds the event; a reversed time range in the address comes back as the API's field error at
// its field. The case worker sees "who looked at this client" on the person screen (her own work, not
// the officer's searches); the volunteer on the case sees no such section, and her browser never asks
// for it (a refusal would be an audited denied access). Every state visited passes axe-core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { build } from '../helpers/build.ts';
import { assertAccessible, launchBrowser, screenshot } from '../helpers/browser.ts';
import { assertNoProblems, signInWithTotp, watch } from '../helpers/browser-steps.ts';
import type { TestUser } from '../helpers/identity.ts';
import { openCase, team } from '../helpers/fixtures.ts';

async function signedIn(browser: Browser, address: string, user: TestUser, problems: string[]): Promise<Page> {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  watch(page, problems);
  await signInWithTotp(page, address, user);
  return page;
}

test('the audit trail: search by client, reload, details, export refused then narrowed and downloaded; who looked at the client', async (t) => {
  // Three events at most per export: the client's whole trail is more, one action of one worker is not.
  const system = await build(t, { listen: true, env: { CASUS_AUDIT_EXPORT_MAX_ROWS: '3' } });
  const address = system.address ?? assert.fail('the system listens');
  const a = await team(system);
  const worker = await a.user('hulpverlener', 'case-worker');
  const lead = await a.user('teamleider', 'team-lead');
  const volunteer = await a.user('vrijwilliger', 'volunteer', 'volunteer');
  const officer = await a.user('officer', 'security-officer', 'staff', 'national');

  // The case worker's work: a case for a new client, a contact moment with her.
  const kase = await openCase(system, worker, a.unit, { client: `Spoorcliënt${a.n}` });
  const client = kase.clientId;
  const contact = await worker.session.request('POST', `/api/v1/cases/${kase.id}/contact-moments`, {
    channel: 'phone',
    direction: 'outbound',
    outcome: 'reached',
    summary: 'Eerste gesprek gevoerd.',
    personId: client,
  });
  assert.equal(contact.statusCode, 201, contact.body);
  const contactId = contact.json<{ id: string }>().id;
  const assigned = await lead.session.request('POST', `/api/v1/cases/${kase.id}/assignments`, { userId: volunteer.id, role: 'volunteer' });
  assert.equal(assigned.statusCode, 200, assigned.body);
  const workerName = `User ${worker.username}`;

  const browser = await launchBrowser(t);
  const problems: string[] = [];
  const page = await signedIn(browser, address, officer, problems);

  // Audit → search: nothing is searched before a filter is given.
  await page.getByRole('link', { name: 'Audit', exact: true }).click();
  await page.getByRole('link', { name: 'Zoeken in de audittrail' }).click();
  await page.getByRole('heading', { name: 'Zoeken in de audittrail', level: 1 }).waitFor();
  await page.getByText('Kies een of meer filters en zoek.').waitFor();
  await assertAccessible(page, 'the audit search before a filter');

  // By the client: the worker's events, newest first.
  const filters = page.getByRole('form', { name: 'Filters' });
  await filters.getByRole('textbox', { name: 'Persoon (id)' }).fill(client);
  await filters.getByRole('button', { name: 'Filters toepassen' }).click();
  await page.waitForURL((url) => url.searchParams.get('personId') === client);
  const results = page.getByTestId('audit-events');
  const contactRow = results.locator('tbody tr').filter({ hasText: 'contact-moment.create' });
  await contactRow.waitFor();
  assert.match(
    await contactRow.innerText(),
    new RegExp(`${workerName}[\\s\\S]*Contactmoment vastgelegd[\\s\\S]*${contactId}[\\s\\S]*Gelukt`, 'i'),
  );
  await results.locator('tbody tr').filter({ hasText: 'person.create' }).filter({ hasText: workerName }).waitFor();
  await assertAccessible(page, 'the audit search by client');
  await screenshot(page, 'audit-events');

  // A reload keeps the filter (the address), and searches again.
  await page.reload();
  await contactRow.waitFor();
  assert.equal(await filters.getByRole('textbox', { name: 'Persoon (id)' }).inputValue(), client);

  // An event's details open in its row.
  await contactRow.getByRole('button', { name: 'Details tonen' }).click();
  const details = contactRow.getByRole('table', { name: /^Details van gebeurtenis/ });
  await details
    .getByRole('row', { name: /Overige gegevens/ })
    .filter({ hasText: kase.id })
    .waitFor();
  assert.equal(await contactRow.getByRole('button', { name: 'Details verbergen' }).getAttribute('aria-expanded'), 'true');
  await assertAccessible(page, 'the audit search with an event’s details');

  // The client's whole trail is more than an export may hold: refused, with the problem's detail.
  await page.getByRole('button', { name: 'CSV exporteren' }).click();
  const refusal = page.getByRole('alert').filter({ hasText: 'Export niet gemaakt' });
  await refusal.filter({ hasText: /more than 3 events/ }).waitFor();
  await assertAccessible(page, 'an export refused');

  // Narrowed to one action of one worker (found by name): the export downloads, and holds the event.
  await filters.getByRole('textbox', { name: 'Actie' }).fill('contact-moment.create');
  await filters.getByRole('textbox', { name: 'Zoek een collega (naam of gebruikersnaam)' }).fill(worker.username);
  await filters.getByRole('button', { name: 'Zoeken', exact: true }).click();
  await filters.getByRole('radio', { name: new RegExp(workerName) }).check();
  await filters.getByRole('button', { name: 'Filters toepassen' }).click();
  await page.waitForURL(
    (url) => url.searchParams.get('actorId') === worker.id && url.searchParams.get('action') === 'contact-moment.create',
  );
  await contactRow.waitFor();
  assert.equal(await results.locator('tbody tr').count(), 1, 'one contact moment of hers');
  await page.reload();
  await filters.getByTestId('audit-filter-actor').filter({ hasText: workerName }).waitFor();
  await contactRow.waitFor();
  await assertAccessible(page, 'the audit search narrowed by action and user');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV exporteren' }).click()]);
  assert.match(download.suggestedFilename(), /^audit-events-\d{8}T\d{6}Z\.csv$/);
  const csv = await readFile(await download.path(), 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  assert.equal(lines.length, 2, `a header and the event:\n${csv}`);
  assert.match(lines[1]!, new RegExp(`contact-moment\\.create.*${contactId}`));
  assert.ok(lines[1]!.includes(worker.id) && lines[1]!.includes(client));

  // A reversed time range in the address: the API's refusal at its field.
  await page.goto(`${address}/audit/events?personId=${client}&from=2026-12-08T00%3A00%3A00.000Z&to=2026-12-01T00%3A00%3A00.000Z`);
  const from = filters.getByLabel('Vanaf');
  await page.getByRole('alert').filter({ hasText: 'Niet alles is goed ingevuld' }).waitFor();
  assert.equal(await from.getAttribute('aria-invalid'), 'true');
  await assertAccessible(page, 'a filter the API refused');

  // The case worker: who looked at her client, her own work among it, never the officer's searches.
  const workerPage = await signedIn(browser, address, worker, problems);
  await workerPage.goto(`${address}/persons/${client}`);
  const looked = workerPage.getByRole('region', { name: 'Wie heeft deze cliënt bekeken' });
  await looked.locator('tbody tr').filter({ hasText: 'Persoon ingeschreven' }).filter({ hasText: workerName }).waitFor();
  await looked.locator('tbody tr').filter({ hasText: 'Dossier geopend' }).filter({ hasText: kase.id }).waitFor();
  assert.equal(await looked.getByText('audit.search').count(), 0, 'the trail’s own reads stay out of her sight');
  await assertAccessible(workerPage, 'the person screen with who looked');
  await screenshot(workerPage, 'person-accesses');

  // The volunteer on the case: no such section, and never asked for.
  const volunteerPage = await signedIn(browser, address, volunteer, problems);
  const asked: string[] = [];
  volunteerPage.on('request', (request) => {
    if (request.url().includes('/accesses')) asked.push(request.url());
  });
  await volunteerPage.goto(`${address}/persons/${client}`);
  await volunteerPage.getByTestId('person-cases').getByRole('link', { name: kase.number }).waitFor();
  assert.equal(await volunteerPage.getByRole('region', { name: 'Wie heeft deze cliënt bekeken' }).count(), 0);
  assert.deepEqual(asked, []);
  await assertAccessible(volunteerPage, 'the person screen of a volunteer');

  assertNoProblems(problems, [/status of 400/]);
});
