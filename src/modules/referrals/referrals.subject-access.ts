// The referrals about one person, for a data-subject access request (GDPR art. 15): where the referral
// came from, what the referrer sent (decrypted, as received), consent, status and the attempts to reach
// them. Exported through index.ts for the privacy module, which composes the export and audits it. The
// read goes through a SECURITY DEFINER function that answers only holders of privacy.subject-access
// (migrations/0004_subject_access.ts). Only referrals linked to the person are found.
import type { KeyRing } from '../../kernel/crypto/keyring.ts';
import type { Tx } from '../../kernel/db/database.ts';
import { PAYLOAD_PURPOSE } from './referrals.service.ts';
import { referralsOfPersons } from './referrals.subject-access.repository.ts';

export interface SubjectReferral {
  id: string;
  personId: string;
  source: string;
  channel: string;
  receivedAt: string;
  sourceReference: string | null;
  /** What the referrer sent, as received. */
  payload: Record<string, unknown>;
  consentGiven: boolean;
  consentSource: string | null;
  status: string;
  closedReason: string | null;
  closedAt: string | null;
  convertedCaseId: string | null;
  createdAt: string;
  attempts: { id: string; at: string; channel: string; outcome: string; note: string | null }[];
}

export async function referralSubjectAccess(tx: Tx, keyRing: KeyRing, personIds: readonly string[]): Promise<SubjectReferral[]> {
  return (await referralsOfPersons(tx, personIds)).map((r) => ({
    id: r.id,
    personId: r.person_id,
    source: r.source,
    channel: r.channel,
    receivedAt: r.received_at.toISOString(),
    sourceReference: r.source_reference,
    payload: JSON.parse(keyRing.decryptText(PAYLOAD_PURPOSE, r.raw_payload, r.id)) as Record<string, unknown>,
    consentGiven: r.consent_given,
    consentSource: r.consent_source,
    status: r.status,
    closedReason: r.closed_reason,
    closedAt: r.closed_at?.toISOString() ?? null,
    convertedCaseId: r.converted_case_id,
    createdAt: r.created_at.toISOString(),
    // jsonb keeps the attempt's moment as PostgreSQL wrote it: the same instant, in the API's form.
    attempts: r.attempts.map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
  }));
}
