// Seeds the document permissions into the roles. Values are written out, not imported from
// documents.permissions.ts: this migration is history and must keep doing what it did when it shipped.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const seedDocumentPermissions: Migration = {
  name: '0002_seed_permissions',
  async up(db) {
    await sql`insert into role_permission (role_id, permission)
      select role.id, seed.permission from (values
        ('case-worker', 'documents.read-restricted'),
        ('team-lead', 'documents.read-restricted'),
        ('security-officer', 'documents.manage-quarantine')
      ) as seed (role_key, permission) join role on role.key = seed.role_key
      on conflict do nothing`.execute(db);
  },
  async down(db) {
    await sql`delete from role_permission where permission in ('documents.read-restricted', 'documents.manage-quarantine')`.execute(db);
  },
};
