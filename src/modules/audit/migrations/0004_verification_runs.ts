// The scheduled verification's runs (ADR 0025): what range each verified, against which checkpoint, the
// outcome and, when it failed, the first bad position and what was found. The hourly run starts where the
// last successful one ended (the metrics and the verification screen read these rows too).
//
// Row-level security: the system actor (the verification job) adds runs and reads them; holders of
// audit.verify read them. Nobody changes or removes one: triggers refuse UPDATE, DELETE and TRUNCATE.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const auditVerificationRuns: Migration = {
  name: '0004_verification_runs',
  async up(db, { appRole }) {
    await sql`create table audit_verify_run (
      id bigint generated always as identity primary key,
      started_at timestamptz not null,
      finished_at timestamptz not null default clock_timestamp(),
      mode text not null check (mode in ('incremental', 'full')),
      ok boolean not null,
      from_leaf bigint not null check (from_leaf >= 0),
      to_leaf bigint not null check (to_leaf >= from_leaf),
      boundary bigint not null default 0,
      anchor_size bigint,
      anchor_root bytea,
      checkpoints integer not null default 0,
      first_bad_leaf bigint,
      first_bad_event bigint,
      first_bad_exact boolean,
      findings jsonb not null default '[]',
      warnings jsonb not null default '[]'
    )`.execute(db);
    await sql`create index audit_verify_run_ok_idx on audit_verify_run (id desc) where ok`.execute(db);
    await sql`create function audit_verify_run_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_verify_run is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$`.execute(db);
    await sql`create trigger audit_verify_run_append_only before update or delete on audit_verify_run
      for each row execute function audit_verify_run_append_only()`.execute(db);
    await sql`create trigger audit_verify_run_no_truncate before truncate on audit_verify_run
      for each statement execute function audit_verify_run_append_only()`.execute(db);
    await sql`revoke all on audit_verify_run from public`.execute(db);
    await sql`grant select, insert on audit_verify_run to ${sql.id(appRole)}`.execute(db);
    await sql`alter table audit_verify_run enable row level security`.execute(db);
    await sql`create policy audit_verify_run_read on audit_verify_run for select
      using ((select casus_actor_kind()) = 'system' or (select casus_actor_has_permission('audit.verify')))`.execute(db);
    await sql`create policy audit_verify_run_add on audit_verify_run for insert with check ((select casus_actor_kind()) = 'system')`.execute(
      db,
    );
  },
  async down(db) {
    await sql`drop table audit_verify_run`.execute(db);
    await sql`drop function audit_verify_run_append_only()`.execute(db);
  },
};
