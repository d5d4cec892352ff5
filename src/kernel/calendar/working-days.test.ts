// Working days with Dutch public holidays (kernel/calendar): the computed holidays, the deadline rule
// across weekends, holidays, daylight-saving changes and year ends, the refusals, the settings, and the
// SQL twin (migration 0008), which must give the very same instants as the TypeScript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import {
  DEFAULT_CALENDAR,
  addWorkingDays,
  easterSunday,
  holidaysOf,
  isWorkingDay,
  workingDaysBetween,
  type WorkingCalendar,
} from './working-days.ts';
import { syncClosedDays } from './closed-days.ts';
import { ConfigError, loadSettings } from '../config.ts';
import { systemContext } from '../auth/actor.ts';
import { build, type TestSystem } from '../../../test/helpers/build.ts';

const calendar = (c: Partial<WorkingCalendar>): WorkingCalendar => ({ ...DEFAULT_CALENDAR, ...c });
const iso = (d: Date) => d.toISOString();
const dayOf = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
const amsterdamDay = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
const amsterdamTime = (d: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hourCycle: 'h23',
  }).format(d);
const nextDay = (date: string) => dayOf(Date.parse(`${date}T00:00:00Z`) / 86_400_000 + 1);

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be reproduced. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Proves: Easter by Meeus/Jones/Butcher matches published dates, and is a Sunday from 22 March to 25 April every year.
test('Easter Sunday is computed, not listed', () => {
  const known = {
    2000: '2000-04-23',
    2008: '2008-03-23',
    2011: '2011-04-24',
    2019: '2019-04-21',
    2024: '2024-03-31',
    2025: '2025-04-20',
    2026: '2026-04-05',
    2027: '2027-03-28',
    2038: '2038-04-25',
    2100: '2100-03-28',
  };
  for (const [year, date] of Object.entries(known)) assert.equal(dayOf(easterSunday(Number(year))), date, year);
  for (let year = 2000; year <= 2100; year++) {
    const easter = dayOf(easterSunday(year));
    assert.equal(new Date(`${easter}T12:00:00Z`).getUTCDay(), 0, `${year}: ${easter} is a Sunday`);
    assert.ok(easter >= `${year}-03-22` && easter <= `${year}-04-25`, `${year}: ${easter}`);
  }
});

// Proves: the default calendar's holidays of a year, with their Dutch and English names.
test('the holidays of 2025 under the default calendar', () => {
  assert.deepEqual(
    holidaysOf(2025).map((h) => `${h.date} ${h.name} / ${h.nameEn}`),
    [
      "2025-01-01 Nieuwjaarsdag / New Year's Day",
      '2025-04-20 Eerste Paasdag / Easter Sunday',
      '2025-04-21 Tweede Paasdag / Easter Monday',
      "2025-04-26 Koningsdag / King's Day",
      '2025-05-05 Bevrijdingsdag / Liberation Day',
      '2025-05-29 Hemelvaartsdag / Ascension Day',
      '2025-06-08 Eerste Pinksterdag / Whit Sunday',
      '2025-06-09 Tweede Pinksterdag / Whit Monday',
      '2025-12-25 Eerste Kerstdag / Christmas Day',
      '2025-12-26 Tweede Kerstdag / Boxing Day',
    ],
  );
});

// Proves: King's Day moves to Saturday 26 April only when 27 April is a Sunday (2014, 2025); Queen's Day before 2014.
test("King's Day and Queen's Day", () => {
  const monarch = (year: number) => holidaysOf(year).find((h) => /Kon/.test(h.name));
  assert.deepEqual(monarch(2025), { date: '2025-04-26', name: 'Koningsdag', nameEn: "King's Day" });
  assert.equal(monarch(2014)?.date, '2014-04-26');
  assert.equal(monarch(2026)?.date, '2026-04-27');
  assert.equal(isWorkingDay('2026-04-27'), false, 'a Monday off');
  assert.equal(isWorkingDay('2025-04-25'), true, "the Friday before a Saturday King's Day is no bridge day");
  assert.deepEqual(monarch(2013), { date: '2013-04-30', name: 'Koninginnedag', nameEn: "Queen's Day" });
  assert.equal(monarch(2006)?.date, '2006-04-29');
});

// Proves: Liberation Day closes in lustrum years by default, always or never when configured; one
// entry with both names when Ascension Day is 5 May.
test('Liberation Day: lustrum by default, configurable', () => {
  assert.equal(isWorkingDay('2025-05-05'), false);
  assert.equal(isWorkingDay('2030-05-06'), true, '5 May 2030 is a Sunday; no Monday in lieu');
  assert.equal(isWorkingDay('2026-05-05'), true);
  assert.equal(isWorkingDay('2026-05-05', calendar({ liberationDay: 'closed' })), false);
  assert.equal(isWorkingDay('2025-05-05', calendar({ liberationDay: 'open' })), true);
  assert.deepEqual(
    holidaysOf(2005).find((h) => h.date === '2005-05-05'),
    { date: '2005-05-05', name: 'Hemelvaartsdag en Bevrijdingsdag', nameEn: 'Ascension Day and Liberation Day' },
  );
});

// Proves: Good Friday is a working day by default and closed when configured; extra closure days count.
test('Good Friday and extra closure days', () => {
  assert.equal(isWorkingDay('2025-04-18'), true);
  assert.equal(isWorkingDay('2025-04-18', calendar({ goodFriday: 'closed' })), false);
  const bridge = calendar({ extraClosedDays: ['2025-05-30'] });
  assert.equal(isWorkingDay('2025-05-30', bridge), false);
  assert.deepEqual(
    holidaysOf(2025, bridge).find((h) => h.date === '2025-05-30'),
    { date: '2025-05-30', name: 'Extra sluitingsdag', nameEn: 'Extra closure day' },
  );
  assert.equal(isWorkingDay('2025-05-30'), true, 'the default calendar is untouched');
  assert.equal(isWorkingDay('2025-05-31'), false, 'a Saturday');
});

// Proves: the deadline rule: the end of the N-th working day after the moment's Amsterdam day.
test('deadlines skip weekends and holidays and end at 23:59:59.999 Amsterdam time', () => {
  const due = (moment: string, days: number, cal?: WorkingCalendar) => iso(addWorkingDays(new Date(moment), days, cal));
  assert.equal(due('2025-01-10T17:00:00Z', 2), '2025-01-14T22:59:59.999Z', 'Friday 18:00 + 2: Tuesday evening');
  assert.equal(due('2025-01-10T17:00:00Z', 1), '2025-01-13T22:59:59.999Z');
  assert.equal(due('2025-04-17T08:00:00Z', 1), '2025-04-18T21:59:59.999Z', 'Good Friday works');
  assert.equal(
    due('2025-04-17T08:00:00Z', 1, calendar({ goodFriday: 'closed' })),
    '2025-04-22T21:59:59.999Z',
    'past Good Friday and Easter Monday',
  );
  assert.equal(due('2025-04-17T16:00:00Z', 2), '2025-04-22T21:59:59.999Z', 'docs/calendar.md: Good Friday is day 1, Easter Monday skipped');
  assert.equal(due('2025-04-17T16:00:00Z', 2, calendar({ goodFriday: 'closed' })), '2025-04-23T21:59:59.999Z');
  assert.equal(due('2025-12-24T10:00:00Z', 1), '2025-12-29T22:59:59.999Z', 'past Christmas and a weekend');
  assert.equal(due('2025-12-31T22:30:00Z', 1), '2026-01-02T22:59:59.999Z', '23:30 UTC on 31 Dec is New Year in Amsterdam');
  assert.equal(due('2025-12-31T22:59:59Z', 1), '2026-01-02T22:59:59.999Z');
  assert.equal(due('2025-12-31T21:30:00Z', 1), '2026-01-02T22:59:59.999Z', '31 Dec +1 skips New Year');
  assert.equal(due('2025-03-28T17:00:00Z', 2), '2025-04-01T21:59:59.999Z', 'across the change to summer time');
  assert.equal(due('2025-10-24T16:00:00Z', 2), '2025-10-28T22:59:59.999Z', 'across the change to winter time');
  assert.equal(due('2025-03-30T00:59:59Z', 0), due('2025-03-30T01:00:00Z', 0), 'both sides of the spring gap are Sunday 30 March');
  assert.equal(due('2025-03-29T23:00:00Z', 1), '2025-03-31T21:59:59.999Z', 'Amsterdam midnight on the night the clock jumps');
  assert.equal(due('2025-01-15T10:00:00Z', 0), '2025-01-15T22:59:59.999Z', '0: the end of this working day');
  assert.equal(due('2025-01-11T10:00:00Z', 0), '2025-01-13T22:59:59.999Z', '0 on a Saturday: Monday');
  assert.equal(
    due('2025-05-28T10:00:00Z', 1, calendar({ extraClosedDays: ['2025-05-30'] })),
    '2025-06-02T21:59:59.999Z',
    'Ascension, the bridge day, the weekend',
  );
});

// Proves: for random moments and N, the result ends an Amsterdam working day, and exactly N working
// days lie after the moment's day up to it (an oracle built from isWorkingDay alone); workingDaysBetween agrees.
test('addWorkingDays and workingDaysBetween against a day-by-day count', () => {
  const next = random(20250101);
  for (let i = 0; i < 400; i++) {
    const moment = new Date(Date.UTC(2024, 0, 1) + Math.floor(next() * 8 * 365 * 86_400_000));
    const days = Math.floor(next() * 30) + 1;
    const deadline = addWorkingDays(moment, days);
    assert.equal(amsterdamTime(deadline), '23:59:59.999', iso(moment));
    let count = 0;
    for (let d = nextDay(amsterdamDay(moment)); d <= amsterdamDay(deadline); d = nextDay(d)) if (isWorkingDay(d)) count++;
    assert.equal(count, days, `${iso(moment)} + ${days}`);
    assert.ok(isWorkingDay(amsterdamDay(deadline)));
    assert.equal(workingDaysBetween(moment, deadline), days);
    assert.equal(workingDaysBetween(deadline, moment), -days);
  }
  assert.equal(workingDaysBetween(new Date('2025-01-15T06:00:00Z'), new Date('2025-01-15T20:00:00Z')), 0);
  assert.equal(workingDaysBetween(new Date('2024-12-20T12:00:00Z'), new Date('2025-01-10T12:00:00Z')), 12, 'three weeks, three holidays');
  assert.equal(workingDaysBetween(new Date('2000-01-01T12:00:00Z'), new Date('2100-12-31T12:00:00Z')), holidayFreeCount());
});

function holidayFreeCount(): number {
  let count = 0;
  for (let d = '2000-01-02'; d <= '2100-12-31'; d = nextDay(d)) if (isWorkingDay(d)) count++;
  return count;
}

// Proves: malformed or out-of-range input is refused with a 400 AppError rather than answered wrongly.
test('bad input is refused', () => {
  const friday = new Date('2025-01-10T17:00:00Z');
  for (const days of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1001, 1e9]) {
    assert.throws(() => addWorkingDays(friday, days), { name: 'AppError', status: 400 }, String(days));
  }
  assert.ok(addWorkingDays(friday, 1000) > friday, '1000 is allowed');
  assert.throws(() => addWorkingDays(new Date('nonsense'), 1), { status: 400 });
  assert.throws(() => addWorkingDays(new Date('1999-12-31T12:00:00Z'), 1), /outside the working-day calendar/);
  assert.throws(() => addWorkingDays(new Date('2100-12-29T12:00:00Z'), 5), /outside the working-day calendar/);
  for (const date of ['2025-02-30', '2025-1-5', '05-01-2025', '', '2025-01-05T00:00'])
    assert.throws(() => isWorkingDay(date), { status: 400 }, date);
  assert.throws(() => isWorkingDay('2101-01-03'), /outside/);
  assert.throws(() => holidaysOf(1999), /outside/);
  assert.throws(() => isWorkingDay('2025-01-06', calendar({ extraClosedDays: ['2025-13-01'] })), /2025-13-01/);
  assert.throws(() => workingDaysBetween(new Date(Number.NaN), new Date()), { status: 400 });
});

// Proves: the settings build the calendar and refuse malformed closure days and unknown choices.
test('settings: CASUS_CALENDAR_*', () => {
  assert.deepEqual(loadSettings({ CASUS_ENV: 'test' }).calendar, DEFAULT_CALENDAR);
  const custom = loadSettings({
    CASUS_ENV: 'test',
    CASUS_CALENDAR_GOOD_FRIDAY: 'closed',
    CASUS_CALENDAR_LIBERATION_DAY: 'open',
    CASUS_CALENDAR_EXTRA_CLOSED_DAYS: ' 2026-05-15,2025-12-24 ,2026-05-15',
  });
  assert.deepEqual(custom.calendar, { goodFriday: 'closed', liberationDay: 'open', extraClosedDays: ['2025-12-24', '2026-05-15'] });
  assert.throws(
    () => loadSettings({ CASUS_ENV: 'test', CASUS_CALENDAR_EXTRA_CLOSED_DAYS: '2025-12-24,24-12-2025' }),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.reasons[0] === 'CASUS_CALENDAR_EXTRA_CLOSED_DAYS holds entries that are not dates (YYYY-MM-DD, 2000-2100): 24-12-2025',
  );
  assert.throws(
    () => loadSettings({ CASUS_ENV: 'test', CASUS_CALENDAR_LIBERATION_DAY: 'sometimes' }),
    (e: unknown) =>
      e instanceof ConfigError && e.reasons.some((r) => r === 'CASUS_CALENDAR_LIBERATION_DAY: must be one of lustrum, closed, open'),
  );
  assert.throws(
    () => loadSettings({ CASUS_ENV: 'test', CASUS_CALENDAR_GOOD_FRIDAY: 'lustrum' }),
    /CASUS_CALENDAR_GOOD_FRIDAY: must be one of open, closed/,
  );
});

// ---- The SQL twin ----

/** Moments that stress the rule: random ones over several years, both DST changes of 2024-2031 in
 * quarter hours, every year end in 2024-2031, each with N from 0 to 25 (some far larger). */
function moments(): { at: Date; days: number }[] {
  const next = random(424242);
  const list: { at: Date; days: number }[] = [];
  const n = () => (next() < 0.05 ? Math.floor(next() * 1000) : Math.floor(next() * 26));
  for (let i = 0; i < 1500; i++) list.push({ at: new Date(Date.UTC(2024, 0, 1) + Math.floor(next() * 8 * 365 * 86_400_000)), days: n() });
  for (let year = 2024; year <= 2031; year++) {
    const lastSunday = (month: number) => {
      const d = new Date(Date.UTC(year, month + 1, 0));
      d.setUTCDate(d.getUTCDate() - d.getUTCDay());
      return d.getTime();
    };
    for (const base of [lastSunday(2), lastSunday(9), Date.UTC(year, 11, 31, 12)]) {
      for (let q = -24; q <= 24; q++) list.push({ at: new Date(base + q * 15 * 60_000 + (q === 0 ? 999 : 0)), days: n() });
    }
  }
  return list;
}

async function sqlDeadlines(system: TestSystem, list: { at: Date; days: number }[]): Promise<string[]> {
  // Through the application role: it needs EXECUTE on the function and SELECT on the table.
  return system.db.transaction(systemContext('working-days-test'), async (tx) => {
    const rows = await sql<{ due: Date }>`select casus_add_working_days(m, n) as due
      from unnest(${list.map((m) => iso(m.at))}::timestamptz[], ${list.map((m) => m.days)}::int[]) with ordinality as t(m, n, i) order by i`.execute(
      tx.db,
    );
    return rows.rows.map((r) => iso(r.due));
  });
}

function ownerDb(system: TestSystem): Kysely<unknown> {
  return new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: system.target.ownerUrl, max: 1 }) }) });
}

async function closedDayRows(system: TestSystem): Promise<string[]> {
  const rows = await system.db.transaction(systemContext('working-days-test'), (tx) =>
    sql<{ row: string }>`select to_char(day, 'YYYY-MM-DD') || ' ' || name as row from calendar_closed_day order by day`.execute(tx.db),
  );
  return rows.rows.map((r) => r.row);
}

const expectedRows = (cal: WorkingCalendar) =>
  Array.from({ length: 101 }, (_, i) => holidaysOf(2000 + i, cal).map((h) => `${h.date} ${h.name}`)).flat();

// Proves: the migration's table holds the default calendar for 2000-2100; casus_is_working_day agrees
// with isWorkingDay on every day of those years; casus_add_working_days gives the same instant as
// addWorkingDays for ~2,700 moments; the application role can read but not change the table.
test('the SQL twin agrees with the TypeScript', async (t) => {
  const system = await build(t);
  assert.deepEqual(await closedDayRows(system), expectedRows(DEFAULT_CALENDAR));

  const days = await system.db.transaction(systemContext('working-days-test'), (tx) =>
    sql<{ day: string; open: boolean }>`select to_char(d, 'YYYY-MM-DD') as day, casus_is_working_day(d::date) as open
      from generate_series('2000-01-01'::date, '2100-12-31'::date, interval '1 day') as d order by d`.execute(tx.db),
  );
  assert.equal(days.rows.length, 36890);
  for (const row of days.rows) if (row.open !== isWorkingDay(row.day)) assert.fail(`${row.day}: SQL says ${row.open}`);

  const list = moments();
  const inSql = await sqlDeadlines(system, list);
  list.forEach((m, i) => assert.equal(inSql[i], iso(addWorkingDays(m.at, m.days)), `${iso(m.at)} + ${m.days}`));

  await assert.rejects(
    system.db.transaction(systemContext('working-days-test'), (tx) =>
      sql`insert into calendar_closed_day values ('2025-01-02', 'forged')`.execute(tx.db),
    ),
    /permission denied/,
  );
  for (const [from, n] of [
    ['2025-01-10T17:00:00Z', -1],
    ['2025-01-10T17:00:00Z', 1001],
    ['1999-12-31T12:00:00Z', 1],
    ['2100-12-29T12:00:00Z', 5],
  ] as const) {
    await assert.rejects(sqlDeadlines(system, [{ at: new Date(from), days: n }]), /working/, `${from} + ${n}`);
  }
  await assert.rejects(
    system.db.transaction(systemContext('working-days-test'), (tx) => sql`select casus_is_working_day('2101-01-03')`.execute(tx.db)),
    /outside the working-day calendar/,
  );
});

// Proves: syncClosedDays makes the table follow a non-default calendar (and SQL then agrees with it),
// does nothing when run again, and restores the default; start-up applies the settings.
test('syncClosedDays follows the settings and is idempotent', async (t) => {
  const system = await build(t);
  const owner = ownerDb(system);
  t.after(() => owner.destroy());
  const custom = calendar({ goodFriday: 'closed', liberationDay: 'closed', extraClosedDays: ['2026-05-15', '2027-12-24'] });

  // Expected changes from the two lists: a day both hold under different names (Ascension Day on
  // 5 May outside a lustrum year, as in 2016) is renamed, not added.
  const before = new Map(expectedRows(DEFAULT_CALENDAR).map((r) => [r.slice(0, 10), r]));
  const after = new Map(expectedRows(custom).map((r) => [r.slice(0, 10), r]));
  const added = [...after.keys()].filter((d) => !before.has(d)).length;
  const renamed = [...after].filter(([d, r]) => before.has(d) && before.get(d) !== r).length;
  assert.ok(added > 180 && renamed >= 1 && [...before.keys()].every((d) => after.has(d)));
  assert.ok(after.get('2016-05-05')?.endsWith('Hemelvaartsdag en Bevrijdingsdag'));

  assert.deepEqual(await syncClosedDays(owner, custom), { added, removed: 0, renamed });
  assert.deepEqual(await closedDayRows(system), expectedRows(custom));
  assert.deepEqual(await syncClosedDays(owner, custom), { added: 0, removed: 0, renamed: 0 });
  const list = moments().slice(0, 600);
  const inSql = await sqlDeadlines(system, list);
  list.forEach((m, i) => assert.equal(inSql[i], iso(addWorkingDays(m.at, m.days, custom)), `${iso(m.at)} + ${m.days}`));

  assert.deepEqual(await syncClosedDays(owner, DEFAULT_CALENDAR), { added: 0, removed: added, renamed });
  assert.deepEqual(await closedDayRows(system), expectedRows(DEFAULT_CALENDAR));

  const started = await build(t, { env: { CASUS_CALENDAR_GOOD_FRIDAY: 'closed' } });
  assert.ok((await closedDayRows(started)).includes('2025-04-18 Goede Vrijdag'), 'start-up synchronised the table');
});
