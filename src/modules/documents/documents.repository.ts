// The SQL of the documents module. Every function runs in the caller's transaction, so row-level
// security applies: a document (or case) the actor may not see is simply not found.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';
import type { CaseAccess } from './documents.policy.ts';
import type { DocumentTable, DocumentType } from './documents.tables.ts';

/**
 * The case as the actor sees it, with her relation to it and the client the case is about; undefined
 * when case_file's policy hides it. The cases module exports no such look-up, so the few columns are
 * read here (the same ones its policy uses).
 */
export async function caseAccess(tx: Tx, caseId: string): Promise<CaseAccess | undefined> {
  const actorId = tx.ctx.actor.id;
  const { rows } = await sql<CaseAccess>`
    select c.id, c.owning_unit_id as "owningUnitId", c.confidentiality, c.closed_at is not null as closed,
           exists (select 1 from case_assignment a where a.case_id = c.id and a.user_id::text = ${actorId} and a.ended_at is null) as assigned,
           exists (select 1 from case_access_grant g where g.case_id = c.id and g.user_id::text = ${actorId} and g.revoked_at is null
                   and (g.expires_at is null or g.expires_at > now())) as granted,
           (select p.person_id from case_participant p where p.case_id = c.id order by p.primary_client desc, p.added_at, p.id limit 1) as "dataSubjectId"
    from case_file c where c.id = ${caseId}::uuid`.execute(tx.db);
  return rows[0];
}

export type DocumentRow = Omit<Selectable<DocumentTable>, 'size'> & { size: number; cursor_at: string };

const COLUMNS = sql`id, case_id, filename, content_type, size::float8 as size, sha256, wrapped_key, key_id, format_version, document_type,
  restricted, quarantined, signature, uploaded_by, uploaded_at, updated_at, deleted_at, deleted_by, delete_reason, version,
  to_char(uploaded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at`;

/** A live (not deleted) document. */
export async function findDocument(tx: Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<DocumentRow | undefined> {
  const { rows } = await sql<DocumentRow>`select ${COLUMNS} from document where id = ${id}::uuid and deleted_at is null
    ${options.forUpdate ? sql`for update` : sql``}`.execute(tx.db);
  return rows[0];
}

export async function insertDocument(tx: Tx, values: Insertable<DocumentTable>): Promise<void> {
  // No RETURNING: a quarantined document is not visible to its uploader (row-level security).
  await tx.db.insertInto('document').values(values).execute();
}

/** Keyset position: the last item's upload time (microseconds, as PostgreSQL keeps it) and id. */
export interface DocumentCursor {
  at: string;
  id: string;
}

export async function listCaseDocuments(tx: Tx, caseId: string, filter: { documentType?: DocumentType; after?: DocumentCursor; limit: number }): Promise<DocumentRow[]> {
  const { rows } = await sql<DocumentRow>`select ${COLUMNS} from document
    where case_id = ${caseId}::uuid and deleted_at is null and not quarantined
      ${filter.documentType ? sql`and document_type = ${filter.documentType}` : sql``}
      ${filter.after ? sql`and (uploaded_at, id) < (${filter.after.at}::timestamptz, ${filter.after.id}::uuid)` : sql``}
    order by uploaded_at desc, id desc limit ${filter.limit + 1}`.execute(tx.db);
  return rows;
}

export async function listQuarantined(tx: Tx, filter: { after?: DocumentCursor; limit: number }): Promise<DocumentRow[]> {
  const { rows } = await sql<DocumentRow>`select ${COLUMNS} from document
    where quarantined and deleted_at is null
      ${filter.after ? sql`and (uploaded_at, id) < (${filter.after.at}::timestamptz, ${filter.after.id}::uuid)` : sql``}
    order by uploaded_at desc, id desc limit ${filter.limit + 1}`.execute(tx.db);
  return rows;
}

export async function updateDocument(tx: Tx, id: string, changes: { filename?: string; document_type?: DocumentType; restricted?: boolean }): Promise<void> {
  await tx.db.updateTable('document').set({ ...changes, updated_at: sql<Date>`now()`, version: sql<number>`version + 1` }).where('id', '=', id).execute();
}

/** Marks the document deleted and forgets its data key: from here on the blob is unreadable ciphertext. */
export async function softDeleteDocument(tx: Tx, id: string, reason: string): Promise<void> {
  await tx.db.updateTable('document').set({
    deleted_at: sql<Date>`now()`,
    deleted_by: tx.ctx.actor.kind === 'user' ? tx.ctx.actor.id : null,
    delete_reason: reason,
    wrapped_key: null,
    updated_at: sql<Date>`now()`,
    version: sql<number>`version + 1`,
  }).where('id', '=', id).execute();
}
