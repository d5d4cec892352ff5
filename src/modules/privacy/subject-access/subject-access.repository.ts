// The SQL of the subject-access export that is the privacy module's own: the audit events about the
// person, through privacy_subject_audit (migrations/0004_subject_audit.ts), which answers only holders
// of privacy.subject-access and only the columns the export shows.
import { sql } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';

export interface SubjectAuditRow {
  id: string;
  occurred_at: Date;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  /** Set when the event is about one of the persons asked for alone (a single read or change), null for a list. */
  data_subject_id: string | null;
  result: string;
  reason: string | null;
  changed_fields: string[] | null;
}

export async function auditEventsAbout(tx: Tx, personIds: readonly string[]): Promise<SubjectAuditRow[]> {
  return (await sql<SubjectAuditRow>`select * from privacy_subject_audit(${[...personIds]}::uuid[])`.execute(tx.db)).rows;
}
