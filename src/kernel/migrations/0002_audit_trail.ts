// The audit trail: append-only. The application role may INSERT (and read, for the audit screens
// that later issues build); a trigger refuses UPDATE, DELETE and TRUNCATE for everyone, owner
// included, so altering history takes a deliberate schema change that itself leaves traces.
import { sql } from 'kysely';
import type { Migration } from '../db/migrator.ts';

export const auditTrail: Migration = {
  name: '0002_audit_trail',
  async up(db, { appRole }) {
    // Row-level security: since 0013_audit_from_seal (reads only for the system actor; the actor, origin and time of
    // every row come from the seal). Here the application role may only SELECT and INSERT; triggers refuse changes.
    await sql`create table audit_event (
      id bigint generated always as identity primary key,
      occurred_at timestamptz not null default clock_timestamp(),
      actor_kind text not null default coalesce(nullif(current_setting('casus.actor_kind', true), ''), 'anonymous')
        check (actor_kind in ('user', 'service', 'system', 'anonymous')),
      actor_id text default nullif(current_setting('casus.actor_id', true), ''),
      action text not null check (action ~ '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$'),
      object_type text not null,
      object_id text,
      data_subject_id text,
      result text not null check (result in ('success', 'denied', 'failure')),
      reason text,
      origin_ip inet,
      user_agent text,
      request_id text default nullif(current_setting('casus.request_id', true), ''),
      trace_id text default nullif(current_setting('casus.trace_id', true), ''),
      changed_fields text[],
      details jsonb
    )`.execute(db);
    await sql`create index audit_event_object_idx on audit_event (object_type, object_id, occurred_at desc)`.execute(db);
    await sql`create index audit_event_subject_idx on audit_event (data_subject_id, occurred_at desc) where data_subject_id is not null`.execute(
      db,
    );
    await sql`create index audit_event_actor_idx on audit_event (actor_id, occurred_at desc)`.execute(db);
    await sql`create function audit_event_is_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$`.execute(db);
    await sql`create trigger audit_event_no_update_delete before update or delete on audit_event
      for each row execute function audit_event_is_append_only()`.execute(db);
    await sql`create trigger audit_event_no_truncate before truncate on audit_event
      for each statement execute function audit_event_is_append_only()`.execute(db);
    await sql`revoke all on audit_event from public`.execute(db);
    await sql`grant select, insert on audit_event to ${sql.id(appRole)}`.execute(db);
  },
  async down(db) {
    await sql`drop table audit_event`.execute(db);
    await sql`drop function audit_event_is_append_only()`.execute(db);
  },
};
