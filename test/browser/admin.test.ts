// The functional administrator's screens in a real browser, under the strict CSP, with a real SMTP
// server as the peer: she adds a team (a unit; a bad code is refused at its field), adds a case worker
// there and invites her (the invitation is the password mail: the case worker follows its link, chooses
// a password and sets up her authenticator app), grants her the case-worker role in the team until a day
// (confirming it is her first: granting needs a fresh factor check), creates a service account and issues
// a token that is shown once, starts an access review of the team, keeps the case worker's grant and
// closes the campaign.
// The case worker sees no administration; a team lead sees the users of her team without any action.
// Every page visited passes axe-core's WCAG 2.1 A/AA rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, launchBrowser, screenshot } from '../helpers/browser.ts';
import { assertNoProblems, completeInvitation, invitationPath, signInWithTotp as signInAs, watch } from '../helpers/browser-steps.ts';
import { build } from '../helpers/build.ts';
import { totpCode, type TestUser } from '../helpers/identity.ts';
import { team } from '../helpers/fixtures.ts';
import { adminQuery } from '../helpers/database.ts';
import { startSmtp } from '../helpers/smtp.ts';

const NEW_PASSWORD = 'amber compass under northern skies';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

test('the administrator: a team, a case worker invited and granted until a day, a token shown once, an access review decided', async (t) => {
  // The browser first: node:test runs after-hooks in the order they were added, so it closes before the
  // system stops, whose graceful close otherwise at times waited over a minute for the browser's connections.
  const browser = await launchBrowser(t);
  const smtp = await startSmtp(t);
  const system = await build(t, {
    listen: true,
    env: { CASUS_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, CASUS_PUBLIC_URL: 'http://localhost:3000' },
  });
  const fixture = await team(system);
  const admin = await fixture.user('beheerder', ['functional-administrator', 'it-operations', 'security-officer'], 'staff', 'national');
  const lead = await fixture.user('teamleider', 'team-lead');
  const problems: string[] = [];
  const page = await (await browser.newContext()).newPage();
  watch(page, problems);

  await signInAs(page, system.address, admin);
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).click();
  await page.getByRole('heading', { name: 'Beheer', level: 1 }).waitFor();
  const sections = page.getByRole('list', { name: 'Onderdelen van beheer' });
  for (const name of [
    'Organisatie-eenheden',
    'Gebruikers',
    'Groepen',
    'Rollen',
    'Rechten',
    'Systeemaccounts',
    'Herbeoordeling van rechten',
  ])
    await sections.getByRole('link', { name, exact: true }).waitFor();
  await assertAccessible(page, 'the administration overview');

  // 1. A team under the national unit; a code the API refuses is marked at its field, the input stays.
  await sections.getByRole('link', { name: 'Organisatie-eenheden' }).click();
  const newUnit = page.getByRole('region', { name: 'Nieuwe eenheid' });
  await newUnit.getByRole('button', { name: 'Eenheid toevoegen' }).click();
  await newUnit.getByText('Vul dit veld in.').first().waitFor();
  await newUnit.getByRole('textbox', { name: 'Naam', exact: true }).fill('Team Noord');
  await newUnit.getByRole('textbox', { name: 'Code', exact: true }).fill('Team Noord!');
  await newUnit.getByRole('textbox', { name: 'Reden', exact: true }).fill('Nieuw team in de regio');
  await newUnit.getByRole('button', { name: 'Eenheid toevoegen' }).click();
  await newUnit.getByText('Gebruik kleine letters, cijfers en streepjes').waitFor();
  assert.equal(await newUnit.getByRole('textbox', { name: 'Code', exact: true }).getAttribute('aria-invalid'), 'true');
  assert.equal(await newUnit.getByRole('textbox', { name: 'Naam', exact: true }).inputValue(), 'Team Noord', 'the input stays');
  await assertAccessible(page, 'the units screen with a field error');
  await newUnit.getByRole('textbox', { name: 'Code', exact: true }).fill('team-noord');
  await newUnit.getByRole('button', { name: 'Eenheid toevoegen' }).click();
  await newUnit.getByRole('status').filter({ hasText: 'Eenheid Team Noord is toegevoegd.' }).waitFor();
  await page.getByTestId('unit-tree').getByRole('cell', { name: 'team-noord' }).waitFor();
  await assertAccessible(page, 'the units screen');
  await screenshot(page, 'admin-units');

  // 2. The joiner: a case worker in the new team, invited by e-mail.
  await page.goto(`${system.address}/admin/users`);
  const newUser = page.getByRole('region', { name: 'Nieuwe gebruiker (in dienst)' });
  await newUser.getByRole('textbox', { name: 'Naam', exact: true }).fill('Noor de Vries');
  await newUser.getByRole('textbox', { name: 'Gebruikersnaam', exact: true }).fill('noor');
  await newUser.getByRole('textbox', { name: 'E-mailadres', exact: true }).fill('noor@example.org');
  await newUser.getByRole('combobox', { name: 'Eenheid', exact: true }).selectOption({ label: '— Team Noord' });
  await newUser.getByRole('textbox', { name: 'Reden', exact: true }).fill('Nieuwe hulpverlener');
  assert.equal(await newUser.getByRole('checkbox', { name: 'Uitnodiging sturen' }).isChecked(), true);
  await newUser.getByRole('button', { name: 'Gebruiker toevoegen' }).click();
  await newUser.getByText('Noor de Vries is toegevoegd.').waitFor();
  await newUser.getByText('De uitnodiging is verstuurd.').waitFor();
  await page.getByTestId('admin-users').getByRole('link', { name: 'Noor de Vries' }).waitFor();
  await assertAccessible(page, 'the users screen');
  await screenshot(page, 'admin-users');

  // Her grant: the case-worker role in the team until a day. Granting needs a factor check within 10
  // minutes; the sign-in was one, so that moment is put back 11 minutes: the form asks to confirm it is me.
  await adminQuery(
    system.target.ownerUrl,
    `update user_session set reauthenticated_at = now() - interval '11 minutes' where user_id = $1`,
    [admin.id],
  );
  await newUser.getByRole('link', { name: 'Naar Noor de Vries' }).click();
  await page.getByRole('heading', { name: 'Noor de Vries', level: 1 }).waitFor();
  const grantForm = page.getByRole('region', { name: 'Recht geven aan Noor de Vries' });
  await grantForm.getByRole('combobox', { name: 'Rol', exact: true }).selectOption({ label: 'Medewerker' });
  await grantForm.getByRole('combobox', { name: 'Eenheid', exact: true }).selectOption({ label: 'Team Noord (team-noord)' });
  const until = inDays(90);
  await grantForm.getByLabel('Geldig tot en met').fill(until);
  await grantForm.getByRole('textbox', { name: 'Reden', exact: true }).fill('Start als hulpverlener');
  await grantForm.getByRole('button', { name: 'Recht geven' }).click();
  await grantForm.getByText('Bevestig dat jij het bent').waitFor();
  await assertAccessible(page, 'the user screen asking to confirm it is me');
  await grantForm.getByRole('textbox', { name: 'Code', exact: true }).fill(await totpCode(admin));
  await grantForm.getByRole('button', { name: 'Bevestigen' }).click();
  await grantForm.getByRole('status').filter({ hasText: 'Het recht is gegeven.' }).waitFor();
  const grantRow = page.getByTestId('grants').getByRole('row', { name: /Medewerker/ });
  await grantRow.waitFor();
  const [year, month, day] = until.split('-').map(Number);
  assert.match((await grantRow.textContent())!, new RegExp(`${day} \\w+\\.? ${year}`), 'the end date shown');
  assert.ok(month);
  await assertAccessible(page, 'the user screen');
  await screenshot(page, 'admin-user');

  // The invitation: the link in the mail, a password, the authenticator app; then no administration.
  const noor: TestUser & { displayName: string } = {
    id: '',
    username: 'noor',
    displayName: 'Noor de Vries',
    password: NEW_PASSWORD,
    totpSecret: null,
    lastStep: 0,
  };
  const noorPage = await (await browser.newContext()).newPage();
  watch(noorPage, problems);
  await completeInvitation(
    noorPage,
    `${system.address}${await invitationPath(smtp.inbox, 'noor@example.org', 'http://localhost:3000')}`,
    noor,
  );
  const noorMenu = noorPage.getByRole('navigation', { name: 'Hoofdmenu' });
  await noorMenu.getByRole('link', { name: 'Start' }).waitFor();
  assert.equal(await noorMenu.getByRole('link', { name: 'Beheer' }).count(), 0, 'a case worker has no administration in her menu');
  await noorPage.goto(`${system.address}/admin`);
  await noorPage.getByText('Je rollen geven geen toegang tot beheer.').waitFor();
  await assertAccessible(noorPage, 'the administration overview without administration');
  await noorPage.context().close();

  // 4. A service account and its token, shown once.
  await page.goto(`${system.address}/admin/service-accounts`);
  const newAccount = page.getByRole('region', { name: 'Nieuw systeemaccount' });
  await newAccount.getByRole('textbox', { name: 'Naam', exact: true }).fill('Politie BVH');
  await newAccount.getByRole('textbox', { name: 'Accountnaam', exact: true }).fill('politie-bvh');
  await newAccount.getByRole('textbox', { name: 'Reden', exact: true }).fill('Koppeling met de politie');
  await newAccount.getByRole('button', { name: 'Account toevoegen' }).click();
  await newAccount.getByRole('status').filter({ hasText: 'Systeemaccount Politie BVH is toegevoegd.' }).waitFor();
  const account = page.getByRole('article', { name: 'Politie BVH' });
  // A token carries the roles the account holds: without any, the API refuses, and the screen says why.
  await account.getByRole('button', { name: 'Token maken' }).click();
  await account.getByRole('textbox', { name: 'Waarvoor', exact: true }).fill('BVH productie');
  await account.getByRole('button', { name: 'Token maken' }).click();
  await account.getByRole('alert').filter({ hasText: 'Dit account heeft nog geen rollen' }).waitFor();
  assert.equal(await account.getByRole('textbox', { name: 'Waarvoor', exact: true }).inputValue(), 'BVH productie', 'the input stays');

  // The chain partner's role for the account, until a day, on the grants screen.
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).click();
  await page.getByRole('link', { name: 'Rechten', exact: true }).click();
  const grant = page.getByRole('region', { name: 'Recht geven', exact: true });
  await grant.getByRole('textbox', { name: 'Gebruiker: zoeken', exact: true }).fill('politie');
  await grant
    .getByRole('combobox', { name: 'Gebruiker', exact: true })
    .locator('option', { hasText: 'politie-bvh' })
    .waitFor({ state: 'attached' });
  await grant.getByRole('combobox', { name: 'Rol', exact: true }).selectOption({ label: 'Ketenpartner (koppeling)' });
  await grant.getByRole('combobox', { name: 'Eenheid', exact: true }).selectOption({ label: 'Landelijk (national)' });
  await grant.getByLabel('Geldig tot en met').fill(inDays(365));
  await grant.getByRole('textbox', { name: 'Reden', exact: true }).fill('Koppeling met de politie');
  await grant.getByRole('button', { name: 'Recht geven' }).click();
  await grant.getByRole('status').filter({ hasText: 'Het recht is gegeven.' }).waitFor();
  await page.getByTestId('grant-requests-decide').getByText('Er wachten geen verzoeken op jou.').waitFor();
  await assertAccessible(page, 'the grants screen');
  await screenshot(page, 'admin-grants');

  await page.goto(`${system.address}/admin/service-accounts`);
  await account.getByRole('button', { name: 'Token maken' }).click();
  await account.getByRole('textbox', { name: 'Waarvoor', exact: true }).fill('BVH productie');
  await account.getByRole('button', { name: 'Token maken' }).click();
  const issued = account.getByTestId('issued-token');
  await issued.getByText('Kopieer dit token nu: het wordt niet meer getoond').waitFor();
  const token = (await issued.getByTestId('token-secret').textContent())!.trim();
  assert.match(token, /^casus_/);
  await issued.getByRole('button', { name: 'Kopiëren' }).waitFor();
  await account.getByRole('cell', { name: 'BVH productie', exact: true }).waitFor();
  await assertAccessible(page, 'the service accounts screen with a token shown once');
  await screenshot(page, 'admin-service-accounts');
  // The token works (as a bearer), and is gone from the screen once one leaves it.
  const bearer = await system.app.inject({
    method: 'GET',
    url: '/api/v1/access-reviews/my-items',
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(bearer.statusCode, 200, bearer.body);
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).click();
  await page.getByRole('link', { name: 'Systeemaccounts' }).click();
  await page.getByRole('article', { name: 'Politie BVH' }).getByRole('cell', { name: 'BVH productie', exact: true }).waitFor();
  assert.equal(await page.getByText(token).count(), 0, 'the token is not shown again');

  // 5. An access review of the team: the case worker's grant comes to the administrator (the team has
  // no manager, so it goes to the campaign's owner); she keeps it; the report downloads.
  await page.goto(`${system.address}/admin/access-reviews`);
  const start = page.getByRole('region', { name: 'Campagne starten' });
  await start.getByRole('textbox', { name: 'Naam', exact: true }).fill('Kwartaal Team Noord');
  await start
    .getByRole('combobox', { name: 'Eenheid (met alles eronder)', exact: true })
    .selectOption({ label: 'Team Noord (team-noord)' });
  await assertAccessible(page, 'the access review campaigns screen');
  await start.getByRole('button', { name: 'Campagne starten' }).click();
  await page.getByRole('heading', { name: 'Kwartaal Team Noord', level: 1 }).waitFor();
  await page.getByTestId('campaign-progress').filter({ hasText: '0 van 1 beoordeeld' }).waitFor();
  const item = page.getByTestId('review-item').filter({ hasText: 'Noor de Vries' });
  await item.getByRole('button', { name: 'Beoordelen: Noor de Vries, Medewerker' }).click();
  await item.getByRole('radio', { name: 'Behouden' }).check();
  await assertAccessible(page, 'the campaign screen deciding an item');
  await item.getByRole('button', { name: 'Besluit vastleggen' }).click();
  await item.getByText('Behouden').waitFor();
  await page.getByTestId('campaign-progress').filter({ hasText: '1 van 1 beoordeeld: 1 behouden' }).waitFor();
  const csv = await page.request.get(
    await page
      .getByRole('link', { name: 'Rapport downloaden (CSV)' })
      .getAttribute('href')
      .then((h) => `${system.address}${h}`),
  );
  assert.equal(csv.status(), 200);
  assert.match(await csv.text(), /noor/);
  await assertAccessible(page, 'the campaign screen');
  await screenshot(page, 'admin-access-review');
  await page.getByRole('button', { name: 'Campagne sluiten' }).click();
  await page.getByText('Wat nog niet beoordeeld is, blijft als onbeoordeeld').waitFor();
  await page.getByRole('button', { name: 'Campagne sluiten' }).click();
  await page.getByText('Gesloten', { exact: true }).first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Campagne sluiten' }).count(), 0, 'a closed campaign cannot be closed again');
  // With items to review, the menu has "Rechten beoordelen".
  await page.reload();
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Rechten beoordelen' }).click();
  await page.getByRole('heading', { name: 'Rechten beoordelen', level: 1 }).waitFor();
  await page.getByTestId('review-item').filter({ hasText: 'Kwartaal Team Noord' }).getByText('Behouden').waitFor();
  await assertAccessible(page, 'my review items');

  // A team lead (users.read in her team): the users of her team, no action on them.
  const leadPage = await (await browser.newContext()).newPage();
  watch(leadPage, problems);
  await signInAs(leadPage, system.address, lead);
  await leadPage.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).click();
  const leadSections = leadPage.getByRole('list', { name: 'Onderdelen van beheer' });
  await leadSections.getByRole('link', { name: 'Gebruikers' }).waitFor();
  assert.deepEqual(await leadSections.getByRole('link').allTextContents(), ['Gebruikers', 'Groepen']);
  await leadSections.getByRole('link', { name: 'Gebruikers' }).click();
  await leadPage
    .getByTestId('admin-users')
    .getByRole('link', { name: `User ${lead.username}` })
    .waitFor();
  assert.equal(await leadPage.getByRole('region', { name: 'Nieuwe gebruiker (in dienst)' }).count(), 0, 'no joiner form');
  assert.equal(await leadPage.getByTestId('admin-users').getByRole('link', { name: 'Noor de Vries' }).count(), 0, 'not another team');
  await leadPage
    .getByTestId('admin-users')
    .getByRole('link', { name: `User ${lead.username}` })
    .click();
  await leadPage.getByText('Je rollen geven geen acties voor deze gebruiker.').waitFor();
  assert.equal(await leadPage.getByRole('button', { name: 'Uit dienst melden' }).count(), 0);
  assert.equal(await leadPage.getByRole('region', { name: /Recht geven/ }).count(), 0);
  await assertAccessible(leadPage, 'a user screen for a team lead');

  // The browser logs refused requests: the 401 of GET /auth/session before sign-in and of the grant
  // that asked to confirm it is me, the 400 of the refused unit code.
  assertNoProblems(problems, [/status of 400/]);
});
