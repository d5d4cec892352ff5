// Seeds the person permissions into the roles. Values are written out, not imported from
// persons.permissions.ts: this migration is history and must keep doing what it did when it shipped.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const seedPersonPermissions: Migration = {
  name: '0002_seed_permissions',
  async up(db) {
    await sql`insert into role_permission (role_id, permission)
      select role.id, seed.permission from (values
        ('case-worker', 'persons.create'),
        ('case-worker', 'persons.update'),
        ('case-worker', 'persons.read-bsn'),
        ('volunteer', 'persons.update'),
        ('team-lead', 'persons.create'),
        ('team-lead', 'persons.update'),
        ('team-lead', 'persons.read-bsn'),
        ('team-lead', 'persons.read-confidential-address'),
        ('team-lead', 'persons.merge')
      ) as seed (role_key, permission) join role on role.key = seed.role_key
      on conflict do nothing`.execute(db);
  },
  async down(db) {
    await sql`delete from role_permission where permission in
      ('persons.create', 'persons.update', 'persons.read-bsn', 'persons.read-confidential-address', 'persons.merge')`.execute(db);
  },
};
