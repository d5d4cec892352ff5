// The tasks that name one person, for a data-subject access request (GDPR art. 15). A task names no
// person of its own: it names them when it is on a referral about them, on a case whose primary client
// they are, or on another case of theirs with a title or description that names them. Exported through
// index.ts for the privacy module, which passes those ids and the person's names; the read goes through
// a SECURITY DEFINER function that answers only holders of privacy.subject-access
// (migrations/0004_subject_access.ts).
import type { Tx } from '../../kernel/db/database.ts';
import { tasksNaming } from './tasks.subject-access.repository.ts';

export interface SubjectTask {
  id: string;
  caseId: string | null;
  referralId: string | null;
  title: string;
  description: string | null;
  status: string;
  dueAt: string;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  cancelReason: string | null;
}

/** Whole words, case-insensitive, as PostgreSQL's regular expressions read them (\m and \M: word bounds). */
function wordPattern(name: string): string {
  return `\\m${name.replace(/[\\.^$*+?()[\]{}|-]/g, (c) => `\\${c}`)}\\M`;
}

export async function taskSubjectAccess(
  tx: Tx,
  scope: { onReferrals: readonly string[]; clientOfCases: readonly string[]; otherCases: readonly string[]; names: readonly string[] },
): Promise<SubjectTask[]> {
  const rows = await tasksNaming(tx, {
    onReferrals: scope.onReferrals,
    clientOfCases: scope.clientOfCases,
    otherCases: scope.otherCases,
    namePatterns: scope.names.filter((n) => n.trim().length >= 2).map((n) => wordPattern(n.trim())),
  });
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    referralId: r.referral_id,
    title: r.title,
    description: r.description,
    status: r.status,
    dueAt: r.due_at.toISOString(),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    completedAt: r.completed_at?.toISOString() ?? null,
    cancelReason: r.cancel_reason,
  }));
}
