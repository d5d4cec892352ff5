// The processing log (verwerkingenlog, after the standard "Logboek Dataverwerkingen"): one row per
// processing of one data subject's data, derived from the sealed audit trail by the `processing-log`
// stream consumer (shipping/processing-log.ts), keyed by the event's leaf and the subject's ordinal so
// a batch handled twice adds nothing. It names no person: the subject is a keyed pseudonym.
//
// Row-level security:
//   - only the system actor adds rows (the consumer) and deletes them (the retention job, after the
//     category's period and only what every sink of the log has shipped);
//   - the system actor, and holders of audit.read or audit.subject-views, read them;
//   - nobody changes a row: the application role has no UPDATE grant, and a trigger refuses UPDATE and
//     TRUNCATE for every role, the owner included.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const SYSTEM = `(select casus_actor_kind()) = 'system'`;
const READERS = `${SYSTEM} or (select casus_actor_has_permission('audit.read')) or (select casus_actor_has_permission('audit.subject-views'))`;

export const processingLog: Migration = {
  name: '0030_processing_log',
  async up(db, { appRole }) {
    await sql`create table processing_log (
      leaf_index bigint not null check (leaf_index >= 0),
      subject_ordinal integer not null check (subject_ordinal >= 0),
      audit_event_id bigint not null,
      trace_id text not null check (trace_id ~ '^[0-9a-f]{32}$' and trace_id !~ '^0+$'),
      span_id text not null check (span_id ~ '^[0-9a-f]{16}$' and span_id !~ '^0+$'),
      name text not null check (length(name) between 1 and 200),
      kind text not null check (kind in ('server', 'internal')),
      status_code smallint not null check (status_code between 0 and 2),
      status_message text check (length(status_message) between 1 and 200),
      start_time timestamptz not null,
      end_time timestamptz not null,
      processing_activity_id text check (length(processing_activity_id) between 1 and 2000),
      data_subject_pseudonym text not null check (data_subject_pseudonym ~ '^[0-9a-f]{64}$'),
      pseudonym_key_id text not null check (length(pseudonym_key_id) between 1 and 64),
      category text not null check (category in ('security', 'access', 'change')),
      recorded_at timestamptz not null default clock_timestamp(),
      primary key (leaf_index, subject_ordinal),
      unique (trace_id, span_id),
      check (end_time >= start_time)
    )`.execute(db);
    // A data subject's entries (access requests); expiry per category and age.
    await sql`create index processing_log_subject on processing_log (data_subject_pseudonym, start_time)`.execute(db);
    await sql`create index processing_log_expiry on processing_log (category, start_time)`.execute(db);

    await sql`create function processing_log_is_kept() returns trigger language plpgsql as $$
      begin
        raise exception 'processing_log entries are never changed: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$`.execute(db);
    await sql`create trigger processing_log_no_update before update on processing_log
      for each row execute function processing_log_is_kept()`.execute(db);
    await sql`create trigger processing_log_no_truncate before truncate on processing_log
      for each statement execute function processing_log_is_kept()`.execute(db);

    await sql`revoke all on processing_log from public`.execute(db);
    await sql`grant select, insert, delete on processing_log to ${sql.id(appRole)}`.execute(db);
    await sql`alter table processing_log enable row level security`.execute(db);
    await sql.raw(`create policy processing_log_read on processing_log for select using (${READERS})`).execute(db);
    await sql.raw(`create policy processing_log_add on processing_log for insert with check (${SYSTEM})`).execute(db);
    await sql.raw(`create policy processing_log_expire on processing_log for delete using (${SYSTEM})`).execute(db);
  },
  async down(db) {
    await sql`drop table processing_log`.execute(db);
    await sql`drop function processing_log_is_kept()`.execute(db);
  },
};
