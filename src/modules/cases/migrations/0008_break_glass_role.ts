// Break-the-glass belongs to a small role given on purpose ("Noodtoegang": the night line, a duty
// officer), no longer to every case worker and team lead in the country (migration 0002 seeded it into
// both). Values are written out here, not imported from cases.permissions.ts: this migration is
// history and must keep doing what it did when it shipped.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const ROLE = {
  key: 'break-glass',
  name: 'Noodtoegang',
  description:
    'Break-the-glass: opens a case outside one’s own scope after giving a reason, time-limited and raising a security event; a shielded case only after a second person approves.',
};
const PERMISSION = 'cases.break-glass';
const FORMER_HOLDERS = ['case-worker', 'team-lead'];

export const breakGlassRole: Migration = {
  name: '0008_break_glass_role',
  async up(db) {
    await sql`insert into role (key, name, description) values (${ROLE.key}, ${ROLE.name}, ${ROLE.description}) on conflict do nothing`.execute(
      db,
    );
    await sql`insert into role_permission (role_id, permission) select id, ${PERMISSION} from role where key = ${ROLE.key}
      on conflict do nothing`.execute(db);
    await sql`delete from role_permission rp using role r
      where rp.role_id = r.id and rp.permission = ${PERMISSION} and r.key = any(${FORMER_HOLDERS}::text[])`.execute(db);
  },
  async down(db) {
    await sql`insert into role_permission (role_id, permission) select id, ${PERMISSION} from role where key = any(${FORMER_HOLDERS}::text[])
      on conflict do nothing`.execute(db);
    await sql`delete from role_permission rp using role r where rp.role_id = r.id and r.key = ${ROLE.key}`.execute(db);
    // A role that was ever granted stays: its assignments are history.
    await sql`delete from role r where r.key = ${ROLE.key} and not exists (select 1 from role_assignment a where a.role_id = r.id)`.execute(
      db,
    );
  },
};
