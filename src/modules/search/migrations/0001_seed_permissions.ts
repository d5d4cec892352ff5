// Seeds the search permission into the roles. Values are written out, not imported from
// search.permissions.ts: this migration is history and must keep doing what it did when it shipped.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const seedSearchPermissions: Migration = {
  name: '0001_seed_permissions',
  async up(db) {
    await sql`insert into role_permission (role_id, permission)
      select role.id, seed.permission from (values
        ('case-worker', 'search.use'),
        ('volunteer', 'search.use'),
        ('team-lead', 'search.use')
      ) as seed (role_key, permission) join role on role.key = seed.role_key
      on conflict do nothing`.execute(db);
  },
  async down(db) {
    await sql`delete from role_permission where permission in ('search.use')`.execute(db);
  },
};
