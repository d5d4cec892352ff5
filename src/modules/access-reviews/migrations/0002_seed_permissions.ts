// Seeds the access-review permissions into the roles. Values are written out, not imported from
// access-reviews.permissions.ts: this migration is history and must keep doing what it did when it shipped.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const seedAccessReviewPermissions: Migration = {
  name: '0002_seed_permissions',
  async up(db) {
    await sql`insert into role_permission (role_id, permission)
      select role.id, seed.permission from (values
        ('security-officer', 'access-reviews.manage'),
        ('security-officer', 'access-reviews.read'),
        ('privacy-officer', 'access-reviews.read'),
        ('functional-administrator', 'access-reviews.read')
      ) as seed (role_key, permission) join role on role.key = seed.role_key
      on conflict do nothing`.execute(db);
  },
  async down(db) {
    await sql`delete from role_permission where permission in ('access-reviews.manage', 'access-reviews.read')`.execute(db);
  },
};
