// What of an audit event leaves Casus for the central log system: who did what to which object, with
// what result, when and from where, the trace that links it to the request and the processing log,
// and the data subject as a pseudonym. What stays in Casus: person ids (pseudonymised here, also when
// a person is the object), the free-text reason a user typed, and `details` (it may name further
// persons by id), except the security-event mark and its unit. The full event is one audit search away,
// found by its id or trace id.
import type { SealedEvent } from '../stream/stream.repository.ts';
import { auditCategoryOf, type AuditCategory } from './category.ts';
import type { SubjectPseudonyms } from './pseudonym.ts';
import { traceIdOf } from './trace-ids.ts';

/** RFC 5424 severities used here (§6.2.1): 3 error, 4 warning, 5 notice, 6 informational. */
export type Severity = 3 | 4 | 5 | 6;

export interface ShippedEvent {
  id: string;
  leafIndex: string;
  occurredAt: Date;
  action: string;
  result: SealedEvent['result'];
  category: AuditCategory;
  securityEvent: boolean;
  /** The unit a security event concerns (for routing alerts), or null. */
  unitId: string | null;
  severity: Severity;
  actorKind: SealedEvent['actorKind'];
  actorId: string | null;
  objectType: string;
  /** The object's id, or its pseudonym when the object is a person. */
  object: string | null;
  /** How many objects a list read showed. */
  objectCount: number;
  /** The pseudonym of the data subject (the event's own, else the only one of a list read). */
  subject: string | null;
  /** The pseudonyms of every data subject (the event's own first, then a list read's). */
  subjects: string[];
  changedFields: string[];
  originIp: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** The event's trace id, or for an event without one (a job's) the one its processing log entries get. */
  traceId: string;
}

/** Whether the event goes to the central log system under CASUS_AUDIT_SHIP_EVENTS. */
export function isShipped(event: SealedEvent, events: 'all' | 'security'): boolean {
  return events === 'all' || event.result !== 'success' || event.details?.securityEvent === true;
}

export function severityOf(event: Pick<SealedEvent, 'result' | 'details'>): Severity {
  const security = event.details?.securityEvent === true;
  if (security) return event.result === 'success' ? 4 : 3;
  if (event.result === 'denied') return 4;
  if (event.result === 'failure') return 5;
  return 6;
}

/** Every data subject of the event, each once: its own first, then a list read's. */
export function dataSubjectsOf(event: Pick<SealedEvent, 'dataSubjectId' | 'dataSubjectIds'>): string[] {
  const all = [event.dataSubjectId, ...(event.dataSubjectIds ?? [])].filter((id): id is string => typeof id === 'string' && id !== '');
  return [...new Set(all.map((id) => id.toLowerCase()))];
}

export function shippedEventOf(event: SealedEvent, pseudonyms: SubjectPseudonyms): ShippedEvent {
  const persons = dataSubjectsOf(event);
  const subjects = persons.map((id) => pseudonyms.of(id));
  const objectIsPerson = event.objectId !== null && (event.objectType === 'person' || persons.includes(event.objectId.toLowerCase()));
  const unitId = event.details?.unitId;
  return {
    id: event.id,
    leafIndex: event.leafIndex,
    occurredAt: event.occurredAt,
    action: event.action,
    result: event.result,
    category: auditCategoryOf(event),
    securityEvent: event.details?.securityEvent === true,
    unitId: typeof unitId === 'string' ? unitId : null,
    severity: severityOf(event),
    actorKind: event.actorKind,
    actorId: event.actorId,
    objectType: event.objectType,
    object: event.objectId === null ? null : objectIsPerson ? pseudonyms.of(event.objectId) : event.objectId,
    objectCount: event.objectIds?.length ?? (event.objectId === null ? 0 : 1),
    subject: event.dataSubjectId !== null ? pseudonyms.of(event.dataSubjectId) : subjects.length === 1 ? subjects[0]! : null,
    subjects,
    changedFields: event.changedFields ?? [],
    originIp: event.originIp,
    userAgent: event.userAgent,
    requestId: event.requestId,
    traceId: traceIdOf(event),
  };
}

/** One line for people reading the central log: "person.read success by user 3f… on person 9c… (trace 4bf…)". */
export function summaryOf(event: ShippedEvent): string {
  const actor = event.actorId ? `${event.actorKind} ${event.actorId}` : event.actorKind;
  const object = event.object ? `${event.objectType} ${event.object}` : event.objectType;
  const listed = event.objectCount > 1 ? ` (${event.objectCount} listed)` : '';
  return `${event.action} ${event.result} by ${actor} on ${object}${listed}`;
}
