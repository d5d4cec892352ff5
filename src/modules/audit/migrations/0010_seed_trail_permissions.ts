// Who reads the audit trail from the start: the security officer searches and exports it (and sees the
// seal's state and the detection alerts), the privacy officer sees who looked at a client for a
// data-subject request and nothing else of the trail (docs/security.md, "Reading the audit trail").
// Values are written out, not imported from audit.permissions.ts: this migration is history.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const SEEDS: [role: string, permission: string][] = [
  ['security-officer', 'audit.read'],
  ['security-officer', 'audit.export'],
  ['security-officer', 'audit.verify'],
  ['security-officer', 'audit.alerts'],
  ['privacy-officer', 'audit.subject-views'],
];

export const seedTrailPermissions: Migration = {
  name: '0010_seed_trail_permissions',
  async up(db) {
    for (const [role, permission] of SEEDS) {
      await sql`insert into role_permission (role_id, permission) select id, ${permission} from role where key = ${role}
        on conflict do nothing`.execute(db);
    }
  },
  async down(db) {
    for (const [role, permission] of SEEDS) {
      await sql`delete from role_permission where permission = ${permission} and role_id = (select id from role where key = ${role})`.execute(
        db,
      );
    }
  },
};
