// The CHECK on role_permission.permission (0002) was meant to read `(\.[a-z][a-z0-9-]*)+`: a dot, then
// a kebab-case word. Written in a JavaScript template, `\.` became `.`, which matches any character,
// so a name without a dot (`casesread`) passed. This puts the dot back. Rows written through Casus
// satisfy it (roles bundle only permissions the registry knows, and it refuses names without a
// dot: kernel/auth/permissions.ts); a row that does not makes the migration fail, naming the constraint.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const permissionNameCheck: Migration = {
  name: '0009_permission_name_check',
  async up(db) {
    await sql`alter table role_permission drop constraint role_permission_permission_check`.execute(db);
    await sql`alter table role_permission add constraint role_permission_permission_check
      check (permission ~ '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$')`.execute(db);
  },
  async down(db) {
    await sql`alter table role_permission drop constraint role_permission_permission_check`.execute(db);
    // 0002's definition as the database got it: any character where the dot was meant.
    await sql`alter table role_permission add constraint role_permission_permission_check
      check (permission ~ '^[a-z][a-z0-9-]*(.[a-z][a-z0-9-]*)+$')`.execute(db);
  },
};
