// The export put together from what each module holds about the person (their <module>.subject-access.ts,
// read by the service), the audit events about them and the register. Pure: no database. Decides what
// "concerns the person" where the modules leave it open, and strikes other people from free text:
//   - cases: the person's own participations only, never the other participants;
//   - contact moments, documents, tasks: as the modules answered them (the person's own, and the case's
//     when the person is its primary client; tasks on their referrals or naming them);
//   - the access log: every audit event naming the person (alone, or among the persons of a list read),
//     with the processing activity it served; never the other persons of a list, and no object id that
//     is another person;
//   - the rectification history: the events that changed data about the person alone (changed fields),
//     and the person record's creation, consents and merges.
import type { CaseHoldings, SubjectParticipation } from '../../cases/index.ts';
import type { SubjectContactMoment } from '../../contacts/index.ts';
import type { SubjectDocument } from '../../documents/index.ts';
import type { PersonHoldings } from '../../persons/index.ts';
import type { SubjectReferral } from '../../referrals/index.ts';
import type { SubjectTask } from '../../tasks/index.ts';
import type { ActivityRef } from '../register/register.resolver.ts';
import type { Redactor } from './subject-access.redaction.ts';
import type { SubjectAuditRow } from './subject-access.repository.ts';
import type { SubjectAccessExport } from './subject-access.schemas.ts';

/** Events that change the person's record without naming fields: they belong in its history. */
const RECORD_CHANGES = new Set(['person.create', 'person.consent', 'person.merge']);

export interface Holdings {
  persons: PersonHoldings;
  cases: CaseHoldings;
  contactMoments: SubjectContactMoment[];
  documents: SubjectDocument[];
  referrals: SubjectReferral[];
  tasks: SubjectTask[];
  audit: SubjectAuditRow[];
}

/** The person's ids: the person kept and every record merged into them. */
export const idsOf = (persons: PersonHoldings): string[] => [persons.person.id, ...persons.mergedRecords.map((m) => m.id)];

/** The rectification history: who changed which fields of the person's data, when. */
export function rectificationOf(audit: readonly SubjectAuditRow[], redactor: Redactor): SubjectAccessExport['rectificationHistory'] {
  return audit
    .filter(
      (e) =>
        e.data_subject_id !== null &&
        e.result === 'success' &&
        ((e.changed_fields !== null && e.changed_fields.length > 0) || RECORD_CHANGES.has(e.action)),
    )
    .map((e) => ({
      occurredAt: e.occurred_at.toISOString(),
      action: e.action,
      objectType: e.object_type,
      objectId: e.object_id,
      actorKind: e.actor_kind,
      actorId: e.actor_id,
      changedFields: e.changed_fields ?? [],
      reason: redactor.text(e.reason),
    }));
}

export function composeExport(
  held: Holdings,
  activityOf: (action: string) => ActivityRef | null,
  redactor: Redactor,
  now: Date,
): SubjectAccessExport {
  const { persons } = held;
  const own = new Set(idsOf(persons));
  const others = new Set(held.cases.otherParticipantIds);
  // An object id that is another person (a list's object, a merge) is not shown; the event still is.
  const objectOf = (type: string, id: string | null) =>
    id !== null && (others.has(id) || (type === 'person' && !own.has(id))) ? null : id;
  const text = redactor.text;
  const participation = (p: SubjectParticipation): SubjectParticipation => ({
    ...p,
    closeReason: text(p.closeReason),
    custom: p.custom === null ? null : redactor.json(p.custom),
    incident: p.incident === null ? null : { ...p.incident, place: text(p.incident.place), description: text(p.incident.description) },
  });
  return {
    generatedAt: now.toISOString(),
    dataSubjectId: persons.person.id,
    person: persons.person,
    mergedRecords: persons.mergedRecords,
    consents: persons.consents.map((c) => ({ ...c, note: text(c.note) })),
    cases: held.cases.participations.map(participation),
    contactMoments: held.contactMoments.map((m) => ({ ...m, summary: text(m.summary) })),
    documents: held.documents.map((d) => ({ ...d, filename: text(d.filename) })),
    referrals: held.referrals.map((r) => ({
      ...r,
      payload: redactor.json(r.payload),
      closedReason: text(r.closedReason),
      attempts: r.attempts.map((a) => ({ ...a, note: text(a.note) })),
    })),
    tasks: held.tasks.map((t) => ({ ...t, title: text(t.title), description: text(t.description), cancelReason: text(t.cancelReason) })),
    accessLog: held.audit.map((e) => ({
      occurredAt: e.occurred_at.toISOString(),
      action: e.action,
      processingActivity: activityOf(e.action),
      actorKind: e.actor_kind,
      actorId: e.actor_id,
      objectType: e.object_type,
      objectId: objectOf(e.object_type, e.object_id),
      result: e.result,
    })),
    rectificationHistory: rectificationOf(held.audit, redactor),
    redactions: redactor.count,
  };
}
