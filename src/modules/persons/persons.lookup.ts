// What other modules may ask about persons (through index.ts): whether the actor can see a person.
// Row-level security answers: the query runs in the caller's transaction.
import type { Tx } from '../../kernel/db/database.ts';

export async function visiblePersonIds(tx: Tx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.db.selectFrom('person').select('id').where('id', 'in', [...new Set(ids)]).where('merged_into', 'is', null).execute();
  return new Set(rows.map((r) => r.id));
}
