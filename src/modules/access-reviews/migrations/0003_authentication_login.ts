// Access reviews decide over grants and revoke them in the same transaction as the decision, so the
// module works through the authentication role, as identity does (identity migration 0008): it gets
// the review tables, and the application role, which never needs them, loses them.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const authenticationLogin: Migration = {
  name: '0003_authentication_login',
  async up(db, { appRole, authRole }) {
    await sql`grant select, insert, update on review_campaign, review_item to ${sql.id(authRole)}`.execute(db);
    await sql`revoke all on review_campaign, review_item from ${sql.id(appRole)}`.execute(db);
  },
  async down(db, { appRole, authRole }) {
    await sql`grant select, insert, update on review_campaign, review_item to ${sql.id(appRole)}`.execute(db);
    await sql`revoke all on review_campaign, review_item from ${sql.id(authRole)}`.execute(db);
  },
};
