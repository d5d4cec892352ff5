// The SQL behind cases.subject-access.ts: the module's SECURITY DEFINER function for data-subject
// requests (migrations/0016_subject_access.ts), which refuses anyone without privacy.subject-access.
import { sql } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';

export interface ParticipationSubjectRow {
  case_id: string;
  number: string;
  case_type: string;
  status: string;
  confidentiality: string;
  tracks: string[];
  opened_at: Date;
  closed_at: Date | null;
  close_reason: string | null;
  retention_until: string | null;
  custom: Record<string, unknown> | null;
  role: string;
  primary_client: boolean;
  about_person: boolean;
  added_at: Date;
  incident_id: string | null;
  incident_category: string | null;
  incident_occurred_on: string | null;
  incident_place: string | null;
  incident_police_reference: string | null;
  incident_prosecutor_reference: string | null;
  incident_description: string | null;
  other_participant_ids: string[];
}

export async function participationsOf(tx: Tx, personIds: readonly string[]): Promise<ParticipationSubjectRow[]> {
  return (await sql<ParticipationSubjectRow>`select * from case_subject_access(${[...personIds]}::uuid[])`.execute(tx.db)).rows;
}
