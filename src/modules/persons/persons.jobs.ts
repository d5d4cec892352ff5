// The persons module's background work, as plain functions of the database so tests call them directly.
import { sql } from 'kysely';
import { systemContext } from '../../kernel/auth/actor.ts';
import type { Database } from '../../kernel/db/database.ts';

/**
 * Removes from the name-word dictionary (migrations/0004_name_words.ts) the words no person carries
 * any more, so a rare surname does not outlive its person's destruction. Returns how many went.
 */
export async function pruneNameWords(db: Database): Promise<number> {
  return db.transaction(systemContext('persons.prune-name-words'), async (tx) => {
    const { rows } = await sql<{ removed: number }>`select person_name_words_prune() as removed`.execute(tx.db);
    return rows[0]?.removed ?? 0;
  });
}
