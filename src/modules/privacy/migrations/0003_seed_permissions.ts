// Seeds the privacy officer's (FG's) share of the privacy permissions: keeping the register and
// answering data-subject requests. Erasure and destruction are seeded by their own migrations
// (0010-0019). Values are written out, not imported from privacy.permissions.ts: this migration is
// history and must keep doing what it did when it shipped.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const seedPrivacyPermissions: Migration = {
  name: '0003_seed_permissions',
  async up(db) {
    await sql`insert into role_permission (role_id, permission)
      select role.id, seed.permission from (values
        ('privacy-officer', 'privacy.register-manage'),
        ('privacy-officer', 'privacy.subject-access')
      ) as seed (role_key, permission) join role on role.key = seed.role_key
      on conflict do nothing`.execute(db);
  },
  async down(db) {
    await sql`delete from role_permission where permission in ('privacy.register-manage', 'privacy.subject-access')`.execute(db);
  },
};
