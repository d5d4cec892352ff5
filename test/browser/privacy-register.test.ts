// The processing register's screen in a real browser, under the strict CSP: the privacy officer adds an
// activity (required fields first), changes it (a colleague's change meanwhile answers 412: the newest
// version is shown, her input kept, and saved again), sees its history, is refused retiring it while it
// covers an audit action (the API's detail shown), then retires it once it covers none. A security
// officer reads the register without any action. Every state visited passes axe-core (WCAG 2.1 A/AA).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, launchBrowser, screenshot } from '../helpers/browser.ts';
import { assertNoProblems, signInWithTotp, watchedPage } from '../helpers/browser-steps.ts';
import { assertFocusOn } from '../helpers/browser-keyboard.ts';
import { build } from '../helpers/build.ts';
import { team } from '../helpers/fixtures.ts';

const URL = '/api/v1/privacy/processing-activities';

test('the processing register: add, change (412 shows the newest), history, retire refused then done; a reader without actions', async (t) => {
  const browser = await launchBrowser(t);
  const system = await build(t, { listen: true });
  const address = system.address ?? assert.fail('the system listens');
  const a = await team(system);
  const fg = await a.user('fg', 'privacy-officer', 'staff', 'national');
  const securityOfficer = await a.user('so', 'security-officer', 'staff', 'national');

  const { page, problems } = await watchedPage(browser);
  await signInWithTotp(page, address, fg);
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Privacy' }).click();
  await page.getByRole('list', { name: 'Onderdelen' }).getByRole('link', { name: 'Verwerkingsregister' }).click();
  await page.getByRole('heading', { name: 'Verwerkingsregister', level: 1 }).waitFor();
  const shipped = page.getByTestId('processing-activity');
  await shipped.first().waitFor();
  assert.ok((await shipped.count()) > 1, 'the activities shipped with Casus are listed');
  await assertAccessible(page, 'the processing register');

  // Add: the required fields first, then saved; the new activity opens with its details and history.
  await page.getByRole('button', { name: 'Activiteit toevoegen' }).click();
  const form = page.getByRole('region', { name: 'Nieuwe verwerkingsactiviteit' });
  await assertFocusOn(page, form.getByLabel('Sleutel'), 'opening the form');
  await form.getByRole('button', { name: 'Toevoegen' }).click();
  assert.equal(await form.getByText('Vul dit veld in.').count(), 5, 'key, name, purpose, retention, controller');
  await assertAccessible(page, 'a new activity refused at its fields');
  await form.getByLabel('Sleutel').fill('nazorg-enquete');
  await form.getByLabel('Naam').fill('Nazorgenquête');
  await form.getByLabel('Doel').fill('Cliënten na afsluiting vragen hoe de hulp was.');
  await form.getByRole('combobox', { name: 'Grondslag', exact: true }).selectOption({ label: 'Toestemming (art. 6 lid 1 a)' });
  await form.getByLabel('Categorieën betrokkenen').fill('Cliënten\nNaasten');
  await form.getByLabel('Bewaartermijn').fill('Een jaar na de enquête');
  await form.getByLabel('Verwerkingsverantwoordelijke').fill('Slachtofferhulp, privacy@example.org');
  await form.getByRole('button', { name: 'Toevoegen' }).click();
  const card = page.getByRole('article', { name: 'Nazorgenquête' });
  const details = card.getByRole('table', { name: 'Gegevens van Nazorgenquête' });
  await details.waitFor();
  assert.match(
    await details
      .getByRole('row', { name: /^Grondslag/ })
      .first()
      .innerText(),
    /Toestemming/,
  );
  assert.match(await details.getByRole('row', { name: /^Categorieën betrokkenen/ }).innerText(), /Cliënten\s+Naasten/);
  await card
    .getByTestId('activity-history')
    .getByRole('row', { name: /Toegevoegd/ })
    .waitFor();
  await assertAccessible(page, 'the new activity opened');
  const { id } =
    (await fg.session.request('GET', `${URL}?status=active`))
      .json<{ items: { id: string; key: string }[] }>()
      .items.find((item) => item.key === 'nazorg-enquete') ?? assert.fail('the activity was added');

  // Change: meanwhile a colleague changed it (over the API). The save answers 412: the newest version
  // shows, the input stays; saved again it goes through.
  await card.getByRole('button', { name: 'Wijzigen' }).click();
  const edit = card.getByRole('region', { name: 'Nazorgenquête wijzigen' });
  await assertFocusOn(page, edit.getByLabel('Naam'), 'opening the change form');
  await edit.getByLabel('Bewaartermijn').fill('Twee jaar na de enquête');
  const current = (await fg.session.request('GET', `${URL}/${id}`)).json<{ version: number }>();
  const meanwhile = await fg.session.request('PATCH', `${URL}/${id}`, { version: current.version, processors: ['Enquêtebureau BV'] });
  assert.equal(meanwhile.statusCode, 200, meanwhile.body);
  await edit.getByRole('button', { name: 'Wijzigingen bewaren' }).click();
  await edit.getByRole('alert').filter({ hasText: 'Iemand anders heeft deze activiteit intussen gewijzigd.' }).waitFor();
  await details
    .getByRole('row', { name: /^Verwerkers/ })
    .filter({ hasText: 'Enquêtebureau BV' })
    .waitFor();
  assert.equal(await edit.getByLabel('Bewaartermijn').inputValue(), 'Twee jaar na de enquête', 'the input stays');
  await assertAccessible(page, 'a change refused as stale');
  await edit.getByRole('button', { name: 'Wijzigingen bewaren' }).click();
  await details
    .getByRole('row', { name: /^Bewaartermijn/ })
    .filter({ hasText: 'Twee jaar na de enquête' })
    .waitFor();
  const history = card.getByTestId('activity-history');
  await history.getByRole('row').filter({ hasText: 'retention: Een jaar na de enquête → Twee jaar na de enquête' }).waitFor();
  await history.getByRole('row').filter({ hasText: 'processors: – → Enquêtebureau BV' }).waitFor();
  await assertAccessible(page, 'the activity changed, with its history');
  await screenshot(page, 'privacy-register');

  // Retire: offered (it covers no audit action), but meanwhile it was given one: refused, with the detail.
  await card.getByRole('button', { name: 'Beëindigen' }).click();
  const retire = card.getByRole('group', { name: 'Nazorgenquête beëindigen' });
  await assertFocusOn(page, retire.getByLabel('Reden'), 'opening the retire panel');
  const latest = (await fg.session.request('GET', `${URL}/${id}`)).json<{ version: number }>();
  const covering = await fg.session.request('PATCH', `${URL}/${id}`, { version: latest.version, auditActions: ['research.'] });
  assert.equal(covering.statusCode, 200, covering.body);
  await retire.getByLabel('Reden').fill('De enquête is gestopt per 1 januari');
  await retire.getByRole('button', { name: 'Definitief beëindigen' }).click();
  const refused = card.getByTestId('retire-refused');
  await refused.getByText('Beëindigen is geweigerd').waitFor();
  await refused.getByText(/still covers research\./).waitFor();
  await details
    .getByRole('row', { name: /^Audithandelingen/ })
    .filter({ hasText: 'research.' })
    .waitFor();
  assert.equal(await card.getByRole('button', { name: 'Beëindigen' }).count(), 0, 'not offered while it covers an action');
  await assertAccessible(page, 'retiring refused');

  // The audit action taken out again: retired with the reason.
  await card.getByRole('button', { name: 'Wijzigen' }).click();
  await edit.getByLabel('Audithandelingen').fill('');
  await edit.getByRole('button', { name: 'Wijzigingen bewaren' }).click();
  await card.getByRole('button', { name: 'Beëindigen' }).click();
  await retire.getByLabel('Reden').fill('De enquête is gestopt per 1 januari');
  await retire.getByRole('button', { name: 'Definitief beëindigen' }).click();
  // Gone from the active ones; among all of them, still open, retired.
  await card.waitFor({ state: 'detached' });
  const notice = page.getByRole('status').filter({ hasText: 'Nazorgenquête is beëindigd.' });
  await assertFocusOn(page, notice, 'retiring (its card left the active ones)');
  await page.getByRole('combobox', { name: 'Toon' }).selectOption({ label: 'Alle' });
  await details
    .getByRole('row', { name: /^Status/ })
    .filter({ hasText: 'Beëindigd' })
    .waitFor();
  await history.getByRole('row').filter({ hasText: 'Beëindigd' }).waitFor();
  assert.equal(await card.getByRole('button', { name: 'Wijzigen' }).count(), 0, 'a retired activity is kept as it was');
  assert.equal(
    (await fg.session.request('GET', `${URL}/${id}`)).json<{ retireReason: string }>().retireReason,
    'De enquête is gestopt per 1 januari',
  );
  await assertAccessible(page, 'the activity retired');
  assertNoProblems(problems, [/status of 409/, /status of 412/]);

  // A security officer reads the register (audit.read) and opens an activity, without any action.
  const reader = await watchedPage(browser);
  await signInWithTotp(reader.page, address, securityOfficer);
  await reader.page.goto(`${address}/privacy/register`);
  const first = reader.page.getByTestId('processing-activity').first();
  await first.getByRole('button', { name: /^Details van/ }).click();
  await first.getByTestId('activity-history').waitFor();
  assert.equal(await reader.page.getByRole('button', { name: 'Activiteit toevoegen' }).count(), 0);
  assert.equal(await reader.page.getByRole('button', { name: /^(Wijzigen|Beëindigen)$/ }).count(), 0);
  await assertAccessible(reader.page, 'the register for a reader');
  assertNoProblems(reader.problems);
});
