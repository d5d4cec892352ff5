// The security officer's audit screens in a real browser, under the strict CSP. A mass look-up by a case
// worker (50 persons in five minutes, scripted into the trail and judged by the detection rules as the
// worker does) raises an alert: the officer finds it among the open ones, opens it (the rule, the count
// against its threshold, the 50 events), takes it up, is refused a close without a finding, closes it with
// one, and finds it under the closed ones (the filter in the address, kept on reload). A second alert that
// someone else closed meanwhile is refused (412: the version the screen read is stale; the API checks it
// before the status' 409): the screen shows its newest state. The verification screen
// says "intact" after sealing, a checkpoint and a passing run, and shows the checkpoint's signed note and
// the verifier key; after an event is changed over the owner login with triggers disabled and verification
// runs again, a reload shows the failure in red with the first bad position. A case worker has no Audit
// menu entry. Every state visited passes axe-core's WCAG 2.1 A/AA rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { assertAccessible, launchBrowser, screenshot } from '../helpers/browser.ts';
import { assertNoProblems, signInWithTotp, watchedPage } from '../helpers/browser-steps.ts';
import { build } from '../helpers/build.ts';
import { adminQuery } from '../helpers/database.ts';
import { alertsAbout, script, streamRunner } from '../helpers/detection.ts';
import { team } from '../helpers/fixtures.ts';
import { trailKeeper } from '../helpers/audit-trail.ts';
import { detectionEngine } from '../../src/modules/audit/detection/register.ts';
import { runVerification } from '../../src/modules/audit/seal/verify.job.ts';
import { auditKeys, witnessFromSettings } from '../../src/modules/audit/index.ts';
import { createLogger } from '../../src/kernel/observability/logger.ts';
import { queryOnce } from '../../src/kernel/db/client.ts';

/** Amsterdam wall-clock time on Tuesday 10 March 2026, an ordinary working day (CET, UTC+1). */
const tuesday = (time: string, plusSeconds = 0) => new Date(new Date(`2026-03-10T${time}+01:00`).getTime() + plusSeconds * 1000);

test('the security officer handles a detection alert and sees the audit trail verified, then its tampering', async (t) => {
  // The browser first: node:test runs after-hooks in the order they were added (see admin.test.ts).
  const browser = await launchBrowser(t);
  const witnessDir = mkdtempSync(path.join(tmpdir(), 'casus-audit-witness-'));
  t.after(() => rmSync(witnessDir, { recursive: true, force: true }));
  const system = await build(t, { listen: true, env: { CASUS_AUDIT_WITNESS_DIR: witnessDir } });
  const a = await team(system);
  const officer = await a.user('officer', 'security-officer', 'staff', 'national');
  const worker = await a.user('worker', 'case-worker');

  // The mass look-up, and a break-the-glass an hour later (its alert is closed by someone else meanwhile).
  const opened = Array.from({ length: 50 }, (_, i) => {
    const person = randomUUID();
    return {
      at: tuesday('10:00:00', i * 5),
      actorId: worker.id,
      action: 'person.read',
      objectType: 'person',
      objectId: person,
      dataSubjectId: person,
    };
  });
  await script(system, [
    ...opened,
    { at: tuesday('11:00:00'), actorId: worker.id, action: 'case.break-glass', objectType: 'case', objectId: randomUUID() },
    // Five refusals in ten minutes: a medium alert, so every severity's badge colour meets axe's contrast rule.
    ...Array.from({ length: 5 }, (_, i) => ({
      at: tuesday('12:00:00', i * 60),
      actorId: worker.id,
      action: 'case.read',
      objectType: 'case',
      objectId: randomUUID(),
      result: 'denied' as const,
    })),
  ]);
  await streamRunner(system).run(detectionEngine(system.settings).handle);
  const alerts = await alertsAbout(system, worker.id);
  const massLookup = alerts.find((alert) => alert.rule_id === 'mass-lookup')!;
  const breakGlass = alerts.find((alert) => alert.rule_id === 'break-glass')!;
  const denied = alerts.find((alert) => alert.rule_id === 'repeated-denied')!;
  assert.ok(massLookup && breakGlass && denied, 'the rules raised the three alerts');

  // A sealed trail with a witnessed checkpoint and a verification that passed.
  const keeper = trailKeeper(system);
  await keeper.checkpoint();
  const deps = {
    db: system.db,
    keys: auditKeys(system.settings),
    witness: witnessFromSettings(system.settings.audit.witness),
    log: createLogger({ level: 'silent' }),
  };
  assert.equal((await runVerification(deps, 'full')).ok, true, 'the trail verifies');

  const { page, problems } = await watchedPage(browser);
  await signInWithTotp(page, system.address, officer);

  // 1. The list: the mass look-up among the open alerts.
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Audit' }).click();
  await page.getByRole('list', { name: 'Onderdelen' }).getByRole('link', { name: 'Signaleringen' }).click();
  await page.getByRole('heading', { name: 'Signaleringen', level: 1 }).waitFor();
  const open = page.getByTestId('alerts-open');
  const row = open.getByTestId(`alert-${massLookup.id}`);
  await row.getByRole('link', { name: 'Massaal opzoeken' }).waitFor();
  await row.getByRole('cell', { name: `User ${worker.username}` }).waitFor();
  await row.getByText('Hoog').waitFor();
  await open.getByTestId(`alert-${denied.id}`).getByText('Middel').waitFor();
  await assertAccessible(page, 'the open alerts');
  await screenshot(page, 'audit-alerts');

  // 2. The alert: the rule, what it counted against its threshold, the events.
  await row.getByRole('link', { name: 'Massaal opzoeken' }).click();
  await page.getByRole('heading', { name: 'Massaal opzoeken', level: 1 }).waitFor();
  await page.getByRole('cell', { name: '50 (de drempel is 50 binnen 5 minuten)' }).waitFor();
  assert.equal(await page.getByTestId('alert-events').locator('tbody tr').count(), 50, 'the 50 events');
  await page.getByTestId('alert-events').getByRole('cell', { name: 'person.read' }).first().waitFor();
  assert.equal(await page.getByTestId('alert-status').textContent(), 'Open');
  await assertAccessible(page, 'an open alert');

  // 3. Taken up: in progress, in her name.
  await page.getByRole('button', { name: 'In behandeling nemen' }).click();
  await page.getByRole('status').filter({ hasText: 'De signalering staat nu op jouw naam in behandeling.' }).waitFor();
  assert.equal(await page.getByTestId('alert-status').textContent(), 'In behandeling');
  await page.getByRole('cell', { name: /^door jou, / }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'In behandeling nemen' }).count(), 0, 'no second acknowledge');
  await assertAccessible(page, 'an acknowledged alert');

  // 4. Closed with a finding: without one it is refused at the fields; a short one too.
  await page.getByRole('button', { name: 'Afsluiten met bevinding' }).click();
  const closing = page.getByRole('region', { name: 'Signalering afsluiten' });
  assert.equal(await page.locator(':focus').getAttribute('value'), 'misuse', 'the panel takes the focus on its first choice');
  await closing.getByRole('button', { name: 'Afsluiten', exact: true }).click();
  await closing.getByText('Vul dit veld in.').first().waitFor();
  await assertAccessible(page, 'closing an alert, refused at its fields');
  await closing.getByRole('radio', { name: 'Geen misbruik: verklaarbaar werk' }).check();
  await closing.getByRole('textbox', { name: 'Bevinding' }).fill('Te kort');
  await closing.getByRole('button', { name: 'Afsluiten', exact: true }).click();
  await closing.getByText('Beschrijf je bevinding in minstens 10 tekens.').waitFor();
  const finding = 'Bulkcontrole van adressen op verzoek van de teamleider, besproken met de medewerker.';
  await closing.getByRole('textbox', { name: 'Bevinding' }).fill(finding);
  await closing.getByRole('button', { name: 'Afsluiten', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'De signalering is afgesloten met je bevinding.' }).waitFor();
  assert.equal(await page.getByTestId('alert-status').textContent(), 'Afgesloten');
  await page.getByRole('cell', { name: `Geen misbruik: verklaarbaar werk: ${finding}` }).waitFor();
  assert.equal(await page.getByRole('region', { name: 'Behandelen' }).count(), 0, 'nothing left to do');
  await assertAccessible(page, 'a closed alert');
  const closed = (
    await adminQuery<{ status: string; close_reason: string; closed_by: string }>(
      system.target.ownerUrl,
      'select status, close_reason, closed_by from detection_alert where id = $1',
      [massLookup.id],
    )
  ).rows[0]!;
  assert.deepEqual(closed, { status: 'closed', close_reason: `Geen misbruik: verklaarbaar werk: ${finding}`, closed_by: officer.id });

  // 5. The list: no longer open; under the closed ones, also after a reload.
  await page.getByRole('link', { name: 'Terug naar de signaleringen' }).click();
  await page.getByTestId(`alert-${breakGlass.id}`).waitFor();
  await page.getByTestId('alerts-acknowledged').getByText('Geen signaleringen.').waitFor();
  assert.equal(await page.getByTestId(`alert-${massLookup.id}`).count(), 0, 'not among the open and in-progress ones');
  await page.getByRole('combobox', { name: 'Status' }).selectOption('closed');
  await page.getByTestId('alerts-closed').getByTestId(`alert-${massLookup.id}`).getByText('Afgesloten').waitFor();
  assert.match(page.url(), /[?&]status=closed\b/);
  await page.reload();
  await page.getByTestId('alerts-closed').getByTestId(`alert-${massLookup.id}`).waitFor();
  assert.equal(await page.getByRole('combobox', { name: 'Status' }).inputValue(), 'closed');
  await assertAccessible(page, 'the closed alerts');

  // 6. Someone else was first: the break-the-glass alert is closed over the API while the screen shows it
  // open; taking it up is refused (412) and the screen shows the newest state.
  await page.goto(`${system.address}/audit/alerts/${breakGlass.id}`);
  await page.getByRole('heading', { name: 'Noodtoegang (break-the-glass)', level: 1 }).waitFor();
  const meanwhile = await officer.session.request('POST', `/api/v1/audit/alerts/${breakGlass.id}/close`, {
    version: breakGlass.version,
    reason: 'Nagelopen met de teamleider: terechte noodtoegang.',
  });
  assert.equal(meanwhile.statusCode, 200, meanwhile.body);
  await page.getByRole('button', { name: 'In behandeling nemen' }).click();
  await page.getByRole('status').filter({ hasText: 'Iemand anders heeft deze signalering intussen behandeld.' }).waitFor();
  assert.equal(await page.getByTestId('alert-status').textContent(), 'Afgesloten');
  await page.getByRole('cell', { name: 'Nagelopen met de teamleider: terechte noodtoegang.' }).waitFor();
  await assertAccessible(page, 'an alert closed meanwhile');

  // 7. Verification: intact, the checkpoint with its signed note, the verifier key.
  const checkpoints = (await officer.session.request('GET', '/api/v1/audit/checkpoints?limit=1')).json<{
    items: { size: string; note: string }[];
  }>().items;
  const newest = checkpoints[0]!;
  await page.goto(`${system.address}/audit`);
  await page.getByRole('list', { name: 'Onderdelen' }).getByRole('link', { name: 'Controle van de audittrail' }).click();
  await page.getByRole('heading', { name: 'Controle van de audittrail', level: 1 }).waitFor();
  await page.getByTestId('verification-intact').getByText('De audittrail is intact').waitFor();
  await page.getByRole('cell', { name: `${newest.size} gebeurtenissen, ondertekend`, exact: false }).waitFor();
  await page.getByTestId('verification-runs').getByText('Intact', { exact: true }).waitFor();
  await assertAccessible(page, 'the verification, intact');
  await page.getByRole('tab', { name: 'Controlepunten' }).click();
  const checkpointRow = page.getByTestId(`checkpoint-${newest.size}`);
  await checkpointRow.getByText(/^Bericht tonen/).click();
  assert.equal((await checkpointRow.locator('pre').textContent())?.trim(), newest.note.trim(), 'the signed note as it is');
  assert.match(page.url(), /[?&]tab=checkpoints\b/);
  await assertAccessible(page, 'the checkpoints with a note shown');
  await page.getByRole('tab', { name: 'Sleutels' }).click();
  await page.getByText(deps.keys.signer.verifierKey).waitFor();
  await page.getByRole('button', { name: 'Sleutel kopiëren' }).first().waitFor();
  await assertAccessible(page, 'the verifier keys');

  // 8. Tampering: an event changed over the owner login with triggers disabled; verification runs; a
  // reload shows the failure with the first bad position.
  const bad = 5;
  const leaf = (
    await adminQuery<{ event_id: string }>(system.target.ownerUrl, 'select event_id::text from audit_leaf where leaf_index = $1', [bad])
  ).rows[0]!;
  await queryOnce(
    system.target.ownerUrl,
    `set session_replication_role = replica; update audit_event set reason = 'achteraf gewijzigd' where id = ${leaf.event_id}; reset session_replication_role`,
  );
  assert.equal((await runVerification(deps, 'full')).ok, false, 'the verification notices');
  await page.goto(`${system.address}/audit/verification`);
  const failed = page.getByTestId('verification-failed');
  await failed.getByText('De audittrail is niet intact').waitFor();
  assert.equal(await failed.getAttribute('role'), 'alert');
  assert.equal(await failed.getByTestId('first-bad').textContent(), `Eerste foute positie: ${bad}. Gebeurtenis ${leaf.event_id}.`);
  await failed.getByText('Gebeurtenis gewijzigd').waitFor();
  await failed.getByText(/Laatste goede controle: /).waitFor();
  await page.getByTestId('verification-runs').getByText('Fouten gevonden').waitFor();
  await assertAccessible(page, 'the verification, failed');
  await screenshot(page, 'audit-verification-failed');
  assertNoProblems(problems, [/status of 412/]);

  // 9. A case worker has no Audit menu entry.
  const other = await watchedPage(browser);
  await signInWithTotp(other.page, system.address, worker);
  const nav = other.page.getByRole('navigation', { name: 'Hoofdmenu' });
  await nav.getByRole('link', { name: 'Start' }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Audit' }).count(), 0, 'no Audit menu entry');
  await assertAccessible(other.page, 'the case worker’s start page');
  assertNoProblems(other.problems);
});
