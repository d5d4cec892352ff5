// Each built-in detection rule fires on a scripted case, and stops short of it: events placed in time as
// the routes write them (test/helpers/detection.ts), sealed, and handed to the rule engine through the
// sealed stream as the detection worker does. Persons, cases and users are real where a rule asks the
// cases or identity module about them (own cases, shielding, home unit).
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { build } from '../../../../test/helpers/build.ts';
import { adminQuery } from '../../../../test/helpers/database.ts';
import { alertsAbout, eventsOf, noticesOf, replay, script, streamRunner, type ScriptedEvent } from '../../../../test/helpers/detection.ts';
import { openCase, shield, team } from '../../../../test/helpers/fixtures.ts';
import { unitId } from '../../../../test/helpers/identity.ts';
import { MAX_EVENTS_PER_ALERT } from './alerts.repository.ts';
import { detectionEngine } from './register.ts';

const fileScope = { after: (cleanup) => after(cleanup as () => Promise<void>) } satisfies Pick<TestContext, 'after'>;
const system = await build(fileScope);
const engine = detectionEngine(system.settings);
const runner = streamRunner(system);
const detect = (batchSize?: number) => runner.run(engine.handle, batchSize ? { batchSize } : {});
const skipWhatWasWritten = () => runner.run(async () => undefined);

/** Amsterdam wall-clock time in March 2026 (CET, UTC+1). Tuesday 10 March is an ordinary working day. */
const at = (day: string, time: string, plusSeconds = 0) =>
  new Date(new Date(`2026-03-${day}T${time}+01:00`).getTime() + plusSeconds * 1000);
const TUESDAY = '10';
const SUNDAY = '15';

const personRead = (actorId: string, when: Date, personId = randomUUID()): ScriptedEvent => ({
  at: when,
  actorId,
  action: 'person.read',
  objectType: 'person',
  objectId: personId,
  dataSubjectId: personId,
});
const rules = async (actorId: string) => (await alertsAbout(system, actorId)).map((a) => a.rule_id);

// Proves: 50 distinct persons opened in 5 minutes raise one high alert with the 50 events, and tell
// audit.alerts holders once; 49, or 50 spread over 10 minutes, or one person 60 times, raise nothing.
test('mass look-up: 50 persons in 5 minutes', async () => {
  const snooper = randomUUID();
  const ids = await script(
    system,
    Array.from({ length: 50 }, (_, i) => personRead(snooper, at(TUESDAY, '10:00:00', i * 6))),
  );
  const below = randomUUID();
  const slow = randomUUID();
  const same = randomUUID();
  const person = randomUUID();
  await script(system, [
    ...Array.from({ length: 49 }, (_, i) => personRead(below, at(TUESDAY, '10:00:00', i * 6))),
    ...Array.from({ length: 50 }, (_, i) => personRead(slow, at(TUESDAY, '10:00:00', i * 12))),
    ...Array.from({ length: 60 }, (_, i) => personRead(same, at(TUESDAY, '10:00:00', i * 3), person)),
  ]);
  await detect();

  const [alert, ...more] = await alertsAbout(system, snooper);
  assert.deepEqual(more, []);
  assert.equal(alert!.rule_id, 'mass-lookup');
  assert.equal(alert!.severity, 'high');
  assert.equal(alert!.count, 50);
  assert.deepEqual(alert!.events, ids);
  assert.deepEqual([alert!.window_start, alert!.window_end], [at(TUESDAY, '10:00:00'), at(TUESDAY, '10:04:54')]);
  const root = await unitId(system, 'national');
  assert.equal(alert!.unit_id, root, 'an actor identity does not know: the whole organisation hears of it');
  const notices = await noticesOf(system, alert!.id);
  assert.equal(notices.length, 1);
  assert.deepEqual(notices[0]!.payload.notify, [{ permission: 'audit.alerts', unitId: root }]);
  for (const actor of [below, slow, same]) assert.deepEqual(await rules(actor), [], 'below the threshold');
});

// Proves: a look-up that goes on across many batches is one alert, widened and with every event; the
// same again an hour later is a second alert; hits no window needs any more are removed.
test('an alert is raised once while its misuse goes on, across batches', async () => {
  const snooper = randomUUID();
  const burst = await script(
    system,
    Array.from({ length: 130 }, (_, i) => personRead(snooper, at(TUESDAY, '13:00:00', i * 6))),
  );
  await detect(25);
  let alerts = await alertsAbout(system, snooper);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]!.count, 50, 'the most distinct persons within one 5-minute window');
  assert.deepEqual(alerts[0]!.events, burst);
  assert.deepEqual([alerts[0]!.window_start, alerts[0]!.window_end], [at(TUESDAY, '13:00:00'), at(TUESDAY, '13:00:00', 129 * 6)]);
  assert.equal((await noticesOf(system, alerts[0]!.id)).length, 1, 'told once');

  await script(
    system,
    Array.from({ length: 60 }, (_, i) => personRead(snooper, at(TUESDAY, '15:00:00', i * 4))),
  );
  await detect(25);
  alerts = await alertsAbout(system, snooper);
  assert.deepEqual(
    alerts.map((a) => [a.rule_id, a.count]),
    [
      ['mass-lookup', 50],
      ['mass-lookup', 60],
    ],
  );

  // The next day: the windows of Tuesday can need none of Tuesday's hits any more.
  await script(system, [personRead(snooper, at('11', '10:00:00'))]);
  await detect();
  const { rows } = await adminQuery<{ n: number }>(
    system.target.ownerUrl,
    `select (select count(*) from detection_hit where actor_id = $1 and occurred_at < $2)::int
       + (select count(*) from detection_value where actor_id = $1 and last_at < $2)::int as n`,
    [snooper, at('11', '08:00:00')],
  );
  assert.equal(rows[0]!.n, 0, 'neither hits nor values of Tuesday are kept');
});

// Proves: whether an actor can reach a threshold is counted over her distinct values with their latest hit
// (detection_value: one row per value, however often she opens it), and a value opened before and again
// inside a window counts there: 49 persons at 10:00 raise nothing, the same 49 and one more at 10:30 do.
test('threshold rules count distinct values kept with their latest hit', async () => {
  const worker = randomUUID();
  const persons = Array.from({ length: 49 }, () => randomUUID());
  await script(system, [
    ...persons.map((p, i) => personRead(worker, at(TUESDAY, '10:00:00', i * 5), p)),
    ...persons.map((p, i) => personRead(worker, at(TUESDAY, '10:00:00', 300 + i * 5), p)),
  ]);
  await detect(40);
  assert.deepEqual(await rules(worker), [], 'the same 49 persons twice: no alert');
  const values = async () =>
    (
      await adminQuery<{ rule_id: string; n: number; latest: Date }>(
        system.target.ownerUrl,
        `select rule_id, count(*)::int as n, max(last_at) as latest from detection_value where actor_id = $1 group by 1 order by 1`,
        [worker],
      )
    ).rows;
  assert.deepEqual(
    (await values()).map((v) => [v.rule_id, v.n, v.latest.toISOString()]),
    [
      ['bulk-lookup', 49, at(TUESDAY, '10:00:00', 300 + 48 * 5).toISOString()],
      ['mass-lookup', 49, at(TUESDAY, '10:00:00', 300 + 48 * 5).toISOString()],
    ],
    'one row per person and rule, at her latest opening',
  );

  await script(system, [
    ...persons.map((p, i) => personRead(worker, at(TUESDAY, '10:30:00', i * 5), p)),
    personRead(worker, at(TUESDAY, '10:34:00')),
  ]);
  await detect(40);
  const alerts = await alertsAbout(system, worker);
  assert.deepEqual(
    alerts.map((a) => [a.rule_id, a.count]),
    [['mass-lookup', 50]],
  );
});

// Proves: an alert keeps the earliest MAX_EVENTS_PER_ALERT events of a look-up that goes on across many
// batches (each batch reads only that many of the window's hits), and its window still starts at the first.
test('a long look-up: the alert keeps its earliest events', async () => {
  const snooper = randomUUID();
  const ids = await script(
    system,
    Array.from({ length: MAX_EVENTS_PER_ALERT + 120 }, (_, i) => personRead(snooper, at(TUESDAY, '11:00:00', i))),
  );
  await detect(100);
  const alerts = await alertsAbout(system, snooper);
  assert.deepEqual(alerts.map((a) => a.rule_id).sort(), ['bulk-lookup', 'mass-lookup']);
  for (const alert of alerts) {
    assert.deepEqual(alert.events, ids.slice(0, MAX_EVENTS_PER_ALERT), alert.rule_id);
    assert.deepEqual([alert.window_start, alert.window_end], [at(TUESDAY, '11:00:00'), at(TUESDAY, '11:00:00', ids.length - 1)]);
  }
});

// Proves: searches by name or BSN that show only persons outside the cases the searcher works on fire
// at the third within the hour; the worker of those cases searching them, two such searches, and
// searches that found nobody do not. The searches are real (POST /search), placed on a Tuesday.
test('searches of persons outside one’s own cases', async () => {
  const t = await team(system);
  const worker = await t.user('worker', 'case-worker');
  const lead = await t.user('lead', 'team-lead');
  const name = `Buurvrouw${'abcdefghij'[t.n % 10]}${'klmnopqrst'[Math.floor(t.n / 10) % 10]}`;
  const kase = await openCase(system, worker, t.unit, { client: name });
  const searchAs = async (who: typeof worker, query: string) => {
    const response = await who.session.request('POST', '/api/v1/search', { query });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{ persons: { id: string }[] }>().persons.map((p) => p.id);
  };
  const before = (await eventsOf(system, lead.id)).at(-1)?.id ?? '0';
  assert.deepEqual(await searchAs(lead, name), [kase.clientId], 'the team lead sees the client of her unit');
  assert.deepEqual(await searchAs(lead, 'Onbekendpersoon'), [], 'a search that finds nobody');
  const beforeWorker = (await eventsOf(system, worker.id)).at(-1)?.id ?? '0';
  assert.deepEqual(await searchAs(worker, name), [kase.clientId], 'her own client');
  const [found, empty] = (await eventsOf(system, lead.id, before)).filter((e) => e.action === 'search.query').map((e) => e.id);
  const [own] = (await eventsOf(system, worker.id, beforeWorker)).filter((e) => e.action === 'search.query').map((e) => e.id);
  await skipWhatWasWritten();

  const times = (hour: string) => [at(TUESDAY, `${hour}:00:00`), at(TUESDAY, `${hour}:10:00`), at(TUESDAY, `${hour}:20:00`)];
  await replay(system, [found!, found!, empty!, empty!], [...times('09').slice(0, 2), ...times('09').slice(1)]);
  await replay(system, [own!, own!, own!], times('10'));
  await detect();
  assert.deepEqual(await rules(lead.id), [], 'two outside, two empty');
  assert.deepEqual(await rules(worker.id), [], 'her own client, three times');

  const third = await replay(system, [found!], [at(TUESDAY, '09:40:00')]);
  await detect();
  const [alert] = await alertsAbout(system, lead.id);
  assert.equal(alert!.rule_id, 'search-outside-own-cases');
  assert.equal(alert!.count, 3);
  assert.equal(alert!.events.length, 3);
  assert.ok(alert!.events.includes(third[0]!));
  assert.equal(alert!.unit_id, t.unit, 'the searcher’s home unit');
});

// Proves: opening a shielded case at night fires (high), and its contact at 02:00 joins that alert;
// the same in office hours does not; an ordinary case at night is only after-hours access.
test('shielded case access at night', async () => {
  const t = await team(system);
  const worker = await t.user('worker', 'case-worker');
  const shielded = await openCase(system, worker, t.unit, { client: `Afgeschermd${t.n}` });
  await shield(system, shielded.id);
  const ordinary = await openCase(system, worker, t.unit, { client: `Gewoon${t.n}` });
  // What the API wrote happened now: after hours when the suite runs in the evening. Only the script is judged.
  await skipWhatWasWritten();
  const caseRead = (when: Date, kase: typeof shielded): ScriptedEvent => ({
    at: when,
    actorId: worker.id,
    action: 'case.read',
    objectType: 'case',
    objectId: kase.id,
    dataSubjectId: kase.clientId,
    details: { via: 'assignment' },
  });
  await script(system, [caseRead(at(TUESDAY, '10:00:00'), shielded), caseRead(at(TUESDAY, '16:30:00'), shielded)]);
  await detect();
  assert.deepEqual(await rules(worker.id), [], 'in office hours');

  const night = await script(system, [
    caseRead(at(TUESDAY, '23:30:00'), shielded),
    {
      at: at('11', '02:00:00'),
      actorId: worker.id,
      action: 'contact-moment.read',
      objectType: 'contact-moment',
      objectId: randomUUID(),
      dataSubjectId: shielded.clientId,
      details: { caseId: shielded.id },
    },
  ]);
  await detect();
  const alerts = await alertsAbout(system, worker.id);
  const high = alerts.find((a) => a.rule_id === 'shielded-after-hours')!;
  assert.equal(high.severity, 'high');
  assert.equal(high.count, 2);
  assert.deepEqual(high.events, night);
  assert.equal(high.unit_id, t.unit);
  assert.deepEqual(alerts.map((a) => a.rule_id).sort(), ['after-hours-access', 'shielded-after-hours']);

  const other = await t.user('other', 'case-worker');
  const otherCase = await openCase(system, other, t.unit, { client: `Nacht${t.n}` });
  await skipWhatWasWritten();
  await script(system, [{ ...caseRead(at(TUESDAY, '23:45:00'), otherCase), actorId: other.id }]);
  await detect();
  assert.deepEqual(await rules(other.id), ['after-hours-access'], 'an ordinary case at night');
  assert.ok(ordinary.id);
});

// Proves: personal data read or changed on a Sunday or a public holiday fires (low), once per night or
// day for the same user; a sign-in on Sunday (no personal data) does not.
test('access outside working hours: Sunday, King’s Day', async () => {
  const worker = randomUUID();
  const sundayWork = await script(system, [
    {
      at: at(SUNDAY, '14:00:00'),
      actorId: worker,
      action: 'contact-moment.create',
      objectType: 'contact-moment',
      objectId: randomUUID(),
      dataSubjectId: randomUUID(),
    },
    personRead(worker, at(SUNDAY, '14:20:00')),
    personRead(worker, at(SUNDAY, '15:05:00')),
  ]);
  const signedIn = randomUUID();
  await script(system, [{ at: at(SUNDAY, '10:00:00'), actorId: signedIn, action: 'auth.sign-in', objectType: 'user', objectId: signedIn }]);
  await detect();
  const [sunday, ...none] = await alertsAbout(system, worker);
  assert.deepEqual(none, []);
  assert.equal(sunday!.rule_id, 'after-hours-access');
  assert.equal(sunday!.severity, 'low');
  assert.equal(sunday!.count, 3);
  assert.deepEqual(sunday!.events, sundayWork);
  assert.deepEqual(await rules(signedIn), []);

  await script(system, [personRead(worker, new Date('2026-04-27T10:00:00+02:00'))]);
  await detect();
  assert.deepEqual(await rules(worker), ['after-hours-access', 'after-hours-access'], 'King’s Day is a day off: a second alert');
});

// Proves: five refusals within 10 minutes fire (medium); four do not.
test('repeated denied access', async () => {
  const denied = (actorId: string, when: Date, action = 'search.query'): ScriptedEvent => ({
    at: when,
    actorId,
    action,
    objectType: action === 'search.query' ? 'search' : 'case',
    result: 'denied',
    details: { terms: ['bsn'] },
  });
  const prober = randomUUID();
  const clumsy = randomUUID();
  const ids = await script(system, [
    ...[0, 60, 120].map((s) => denied(prober, at(TUESDAY, '11:00:00', s))),
    ...[180, 540].map((s) => denied(prober, at(TUESDAY, '11:00:00', s), 'case.break-glass')),
    ...[0, 60, 120, 180].map((s) => denied(clumsy, at(TUESDAY, '11:00:00', s))),
    denied(clumsy, at(TUESDAY, '11:30:00')),
  ]);
  await detect();
  const [alert] = await alertsAbout(system, prober);
  assert.equal(alert!.rule_id, 'repeated-denied');
  assert.equal(alert!.count, 5);
  assert.deepEqual(alert!.events, ids.slice(0, 5));
  assert.deepEqual(await rules(clumsy), [], 'four in ten minutes, the fifth later');
});

// Proves: breaking the glass (or asking to) fires at once (high), in office hours too; a failed attempt
// (an unknown number) is not a break.
test('break-the-glass use', async () => {
  const breaker = randomUUID();
  const caseId = randomUUID();
  const [broke] = await script(system, [
    {
      at: at(TUESDAY, '14:00:00'),
      actorId: breaker,
      action: 'case.break-glass',
      objectType: 'case',
      objectId: caseId,
      details: { securityEvent: true },
    },
    { at: at(TUESDAY, '14:01:00'), actorId: breaker, action: 'case.break-glass', objectType: 'case', result: 'failure' },
  ]);
  await detect();
  const [alert, ...more] = await alertsAbout(system, breaker);
  assert.deepEqual(more, []);
  assert.equal(alert!.rule_id, 'break-glass');
  assert.equal(alert!.severity, 'high');
  assert.deepEqual(alert!.events, [broke]);
});

// Proves: a batch that fails after the engine did its work leaves no alert, no notice and no moved
// cursor; handled again, it raises the alert once and tells once.
test('exactly once across a crash', async () => {
  const breaker = randomUUID();
  await script(system, [
    { at: at(TUESDAY, '15:00:00'), actorId: breaker, action: 'case.break-glass-request', objectType: 'case', objectId: randomUUID() },
  ]);
  const cursor = async () => (await runner.stream.cursors()).find((c) => c.consumer === 'detection')!.leafIndex;
  const before = await cursor();
  await assert.rejects(
    runner.run(async (tx, events) => {
      await engine.handle(tx, events);
      const inside = await sql<{ n: number }>`select count(*)::int as n from detection_alert where actor_id = ${breaker}`.execute(tx.db);
      assert.equal(inside.rows[0]!.n, 1, 'the engine raised it inside the batch');
      throw new Error('the instance died before commit');
    }),
    /died before commit/,
  );
  assert.deepEqual(await alertsAbout(system, breaker), []);
  assert.equal(await cursor(), before);
  const { rows } = await adminQuery<{ n: number }>(
    system.target.ownerUrl,
    `select count(*)::int as n from audit_event where action = 'audit.alert-raise' and details->>'actorId' = $1`,
    [breaker],
  );
  assert.equal(rows[0]!.n, 0);

  await detect();
  const [alert, ...more] = await alertsAbout(system, breaker);
  assert.deepEqual(more, []);
  assert.equal((await noticesOf(system, alert!.id)).length, 1);
  await detect();
  assert.equal((await alertsAbout(system, breaker)).length, 1, 'nothing is handled twice');
});
