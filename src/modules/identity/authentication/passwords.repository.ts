// SQL for local passwords (password_credential: one argon2id hash per user).
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../../kernel/db/tables.ts';

export function findPasswordCredential(db: Kysely<Tables>, userId: string): Promise<{ hash: string } | undefined> {
  return db.selectFrom('password_credential').select('hash').where('user_id', '=', userId).executeTakeFirst();
}

/** Sets the user's password hash, replacing any earlier one. */
export async function setPassword(db: Kysely<Tables>, userId: string, hash: string): Promise<void> {
  await db
    .insertInto('password_credential')
    .values({ user_id: userId, hash })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ hash, changed_at: sql<Date>`now()` }))
    .execute();
}
