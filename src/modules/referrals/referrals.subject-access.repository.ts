// The SQL behind referrals.subject-access.ts: the module's SECURITY DEFINER function for data-subject
// requests (migrations/0004_subject_access.ts), which refuses anyone without privacy.subject-access.
import { sql } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';

export interface ReferralSubjectRow {
  id: string;
  source: string;
  channel: string;
  received_at: Date;
  source_reference: string | null;
  raw_payload: Buffer;
  person_id: string;
  consent_given: boolean;
  consent_source: string | null;
  status: string;
  closed_reason: string | null;
  closed_at: Date | null;
  converted_case_id: string | null;
  created_at: Date;
  attempts: { id: string; at: string; channel: string; outcome: string; note: string | null }[];
}

export async function referralsOfPersons(tx: Tx, personIds: readonly string[]): Promise<ReferralSubjectRow[]> {
  return (await sql<ReferralSubjectRow>`select * from referral_subject_access(${[...personIds]}::uuid[])`.execute(tx.db)).rows;
}
