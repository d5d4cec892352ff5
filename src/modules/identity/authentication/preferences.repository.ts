// SQL for a person's own preferences (columns of app_user, written by the authentication role only).
import type { Kysely } from 'kysely';
import type { Tables } from '../../../kernel/db/tables.ts';

export type Language = 'nl' | 'en';

/** The language she chose, the row locked until the transaction ends (undefined: no such user). */
export async function lockPreferredLanguage(db: Kysely<Tables>, userId: string): Promise<{ language: Language | null } | undefined> {
  const row = await db.selectFrom('app_user').select('preferred_language').where('id', '=', userId).forUpdate().executeTakeFirst();
  return row && { language: row.preferred_language };
}

export async function setPreferredLanguage(db: Kysely<Tables>, userId: string, language: Language): Promise<void> {
  await db.updateTable('app_user').set({ preferred_language: language }).where('id', '=', userId).execute();
}
