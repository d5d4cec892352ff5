// The team lead's page (/team) in a real browser, under the strict CSP. The team lead assigns two
// referrals of her team's queue at once to a worker (and a third one on its own to another; a failure is
// reported per referral), sees the team's tasks, filters the team's cases by status and by worker, and approves a break-the-glass request for a
// shielded case of her team; the security officer (cases.review-access: team leads do not hold it)
// reviews the access that approval created; a case worker has no menu entry and no assign actions.
// Every state visited is checked with axe-core (WCAG 2.1 A/AA).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { build } from '../helpers/build.ts';
import { assertAccessible, launchBrowser, screenshot } from '../helpers/browser.ts';
import { totpCode, type TestUser } from '../helpers/identity.ts';
import { openCase, shield, team } from '../helpers/fixtures.ts';

const CSP_OR_SCRIPT = /Content Security Policy|Refused to/i;

/** A page of its own browser context, signed in as `user` through the sign-in screen; problems collected. */
async function signedIn(browser: Browser, address: string | null, user: TestUser, problems: string[]): Promise<Page> {
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
  await page.getByRole('heading', { name: 'Start' }).waitFor();
  return page;
}

test('the team lead assigns in bulk, filters the team’s cases and decides break-the-glass; a case worker does not get the team lead’s actions', async (t) => {
  const system = await build(t, { listen: true });
  const a = await team(system);
  const lead = await a.user('teamleider', 'team-lead');
  const worker = await a.user('hulpverlener', 'case-worker');
  const colleague = await a.user('collega', 'case-worker');
  const officer = await a.user('veiligheid', 'security-officer');
  const b = await team(system);
  const nightLine = await b.user('nacht', ['case-worker', 'break-glass']);

  const referrals: Record<string, string> = {};
  for (const reference of ['AANM-EEN', 'AANM-TWEE', 'AANM-DRIE']) {
    const created = await worker.session.request('POST', '/api/v1/referrals', {
      source: 'police',
      channel: 'phone',
      sourceReference: reference,
      owningUnitId: a.unit,
      person: { achternaam: `Aanmelder ${reference}` },
    });
    assert.equal(created.statusCode, 201, created.body);
    referrals[reference] = created.json<{ id: string }>().id;
  }
  const intake = await openCase(system, worker, a.unit, { client: 'Aanzee' });
  const ongoing = await openCase(system, worker, a.unit, { client: 'Bovenkerk' });
  const changed = await worker.session.request('PATCH', `/api/v1/cases/${ongoing.id}`, { version: ongoing.version, status: 'active' });
  assert.equal(changed.statusCode, 200, changed.body);
  // The colleague works on the intake case too: the filter by worker finds it.
  const second = await lead.session.request('POST', `/api/v1/cases/${intake.id}/assignments`, { userId: colleague.id, role: 'worker' });
  assert.equal(second.statusCode, 200, second.body);
  const task = await worker.session.request('POST', '/api/v1/tasks', {
    caseId: intake.id,
    title: 'Intakegesprek plannen',
    dueInWorkingDays: 3,
  });
  assert.equal(task.statusCode, 201, task.body);
  // A shielded case of team A: the night line of team B asks to break the glass, the team lead decides.
  const shielded = await openCase(system, worker, a.unit);
  await shield(system, shielded.id);
  const asked = await nightLine.session.request('POST', '/api/v1/cases/break-glass', {
    caseNumber: shielded.number,
    reason: 'cliënt belde de nachtlijn, hulpverlener onbereikbaar',
  });
  assert.equal(asked.statusCode, 202, asked.body);

  const browser = await launchBrowser(t);
  const problems: string[] = [];

  // The team lead: the menu entry opens the team page on the queue.
  const page = await signedIn(browser, system.address, lead, problems);
  const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
  await nav.getByRole('link', { name: 'Team' }).click();
  await page.getByRole('heading', { name: 'Mijn team', level: 1 }).waitFor();
  const queue = page.getByTestId('team-queue');
  await queue.getByRole('link', { name: 'AANM-EEN' }).waitFor();
  assert.equal(await queue.getByRole('link', { name: 'AANM-EEN' }).getAttribute('href'), `/referrals/${referrals['AANM-EEN']}`);
  await assertAccessible(page, 'the team queue');

  // Bulk: two rows selected, one worker, one click; both rows then name her.
  const workerName = `User ${worker.username}`;
  await queue.getByRole('checkbox', { name: 'Aanmelding AANM-EEN selecteren' }).check();
  await queue.getByRole('checkbox', { name: 'Aanmelding AANM-TWEE selecteren' }).check();
  await queue.getByLabel('Medewerker').selectOption({ label: workerName });
  await queue.getByRole('button', { name: '2 aanmeldingen toewijzen' }).click();
  await queue
    .getByRole('status')
    .filter({ hasText: `2 aanmeldingen toegewezen aan ${workerName}.` })
    .waitFor();
  for (const reference of ['AANM-EEN', 'AANM-TWEE']) {
    const row = queue.getByTestId(`team-queue-${referrals[reference]}`);
    await row.getByRole('cell', { name: workerName, exact: true }).waitFor();
  }
  await assertAccessible(page, 'the team queue after a bulk assignment');
  await screenshot(page, 'team');
  // One on its own: the row's button selects only it and takes the focus to the choice of worker.
  const colleagueName = `User ${colleague.username}`;
  await queue.getByRole('button', { name: 'Aanmelding AANM-DRIE toewijzen' }).click();
  assert.equal(await page.locator(':focus').getAttribute('id'), 'team-assign-user');
  await queue.getByLabel('Medewerker').selectOption({ label: colleagueName });
  await queue.getByRole('button', { name: '1 aanmelding toewijzen' }).click();
  await queue.getByTestId(`team-queue-${referrals['AANM-DRIE']}`).getByRole('cell', { name: colleagueName, exact: true }).waitFor();
  const assigned = (await lead.session.request('GET', '/api/v1/referrals?view=queue')).json<{
    items: { id: string; assignedTo: string | null }[];
  }>().items;
  assert.deepEqual(
    Object.fromEntries(assigned.map((r) => [r.id, r.assignedTo])),
    {
      [referrals['AANM-EEN']!]: worker.id,
      [referrals['AANM-TWEE']!]: worker.id,
      [referrals['AANM-DRIE']!]: colleague.id,
    },
    'the API holds what the screen shows',
  );

  // A failure is reported with its referral: one changed meanwhile (412), the other goes through; the
  // failed one stays selected, to try again.
  await queue.getByRole('checkbox', { name: 'Aanmelding AANM-EEN selecteren' }).check();
  await queue.getByRole('checkbox', { name: 'Aanmelding AANM-DRIE selecteren' }).check();
  await queue.getByLabel('Medewerker').selectOption({ label: colleagueName });
  const current = (await lead.session.request('GET', `/api/v1/referrals/${referrals['AANM-EEN']}`)).json<{ version: number }>();
  const meanwhile = await lead.session.request('POST', `/api/v1/referrals/${referrals['AANM-EEN']}/assign`, {
    version: current.version,
    userId: worker.id,
  });
  assert.equal(meanwhile.statusCode, 200, meanwhile.body);
  await queue.getByRole('button', { name: '2 aanmeldingen toewijzen' }).click();
  const failure = queue.getByRole('alert').filter({ hasText: '1 aanmelding is niet toegewezen' });
  await failure.waitFor();
  assert.match((await failure.textContent()) ?? '', /Aanmelding AANM-EEN: iemand anders heeft deze aanmelding net gewijzigd/);
  await queue
    .getByRole('status')
    .filter({ hasText: `1 aanmelding toegewezen aan ${colleagueName}.` })
    .waitFor();
  assert.equal(await queue.getByRole('checkbox', { name: 'Aanmelding AANM-EEN selecteren' }).isChecked(), true);
  assert.equal(await queue.getByRole('checkbox', { name: 'Aanmelding AANM-DRIE selecteren' }).isChecked(), false);
  await queue.getByTestId(`team-queue-${referrals['AANM-EEN']}`).getByRole('cell', { name: workerName, exact: true }).waitFor();
  await assertAccessible(page, 'the team queue with a failed assignment');

  // The team's tasks: the task for the whole team, linked to its case.
  await page.getByRole('tab', { name: 'Taken' }).click();
  const tasks = page.getByTestId('team-tasks');
  const taskRow = tasks.locator('tbody tr').filter({ hasText: 'Intakegesprek plannen' });
  await taskRow.waitFor();
  assert.match((await taskRow.textContent()) ?? '', /Het hele team/);
  assert.equal(await taskRow.getByRole('link', { name: 'Dossier' }).getAttribute('href'), `/cases/${intake.id}`);
  assert.match(page.url(), /view=tasks/);
  await assertAccessible(page, 'the team’s tasks');

  // The team's cases, filtered by status through the address; the shielded one is not listed.
  await page.getByRole('tab', { name: 'Dossiers' }).click();
  const cases = page.getByTestId('team-cases');
  await cases.getByRole('link', { name: intake.number }).waitFor();
  await cases.getByRole('link', { name: ongoing.number }).waitFor();
  assert.equal(await cases.getByRole('link', { name: shielded.number }).count(), 0, 'a shielded case is not in the team list');
  await assertAccessible(page, 'the team’s cases');
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Lopend' });
  await page.getByRole('button', { name: 'Filteren' }).click();
  await page.waitForURL(/status=active/);
  // The old list goes (the intake case), then the filtered one comes.
  await cases.getByRole('link', { name: intake.number }).waitFor({ state: 'detached' });
  await cases.getByRole('link', { name: ongoing.number }).waitFor();
  assert.deepEqual(await cases.locator('tbody tr a').allTextContents(), [ongoing.number]);
  assert.equal(await cases.getByRole('link', { name: ongoing.number }).getAttribute('href'), `/cases/${ongoing.id}`);
  await assertAccessible(page, 'the team’s cases filtered');
  // The address holds the filter: a reload shows the same.
  await page.reload();
  await page.getByTestId('team-cases').getByRole('link', { name: ongoing.number }).waitFor();
  assert.equal(await page.getByTestId('team-cases').locator('tbody tr').count(), 1);
  assert.equal(await page.getByLabel('Status', { exact: true }).inputValue(), 'active');
  // By worker: the cases the colleague works on now.
  await page.getByRole('button', { name: 'Filters wissen' }).click();
  await page.getByTestId('team-cases').getByRole('link', { name: intake.number }).waitFor();
  await page.getByLabel('Medewerker').selectOption({ label: colleagueName });
  await page.getByRole('button', { name: 'Filteren' }).click();
  await page.waitForURL(new RegExp(`worker=${colleague.id}`));
  await page.getByTestId('team-cases').getByRole('link', { name: ongoing.number }).waitFor({ state: 'detached' });
  await page.getByTestId('team-cases').getByRole('link', { name: intake.number }).waitFor();
  assert.deepEqual(await page.getByTestId('team-cases').locator('tbody tr a').allTextContents(), [intake.number]);
  await assertAccessible(page, 'the team’s cases of one worker');

  // Break-the-glass: the team lead approves the request for her team's shielded case.
  await page.getByRole('tab', { name: 'Noodtoegang' }).click();
  const requests = page.getByTestId('break-glass-requests');
  await requests.getByRole('cell', { name: shielded.number, exact: true }).waitFor();
  await requests.getByRole('cell', { name: `User ${nightLine.username}`, exact: true }).waitFor();
  assert.equal(await page.getByTestId('break-glass-accesses').count(), 0, 'reviewing accesses needs cases.review-access');
  await assertAccessible(page, 'the break-the-glass requests');
  await requests.getByRole('button', { name: `Beslissen over noodtoegang tot dossier ${shielded.number}` }).click();
  const heading = page.getByRole('heading', { name: `Noodtoegang tot dossier ${shielded.number}` });
  await heading.waitFor();
  assert.equal(await page.locator(':focus').textContent(), await heading.textContent(), 'the decision takes the focus');
  await page.getByRole('button', { name: 'Goedkeuren' }).click();
  await page.getByText('Vul dit veld in.').waitFor();
  await assertAccessible(page, 'a break-the-glass decision with a field error');
  await page.getByLabel('Toelichting').fill('nachtlijn, acute situatie bevestigd');
  await screenshot(page, 'team-break-glass');
  await page.getByRole('button', { name: 'Goedkeuren' }).click();
  await page.getByRole('status').filter({ hasText: 'Het verzoek is goedgekeurd' }).waitFor();
  await requests.getByText('Er wachten geen verzoeken om noodtoegang.').waitFor();
  await assertAccessible(page, 'the break-the-glass requests after approving');
  assert.equal((await nightLine.session.request('GET', `/api/v1/cases/${shielded.id}`)).statusCode, 200, 'the approval opened the case');

  // The security officer reviews that access (her menu shows the team page with this tab only).
  const officerPage = await signedIn(browser, system.address, officer, problems);
  await officerPage.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Team' }).click();
  await officerPage.getByRole('tab', { name: 'Noodtoegang' }).waitFor();
  assert.deepEqual(await officerPage.getByRole('tab').allTextContents(), ['Noodtoegang']);
  const accesses = officerPage.getByTestId('break-glass-accesses');
  await accesses.getByRole('cell', { name: shielded.number, exact: true }).waitFor();
  // Who broke the glass and who approved it, by name: the night line is another team's.
  assert.match(
    (await accesses.locator('tbody tr').filter({ hasText: shielded.number }).textContent()) ?? '',
    new RegExp(`User ${nightLine.username}.*cliënt belde de nachtlijn.*User ${lead.username}`),
  );
  await assertAccessible(officerPage, 'the break-the-glass accesses to review');
  await accesses.getByRole('button', { name: `Noodtoegang tot dossier ${shielded.number} beoordelen` }).click();
  await officerPage.getByLabel('Toelichting').fill('kort');
  await officerPage.getByRole('button', { name: 'Markeren als beoordeeld' }).click();
  await officerPage.getByText('Schrijf minstens 10 tekens.').waitFor();
  await officerPage.getByLabel('Toelichting').fill('gecontroleerd met de teamleider: terecht');
  await officerPage.getByRole('button', { name: 'Markeren als beoordeeld' }).click();
  await officerPage.getByRole('status').filter({ hasText: 'De noodtoegang is gemarkeerd als beoordeeld.' }).waitFor();
  await accesses.getByText('Er is geen noodtoegang die nog beoordeeld moet worden.').waitFor();
  await assertAccessible(officerPage, 'the break-the-glass accesses after the review');
  const reviewed = (await officer.session.request('GET', '/api/v1/break-glass-accesses?reviewed=true')).json<{
    items: { caseId: string; reviewedBy: string | null }[];
  }>().items;
  assert.deepEqual(
    reviewed.filter((access) => access.caseId === shielded.id).map((access) => access.reviewedBy),
    [officer.id],
  );

  // A case worker: no menu entry; the page, opened by its address, lists the queue without assigning.
  const workerPage = await signedIn(browser, system.address, worker, problems);
  assert.equal(await workerPage.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Team' }).count(), 0);
  await workerPage.goto(`${system.address}/team`);
  const workerQueue = workerPage.getByTestId('team-queue');
  await workerQueue.getByRole('link', { name: 'AANM-EEN' }).waitFor();
  assert.equal(await workerQueue.getByRole('checkbox').count(), 0, 'no selection without referrals.assign');
  // Without users.read she sees her own name, not her colleague's.
  await workerQueue.getByTestId(`team-queue-${referrals['AANM-EEN']}`).getByRole('cell', { name: workerName, exact: true }).waitFor();
  await workerQueue
    .getByTestId(`team-queue-${referrals['AANM-DRIE']}`)
    .getByRole('cell', { name: 'Collega (naam niet zichtbaar voor jou)', exact: true })
    .waitFor();
  assert.equal(await workerQueue.getByRole('button', { name: /toewijzen/i }).count(), 0, 'no assign action');
  // Her permissions open the queue and the team's tasks; not the team's cases (cases.read-unit) nor break-the-glass.
  assert.deepEqual(await workerPage.getByRole('tab').allTextContents(), ['Aanmeldingen', 'Taken']);
  await assertAccessible(workerPage, 'the team page of a case worker');

  assert.deepEqual(
    problems.filter((p) => CSP_OR_SCRIPT.test(p)),
    [],
    'no CSP violations',
  );
  // The browser logs the 401 of GET /auth/session on the sign-in screen, and the one 412 of the
  // assignment made stale on purpose above.
  assert.equal(problems.filter((p) => /status of 412/.test(p)).length, 1);
  assert.deepEqual(
    problems.filter((p) => !/status of 401/.test(p) && !/status of 412 .*\/team/.test(p)),
    [],
    'no script errors',
  );
});
