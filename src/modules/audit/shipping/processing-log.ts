// The processing log (verwerkingenlog), shaped after the Dutch standard "Logboek Dataverwerkingen"
// (Logius; normative part "Component: Logboek"): one entry per processing of one data subject's data,
// with the fields the standard names and its attributes in the `dpl.core` namespace:
//
//   trace_id                         the audit event's trace id: the link to the audit trail (and to
//                                    the request's access log); an event without one (a job) gets
//                                    one derived from the event, as "an application MUST start a
//                                    trace for a processing that has none";
//   operation_id (span id)           derived from the event and the subject: the same every time;
//   name                             the audit action (person.read, case.update...);
//   start_time, end_time             when the event happened (the audit trail records one moment);
//   status_code                      1 OK for a success, 2 ERROR for a refusal or failure (0 unused);
//   dpl.core.processing_activity_id  the activity in the processing register the action belongs to
//                                    (the privacy module's register, through ProcessingActivityOf);
//   dpl.core.data_subject_id         the subject's pseudonym (pseudonym.ts), never the id or BSN.
//
// One entry per data subject ("a log line refers to 0 or 1 data subjects"): a list read that showed
// twelve persons makes twelve entries. Users are not named (the standard's decision "geen gegevens over
// gebruikers in logregels"): who did it is in the audit trail, found by the trace id.
import type { Tx } from '../../../kernel/db/database.ts';
import type { SealedEvent } from '../stream/stream.repository.ts';
import { auditCategoryOf, type AuditCategory } from './category.ts';
import type { SubjectPseudonyms } from './pseudonym.ts';
import { dataSubjectsOf } from './shipped-event.ts';
import { spanIdOf, traceIdOf } from './trace-ids.ts';

/**
 * The processing activity an audit action belongs to, or null when the register names none. A port:
 * the privacy module's register answers it (wired in src/app/modules.ts); asked in the consumer's
 * transaction, as the system actor.
 */
export type ProcessingActivityOf = (tx: Tx, action: string) => string | null | Promise<string | null>;

export const NO_PROCESSING_ACTIVITY: ProcessingActivityOf = () => null;

/** Span.Status codes (the standard's status_code): UNSET 0, OK 1, ERROR 2. */
export type StatusCode = 0 | 1 | 2;

export interface ProcessingLogEntry {
  leafIndex: string;
  auditEventId: string;
  /** The subject's place among the event's data subjects (0 for the event's own). */
  subjectOrdinal: number;
  traceId: string;
  spanId: string;
  name: string;
  /** server: done for a request (a user or a partner's system); internal: a job of Casus's own. */
  kind: 'server' | 'internal';
  statusCode: StatusCode;
  statusMessage: string | null;
  startTime: Date;
  endTime: Date;
  processingActivityId: string | null;
  dataSubjectPseudonym: string;
  pseudonymKeyId: string;
  category: AuditCategory;
}

/** The event's entries, one per data subject; none when it concerns no person. */
export function processingEntriesOf(event: SealedEvent, activity: string | null, pseudonyms: SubjectPseudonyms): ProcessingLogEntry[] {
  const subjects = dataSubjectsOf(event);
  if (subjects.length === 0) return [];
  const traceId = traceIdOf(event);
  const category = auditCategoryOf(event);
  const kind = event.actorKind === 'user' || event.actorKind === 'service' || event.actorKind === 'anonymous' ? 'server' : 'internal';
  return subjects.map((personId, ordinal) => ({
    leafIndex: event.leafIndex,
    auditEventId: event.id,
    subjectOrdinal: ordinal,
    traceId,
    spanId: spanIdOf(event.id, ordinal),
    name: event.action,
    kind,
    statusCode: event.result === 'success' ? 1 : 2,
    statusMessage: event.result === 'success' ? null : event.result,
    startTime: event.occurredAt,
    endTime: event.occurredAt,
    processingActivityId: activity,
    dataSubjectPseudonym: pseudonyms.of(personId),
    pseudonymKeyId: pseudonyms.keyId,
    category,
  }));
}

/** Each distinct action's activity, asked once per batch (a list of reads repeats the same few actions). */
export async function activitiesOf(tx: Tx, actions: string[], lookup: ProcessingActivityOf): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  for (const action of new Set(actions)) {
    const activity = (await lookup(tx, action)) || null;
    // The register's contract is a URI or id; a longer answer is its bug, named here rather than by a CHECK.
    if (activity !== null && activity.length > 2000) throw new Error(`the processing activity of ${action} is over 2000 characters`);
    found.set(action, activity);
  }
  return found;
}
