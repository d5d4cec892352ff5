// The interface language a person chose (Dutch or English), kept with her account so it follows her to
// every browser; until now only the browser remembered it (localStorage). Null: not chosen yet (the web
// client then keeps the language shown before sign-in). app_user is written by the authentication role
// only (0008): the person changes it herself through PUT /auth/preferences; the application role reads it.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const preferredLanguage: Migration = {
  name: '0010_preferred_language',
  async up(db) {
    await sql`alter table app_user add column preferred_language text
      constraint app_user_preferred_language_check check (preferred_language in ('nl', 'en'))`.execute(db);
  },
  async down(db) {
    await sql`alter table app_user drop column preferred_language`.execute(db);
  },
};
