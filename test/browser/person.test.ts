// The person screen in a real browser, under the strict CSP: the case worker finds the person with the
// search box and opens her; the BSN is masked until she asks to see it, and that reveal is audited on
// the server as its own action; she records a consent and sees the person's cases. A volunteer on the
// case sees the person but no way to reveal the BSN and no merge. The team lead merges a duplicate
// registration into the person: she finds it, picks it, gives the reason and confirms. A person one
// may not see says "not found or no access". Every screen state visited passes axe-core (WCAG 2.1 A/AA).
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

const BSN = '111222333';

test('the person screen: BSN masked then revealed (audited), consents, cases; merge by the team lead; no actions beyond one’s rights', async (t) => {
  const system = await build(t, { listen: true });
  const address = system.address ?? assert.fail('the system listens');
  const a = await team(system);
  const worker = await a.user('hulpverlener', 'case-worker');
  const lead = await a.user('teamleider', 'team-lead');
  const volunteer = await a.user('vrijwilliger', 'volunteer', 'volunteer');

  const registered = await worker.session.request('POST', '/api/v1/persons', {
    voornamen: 'Anna Maria',
    roepnaam: 'Anna',
    achternaam: 'Bsnproef',
    dateOfBirth: '1979-11-23',
    bsn: BSN,
    phones: ['06 12345678'],
    emails: ['anna@example.org'],
    address: { postcode: '3511 AB', huisnummer: 7, street: 'Oudegracht', city: 'Utrecht' },
    vulnerabilities: ['language'],
  });
  assert.equal(registered.statusCode, 201, registered.body);
  const anna = registered.json<{ id: string }>().id;
  const kase = await openCase(system, worker, a.unit, { participants: [{ personId: anna, role: 'victim', primaryClient: true }] });
  // The same woman registered a second time, on another case of the team.
  const second = await worker.session.request('POST', '/api/v1/persons', {
    voornamen: 'Anna',
    achternaam: 'Bsnproef',
    confirmNoDuplicate: true,
  });
  assert.equal(second.statusCode, 201, second.body);
  const duplicate = second.json<{ id: string }>().id;
  const otherCase = await openCase(system, worker, a.unit, { participants: [{ personId: duplicate, role: 'witness' }] });
  const assigned = await lead.session.request('POST', `/api/v1/cases/${kase.id}/assignments`, { userId: volunteer.id, role: 'volunteer' });
  assert.equal(assigned.statusCode, 200, assigned.body);

  const browser = await launchBrowser(t);
  const problems: string[] = [];
  const page = await signedIn(browser, address, worker, problems);

  // The search box lists her; choosing the result opens the person screen.
  const search = page.getByRole('combobox', { name: 'Zoek personen en dossiers' });
  await search.pressSequentially('Bsnproef Anna Maria', { delay: 20 });
  await page
    .getByRole('listbox', { name: 'Zoekresultaten' })
    .getByRole('option', { name: /Persoon.*Anna Bsnproef/ })
    .first()
    .click();
  await page.waitForURL(`${address}/persons/${anna}`);
  await page.getByRole('heading', { name: 'Anna Bsnproef', level: 1 }).waitFor();
  const details = page.getByRole('table', { name: 'Persoonsgegevens' });
  const bsnRow = details.getByRole('row', { name: /^BSN/ });
  await bsnRow.waitFor();
  assert.match(await bsnRow.innerText(), /•••••••••/);
  assert.ok(!(await page.content()).includes(BSN), 'the BSN is nowhere in the page before it is asked for');
  assert.match(await page.getByRole('table', { name: 'Contactgegevens' }).innerText(), /Oudegracht 7, 3511AB Utrecht/);
  assert.match(await details.getByRole('row', { name: /^Kwetsbaarheden/ }).innerText(), /Taalbarrière/);
  assert.match(await details.getByRole('row', { name: /^Voorkeurstaal/ }).innerText(), /Nederlands/);
  await page.getByTestId('person-cases').getByRole('link', { name: kase.number }).waitFor();
  assert.equal(await page.getByTestId('person-cases').getByRole('link', { name: kase.number }).getAttribute('href'), `/cases/${kase.id}`);
  assert.equal(await page.getByRole('region', { name: 'Dubbele inschrijving samenvoegen' }).count(), 0, 'merging needs persons.merge');
  await assertAccessible(page, 'the person screen, BSN masked');
  await screenshot(page, 'person');

  // She asks to see the BSN: the server answers it and audits the reveal as its own action.
  await bsnRow.getByRole('button', { name: 'BSN tonen' }).click();
  await page.getByTestId('bsn').filter({ hasText: BSN }).waitFor();
  const reveals = await adminQuery<{ actor_id: string; data_subject_id: string }>(
    system.target.ownerUrl,
    `select actor_id, data_subject_id from audit_event where action = 'person.bsn-reveal' and object_id = $1`,
    [anna],
  );
  assert.deepEqual(
    reveals.rows.map((r) => [r.actor_id, r.data_subject_id]),
    [[worker.id, anna]],
  );
  await assertAccessible(page, 'the person screen, BSN revealed');
  await bsnRow.getByRole('button', { name: 'BSN verbergen' }).click();
  await bsnRow.getByText(/•••••••••/).waitFor();

  // A consent: required fields first, then recorded and listed.
  const consents = page.getByRole('region', { name: 'Toestemmingen' });
  await consents.getByText('Er zijn nog geen toestemmingen vastgelegd.').waitFor();
  await consents.getByRole('button', { name: 'Vastleggen' }).click();
  assert.equal(await consents.getByText('Vul dit veld in.').count(), 2);
  await consents.getByLabel('Waarvoor').selectOption({ label: 'Gegevens delen met de politie' });
  await consents.getByRole('radio', { name: 'Gegeven' }).check();
  await consents.getByLabel('Notitie').fill('Telefonisch bevestigd');
  await consents.getByRole('button', { name: 'Vastleggen' }).click();
  await page.getByRole('status').filter({ hasText: 'De toestemming is vastgelegd.' }).waitFor();
  assert.match(
    (await page.getByTestId('person-consents').locator('tbody tr').first().textContent()) ?? '',
    /Gegevens delen met de politie.*Gegeven.*De cliënt zelf/s,
  );
  await assertAccessible(page, 'the person screen with a consent');

  // A person that does not exist, or that she may not see: the same answer.
  await page.goto(`${address}/persons/${randomUUID()}`);
  await page.getByRole('alert').filter({ hasText: 'Deze persoon bestaat niet, of je hebt er geen toegang toe.' }).waitFor();
  await assertAccessible(page, 'a person not found');

  // The volunteer on the case: the person, the BSN masked with no way to reveal it, no merge.
  const volunteerPage = await signedIn(browser, address, volunteer, problems);
  await volunteerPage.goto(`${address}/persons/${anna}`);
  const volunteerBsn = volunteerPage.getByRole('table', { name: 'Persoonsgegevens' }).getByRole('row', { name: /^BSN/ });
  await volunteerBsn.waitFor();
  assert.match(await volunteerBsn.innerText(), /•••••••••/);
  assert.equal(await volunteerPage.getByRole('button', { name: 'BSN tonen' }).count(), 0, 'no persons.read-bsn');
  assert.equal(await volunteerPage.getByRole('region', { name: 'Dubbele inschrijving samenvoegen' }).count(), 0);
  await volunteerPage.getByTestId('person-cases').getByRole('link', { name: kase.number }).waitFor();
  assert.equal(await volunteerPage.getByTestId('person-cases').getByRole('link', { name: otherCase.number }).count(), 0, 'not her case');
  await assertAccessible(volunteerPage, 'the person screen of a volunteer');

  // The team lead merges the duplicate registration into Anna.
  const leadPage = await signedIn(browser, address, lead, problems);
  await leadPage.goto(`${address}/persons/${anna}`);
  const merge = leadPage.getByRole('region', { name: 'Dubbele inschrijving samenvoegen' });
  assert.equal(await merge.getByLabel('Zoek de dubbele inschrijving').inputValue(), 'Anna Bsnproef');
  await merge.getByRole('button', { name: 'Zoeken' }).click();
  const candidate = merge.getByRole('radio', { name: 'Anna Bsnproef' });
  await candidate.waitFor();
  assert.equal(await merge.getByRole('radio').count(), 1, 'the person herself is no candidate');
  await merge.getByRole('button', { name: 'Samenvoegen…' }).click();
  await merge.getByText('Vul dit veld in.').first().waitFor();
  await candidate.check();
  await merge.getByLabel('Reden van samenvoegen').fill('Tweemaal ingeschreven na aanmelding');
  await merge.getByRole('button', { name: 'Samenvoegen…' }).click();
  await merge.getByRole('alert').filter({ hasText: 'Weet je het zeker?' }).waitFor();
  await assertAccessible(leadPage, 'the merge, asking to confirm');
  await merge.getByRole('button', { name: 'Ja, samenvoegen' }).click();
  await leadPage.getByRole('status').filter({ hasText: 'Anna Bsnproef is samengevoegd met deze persoon.' }).waitFor();
  // The duplicate's case is now one of Anna's.
  await leadPage.getByTestId('person-cases').getByRole('link', { name: otherCase.number }).waitFor();
  await assertAccessible(leadPage, 'the person screen after a merge');
  const merged = await adminQuery<{ merged_into: string }>(system.target.ownerUrl, 'select merged_into from person where id = $1', [
    duplicate,
  ]);
  assert.equal(merged.rows[0]!.merged_into, anna);

  assert.deepEqual(
    problems.filter((p) => /Content Security Policy|Refused to/i.test(p)),
    [],
    'no CSP violations',
  );
  // Expected in the console: the 401 of GET /auth/session on the sign-in screen and the 404 of the
  // person not found.
  assert.deepEqual(
    problems.filter((p) => !/status of (401|404)/.test(p)),
    [],
    'no script errors',
  );
});
