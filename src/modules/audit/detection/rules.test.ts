// The rule engine's questions about one event, without a database: filters, counted values, the case
// and persons of an event, working hours on the Dutch calendar in Amsterdam time (summer time included),
// which firing windows make one alert, and how a rules file changes the built-in rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CALENDAR } from '../../../kernel/calendar/working-days.ts';
import type { SealedEvent } from '../stream/stream.repository.ts';
import { DEFAULT_RULES, DEFAULT_WORKING_HOURS, effectiveRules } from './default-rules.ts';
import { clustersOf } from './engine.ts';
import { amsterdamTime, caseOf, isAfterHours, matchesFilter, subjectsOf, valuesOf } from './rules.ts';

const CASE = '4f1c2a7e-0000-4000-8000-000000000001';
const PERSON = '4f1c2a7e-0000-4000-8000-000000000002';
const OTHER = '4f1c2a7e-0000-4000-8000-000000000003';

function event(over: Partial<SealedEvent> = {}): SealedEvent {
  return {
    leafIndex: '0',
    id: '1',
    occurredAt: new Date('2026-03-10T10:00:00+01:00'),
    actorKind: 'user',
    actorId: 'u',
    action: 'person.read',
    objectType: 'person',
    objectId: PERSON,
    dataSubjectId: PERSON,
    result: 'success',
    reason: null,
    originIp: null,
    userAgent: null,
    requestId: null,
    traceId: null,
    changedFields: null,
    details: null,
    objectIds: null,
    dataSubjectIds: null,
    ...over,
  };
}

// Proves: every member of a filter narrows; an action prefix matches below it only; details match a
// scalar or any element of a list.
test('filters', () => {
  assert.ok(matchesFilter({}, event()));
  assert.ok(matchesFilter({ actions: ['person.read'] }, event()));
  assert.ok(matchesFilter({ actions: ['person.*'] }, event()));
  assert.ok(!matchesFilter({ actions: ['person.*'] }, event({ action: 'persons-x.read' })));
  assert.ok(!matchesFilter({ actions: ['case.read'] }, event()));
  assert.ok(!matchesFilter({ results: ['denied'] }, event()));
  assert.ok(matchesFilter({ results: ['denied'] }, event({ result: 'denied' })));
  assert.ok(!matchesFilter({ actorKinds: ['user'] }, event({ actorKind: 'service' })));
  assert.ok(!matchesFilter({ withDataSubject: true }, event({ dataSubjectId: null })));
  assert.ok(matchesFilter({ withDataSubject: true }, event({ dataSubjectId: null, dataSubjectIds: [PERSON] })));
  const search = event({ action: 'search.query', details: { terms: ['date-of-birth', 'name'] } });
  assert.ok(matchesFilter({ details: { terms: ['bsn', 'name'] } }, search));
  assert.ok(!matchesFilter({ details: { terms: ['bsn'] } }, search));
  assert.ok(matchesFilter({ details: { via: ['grant'] } }, event({ details: { via: 'grant' } })));
  assert.ok(!matchesFilter({ details: { via: ['grant'] } }, event({ details: null })));
});

// Proves: what a threshold rule counts, and which case and persons an event concerns.
test('values, case and persons of an event', () => {
  const list = event({ dataSubjectId: null, dataSubjectIds: [PERSON, OTHER, PERSON], objectIds: [CASE] });
  assert.deepEqual(valuesOf(list, 'dataSubjectIds'), [PERSON, OTHER]);
  assert.deepEqual(valuesOf(list, 'dataSubjectId'), []);
  assert.deepEqual(valuesOf(list, 'objectIds'), [CASE]);
  assert.deepEqual(valuesOf(event(), 'objectId'), [PERSON]);
  assert.deepEqual(subjectsOf(event({ dataSubjectIds: [OTHER, PERSON] })), [PERSON, OTHER]);
  assert.equal(caseOf(event({ action: 'case.read', objectType: 'case', objectId: CASE })), CASE);
  assert.equal(caseOf(event({ objectType: 'contact-moment', details: { caseId: CASE } })), CASE);
  assert.equal(caseOf(event({ objectType: 'document', details: { caseId: 'not-a-uuid' } })), null);
  assert.equal(caseOf(event()), null);
});

// Proves: hours are Amsterdam's in winter and summer time; weekends and public holidays are after
// hours all day; the office day is [start, end).
test('after hours on the working-day calendar, in Amsterdam time', () => {
  const at = (iso: string) => isAfterHours(new Date(iso), DEFAULT_WORKING_HOURS, DEFAULT_CALENDAR);
  assert.deepEqual(amsterdamTime(new Date('2026-03-10T09:30:00Z')), { day: '2026-03-10', minute: 10 * 60 + 30 });
  assert.deepEqual(amsterdamTime(new Date('2026-07-10T22:30:00Z')), { day: '2026-07-11', minute: 30 }, 'summer time: UTC+2');
  assert.equal(at('2026-03-10T10:00:00+01:00'), false, 'a Tuesday morning');
  assert.equal(at('2026-03-10T07:00:00+01:00'), false, 'the start of the office day');
  assert.equal(at('2026-03-10T06:59:00+01:00'), true);
  assert.equal(at('2026-03-10T19:00:00+01:00'), true, 'the end is after hours');
  assert.equal(at('2026-03-10T23:30:00+01:00'), true, 'a Tuesday night');
  assert.equal(at('2026-07-14T18:30:00+02:00'), false, 'a summer evening before 19:00 Amsterdam time (16:30 UTC)');
  assert.equal(at('2026-03-15T14:00:00+01:00'), true, 'a Sunday afternoon');
  assert.equal(at('2026-04-27T10:00:00+02:00'), true, 'King’s Day, a Monday');
  assert.equal(at('2026-12-25T10:00:00+01:00'), true, 'Christmas');
  assert.equal(
    isAfterHours(new Date('2026-03-10T10:00:00+01:00'), DEFAULT_WORKING_HOURS, { ...DEFAULT_CALENDAR, extraClosedDays: ['2026-03-10'] }),
    true,
    'a closure day of the configured calendar',
  );
  assert.equal(isAfterHours(new Date('2026-03-10T20:00:00+01:00'), { start: '08:00', end: '22:00' }, DEFAULT_CALENDAR), false);
});

// Proves: firing windows of one actor that overlap are one alert with the highest count; a gap of a
// window or more, or another actor, starts another.
test('overlapping firing windows make one alert', () => {
  const minute = 60_000_000;
  const w = (actorId: string, minutes: number, count: number) => ({ actorId, end: { at: `m${minutes}`, us: minutes * minute }, count });
  const clusters = clustersOf([w('a', 10, 50), w('a', 12, 53), w('a', 16, 51), w('a', 21, 50), w('b', 21, 60)], 5 * minute);
  assert.deepEqual(
    clusters.map((c) => [c.actorId, c.first.at, c.last.at, c.peak]),
    [
      ['a', 'm10', 'm16', 53],
      ['a', 'm21', 'm21', 50],
      ['b', 'm21', 'm21', 60],
    ],
  );
});

// Proves: a file's rule replaces the built-in one of its id, `enabled: false` removes one, new ids add,
// and the file's working hours replace the default.
test('a rules file changes the built-in rules by id', () => {
  assert.deepEqual(
    effectiveRules(null).rules.map((r) => r.id),
    DEFAULT_RULES.map((r) => r.id),
  );
  const mass = DEFAULT_RULES.find((r) => r.id === 'mass-lookup')!;
  const changed = effectiveRules({
    workingHours: { start: '08:00', end: '18:00' },
    rules: [
      { ...mass, threshold: 30 } as typeof mass,
      { ...DEFAULT_RULES.find((r) => r.id === 'after-hours-access')!, enabled: false },
      {
        id: 'grant-reads',
        kind: 'match',
        description: 'Opened a case through a grant',
        severity: 'low',
        filter: { actions: ['case.read'], details: { via: ['grant'] } },
        dedupeMinutes: 60,
      },
    ],
  });
  assert.deepEqual(changed.workingHours, { start: '08:00', end: '18:00' });
  assert.equal((changed.rules.find((r) => r.id === 'mass-lookup') as { threshold: number }).threshold, 30);
  assert.ok(!changed.rules.some((r) => r.id === 'after-hours-access'));
  assert.ok(changed.rules.some((r) => r.id === 'grant-reads'));
  assert.equal(changed.rules.length, DEFAULT_RULES.length);
});
