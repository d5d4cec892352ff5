// Events, referrals, cases, contact moments and tasks: reproducible per index, consistent in time
// (nothing after "now", nothing before the retention window, contact within the case's life), with
// references in the expected formats and the proportions of Dutch victim support.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDemoContext } from './context.ts';
import {
  addWorkingDays,
  caseNumber,
  generateCase,
  generateContactMoments,
  generateReferral,
  generateTasks,
  notReachedTask,
} from './casework.ts';
import { RETENTION_DAYS, generateEvent, type SyntheticEvent } from './events.ts';
import { PLACES } from './data/places.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const nowMs = NOW.getTime();
const ctx = createDemoContext({ seed: 'casework-test', now: NOW });
const N = 30_000;
const events: SyntheticEvent[] = Array.from({ length: N }, (_, i) => generateEvent(ctx, i));
const share = <T>(items: T[], predicate: (item: T) => boolean) => items.filter(predicate).length / items.length;
const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual.toFixed(4)}, expected ${expected} ± ${tolerance}`);

test('events: categories in proportion, dates in the retention window and denser toward now', () => {
  near(
    share(events, (e) => e.category === 'violence'),
    0.33,
    0.015,
    'violence',
  );
  near(
    share(events, (e) => e.category === 'property'),
    0.25,
    0.015,
    'property',
  );
  near(
    share(events, (e) => e.category === 'traffic'),
    0.2,
    0.015,
    'traffic',
  );
  near(
    share(events, (e) => e.category === 'homicide'),
    0.01,
    0.003,
    'homicide',
  );
  const oldest = nowMs - RETENTION_DAYS * 86_400_000;
  for (const e of events) {
    const t = Date.parse(e.occurredAt);
    assert.ok(t < nowMs && t >= oldest - 86_400_000, e.occurredAt);
    assert.equal(e.occurredAt.slice(0, 10), e.occurredOn);
    assert.ok(e.typicalPersons >= 1);
    assert.ok(e.description.length > 0 && e.description.length <= 200);
  }
  const lastYear = share(events, (e) => Date.parse(e.occurredAt) > nowMs - 365 * 86_400_000);
  const firstYear = share(events, (e) => Date.parse(e.occurredAt) < oldest + 365 * 86_400_000);
  near(lastYear, 0.326, 0.02, 'events in the last year');
  assert.ok(firstYear < 0.13, `events in the oldest year: ${firstYear}`);
  assert.deepEqual(generateEvent(createDemoContext({ seed: 'casework-test', now: NOW }), 4321), events[4321]);
});

test('events: police references and parket numbers are well-formed and unique', () => {
  const references = new Set<string>();
  for (const e of events) {
    if (e.policeReference) {
      const match = /^PL(0[1-9]|10)00-(20[0-9]{2})[0-9]{6}$/.exec(e.policeReference);
      assert.ok(match, e.policeReference);
      assert.equal(match[2], e.occurredOn.slice(0, 4));
      assert.ok(!references.has(e.policeReference), `duplicate ${e.policeReference}`);
      references.add(e.policeReference);
    }
    if (e.parketNumber) {
      assert.ok(e.policeReference, 'a prosecution starts from a police report');
      assert.match(e.parketNumber, /^(0[1-9]|1[0-8])\/[0-9]{6}-[0-9]{2}$/);
    }
  }
  near(
    share(events, (e) => e.policeReference !== null),
    0.87,
    0.03,
    'with police reference',
  );
  near(
    share(events, (e) => e.parketNumber !== null),
    0.28,
    0.04,
    'with parket number',
  );
  // Near the victim's home when asked.
  const zwolle = PLACES.find((p) => p.woonplaats === 'Zwolle')!;
  const local = Array.from({ length: 2000 }, (_, i) => generateEvent(ctx, N + i, { nearPlace: zwolle }));
  assert.ok(share(local, (e) => e.place.woonplaats === 'Zwolle') > 0.7);
});

test('referrals: two thirds from the police, received after the event, attempts ending as the outcome says', () => {
  const referrals = events.slice(0, 20_000).map((event, i) => ({ event, referral: generateReferral(ctx, i, { event }) }));
  const all = referrals.map((r) => r.referral);
  near(
    share(all, (r) => r.source === 'police'),
    0.67,
    0.015,
    'police',
  );
  near(
    share(all, (r) => r.source === 'public-prosecutor'),
    0.1,
    0.01,
    'public prosecutor',
  );
  near(
    share(all, (r) => r.source === 'self'),
    0.11,
    0.01,
    'self-referral',
  );
  near(
    share(all, (r) => r.outcome === 'converted'),
    0.71,
    0.015,
    'converted',
  );
  for (const { event, referral } of referrals) {
    const received = Date.parse(referral.receivedAt);
    assert.ok(received >= Date.parse(event.occurredAt) && received < nowMs);
    if (referral.source === 'police') assert.equal(referral.sourceReference, event.policeReference);
    assert.ok(referral.consents.some((c) => c.subject === 'support' && c.given));
    let previous = received;
    for (const attempt of referral.attempts) {
      const at = Date.parse(attempt.at);
      assert.ok(at >= previous && at < nowMs, `${attempt.at} after ${new Date(previous).toISOString()}`);
      previous = at;
    }
    const last = referral.attempts.at(-1)?.outcome;
    if (referral.outcome === 'converted') assert.equal(last, 'reached');
    if (referral.outcome === 'declined') assert.equal(last, 'declined');
    if (referral.outcome === 'not-reached') {
      assert.equal(referral.attempts.length, 3);
      assert.ok(referral.attempts.every((a) => a.outcome !== 'reached'));
      assert.equal(notReachedTask(referral).createdAt, referral.attempts[2]!.at);
    }
    assert.doesNotThrow(() => JSON.stringify(referral.rawPayload));
  }
  const five = events
    .slice(0, 2000)
    .map((event, i) => generateReferral(ctx, i, { event, maxAttempts: 5 }))
    .filter((r) => r.outcome === 'not-reached');
  assert.ok(five.length > 50 && five.every((r) => r.attempts.length === 5));
});

test('cases, contact moments and tasks stay within the life of the case', () => {
  let contacts = 0;
  let cases = 0;
  for (let i = 0; i < 5000; i++) {
    const event = events[i]!;
    const referral = generateReferral(ctx, i, { event });
    const c = generateCase(ctx, i, { openedAt: referral.receivedAt, event, personAge: 30 });
    cases++;
    const opened = Date.parse(c.openedAt);
    const end = c.closedAt ? Date.parse(c.closedAt) : nowMs;
    assert.equal(c.status === 'closed', c.closedAt !== null);
    assert.equal(c.closedAt === null, c.retentionUntil === null);
    if (c.closedAt) {
      assert.ok(end > opened && end < nowMs);
      assert.equal(Number(c.retentionUntil!.slice(0, 4)), Number(c.closedAt.slice(0, 4)) + 6);
      assert.ok(c.closeReason);
    }
    assert.ok(c.tracks.length > 0 && new Set(c.tracks).size === c.tracks.length);
    if (event.category === 'homicide') assert.equal(c.primaryRole, 'next-of-kin');
    const moments = generateContactMoments(ctx, i, c.contactCount, c);
    assert.equal(moments.length, c.contactCount);
    contacts += moments.length;
    let previous = opened;
    for (const m of moments) {
      const at = Date.parse(m.occurredAt);
      assert.ok(at >= previous && at <= end, `${m.occurredAt} outside ${c.openedAt}..${c.closedAt}`);
      previous = at;
      assert.ok(m.summary.length > 10 && !m.summary.includes('undefined'), m.summary);
      if (m.channel === 'letter' || m.channel === 'email') assert.equal(m.durationMinutes, null);
    }
    for (const task of generateTasks(ctx, i, c.taskCount, c)) {
      assert.ok(Date.parse(task.createdAt) >= opened && Date.parse(task.createdAt) <= end);
      assert.ok(task.dueOn >= task.createdAt.slice(0, 10));
      if (c.closedAt) assert.notEqual(task.status, 'open');
      if (task.completedAt) assert.ok(task.completedAt >= task.createdAt);
    }
    assert.deepEqual(generateContactMoments(ctx, i, c.contactCount, c), moments);
  }
  // About five contact moments per case: 10M contact moments for 2M cases.
  near(contacts / cases, 5.2, 0.8, 'contact moments per case');
  const fresh = generateCase(ctx, 1, { openedAt: nowMs - 2 * 86_400_000 });
  assert.notEqual(fresh.status, 'closed');
});

test('contact moments: channels, directions and outcomes in proportion; summaries vary and name no one', () => {
  const moments = Array.from({ length: 3000 }, (_, i) =>
    generateContactMoments(ctx, i, 5, { openedAt: '2025-01-06T09:00:00Z', closedAt: null, tracks: ['emotional', 'criminal-proceedings'] }),
  ).flat();
  near(
    share(moments, (m) => m.channel === 'phone'),
    0.55,
    0.02,
    'phone',
  );
  near(
    share(moments, (m) => m.direction === 'outbound'),
    0.68,
    0.03,
    'outbound',
  );
  near(
    share(moments, (m) => m.outcome === 'no-answer'),
    0.55 * 0.7 * 0.17,
    0.01,
    'no answer',
  );
  const summaries = new Set(moments.map((m) => m.summary));
  assert.ok(summaries.size > 1000, `distinct summaries: ${summaries.size}`);
  // No names: every capitalised word comes from the templates' own vocabulary.
  const words = new Set([...summaries].join(' ').match(/\p{Lu}\p{L}+/gu));
  for (const word of words)
    assert.ok(
      [
        'Telefonisch',
        'Cliënt',
        'Videogesprek',
        'Beeldbelafspraak',
        'Huisbezoek',
        'Gesprek',
        'E-mail',
        'Vraag',
        'Brief',
        'Informatiebrief',
        'Formulier',
        'Chatbericht',
        'Chatgesprek',
        'Afspraak',
        'Vervolgafspraak',
        'Terugbelverzoek',
        'Geen',
        'Volgende',
        'Informatie',
        'Over',
        'Voicemail',
        'Niet',
        'Later',
        'Schadefonds',
        'Geweldsmisdrijven',
        'Morgen',
      ].includes(word) || /^(E|Mail)$/.test(word),
      word,
    );
  for (let i = 0; i < 200; i++) assert.ok(moments[i]!.occurredAt.endsWith('Z'));
});

test('case numbers and working days', () => {
  assert.equal(caseNumber(2026, 123), '2026-000123');
  assert.equal(caseNumber(2026, 1_234_567), '2026-1234567');
  const friday = Date.UTC(2026, 4, 29, 10);
  assert.equal(new Date(addWorkingDays(friday, 1)).getUTCDay(), 1);
  assert.equal(new Date(addWorkingDays(friday, 5)).toISOString().slice(0, 10), '2026-06-05');
});
