// Found by the SQL adversary suite (test/app/sql-adversary.test.ts): through the application's login,
// with no actor at all, anyone could rewrite a case type (its statuses and transitions for every case
// of that type) and read the yearly case-number counters. Nothing in the application changes case
// types yet; the module that lets functional administrators configure them will grant what it needs,
// under its own permission and policy. Case numbers are drawn at random now (0009), so the counter is
// only the demo loader's (over the owner login).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const configurationReadOnly: Migration = {
  name: '0013_configuration_read_only',
  async up(db, { appRole }) {
    await sql`revoke update on case_type from ${sql.id(appRole)}`.execute(db);
    await sql`revoke all on case_number_counter from ${sql.id(appRole)}`.execute(db);
  },
  async down(db, { appRole }) {
    await sql`grant select on case_number_counter to ${sql.id(appRole)}`.execute(db);
    await sql`grant update on case_type to ${sql.id(appRole)}`.execute(db);
  },
};
