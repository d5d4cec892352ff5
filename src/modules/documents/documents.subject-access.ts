// The documents that concern one person, for a data-subject access request (GDPR art. 15): names,
// types, sizes and dates, never contents (the person asks for a copy of a document separately, and the
// privacy officer reads it through the documents API like anyone who works on the case). A document
// concerns its case's primary client, so the caller passes the cases whose primary client the person
// is. Exported through index.ts for the privacy module. The read goes through a SECURITY DEFINER
// function that answers only holders of privacy.subject-access (migrations/0004_subject_access.ts).
import type { Tx } from '../../kernel/db/database.ts';
import { documentsOfCases } from './documents.subject-access.repository.ts';

export interface SubjectDocument {
  id: string;
  caseId: string;
  filename: string;
  documentType: string;
  contentType: string;
  size: number;
  restricted: boolean;
  quarantined: boolean;
  uploadedAt: string;
  updatedAt: string;
  /** Deleted: the content is destroyed, the record kept. */
  deletedAt: string | null;
}

export async function documentSubjectAccess(tx: Tx, clientOfCaseIds: readonly string[]): Promise<SubjectDocument[]> {
  return (await documentsOfCases(tx, clientOfCaseIds)).map((r) => ({
    id: r.id,
    caseId: r.case_id,
    filename: r.filename,
    documentType: r.document_type,
    contentType: r.content_type,
    size: Number(r.size),
    restricted: r.restricted,
    quarantined: r.quarantined,
    uploadedAt: r.uploaded_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deletedAt: r.deleted_at?.toISOString() ?? null,
  }));
}
