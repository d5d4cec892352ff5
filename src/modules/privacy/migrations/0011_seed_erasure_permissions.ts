// Seeds privacy.erasure and privacy.destruction into the privacy officer's role (the FG: erasure and
// anonymisation on request, and the destruction lists, of which she reviews or approves; a second
// privacy officer, or anyone else granted privacy.destruction, gives the other signature). Values are
// written out, not imported from privacy.permissions.ts: this migration is history.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const seedErasurePermissions: Migration = {
  name: '0011_seed_erasure_permissions',
  async up(db) {
    await sql`insert into role_permission (role_id, permission)
      select role.id, seed.permission from (values
        ('privacy-officer', 'privacy.erasure'),
        ('privacy-officer', 'privacy.destruction')
      ) as seed (role_key, permission) join role on role.key = seed.role_key
      on conflict do nothing`.execute(db);
  },
  async down(db) {
    await sql`delete from role_permission where permission in ('privacy.erasure', 'privacy.destruction')`.execute(db);
  },
};
