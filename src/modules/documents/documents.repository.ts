// The SQL of the documents module. Every function runs in the caller's transaction, so row-level
// security applies: a document (or case) the actor may not see is simply not found.
import { sql, type Insertable, type Selectable } from 'kysely';
import { userIdOf } from '../../kernel/auth/actor.ts';
import type { Tx } from '../../kernel/db/database.ts';
import { keyset, type KeysetCursor } from '../../kernel/db/keyset.ts';
import type { DocumentTable, DocumentType } from './documents.tables.ts';

export type DocumentRow = Omit<Selectable<DocumentTable>, 'size'> & { size: number; cursor_at: string };

/** Lists are newest upload first. */
const NEWEST_FIRST = keyset('uploaded_at', 'desc');

const COLUMNS = sql`id, case_id, filename, content_type, size::float8 as size, sha256, wrapped_key, key_id, format_version, document_type,
  restricted, quarantined, signature, uploaded_by, uploaded_at, updated_at, deleted_at, deleted_by, delete_reason, version,
  ${NEWEST_FIRST.cursorAt}`;

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

export async function listCaseDocuments(
  tx: Tx,
  caseId: string,
  filter: { documentType?: DocumentType; after?: KeysetCursor; limit: number },
): Promise<DocumentRow[]> {
  const { rows } = await sql<DocumentRow>`select ${COLUMNS} from document
    where case_id = ${caseId}::uuid and deleted_at is null and not quarantined
      ${filter.documentType ? sql`and document_type = ${filter.documentType}` : sql``}
      ${filter.after ? sql`and ${NEWEST_FIRST.after(filter.after)}` : sql``}
    order by ${NEWEST_FIRST.orderBy} limit ${filter.limit + 1}`.execute(tx.db);
  return rows;
}

export async function listQuarantined(tx: Tx, filter: { after?: KeysetCursor; limit: number }): Promise<DocumentRow[]> {
  const { rows } = await sql<DocumentRow>`select ${COLUMNS} from document
    where quarantined and deleted_at is null
      ${filter.after ? sql`and ${NEWEST_FIRST.after(filter.after)}` : sql``}
    order by ${NEWEST_FIRST.orderBy} limit ${filter.limit + 1}`.execute(tx.db);
  return rows;
}

export async function updateDocument(
  tx: Tx,
  id: string,
  changes: { filename?: string; document_type?: DocumentType; restricted?: boolean },
): Promise<void> {
  await tx.db
    .updateTable('document')
    .set({ ...changes, updated_at: sql<Date>`now()`, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .execute();
}

/** Marks the document deleted and forgets its data key: from here on the blob is unreadable ciphertext. */
export async function softDeleteDocument(tx: Tx, id: string, reason: string): Promise<void> {
  await tx.db
    .updateTable('document')
    .set({
      deleted_at: sql<Date>`now()`,
      deleted_by: userIdOf(tx.ctx.actor),
      delete_reason: reason,
      wrapped_key: null,
      updated_at: sql<Date>`now()`,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', id)
    .execute();
}
