// What the cases module holds about one person, for a data-subject access request (GDPR art. 15): each
// participation with the case facts that concern them, and the incident the case is about. Exported
// through index.ts for the privacy module, which composes the export and audits it. The read goes
// through a SECURITY DEFINER function that answers only holders of privacy.subject-access
// (migrations/0016_subject_access.ts): the caller's transaction must carry that permission.
import type { Tx } from '../../kernel/db/database.ts';
import { participationsOf } from './cases.subject-access.repository.ts';

export interface SubjectParticipation {
  caseId: string;
  number: string;
  caseType: string;
  status: string;
  confidentiality: string;
  tracks: string[];
  openedAt: string;
  closedAt: string | null;
  closeReason: string | null;
  retentionUntil: string | null;
  /** The case's custom field values, only when the person is its primary client (else null). */
  custom: Record<string, unknown> | null;
  role: string;
  primaryClient: boolean;
  /**
   * The person is the case's primary client: the case's records that name no person of their own
   * (contact moments with nobody in particular, documents, tasks) are about them.
   */
  aboutPerson: boolean;
  addedAt: string;
  incident: {
    id: string;
    category: string;
    occurredOn: string | null;
    place: string | null;
    policeReference: string | null;
    prosecutorReference: string | null;
    description: string | null;
  } | null;
}

export interface CaseHoldings {
  participations: SubjectParticipation[];
  /** The other persons taking part in these cases: never to be shown, only struck from free text. */
  otherParticipantIds: string[];
}

export async function caseSubjectAccess(tx: Tx, personIds: readonly string[]): Promise<CaseHoldings> {
  const rows = await participationsOf(tx, personIds);
  return {
    participations: rows.map((r) => ({
      caseId: r.case_id,
      number: r.number,
      caseType: r.case_type,
      status: r.status,
      confidentiality: r.confidentiality,
      tracks: r.tracks,
      openedAt: r.opened_at.toISOString(),
      closedAt: r.closed_at?.toISOString() ?? null,
      closeReason: r.close_reason,
      retentionUntil: r.retention_until,
      custom: r.custom,
      role: r.role,
      primaryClient: r.primary_client,
      aboutPerson: r.about_person,
      addedAt: r.added_at.toISOString(),
      incident:
        r.incident_id === null
          ? null
          : {
              id: r.incident_id,
              category: r.incident_category!,
              occurredOn: r.incident_occurred_on,
              place: r.incident_place,
              policeReference: r.incident_police_reference,
              prosecutorReference: r.incident_prosecutor_reference,
              description: r.incident_description,
            },
    })),
    otherParticipantIds: [...new Set(rows.flatMap((r) => r.other_participant_ids))],
  };
}
