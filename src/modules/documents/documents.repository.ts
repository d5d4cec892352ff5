// The SQL of the documents module. Every function runs in the caller's transaction, so row-level
// security applies: a document (or case) the actor may not see is simply not found.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';
import type { DocumentTable, DocumentType } from './documents.tables.ts';

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
