// The SQL behind contacts.subject-access.ts: the module's SECURITY DEFINER function for data-subject
// requests (migrations/0004_subject_access.ts), which refuses anyone without privacy.subject-access.
import { sql } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';

export interface ContactSubjectRow {
  id: string;
  case_id: string;
  person_id: string | null;
  channel: string;
  direction: string;
  occurred_at: Date;
  duration_minutes: number | null;
  outcome: string;
  summary_encrypted: Buffer;
  created_at: Date;
  updated_at: Date;
}

export async function contactMomentsConcerning(
  tx: Tx,
  personIds: readonly string[],
  clientOfCaseIds: readonly string[],
): Promise<ContactSubjectRow[]> {
  return (
    await sql<ContactSubjectRow>`select * from contact_moment_subject_access(${[...personIds]}::uuid[], ${[...clientOfCaseIds]}::uuid[])`.execute(
      tx.db,
    )
  ).rows;
}
