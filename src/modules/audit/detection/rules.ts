// What the rule engine asks of one audit event without the database: does it pass a rule's filter,
// which values does a threshold rule count, which case and which persons it concerns, and whether it
// happened outside working hours (the kernel's working-day calendar, office hours in Europe/Amsterdam).
import type { DetectionField, DetectionFilter, WorkingHours } from '../../../kernel/config-detection.ts';
import { CALENDAR_TIME_ZONE, isWorkingDay, type WorkingCalendar } from '../../../kernel/calendar/working-days.ts';
import type { SealedEvent } from '../stream/stream.repository.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

function actionMatches(patterns: readonly string[], action: string): boolean {
  return patterns.some((p) => (p.endsWith('.*') ? action.startsWith(p.slice(0, -1)) : action === p));
}

/** The persons an event is about: its data subject, and those a list read showed. */
export function subjectsOf(event: SealedEvent): string[] {
  return [...new Set([...(event.dataSubjectId ? [event.dataSubjectId] : []), ...(event.dataSubjectIds ?? [])])];
}

/** The case an event concerns: the case itself, or the case a contact moment, document or task belongs to. */
export function caseOf(event: SealedEvent): string | null {
  if (event.objectType === 'case' && isUuid(event.objectId)) return event.objectId;
  const caseId = event.details?.caseId;
  return isUuid(caseId) ? caseId : null;
}

function detailMatches(value: unknown, wanted: readonly (string | number | boolean)[]): boolean {
  if (Array.isArray(value)) return value.some((v) => wanted.includes(v as string));
  return wanted.includes(value as string);
}

/** Whether the event passes the filter: every member given must hold. */
export function matchesFilter(filter: DetectionFilter, event: SealedEvent): boolean {
  if (filter.actions && !actionMatches(filter.actions, event.action)) return false;
  if (filter.results && !filter.results.includes(event.result)) return false;
  if (filter.actorKinds && !filter.actorKinds.includes(event.actorKind as 'user')) return false;
  if (filter.withDataSubject && subjectsOf(event).length === 0) return false;
  for (const [key, wanted] of Object.entries(filter.details ?? {})) if (!detailMatches(event.details?.[key], wanted)) return false;
  return true;
}

/** The values a count-distinct rule counts for the event (none: the event does not count). */
export function valuesOf(event: SealedEvent, field: DetectionField): string[] {
  switch (field) {
    case 'dataSubjectId':
      return event.dataSubjectId ? [event.dataSubjectId] : [];
    case 'objectId':
      return event.objectId ? [event.objectId] : [];
    case 'dataSubjectIds':
      return [...new Set(event.dataSubjectIds ?? [])];
    case 'objectIds':
      return [...new Set(event.objectIds ?? [])];
  }
}

const clock = new Intl.DateTimeFormat('en-CA', {
  timeZone: CALENDAR_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const HOUR_MS = 3_600_000;
/** Amsterdam's offset from UTC per hour since the epoch: it changes only on the hour, twice a year. */
const offsets = new Map<number, number>();

function offsetAt(hour: number): number {
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const at = new Date(hour * HOUR_MS);
    const p = Object.fromEntries(clock.formatToParts(at).map((x) => [x.type, Number(x.value)]));
    offset = Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute) - at.getTime();
    if (offsets.size > 10_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

/** The moment's day (YYYY-MM-DD) and minute of the day in Amsterdam. */
export function amsterdamTime(at: Date): { day: string; minute: number } {
  const local = new Date(at.getTime() + offsetAt(Math.floor(at.getTime() / HOUR_MS)));
  return { day: local.toISOString().slice(0, 10), minute: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Outside office hours, or on a day the calendar closes (weekend, public holiday, closure day). */
export function isAfterHours(at: Date, hours: WorkingHours, calendar: WorkingCalendar): boolean {
  const { day, minute } = amsterdamTime(at);
  if (minute < minuteOf(hours.start) || minute >= minuteOf(hours.end)) return true;
  return !workingDay(day, calendar);
}

/** The calendar's answer per day, remembered: every event of a day asks it. */
const workingDays = new WeakMap<WorkingCalendar, Map<string, boolean>>();

function workingDay(day: string, calendar: WorkingCalendar): boolean {
  let days = workingDays.get(calendar);
  if (!days) workingDays.set(calendar, (days = new Map<string, boolean>()));
  let open = days.get(day);
  if (open === undefined) {
    try {
      open = isWorkingDay(day, calendar);
    } catch {
      // Outside the calendar's years (2000-2100): no clock of this system's lifetime; not a working day either way.
      open = false;
    }
    if (days.size > 10_000) days.clear();
    days.set(day, open);
  }
  return open;
}
