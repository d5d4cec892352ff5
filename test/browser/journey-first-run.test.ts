// Acceptance journey 1 (issue 11), end to end in a real browser under the strict CSP, with a real SMTP
// server as the mail peer: a system with no administrator; the setup link makes the first administrator
// (password + authenticator app, recovery codes). Signed in as her, with nothing but what the setup gave
// her (functional-administrator at the national unit), she adds a team, adds a case worker there and
// invites her by mail; the case worker follows the mail's link in her own browser, chooses a password
// and sets up her authenticator app; the administrator grants her the case-worker role in the team until
// a day; the case worker signs in again and her start page shows her team's referral queue. The end state
// is read over the owner login: the user in the team, the grant with its end date.
// Every distinct screen state passes axe-core's WCAG 2.1 A/AA rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, launchBrowser, screenshot } from '../helpers/browser.ts';
import {
  assertNoProblems,
  completeInvitation,
  confirmTotp,
  invitationPath,
  keepRecoveryCodes,
  readTotpSecret,
  setupLink,
  signInWithTotp,
  watch,
} from '../helpers/browser-steps.ts';
import { build } from '../helpers/build.ts';
import { adminQuery } from '../helpers/database.ts';
import type { TestUser } from '../helpers/identity.ts';
import { startSmtp } from '../helpers/smtp.ts';

const PUBLIC_URL = 'http://localhost:3000';
// A day three months ahead, as the date input takes it.
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

test('journey 1: setup link -> first administrator with TOTP -> a team, a case worker invited by mail and granted until a day -> her start page', async (t) => {
  // The browser first: node:test runs after-hooks in the order they were added, so it closes before the
  // system stops, whose graceful close otherwise at times waited over a minute for the browser's connections.
  const browser = await launchBrowser(t);
  const smtp = await startSmtp(t);
  const system = await build(t, {
    listen: true,
    env: { CASUS_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, CASUS_PUBLIC_URL: PUBLIC_URL },
  });
  const before = await adminQuery<{ count: string }>(
    system.target.ownerUrl,
    `select count(*) from role_assignment where revoked_at is null`,
  );
  assert.equal(before.rows[0]!.count, '0', 'a system without any grant: no administrator');
  const problems: string[] = [];
  const page = await (await browser.newContext()).newPage();
  watch(page, problems);
  const admin: TestUser & { displayName: string } = {
    id: '',
    username: 'eerste.beheerder',
    displayName: 'Eerste Beheerder',
    password: 'een lange en ongewone wachtzin',
    totpSecret: null,
    lastStep: 0,
  };

  // 1. The setup link: the first administrator, her authenticator app, her recovery codes.
  await page.goto(await setupLink(system));
  await page.getByRole('heading', { name: 'Casus inrichten' }).waitFor();
  await assertAccessible(page, 'the setup screen');
  await page.getByLabel('Gebruikersnaam').fill(admin.username);
  await page.getByRole('textbox', { name: 'Naam', exact: true }).fill(admin.displayName);
  await page.getByLabel('Wachtwoord').fill(admin.password);
  await page.getByRole('button', { name: 'Beheerder aanmaken' }).click();
  await readTotpSecret(page, admin);
  await assertAccessible(page, 'the authenticator app screen');
  await confirmTotp(page, admin);
  await assertAccessible(page, 'the recovery codes screen');
  await keepRecoveryCodes(page, admin);
  await assertAccessible(page, 'the administrator’s start page');

  // 2. A team under the national unit.
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).click();
  await page.getByRole('heading', { name: 'Beheer', level: 1 }).waitFor();
  const sections = page.getByRole('list', { name: 'Onderdelen van beheer' });
  await assertAccessible(page, 'the administration overview');
  await sections.getByRole('link', { name: 'Organisatie-eenheden' }).click();
  const newUnit = page.getByRole('region', { name: 'Nieuwe eenheid' });
  await newUnit.getByRole('textbox', { name: 'Naam', exact: true }).fill('Team Noord');
  await newUnit.getByRole('textbox', { name: 'Code', exact: true }).fill('team-noord');
  await newUnit.getByRole('textbox', { name: 'Reden', exact: true }).fill('Eerste team');
  await newUnit.getByRole('button', { name: 'Eenheid toevoegen' }).click();
  await newUnit.getByRole('status').filter({ hasText: 'Eenheid Team Noord is toegevoegd.' }).waitFor();
  await page.getByTestId('unit-tree').getByRole('cell', { name: 'team-noord' }).waitFor();
  await assertAccessible(page, 'the units screen with the new team');

  // 3. The case worker in the team, invited by mail.
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).click();
  await sections.getByRole('link', { name: 'Gebruikers', exact: true }).click();
  const newUser = page.getByRole('region', { name: 'Nieuwe gebruiker (in dienst)' });
  await newUser.getByRole('textbox', { name: 'Naam', exact: true }).fill('Noor de Vries');
  await newUser.getByRole('textbox', { name: 'Gebruikersnaam', exact: true }).fill('noor');
  await newUser.getByRole('textbox', { name: 'E-mailadres', exact: true }).fill('noor@example.org');
  await newUser.getByRole('combobox', { name: 'Eenheid', exact: true }).selectOption({ label: '— Team Noord' });
  await newUser.getByRole('textbox', { name: 'Reden', exact: true }).fill('Nieuwe hulpverlener');
  assert.equal(await newUser.getByRole('checkbox', { name: 'Uitnodiging sturen' }).isChecked(), true, 'inviting is the default');
  await newUser.getByRole('button', { name: 'Gebruiker toevoegen' }).click();
  await newUser.getByText('Noor de Vries is toegevoegd.').waitFor();
  await newUser.getByText('De uitnodiging is verstuurd.').waitFor();
  await page.getByTestId('admin-users').getByRole('link', { name: 'Noor de Vries' }).waitFor();
  await assertAccessible(page, 'the users screen with the new user invited');

  // 4. The case worker, in her own browser: the mail's link, a password, the authenticator app.
  const noor: TestUser & { displayName: string } = {
    id: '',
    username: 'noor',
    displayName: 'Noor de Vries',
    password: 'amber compass under northern skies',
    totpSecret: null,
    lastStep: 0,
  };
  const noorPage = await (await browser.newContext()).newPage();
  watch(noorPage, problems);
  await completeInvitation(
    noorPage,
    `${system.address}${await invitationPath(smtp.inbox, 'noor@example.org', PUBLIC_URL)}`,
    noor,
    (screen) => assertAccessible(noorPage, `the invitation's ${screen} screen`),
  );
  // Signed in, but no role yet: no referral queue of a team.
  await noorPage.getByTestId('my-tasks').waitFor();
  assert.equal(await noorPage.getByRole('heading', { name: 'Aanmeldingen van mijn team' }).count(), 0, 'no team work before the grant');
  await noorPage.getByRole('button', { name: 'Uitloggen' }).click();
  await noorPage.getByRole('heading', { name: 'Inloggen' }).waitFor();

  // 5. Her grant: case worker in the team, until a day.
  await newUser.getByRole('link', { name: 'Naar Noor de Vries' }).click();
  await page.getByRole('heading', { name: 'Noor de Vries', level: 1 }).waitFor();
  const grantForm = page.getByRole('region', { name: 'Recht geven aan Noor de Vries' });
  await grantForm.getByRole('combobox', { name: 'Rol', exact: true }).selectOption({ label: 'Medewerker' });
  await grantForm.getByRole('combobox', { name: 'Eenheid', exact: true }).selectOption({ label: 'Team Noord (team-noord)' });
  const until = inDays(90);
  await grantForm.getByLabel('Geldig tot en met').fill(until);
  await grantForm.getByRole('textbox', { name: 'Reden', exact: true }).fill('Start als hulpverlener');
  await grantForm.getByRole('button', { name: 'Recht geven' }).click();
  await grantForm.getByRole('status').filter({ hasText: 'Het recht is gegeven.' }).waitFor();
  const grantRow = page.getByTestId('grants').getByRole('row', { name: /Medewerker/ });
  await grantRow.waitFor();
  const [year, , day] = until.split('-').map(Number);
  assert.match((await grantRow.textContent())!, new RegExp(`${day} \\w+\\.? ${year}`), 'the end date shown');
  await assertAccessible(page, 'the user screen with her grant');
  await screenshot(page, 'journey-first-run-grant');

  // 6. The case worker signs in: her start page with her team's referral queue.
  await signInWithTotp(noorPage, system.address, noor);
  await noorPage.getByText('Ingelogd als Noor de Vries').waitFor();
  await noorPage.getByRole('heading', { name: 'Aanmeldingen van mijn team' }).waitFor();
  await noorPage.getByText('Er staan geen aanmeldingen in de wachtrij van je team.').waitFor();
  await assertAccessible(noorPage, 'the case worker’s start page');
  await screenshot(noorPage, 'journey-first-run-case-worker');

  // The end state, over the owner login: one administrator from the setup link; the case worker in the
  // team with the case-worker role there until the end of the chosen day (Amsterdam time).
  const { rows: admins } = await adminQuery<{ role: string; unit: string }>(
    system.target.ownerUrl,
    `select r.key as role, o.code as unit from role_assignment a join role r on r.id = a.role_id
       join org_unit o on o.id = a.unit_id join app_user u on u.id = a.user_id
      where u.username = $1 and a.revoked_at is null`,
    [admin.username],
  );
  assert.deepEqual(admins, [{ role: 'functional-administrator', unit: 'national' }], 'the setup gave her nothing more');
  const { rows } = await adminQuery<{ team: string; role: string; unit: string; ends: string; by: string; status: string }>(
    system.target.ownerUrl,
    `select home.code as team, r.key as role, o.code as unit, u.status,
            to_char(a.ends_at at time zone 'Europe/Amsterdam', 'YYYY-MM-DD HH24:MI:SS') as ends, a.granted_by as by
       from app_user u join org_unit home on home.id = u.unit_id
       join role_assignment a on a.user_id = u.id and a.revoked_at is null
       join role r on r.id = a.role_id join org_unit o on o.id = a.unit_id
      where u.username = 'noor'`,
  );
  const { rows: adminIds } = await adminQuery<{ id: string }>(system.target.ownerUrl, 'select id from app_user where username = $1', [
    admin.username,
  ]);
  assert.deepEqual(rows, [
    {
      team: 'team-noord',
      role: 'case-worker',
      unit: 'team-noord',
      status: 'active',
      ends: `${until} 23:59:59`,
      by: `user:${adminIds[0]!.id}`,
    },
  ]);

  // Refused requests the browser logs: the 401 of GET /auth/session before each sign-in.
  assertNoProblems(problems);
});
