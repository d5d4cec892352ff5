// The SQL behind tasks.subject-access.ts: the module's SECURITY DEFINER function for data-subject
// requests (migrations/0004_subject_access.ts), which refuses anyone without privacy.subject-access.
import { sql } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';

export interface TaskSubjectRow {
  id: string;
  case_id: string | null;
  referral_id: string | null;
  title: string;
  description: string | null;
  status: string;
  due_at: Date;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  cancel_reason: string | null;
}

export async function tasksNaming(
  tx: Tx,
  ids: { onReferrals: readonly string[]; clientOfCases: readonly string[]; otherCases: readonly string[]; namePatterns: readonly string[] },
): Promise<TaskSubjectRow[]> {
  return (
    await sql<TaskSubjectRow>`select * from task_subject_access(${[...ids.onReferrals]}::uuid[], ${[...ids.clientOfCases]}::uuid[],
      ${[...ids.otherCases]}::uuid[], ${[...ids.namePatterns]}::text[])`.execute(tx.db)
  ).rows;
}
