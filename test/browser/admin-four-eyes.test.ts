// Four eyes, groups, roles, a mover and a leaver in a real browser, under the strict CSP: an administrator
// grants a privileged role (team lead) and the screen says plainly that it waits for a second
// administrator; her own requests list it as waiting. A second administrator approves it on her grants
// screen (the grant is there), refuses another request, and resets the user's second factor (confirming it
// is her first). The first adds a permission to a role, makes a group (her session ends meanwhile: she
// signs in again on the page and the input is still there) and adds a member, moves the user to another
// unit and marks him as a leaver (he can be taken back). Every page visited passes axe-core's WCAG 2.1 A/AA
// rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { assertAccessible, launchBrowser, screenshot } from '../helpers/browser.ts';
import { build } from '../helpers/build.ts';
import { totpCode, type TestUser } from '../helpers/identity.ts';
import { team } from '../helpers/fixtures.ts';
import { adminQuery } from '../helpers/database.ts';

function watch(page: Page, problems: string[]) {
  page.setDefaultTimeout(10_000);
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => problems.push(error.message));
}

async function signInAs(page: Page, address: string | null, user: TestUser) {
  await page.goto(`${address}/sign-in`);
  await page.getByLabel('Gebruikersnaam').fill(user.username);
  await page.getByLabel('Wachtwoord').fill(user.password);
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('textbox', { name: 'Code', exact: true }).fill(await totpCode(user));
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('heading', { name: 'Start' }).waitFor();
}

test('four eyes: a privileged grant waits for a second administrator, who approves it; groups, roles, a leaver', async (t) => {
  const system = await build(t, { listen: true });
  const fixture = await team(system);
  const first = await fixture.user('beheerder-a', 'functional-administrator', 'staff', 'national');
  const second = await fixture.user('beheerder-b', 'functional-administrator', 'staff', 'national');
  const wim = await fixture.user('wim', 'volunteer');
  const teamLabel = `Unit ${fixture.code} (${fixture.code})`;
  const browser = await launchBrowser(t);
  const problems: string[] = [];
  const page = await (await browser.newContext()).newPage();
  watch(page, problems);
  await signInAs(page, system.address, first);

  // A privileged role: the grant becomes a request, and the screen says so.
  await page.goto(`${system.address}/admin/users/${wim.id}`);
  const grantForm = page.getByRole('region', { name: `Recht geven aan User ${wim.username}` });
  await grantForm.getByRole('combobox', { name: 'Rol', exact: true }).selectOption({ label: 'Teamleider (vier ogen)' });
  await grantForm.getByText('Deze rol heeft vier ogen').waitFor();
  await grantForm.getByRole('combobox', { name: 'Eenheid', exact: true }).selectOption({ label: teamLabel });
  await grantForm.getByRole('textbox', { name: 'Reden', exact: true }).fill('Wim wordt teamleider');
  await grantForm.getByRole('button', { name: 'Recht geven' }).click();
  await grantForm.getByRole('status').filter({ hasText: 'Wacht op een tweede beheerder (vier ogen)' }).waitFor();
  assert.equal(await page.getByTestId('grants').getByRole('cell', { name: 'Teamleider', exact: true }).count(), 0, 'no grant yet');
  await assertAccessible(page, 'the user screen with a request waiting for a second administrator');
  await screenshot(page, 'admin-four-eyes');
  // A second request, which the second administrator will refuse.
  await grantForm.getByRole('combobox', { name: 'Rol', exact: true }).selectOption({ label: 'Servicedesk (vier ogen)' });
  await grantForm.getByRole('textbox', { name: 'Reden', exact: true }).fill('Wim helpt de servicedesk');
  await grantForm.getByRole('button', { name: 'Recht geven' }).click();
  await grantForm.getByRole('status').filter({ hasText: 'Wacht op een tweede beheerder (vier ogen)' }).waitFor();
  await page.goto(`${system.address}/admin/grants`);
  const mine = page.getByTestId('grant-requests-mine').getByTestId('grant-request');
  await mine.filter({ hasText: 'Rol Servicedesk' }).filter({ hasText: 'Wacht op tweede beheerder' }).waitFor();
  await mine.filter({ hasText: 'Wacht op tweede beheerder' }).filter({ hasText: 'Rol Teamleider' }).waitFor();
  await page.getByTestId('grant-requests-decide').getByText('Er wachten geen verzoeken op jou.').waitFor();

  // The second administrator approves it.
  const secondPage = await (await browser.newContext()).newPage();
  watch(secondPage, problems);
  await signInAs(secondPage, system.address, second);
  await secondPage.goto(`${system.address}/admin/grants`);
  const request = secondPage.getByTestId('grant-requests-decide').getByTestId('grant-request').filter({ hasText: 'Rol Teamleider' });
  await request.getByText(`User ${wim.username}`).waitFor();
  await assertAccessible(secondPage, 'the grants screen with a request to decide');
  await request.getByRole('button', { name: 'Goedkeuren' }).click();
  await request.getByRole('textbox', { name: 'Reden', exact: true }).fill('Afgestemd met de regio');
  await request.getByRole('button', { name: 'Goedkeuren' }).click();
  const refused = secondPage.getByTestId('grant-requests-decide').getByTestId('grant-request').filter({ hasText: 'Rol Servicedesk' });
  await refused.getByRole('button', { name: 'Afwijzen' }).click();
  await refused.getByRole('textbox', { name: 'Reden', exact: true }).fill('Niet nodig voor zijn werk');
  await refused.getByRole('button', { name: 'Afwijzen' }).click();
  await secondPage.getByTestId('grant-requests-decide').getByText('Er wachten geen verzoeken op jou.').waitFor();
  await secondPage.goto(`${system.address}/admin/users/${wim.id}`);
  await secondPage.getByTestId('grants').getByRole('cell', { name: 'Teamleider', exact: true }).waitFor();

  // Wim lost his phone: resetting his second factor needs a fresh check (put back past its 10 minutes).
  await adminQuery(
    system.target.ownerUrl,
    `update user_session set reauthenticated_at = now() - interval '11 minutes' where user_id = $1`,
    [second.id],
  );
  const secondActions = secondPage.getByRole('region', { name: 'Acties' });
  await secondActions.getByRole('button', { name: 'Tweede stap opnieuw instellen' }).click();
  await secondActions.getByRole('textbox', { name: 'Reden', exact: true }).fill('Telefoon kwijt, gebeld met Wim');
  await secondActions.getByRole('button', { name: 'Tweede stap opnieuw instellen' }).click();
  const code = secondActions.getByRole('textbox', { name: 'Code', exact: true });
  await code.waitFor();
  // The check takes the focus. By document.activeElement: ':focus' needs the window focused, and two
  // browser contexts are open here.
  await secondPage.waitForFunction(
    (id) => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id === id,
    await code.getAttribute('id'),
  );
  await assertAccessible(secondPage, 'a support action asking to confirm it is me');
  await code.fill(await totpCode(second));
  await secondActions.getByRole('button', { name: 'Bevestigen' }).click();
  await secondActions.getByRole('status').filter({ hasText: 'De tweede stap is gewist' }).waitFor();
  await secondPage.getByTestId('user-details').getByText('Nog niet ingesteld').waitFor();
  await secondPage.context().close();
  await page.reload();
  await mine.filter({ hasText: 'Rol Teamleider' }).filter({ hasText: 'Goedgekeurd' }).waitFor();
  await mine.filter({ hasText: 'Rol Servicedesk' }).filter({ hasText: 'Afgewezen' }).getByText('Niet nodig voor zijn werk').waitFor();
  await assertAccessible(page, 'the grants screen with decided requests');

  // A permission added to a role (not privileged: it takes effect at once).
  await page.goto(`${system.address}/admin/roles`);
  const volunteer = page.getByRole('article', { name: 'Vrijwilliger' });
  await volunteer.getByRole('button', { name: 'Bevoegdheden van Vrijwilliger wijzigen' }).click();
  await assertAccessible(page, 'the roles screen editing a role');
  await volunteer.getByRole('checkbox', { name: 'users.read', exact: true }).check();
  await volunteer.getByRole('textbox', { name: 'Reden', exact: true }).fill('Vrijwilligers zien hun team');
  await volunteer.getByRole('button', { name: 'Opslaan' }).click();
  await volunteer.getByText(/users\.read/).waitFor();
  await screenshot(page, 'admin-roles');

  // A group and a member.
  await page.goto(`${system.address}/admin/groups`);
  const newGroup = page.getByRole('region', { name: 'Nieuwe groep' });
  await newGroup.getByRole('textbox', { name: 'Naam', exact: true }).fill('Crisisteam');
  await newGroup.getByRole('textbox', { name: 'Reden', exact: true }).fill('Voor de crisisdienst');
  // Meanwhile her sessions are ended (by the second administrator): saving asks to sign in again, here.
  const ended = await second.session.request('POST', `/api/v1/users/${first.id}/sessions/end`, { reason: 'Test: sessie beëindigd' });
  assert.equal(ended.statusCode, 200, ended.body);
  await newGroup.getByRole('button', { name: 'Groep toevoegen' }).click();
  const again = page.getByRole('region', { name: 'Je sessie is beëindigd' });
  await again.getByLabel('Wachtwoord').fill(first.password);
  await again.getByRole('button', { name: 'Volgende' }).click();
  await again.getByRole('textbox', { name: 'Code', exact: true }).fill(await totpCode(first));
  await again.getByRole('button', { name: 'Inloggen' }).click();
  await again.waitFor({ state: 'detached' });
  assert.equal(await newGroup.getByRole('textbox', { name: 'Naam', exact: true }).inputValue(), 'Crisisteam', 'the input is still there');
  await newGroup.getByRole('button', { name: 'Groep toevoegen' }).click();
  await newGroup.getByRole('status').filter({ hasText: 'Groep Crisisteam is toegevoegd.' }).waitFor();
  const group = page.getByRole('article', { name: 'Crisisteam' });
  await group.getByRole('button', { name: 'Leden en rechten van Crisisteam' }).click();
  const members = group.getByRole('region', { name: 'Leden' });
  await members.getByRole('textbox', { name: 'Nieuw lid: zoeken', exact: true }).fill('wim');
  await group
    .getByRole('combobox', { name: 'Nieuw lid', exact: true })
    .locator('option', { hasText: wim.username })
    .waitFor({ state: 'attached' });
  await members.getByRole('textbox', { name: 'Reden', exact: true }).fill('Wim draait mee');
  await members.getByRole('button', { name: 'Lid toevoegen' }).click();
  await group.getByRole('link', { name: `User ${wim.username}` }).waitFor();
  await group.getByText('1 lid', { exact: true }).waitFor();
  await assertAccessible(page, 'the groups screen');
  await screenshot(page, 'admin-groups');

  // The mover: to the national unit (his grants in the team end now), then the leaver.
  await group.getByRole('link', { name: `User ${wim.username}` }).click();
  const moving = page.getByRole('region', { name: 'Acties' });
  await moving.getByRole('button', { name: 'Overplaatsen' }).click();
  await moving.getByRole('combobox', { name: 'Naar eenheid', exact: true }).selectOption({ label: 'Landelijk (national)' });
  await moving.getByRole('textbox', { name: 'Reden', exact: true }).fill('Naar het landelijk bureau');
  await moving.getByRole('button', { name: 'Overplaatsen' }).click();
  await moving.getByRole('status').filter({ hasText: 'De gebruiker is overgeplaatst.' }).waitFor();
  await page.getByTestId('user-details').getByText('Landelijk (national)').waitFor();
  const actions = page.getByRole('region', { name: 'Acties' });
  await actions.getByRole('button', { name: 'Uit dienst melden' }).click();
  await actions.getByRole('textbox', { name: 'Reden', exact: true }).fill('Einde vrijwilligerswerk');
  await actions.getByRole('button', { name: 'Uit dienst melden' }).click();
  await page.getByRole('status').filter({ hasText: 'De gebruiker is uit dienst gemeld.' }).waitFor();
  await page.getByTestId('user-details').getByText('Uit dienst', { exact: true }).waitFor();
  await page.getByText('Geen rechten.').waitFor();
  await page.getByRole('button', { name: 'Weer in dienst nemen' }).waitFor();
  await assertAccessible(page, 'the user screen of a leaver');

  assert.deepEqual(
    problems.filter((p) => /Content Security Policy|Refused to/i.test(p)),
    [],
    'no CSP violations',
  );
  assert.deepEqual(
    problems.filter((p) => !/status of 401/.test(p)),
    [],
    'no script errors',
  );
});
