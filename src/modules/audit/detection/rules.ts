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

/** The moment's day (YYYY-MM-DD) and minute of the day in Amsterdam. */
export function amsterdamTime(at: Date): { day: string; minute: number } {
  const parts = Object.fromEntries(clock.formatToParts(at).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Outside office hours, or on a day the calendar closes (weekend, public holiday, closure day). */
export function isAfterHours(at: Date, hours: WorkingHours, calendar: WorkingCalendar): boolean {
  const { day, minute } = amsterdamTime(at);
  if (minute < minuteOf(hours.start) || minute >= minuteOf(hours.end)) return true;
  try {
    return !isWorkingDay(day, calendar);
  } catch {
    // Outside the calendar's years (2000-2100): no clock of this system's lifetime; not a working day either way.
    return true;
  }
}
