// The contact moments that concern one person, for a data-subject access request (GDPR art. 15), with
// their summaries decrypted. A contact moment concerns the person it names, or, when it names nobody,
// its case's primary client (the same rule that makes them the data subject of its audit events), so
// the caller passes the person's ids and the cases whose primary client they are. Exported through
// index.ts for the privacy module. The read goes through a SECURITY DEFINER function that answers only
// holders of privacy.subject-access (migrations/0004_subject_access.ts).
import type { KeyRing } from '../../kernel/crypto/keyring.ts';
import type { Tx } from '../../kernel/db/database.ts';
import { SUMMARY_PURPOSE } from './contacts.presenter.ts';
import { contactMomentsConcerning } from './contacts.subject-access.repository.ts';

export interface SubjectContactMoment {
  id: string;
  caseId: string;
  /** The contacted person (one of the data subject's ids), or null: contact about the case as a whole. */
  personId: string | null;
  channel: string;
  direction: string;
  occurredAt: string;
  durationMinutes: number | null;
  outcome: string;
  summary: string;
  createdAt: string;
  updatedAt: string;
}

export async function contactSubjectAccess(
  tx: Tx,
  keyRing: KeyRing,
  personIds: readonly string[],
  clientOfCaseIds: readonly string[],
): Promise<SubjectContactMoment[]> {
  const rows = await contactMomentsConcerning(tx, personIds, clientOfCaseIds);
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    personId: r.person_id,
    channel: r.channel,
    direction: r.direction,
    occurredAt: r.occurred_at.toISOString(),
    durationMinutes: r.duration_minutes,
    outcome: r.outcome,
    summary: keyRing.decryptText(SUMMARY_PURPOSE, r.summary_encrypted, r.id),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }));
}
