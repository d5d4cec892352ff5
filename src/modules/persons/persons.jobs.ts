// The persons module's background work, as plain functions of the database so tests call them directly.
import { systemContext } from '../../kernel/auth/actor.ts';
import type { Database } from '../../kernel/db/database.ts';
import { pruneNameWordDictionary } from './persons.repository.ts';

/**
 * Removes from the name-word dictionary (migrations/0004_name_words.ts) the words no person carries
 * any more, so a rare surname does not outlive its person's destruction. Returns how many went.
 */
export async function pruneNameWords(db: Database): Promise<number> {
  return db.transaction(systemContext('persons.prune-name-words'), pruneNameWordDictionary);
}
