// Working days in the Netherlands, for deadlines such as a referral's first contact and a task's due
// date. Public holidays are computed, never listed per year, so the calendar cannot silently run out.
// The rule (docs/calendar.md): "N working days after a moment" ends at 23:59:59.999 Amsterdam time
// on the N-th working day after the moment's calendar day in Amsterdam; N = 0 is the end of the
// first working day on or after that day. The SQL twin (casus_add_working_days, migration 0008)
// must give the same instant: change both together.
import { AppError } from '../errors.ts';

/** Whether an optional holiday closes the organisation. Liberation Day: `lustrum` closes every fifth year (2025, 2030...). */
export interface WorkingCalendar {
  goodFriday: 'closed' | 'open';
  liberationDay: 'closed' | 'open' | 'lustrum';
  /** Further closure days (YYYY-MM-DD), e.g. a bridge day the organisation gives off. */
  extraClosedDays: readonly string[];
}

/** Staff are off on the holidays of most collective agreements; Good Friday is a working day. */
export const DEFAULT_CALENDAR: WorkingCalendar = Object.freeze({
  goodFriday: 'open',
  liberationDay: 'lustrum',
  extraClosedDays: Object.freeze([]),
});

export interface Holiday {
  /** YYYY-MM-DD */
  date: string;
  name: string;
  nameEn: string;
}

export const CALENDAR_TIME_ZONE = 'Europe/Amsterdam';
/** The years the SQL table covers; both twins refuse days outside them so they never disagree. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;
/** About four years: longer "deadlines" are mistakes, and refusing them bounds every loop below. */
export const MAX_WORKING_DAYS = 1000;

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a calendar date; the date itself, not any instant. */
function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

function dayString(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

function yearOf(n: number): number {
  return new Date(n * DAY_MS).getUTCFullYear();
}

/** 0 = Sunday ... 6 = Saturday; day 0 (1970-01-01) was a Thursday. */
function weekday(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

function isWeekend(n: number): boolean {
  return weekday(n) === 0 || weekday(n) === 6;
}

function outOfRange(what: string): AppError {
  return AppError.badRequest(`${what} lies outside the working-day calendar (${FIRST_YEAR}-01-01 to ${LAST_YEAR}-12-31).`);
}

function parseDay(date: string): number | null {
  const match = DAY_PATTERN.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const n = dayNumber(year, month, day);
  return dayString(n) === date ? n : null; // refuses 2025-02-30 and friends
}

/** A valid YYYY-MM-DD inside the calendar's years (settings use this to check closure days). */
export function isCalendarDay(date: string): boolean {
  const n = parseDay(date);
  return n !== null && yearOf(n) >= FIRST_YEAR && yearOf(n) <= LAST_YEAR;
}

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher), as a day number. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumber(year, month, day);
}

type Named = [day: number, name: string, nameEn: string];

function monarchsDay(year: number): Named {
  // King's Day (Queen's Day until 2013) moves to the Saturday before when it falls on a Sunday.
  const n = year >= 2014 ? dayNumber(year, 4, 27) : dayNumber(year, 4, 30);
  const day = weekday(n) === 0 ? n - 1 : n;
  return year >= 2014 ? [day, 'Koningsdag', "King's Day"] : [day, 'Koninginnedag', "Queen's Day"];
}

/** The day numbers the calendar closes on in one year (weekends aside), with their names. */
function closedDays(year: number, calendar: WorkingCalendar): Map<number, Holiday> {
  const easter = easterSunday(year);
  const list: Named[] = [
    [dayNumber(year, 1, 1), 'Nieuwjaarsdag', "New Year's Day"],
    [easter, 'Eerste Paasdag', 'Easter Sunday'],
    [easter + 1, 'Tweede Paasdag', 'Easter Monday'],
    monarchsDay(year),
    [easter + 39, 'Hemelvaartsdag', 'Ascension Day'],
    [easter + 49, 'Eerste Pinksterdag', 'Whit Sunday'],
    [easter + 50, 'Tweede Pinksterdag', 'Whit Monday'],
    [dayNumber(year, 12, 25), 'Eerste Kerstdag', 'Christmas Day'],
    [dayNumber(year, 12, 26), 'Tweede Kerstdag', 'Boxing Day'],
  ];
  if (calendar.goodFriday === 'closed') list.push([easter - 2, 'Goede Vrijdag', 'Good Friday']);
  if (calendar.liberationDay === 'closed' || (calendar.liberationDay === 'lustrum' && year % 5 === 0)) {
    list.push([dayNumber(year, 5, 5), 'Bevrijdingsdag', 'Liberation Day']);
  }
  const days = new Map<number, Holiday>();
  for (const [n, name, nameEn] of list.sort((x, y) => x[0] - y[0])) {
    const same = days.get(n);
    // Ascension Day falls on 5 May now and then (2005, 2016): one closed day with both names.
    days.set(
      n,
      same
        ? { date: same.date, name: `${same.name} en ${name}`, nameEn: `${same.nameEn} and ${nameEn}` }
        : { date: dayString(n), name, nameEn },
    );
  }
  for (const date of calendar.extraClosedDays) {
    const n = parseDay(date);
    if (n !== null && yearOf(n) === year && !days.has(n)) days.set(n, { date, name: 'Extra sluitingsdag', nameEn: 'Extra closure day' });
  }
  return days;
}

const cache = new WeakMap<WorkingCalendar, Map<number, Map<number, Holiday>>>();

function checkCalendar(calendar: WorkingCalendar): void {
  const bad = calendar.extraClosedDays.filter((d) => !isCalendarDay(d));
  if (
    !['closed', 'open'].includes(calendar.goodFriday) ||
    !['closed', 'open', 'lustrum'].includes(calendar.liberationDay) ||
    bad.length > 0
  ) {
    throw AppError.badRequest(
      `Invalid working calendar${bad.length > 0 ? `: closure days ${bad.join(', ')} are not dates from ${FIRST_YEAR} to ${LAST_YEAR}` : ''}.`,
    );
  }
}

function closedIn(year: number, calendar: WorkingCalendar): Map<number, Holiday> {
  let years = cache.get(calendar);
  if (!years) {
    checkCalendar(calendar);
    years = new Map();
    cache.set(calendar, years);
  }
  let days = years.get(year);
  if (!days) {
    days = closedDays(year, calendar);
    years.set(year, days);
  }
  return days;
}

function isOpen(n: number, calendar: WorkingCalendar): boolean {
  return !isWeekend(n) && !closedIn(yearOf(n), calendar).has(n);
}

function checkDayInRange(n: number, what: string): number {
  const year = yearOf(n);
  if (year < FIRST_YEAR || year > LAST_YEAR) throw outOfRange(what);
  return n;
}

/** The public holidays and closure days of a year under the calendar (also those on a weekend), by date. */
export function holidaysOf(year: number, calendar: WorkingCalendar = DEFAULT_CALENDAR): Holiday[] {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) throw outOfRange(`Year ${year}`);
  return [...closedIn(year, calendar).values()].sort((a, b) => a.date.localeCompare(b.date)).map((h) => ({ ...h }));
}

/** Whether a date (YYYY-MM-DD) is a working day: not a Saturday or Sunday and not closed. */
export function isWorkingDay(date: string, calendar: WorkingCalendar = DEFAULT_CALENDAR): boolean {
  const n = parseDay(date);
  if (n === null) throw AppError.badRequest(`${JSON.stringify(date).slice(0, 40)} is not a date (YYYY-MM-DD).`);
  return isOpen(checkDayInRange(n, `Date ${date}`), calendar);
}

// Amsterdam wall-clock time through Intl (Node ships the time-zone database), for the day of a
// moment and the instant a day starts, so daylight-saving changes need no rules of our own.
const amsterdam = new Intl.DateTimeFormat('en-US', {
  timeZone: CALENDAR_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

function wallClock(instant: number): { day: number; ms: number } {
  const parts: Record<string, number> = {};
  for (const part of amsterdam.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const day = dayNumber(parts.year ?? 0, parts.month ?? 0, parts.day ?? 0);
  const ms = (((parts.hour ?? 0) * 60 + (parts.minute ?? 0)) * 60 + (parts.second ?? 0)) * 1000 + (((instant % 1000) + 1000) % 1000);
  return { day, ms };
}

function offsetAt(instant: number): number {
  const { day, ms } = wallClock(instant);
  return day * DAY_MS + ms - instant;
}

/** The calendar day (day number) of a moment in Amsterdam. */
function amsterdamDay(moment: Date, what: string): number {
  const instant = moment.getTime();
  if (!Number.isFinite(instant)) throw AppError.badRequest(`${what} is not a valid moment.`);
  return checkDayInRange(wallClock(instant).day, `${what} ${moment.toISOString()}`);
}

/** The instant Amsterdam's day n starts. Midnight always exists there: clocks change at 02:00/03:00. */
function startOfDay(n: number): number {
  const local = n * DAY_MS;
  const guess = local - offsetAt(local);
  return local - offsetAt(guess);
}

/** The deadline N working days after a moment: the end (23:59:59.999 Amsterdam) of that working day. */
export function addWorkingDays(from: Date, days: number, calendar: WorkingCalendar = DEFAULT_CALENDAR): Date {
  if (!Number.isInteger(days) || days < 0 || days > MAX_WORKING_DAYS) {
    throw AppError.badRequest(`The number of working days must be a whole number from 0 to ${MAX_WORKING_DAYS}.`);
  }
  let n = amsterdamDay(from, 'Moment');
  if (days === 0) {
    while (!isOpen(n, calendar)) n = checkDayInRange(n + 1, 'The deadline');
  } else {
    for (let left = days; left > 0;) {
      n = checkDayInRange(n + 1, 'The deadline');
      if (isOpen(n, calendar)) left--;
    }
  }
  return new Date(startOfDay(n + 1) - 1);
}

/** Full weekdays (Monday to Friday) among day numbers a+1 .. b, for a <= b. */
function weekdaysAfter(a: number, b: number): number {
  // Count through a Monday-based week index: weekday(n) with Monday = 0 is (n + 3) mod 7.
  const upTo = (n: number) => {
    const shifted = n + 3; // day 0 (Thursday) is weekday 3
    const weeks = Math.floor(shifted / 7);
    return weeks * 5 + Math.min(shifted - weeks * 7 + 1, 5);
  };
  return upTo(b) - upTo(a);
}

/**
 * Working days after the calendar day of `from` up to and including the calendar day of `to`
 * (Amsterdam), so that workingDaysBetween(m, addWorkingDays(m, n)) is n for n >= 1. Negative when
 * `to` lies on an earlier day: -workingDaysBetween(to, from), e.g. working days overdue.
 */
export function workingDaysBetween(from: Date, to: Date, calendar: WorkingCalendar = DEFAULT_CALENDAR): number {
  const a = amsterdamDay(from, 'From');
  const b = amsterdamDay(to, 'To');
  if (b < a) return -countOpen(b, a, calendar);
  return countOpen(a, b, calendar);
}

function countOpen(a: number, b: number, calendar: WorkingCalendar): number {
  let open = weekdaysAfter(a, b);
  for (let year = yearOf(a); year <= yearOf(b); year++) {
    for (const n of closedIn(year, calendar).keys()) if (n > a && n <= b && !isWeekend(n)) open--;
  }
  return open;
}
