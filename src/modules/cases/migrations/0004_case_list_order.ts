// The team and "all" lists sort a unit's cases by last change (updated_at desc, id desc). The index
// (owning_unit_id, status, updated_at desc) only serves that order with a status filter; without one
// PostgreSQL read and sorted every case of the unit: ~1 s per page for a team with 257,000 cases in
// the 2M-person demo set, 6 ms with this index (docs/performance.md, casework at full scale).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const caseListOrder: Migration = {
  name: '0004_case_list_order',
  async up(db) {
    await sql`create index if not exists case_file_unit_recent on case_file (owning_unit_id, updated_at desc, id desc)`.execute(db);
  },
  async down(db) {
    await sql`drop index if exists case_file_unit_recent`.execute(db);
  },
};
