// Seeds audit.verify (the trail's verification status, checkpoints, retention boundaries and keys: no
// personal data) to the roles that act on a failed verification: the security officer, who treats it as an
// incident, and IT operations, who keep the sealing, the witness store and the keys running. The other
// audit permissions are seeded by the parts that use them. Values are written out, not imported from
// audit.permissions.ts: this migration is history and must keep doing what it did when it shipped.
//
// Row-level security: not applicable (no table; role_permission is the identity module's).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const seedVerifyPermission: Migration = {
  name: '0006_seed_verify_permission',
  async up(db) {
    await sql`insert into role_permission (role_id, permission)
      select role.id, seed.permission from (values
        ('security-officer', 'audit.verify'),
        ('it-operations', 'audit.verify')
      ) as seed (role_key, permission) join role on role.key = seed.role_key
      on conflict do nothing`.execute(db);
  },
  async down(db) {
    await sql`delete from role_permission where permission = 'audit.verify'`.execute(db);
  },
};
