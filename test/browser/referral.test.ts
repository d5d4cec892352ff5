// The referral screen in a real browser, under the strict CSP: the case worker opens a referral from
// her team's queue, sees its details with the working days left as the API counts them, records a
// contact attempt that fails to save (the note too long: the field says so and keeps the input) and
// then saves, which makes the referral "not reached" with the team's letter task shown; then a reached
// attempt; converts it to a case, where the API's duplicate check offers the person already registered
// and she picks that person; closes another referral with a reason, signing in again halfway when her
// session was ended elsewhere (the input stays). She takes the first referral from the queue. A referral one may not see says
// "not found or no access"; a volunteer who was handed a referral records attempts but is offered no
// conversion or closing. Every screen state visited passes axe-core (WCAG 2.1 A/AA).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { build } from '../helpers/build.ts';
import { assertAccessible, launchBrowser, screenshot } from '../helpers/browser.ts';
import { adminQuery } from '../helpers/database.ts';
import { totpCode, type TestUser } from '../helpers/identity.ts';
import { openCase, team } from '../helpers/fixtures.ts';

/** A page signed in as `user`, collecting console errors and script errors into `problems`. */
async function signedIn(browser: Browser, address: string, user: TestUser, problems: string[]): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(10_000);
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${address}/sign-in`);
  await page.getByLabel('Gebruikersnaam').fill(user.username);
  await page.getByLabel('Wachtwoord').fill(user.password);
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('textbox', { name: 'Code', exact: true }).fill(await totpCode(user));
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('heading', { name: 'Start', level: 1 }).waitFor();
  return page;
}

test('the referral screen: details, attempts (a failed save, then not reached with the letter task), convert with a duplicate, close', async (t) => {
  const system = await build(t, { listen: true });
  const address = system.address ?? assert.fail('the system listens');
  const a = await team(system);
  const worker = await a.user('hulpverlener', 'case-worker');
  const lead = await a.user('teamleider', 'team-lead');
  const volunteer = await a.user('vrijwilliger', 'volunteer', 'volunteer');

  // Sanne is already a client of the worker: converting the referral about her finds her.
  const known = await worker.session.request('POST', '/api/v1/persons', {
    voornamen: 'Sanne',
    achternaam: 'Dubbelaar',
    dateOfBirth: '1984-03-12',
    confirmNoDuplicate: true,
  });
  assert.equal(known.statusCode, 201, known.body);
  const sanne = known.json<{ id: string }>().id;
  await openCase(system, worker, a.unit, { participants: [{ personId: sanne, role: 'victim', primaryClient: true }] });

  const intake = async (body: Record<string, unknown>) => {
    const created = await worker.session.request('POST', '/api/v1/referrals', { owningUnitId: a.unit, channel: 'phone', ...body });
    assert.equal(created.statusCode, 201, created.body);
    return created.json<{ id: string }>().id;
  };
  const referral = await intake({
    source: 'police',
    sourceReference: 'PL-AANM-1',
    consent: { given: true, source: 'police' },
    person: { voornamen: 'Sanne', achternaam: 'Dubbelaar', dateOfBirth: '1984-03-12', phones: ['0612345678'] },
    incident: { category: 'violence', policeReference: 'PL0900-2026123456', place: 'Utrecht' },
    note: 'Slachtoffer van straatroof, wil graag gebeld worden.',
  });
  // Two failed attempts already: the third makes the referral "not reached".
  for (const outcome of ['no-answer', 'voicemail']) {
    const attempt = await worker.session.request('POST', `/api/v1/referrals/${referral}/attempts`, { channel: 'phone', outcome });
    assert.equal(attempt.statusCode, 201, attempt.body);
  }
  const toClose = await intake({ source: 'self', sourceReference: 'ZELF-DUBBEL', person: { achternaam: 'Tweemaal' } });
  const handedOver = await intake({ source: 'self', sourceReference: 'VOOR-VRIJWILLIGER', person: { achternaam: 'Bezoek' } });
  const read = await worker.session.request('GET', `/api/v1/referrals/${handedOver}`);
  const assigned = await lead.session.request('POST', `/api/v1/referrals/${handedOver}/assign`, {
    version: read.json<{ version: number }>().version,
    userId: volunteer.id,
  });
  assert.equal(assigned.statusCode, 200, assigned.body);
  const api = (await worker.session.request('GET', `/api/v1/referrals/${referral}`)).json<{ workingDaysLeft: number }>();

  const browser = await launchBrowser(t);
  const problems: string[] = [];
  const page = await signedIn(browser, address, worker, problems);

  // From the queue on the start page to the referral.
  await page.getByTestId('referral-queue').getByRole('link', { name: 'PL-AANM-1' }).click();
  await page.waitForURL(`${address}/referrals/${referral}`);
  await page.getByRole('heading', { name: 'Aanmelding', level: 1 }).waitFor();
  const details = page.getByRole('table', { name: 'Gegevens van de aanmelding' });
  await details.waitFor();
  const row = (label: string) => details.getByRole('row', { name: new RegExp(`^${label}`) });
  assert.match(await row('Bron').innerText(), /Politie \(telefoon\)/);
  assert.match(
    await row('Resterende tijd').innerText(),
    api.workingDaysLeft === 0 ? /Vandaag/ : new RegExp(`Nog ${api.workingDaysLeft} werkdag`),
    'the working days left as the API counts them',
  );
  assert.match(await row('Registratienummer politie').innerText(), /PL0900-2026123456/);
  assert.match(await row('Gebeurtenis').innerText(), /Geweld, Utrecht/);
  assert.match(await row('Toelichting').innerText(), /straatroof/);
  assert.match(await row('Behandelaar').innerText(), /Nog niemand/);
  assert.match(await page.getByRole('table', { name: 'Aangemelde persoon' }).innerText(), /Sanne Dubbelaar/);
  assert.equal(await page.getByTestId('referral-attempts').locator('tbody tr').count(), 2);
  await page.getByTestId('referral-tasks').getByText('Er zijn geen taken bij deze aanmelding.').waitFor();
  await assertAccessible(page, 'the referral screen');
  await screenshot(page, 'referral');
  // She takes it from the queue.
  await row('Behandelaar').getByRole('button', { name: 'Zelf oppakken' }).click();
  await row('Behandelaar').getByText('Jij').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Zelf oppakken' }).count(), 0, 'taken: no more to take');

  // A save that fails: the note is longer than the API takes. The field says so, the input stays.
  const note = page.getByLabel('Notitie');
  await page.getByLabel('Uitkomst').selectOption({ label: 'Niet bereikt: geen gehoor' });
  await note.fill('x'.repeat(501));
  await page.getByRole('button', { name: 'Vastleggen' }).click();
  await page.locator('#attempt-note[aria-invalid="true"]').waitFor();
  assert.equal(await note.inputValue(), 'x'.repeat(501), 'the input is kept');
  assert.equal(await page.getByLabel('Uitkomst').inputValue(), 'no-answer');
  await assertAccessible(page, 'the attempt form with a field error');
  // Then it saves: the third failure makes the referral "not reached" and the team gets the letter task.
  await note.fill('Geen gehoor, geen voicemail');
  await page.getByRole('button', { name: 'Vastleggen' }).click();
  await page.getByRole('status').filter({ hasText: 'De cliënt is niet bereikt' }).waitFor();
  await page.getByTestId('referral-tasks').getByRole('cell', { name: 'Brief versturen: cliënt niet bereikt' }).waitFor();
  assert.match((await page.getByTestId('referral-status').textContent()) ?? '', /Niet bereikt/);
  assert.equal(await page.getByTestId('referral-attempts').locator('tbody tr').count(), 3);
  assert.equal(await note.inputValue(), '', 'a saved attempt empties the form');
  await assertAccessible(page, 'the referral not reached, with its letter task');
  // She reaches the client after all.
  await page.getByLabel('Uitkomst').selectOption({ label: 'Bereikt' });
  await page.getByRole('button', { name: 'Vastleggen' }).click();
  await page.getByRole('status').filter({ hasText: 'De contactpoging is vastgelegd.' }).waitFor();
  assert.match((await page.getByTestId('referral-status').textContent()) ?? '', /In contact/);

  // Convert: a new person from the referrer's details, but the duplicate check finds Sanne.
  const convert = page.getByRole('region', { name: 'Omzetten in een dossier' });
  assert.equal(await convert.getByLabel('Achternaam').inputValue(), 'Dubbelaar');
  await convert.getByRole('button', { name: 'Omzetten in dossier' }).click();
  const duplicates = page.getByTestId('possible-duplicates');
  const existing = duplicates.getByRole('radio', { name: /Sanne Dubbelaar, geboren 12 mrt\.? 1984/ });
  await existing.waitFor();
  await duplicates.getByRole('radio', { name: 'Toch een nieuwe persoon inschrijven' }).waitFor();
  await assertAccessible(page, 'the conversion with a possible duplicate');
  // Submitting without a choice asks for one.
  await convert.getByRole('button', { name: 'Omzetten met deze persoon' }).click();
  await duplicates.getByText('Vul dit veld in.').waitFor();
  await existing.check();
  await convert.getByRole('button', { name: 'Omzetten met deze persoon' }).click();
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  const caseId = page.url().split('/').pop()!;
  const converted = (await worker.session.request('GET', `/api/v1/referrals/${referral}`)).json<{
    status: string;
    personId: string;
    convertedCaseId: string;
  }>();
  assert.deepEqual(converted, { ...converted, status: 'converted', personId: sanne, convertedCaseId: caseId });
  const persons = await adminQuery<{ count: string }>(system.target.ownerUrl, `select count(*) from person where achternaam = 'Dubbelaar'`);
  assert.equal(persons.rows[0]!.count, '1', 'no second Sanne registered');

  // Close another referral: the reason is required.
  await page.goto(`${address}/referrals/${toClose}`);
  const close = page.getByRole('region', { name: 'Afsluiten zonder dossier' });
  await close.getByRole('button', { name: 'Aanmelding afsluiten' }).click();
  assert.equal(await close.getByText('Vul dit veld in.').count(), 2);
  await close.getByLabel('Waarom afsluiten').selectOption({ label: 'Dubbele aanmelding' });
  await close.getByLabel('Toelichting').fill('Zelfde melding als PL-AANM-1');
  // Meanwhile the browser's session is ended from elsewhere: saving asks to sign in again, the input stays.
  const sessions = (await worker.session.request('GET', '/api/v1/auth/sessions')).json<{
    items: { id: string; current: boolean; state: string; endedAt: string | null }[];
  }>();
  const browserSession = sessions.items.find((s) => !s.current && s.state === 'active' && s.endedAt === null)!;
  assert.equal((await worker.session.request('DELETE', `/api/v1/auth/sessions/${browserSession.id}`)).statusCode, 204);
  await close.getByRole('button', { name: 'Aanmelding afsluiten' }).click();
  const again = page.getByRole('region', { name: 'Je sessie is beëindigd' });
  await again.waitFor();
  await assertAccessible(page, 'signing in again while closing a referral');
  await again.getByLabel('Wachtwoord').fill(worker.password);
  await again.getByRole('button', { name: 'Volgende' }).click();
  await again.getByRole('textbox', { name: 'Code', exact: true }).fill(await totpCode(worker));
  await again.getByRole('button', { name: 'Inloggen' }).click();
  await again.waitFor({ state: 'detached' });
  assert.equal(await close.getByLabel('Toelichting').inputValue(), 'Zelfde melding als PL-AANM-1', 'the input is still there');
  assert.equal(await close.getByLabel('Waarom afsluiten').inputValue(), 'duplicate');
  await close.getByRole('button', { name: 'Aanmelding afsluiten' }).click();
  await page.getByRole('row', { name: /^Afgesloten .*Zelfde melding als PL-AANM-1/ }).waitFor();
  assert.match((await page.getByTestId('referral-status').textContent()) ?? '', /Afgesloten: dubbel/);
  assert.equal(await close.count(), 0, 'a closed referral offers no closing');
  assert.equal(await page.getByRole('region', { name: 'Omzetten in een dossier' }).count(), 0);
  assert.equal(await page.getByRole('region', { name: 'Contactpoging vastleggen' }).count(), 0);
  await assertAccessible(page, 'a closed referral');
  const closed = (await worker.session.request('GET', `/api/v1/referrals/${toClose}`)).json<{ status: string; closedReason: string }>();
  assert.deepEqual([closed.status, closed.closedReason], ['duplicate', 'Zelfde melding als PL-AANM-1']);

  // A referral that does not exist, or that she may not see: the same answer.
  await page.goto(`${address}/referrals/${randomUUID()}`);
  await page.getByRole('alert').filter({ hasText: 'Deze aanmelding bestaat niet, of je hebt er geen toegang toe.' }).waitFor();
  await assertAccessible(page, 'a referral not found');

  // The volunteer was handed a referral: she records attempts, but converting and closing are not hers.
  const volunteerPage = await signedIn(browser, address, volunteer, problems);
  assert.equal(await volunteerPage.getByTestId('referral-queue').count(), 0, 'no team queue without referrals.read-unit');
  await volunteerPage.goto(`${address}/referrals/${handedOver}`);
  await volunteerPage.getByRole('table', { name: 'Gegevens van de aanmelding' }).waitFor();
  assert.match(await volunteerPage.getByRole('row', { name: /^Behandelaar/ }).innerText(), /Jij/);
  await volunteerPage.getByRole('region', { name: 'Contactpoging vastleggen' }).waitFor();
  assert.equal(await volunteerPage.getByRole('region', { name: 'Omzetten in een dossier' }).count(), 0);
  assert.equal(await volunteerPage.getByRole('region', { name: 'Afsluiten zonder dossier' }).count(), 0);
  await assertAccessible(volunteerPage, 'the referral screen of a volunteer');
  // Another team's referral, or the worker's one she was not handed: not found.
  await volunteerPage.goto(`${address}/referrals/${toClose}`);
  await volunteerPage.getByRole('alert').filter({ hasText: 'Deze aanmelding bestaat niet' }).waitFor();

  assert.deepEqual(
    problems.filter((p) => /Content Security Policy|Refused to/i.test(p)),
    [],
    'no CSP violations',
  );
  // Expected in the console: the 401 of GET /auth/session on the sign-in screen, the 400 of the note
  // too long, the 409 of the duplicate check and the 404s of the referrals not found.
  assert.deepEqual(
    problems.filter((p) => !/status of (401|400|409|404)/.test(p)),
    [],
    'no script errors',
  );
});
