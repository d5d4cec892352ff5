// Seeds the case permissions into the roles. Values are written out, not imported from
// cases.permissions.ts: this migration is history and must keep doing what it did when it shipped.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const seedCasePermissions: Migration = {
  name: '0002_seed_permissions',
  async up(db) {
    await sql`insert into role_permission (role_id, permission)
      select role.id, seed.permission from (values
        ('case-worker', 'cases.create'),
        ('case-worker', 'cases.update'),
        ('case-worker', 'cases.break-glass'),
        ('team-lead', 'cases.read-unit'),
        ('team-lead', 'cases.create'),
        ('team-lead', 'cases.update'),
        ('team-lead', 'cases.assign'),
        ('team-lead', 'cases.grant-access'),
        ('team-lead', 'cases.break-glass'),
        ('security-officer', 'cases.review-access'),
        ('privacy-officer', 'cases.review-access')
      ) as seed (role_key, permission) join role on role.key = seed.role_key
      on conflict do nothing`.execute(db);
  },
  async down(db) {
    await sql`delete from role_permission where permission in
      ('cases.create', 'cases.update', 'cases.break-glass', 'cases.read-unit', 'cases.assign', 'cases.grant-access', 'cases.review-access')`.execute(
      db,
    );
  },
};
