// A list read records which rows it showed, not only how many: an auditor asking "who saw this client"
// must find the team list and the search result that showed her, not only the screens opened by id.
// object_ids holds the ids of the objects shown (cases, referrals, tasks...), data_subject_ids the
// persons they are about. No index yet: a GIN index on 50-element arrays tripled the cost of every
// list read's audit insert (80 instead of 26 µs, measured); the audit search that asks "which events
// showed person X" chooses its index with the query it serves (the audit issue).
import { sql } from 'kysely';
import type { Migration } from '../db/migrator.ts';

export const auditListedIds: Migration = {
  name: '0011_audit_listed_ids',
  async up(db) {
    await sql`alter table audit_event add column object_ids text[], add column data_subject_ids text[]`.execute(db);
  },
  async down(db) {
    await sql`alter table audit_event drop column object_ids, drop column data_subject_ids`.execute(db);
  },
};
