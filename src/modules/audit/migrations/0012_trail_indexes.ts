// The indexes the trail's searches need (trail/trail.repository.ts), each list newest first on
// (occurred_at, id). The kernel's own serve a person as data subject, an actor and an object
// (0002_audit_trail); added here:
//
// - audit_event_time_idx (occurred_at, id): the whole trail, or a time range, an action family or a
//   result without a narrower filter, one range scan however deep the page.
// - audit_event_action_idx (action text_pattern_ops, occurred_at): one action (`case.break-glass` over a
//   year) or a prefix (`person.`) without scanning every other event; text_pattern_ops so a prefix is a
//   range whatever the database's collation.
// - audit_event_case_detail_idx: what was done in a case to its contact moments, documents and tasks
//   (details.caseId), only for the events that carry one.
// - audit_event_listed_persons_idx, GIN on the persons a list read showed: "which reads showed this
//   client" (who looked at her, a search by person). A GIN index costs every list read's audit insert
//   (kernel 0011 left it out for that: 80 instead of 26 µs for 50 ids); its pending list (fastupdate,
//   the default) takes a row's entries as one append and moves them into the index in bulk. Partial:
//   single-subject events, most of the trail, get no entry. bench/audit-trail.ts measures it
//   (docs/performance.md).
// - audit_event_listed_cases_idx, GIN on the objects of lists of cases only (object_type 'case': the
//   team's cases, a case's contact moments or documents): which lists showed a case. Task, referral and
//   search lists, which show a case's client rather than the case, pay for no object entries.
//
// Building them locks out inserts into audit_event (every audited request) for as long as it takes on
// an existing trail: docs/performance.md gives the time per million events; upgrade in a quiet hour.
//
// Row-level security: no new table (indexes on the kernel's audit_event).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const trailIndexes: Migration = {
  name: '0012_trail_indexes',
  async up(db) {
    await sql`create index audit_event_time_idx on audit_event (occurred_at desc, id desc)`.execute(db);
    await sql`create index audit_event_action_idx on audit_event (action text_pattern_ops, occurred_at desc, id desc)`.execute(db);
    await sql`create index audit_event_case_detail_idx on audit_event ((details->>'caseId'), occurred_at desc, id desc)
      where details ? 'caseId'`.execute(db);
    await sql`create index audit_event_listed_persons_idx on audit_event using gin (data_subject_ids) where data_subject_ids is not null`.execute(
      db,
    );
    await sql`create index audit_event_listed_cases_idx on audit_event using gin (object_ids) where object_type = 'case' and object_ids is not null`.execute(
      db,
    );
  },
  async down(db) {
    for (const index of [
      'audit_event_listed_cases_idx',
      'audit_event_listed_persons_idx',
      'audit_event_case_detail_idx',
      'audit_event_action_idx',
      'audit_event_time_idx',
    ]) {
      await sql`drop index ${sql.id(index)}`.execute(db);
    }
  },
};
