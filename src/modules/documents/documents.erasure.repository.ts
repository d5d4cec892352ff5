// The SQL of the documents module's part of erasure and destruction: calls of its SECURITY DEFINER
// functions (migrations/0005_erasure.ts), which check the actor and the case themselves.
import { sql } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';

export async function eraseDocumentsOf(
  tx: Tx,
  personIds: readonly string[],
  apply: boolean,
): Promise<{ documentId: string; wasLive: boolean }[]> {
  const { rows } = await sql<{ document_id: string; was_live: boolean }>`
    select document_id, was_live from document_erase_persons(${[...personIds]}::uuid[], ${apply})`.execute(tx.db);
  return rows.map((r) => ({ documentId: r.document_id, wasLive: r.was_live }));
}

export async function destroyCaseDocuments(tx: Tx, caseId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`select id from document_destroy_case(${caseId}::uuid) as id`.execute(tx.db);
  return rows.map((r) => r.id);
}
