// The acceptance's other half: an ordinary day of a case worker raises no alert. Her day is real work
// through the API (registering clients, opening their cases, the case screen, logging contact, searching
// her own clients by name and BSN, a new caller nobody knows yet); what it wrote to the audit trail is
// then placed on a Tuesday between 09:00 and 17:00, as the rules judge events by when they happened, and
// run through the rule engine with the built-in rules. The same day placed on a Sunday does raise an
// alert: the rules did look at her day.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { build } from '../../../../test/helpers/build.ts';
import { adminQuery } from '../../../../test/helpers/database.ts';
import { alertsAbout, eventsOf, replay, streamRunner } from '../../../../test/helpers/detection.ts';
import { openCase, team, type Member } from '../../../../test/helpers/fixtures.ts';
import { nextBsn } from '../../../../test/helpers/search.ts';
import { detectionEngine } from './register.ts';

const fileScope = { after: (cleanup) => after(cleanup as () => Promise<void>) } satisfies Pick<TestContext, 'after'>;
const system = await build(fileScope);
const engine = detectionEngine(system.settings);
const runner = streamRunner(system);

const SURNAMES = ['Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'Mulder', 'Bos', 'Vos'];

async function ok<T>(who: Member, method: string, url: string, body?: unknown): Promise<T> {
  const response = await who.session.request(method, url, body);
  assert.ok(response.statusCode < 300, `${method} ${url}: ${response.statusCode} ${response.body}`);
  return (response.body ? response.json() : undefined) as T;
}

/** Her day's work through the API. */
async function aDayOfCaseWork(worker: Member, unit: string): Promise<void> {
  const bsn = nextBsn();
  const cases: { id: string; clientId: string }[] = [];
  for (const [i, surname] of SURNAMES.entries()) {
    const kase = await openCase(system, worker, unit, { client: `${surname}${'abcdefgh'[i]}x` });
    cases.push({ id: kase.id, clientId: kase.clientId });
  }
  await ok(worker, 'PATCH', `/api/v1/persons/${cases[0]!.clientId}`, { bsn, version: 1 });
  await ok(worker, 'GET', '/api/v1/cases?view=mine');
  for (const kase of cases) {
    await ok(worker, 'GET', `/api/v1/cases/${kase.id}/overview`);
    await ok(worker, 'GET', `/api/v1/persons/${kase.clientId}`);
    await ok(worker, 'POST', `/api/v1/cases/${kase.id}/contact-moments`, {
      channel: 'phone',
      direction: 'outbound',
      outcome: 'reached',
      summary: 'Gebeld over de voortgang; afspraak gemaakt voor volgende week.',
    });
    await ok(worker, 'GET', `/api/v1/cases/${kase.id}/contact-moments`);
  }
  // Her own clients by name and by BSN; a new caller nobody has registered yet.
  for (const [i, surname] of SURNAMES.slice(0, 3).entries())
    await ok(worker, 'POST', '/api/v1/search', { query: `${surname}${'abc'[i]}x` });
  await ok(worker, 'POST', '/api/v1/search', { query: bsn });
  await ok(worker, 'POST', `/api/v1/persons/${cases[0]!.clientId}/bsn/reveal`, {});
  await ok(worker, 'POST', '/api/v1/search', { query: 'Nieuwebeller' });
  const caller = await openCase(system, worker, unit, { client: 'Nieuwebeller' });
  await ok(worker, 'POST', `/api/v1/cases/${caller.id}/contact-moments`, {
    channel: 'phone',
    direction: 'inbound',
    outcome: 'reached',
    summary: 'Eerste gesprek na aanmelding; hulpvraag besproken.',
  });
  await ok(worker, 'GET', `/api/v1/cases/${caller.id}/overview`);
}

/** Her events, spread evenly over 09:00-17:00 (Amsterdam) of the day, in the order she made them. */
function officeHours(day: string, count: number): Date[] {
  const start = new Date(`${day}T09:00:00+01:00`).getTime();
  const step = (8 * 3_600_000) / count;
  return Array.from({ length: count }, (_, i) => new Date(start + Math.floor(i * step)));
}

// Proves: a case worker's ordinary day, placed on a working day in office hours, raises no alert of
// any rule; the same events on a Sunday do (so the rules judged them).
test('an ordinary day of a case worker raises no alert', async () => {
  const t = await team(system);
  const worker = await t.user('worker', 'case-worker');
  await aDayOfCaseWork(worker, t.unit);
  const day = (await eventsOf(system, worker.id)).map((e) => e.id);
  const actions = new Set((await eventsOf(system, worker.id)).map((e) => e.action));
  for (const action of ['case.read', 'person.read', 'contact-moment.create', 'contact-moment.list', 'search.query', 'person.bsn-reveal'])
    assert.ok(actions.has(action), `her day includes ${action}`);
  assert.ok(day.length > 50, `a full day: ${day.length} events`);
  // What the API wrote carries today's clock: leave it, and judge the day as it is placed below.
  await runner.run(async () => undefined);

  await replay(system, day, officeHours('2026-03-10', day.length));
  await runner.run(engine.handle, { batchSize: 100 });
  assert.deepEqual(await alertsAbout(system, worker.id), []);
  const { rows } = await adminQuery<{ n: number }>(system.target.ownerUrl, 'select count(*)::int as n from detection_alert');
  assert.equal(rows[0]!.n, 0, 'no alert at all');

  await replay(system, day, officeHours('2026-03-15', day.length));
  await runner.run(engine.handle, { batchSize: 100 });
  assert.deepEqual(
    (await alertsAbout(system, worker.id)).map((a) => a.rule_id),
    ['after-hours-access'],
  );
});
