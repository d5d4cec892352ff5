// Seeds audit.alerts into the security officer's role: she is told of detection alerts and handles
// them. Values are written out, not imported: this migration is history. `on conflict do nothing`: the
// audit module's other parts seed their own permissions into the same role.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const seedAlertPermission: Migration = {
  name: '0021_seed_alert_permission',
  async up(db) {
    await sql`insert into role_permission (role_id, permission)
      select role.id, 'audit.alerts' from role where role.key = 'security-officer'
      on conflict do nothing`.execute(db);
  },
  async down(db) {
    await sql`delete from role_permission where permission = 'audit.alerts'
      and role_id in (select id from role where key = 'security-officer')`.execute(db);
  },
};
