// The SQL behind documents.subject-access.ts: the module's SECURITY DEFINER function for data-subject
// requests (migrations/0004_subject_access.ts), which refuses anyone without privacy.subject-access.
import { sql } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';

export interface DocumentSubjectRow {
  id: string;
  case_id: string;
  filename: string;
  document_type: string;
  content_type: string;
  size: string;
  restricted: boolean;
  quarantined: boolean;
  uploaded_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export async function documentsOfCases(tx: Tx, clientOfCaseIds: readonly string[]): Promise<DocumentSubjectRow[]> {
  return (await sql<DocumentSubjectRow>`select * from document_subject_access(${[...clientOfCaseIds]}::uuid[])`.execute(tx.db)).rows;
}
