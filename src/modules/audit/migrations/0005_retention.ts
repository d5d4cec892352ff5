// Retention of the audit trail by category, keeping what remains verifiable (ADR 0025).
//
// Categories (casus_audit_category, twin of seal/category.ts), the first that applies:
//   security  details.securityEvent is true, or the action's module is security, auth or session;
//   access    a read: the action's verb (after the last dot) is read, list, search, query, export or view,
//             starts with read- or view-, or ends in -read, -list, -reveal, -search, -export or -query;
//             or the action's module is search;
//   change    everything else.
//
// Expiry runs in two steps, because categories expire at different ages. First an expired event's
// content goes and a tombstone keeps its place (leaf index, event id, category, time): the leaf and its
// hash stay, so the tree's roots do not change. Then, once every leaf below some index is a tombstone,
// that prefix goes too. Each batch is one transaction that ends with a signed retention note (the
// boundary, the frontier of the removed prefix, the rules, the tombstones still held), copied to the
// witness store before the transaction commits: no boundary moves without its witnessed note. Verification
// starts from the newest note's frontier and accepts a tombstone only when that note covers it.
//
// The path: only the system actor "audit-retention" (the daily job, whose transactions carry the sealed
// actor no request can forge) may call casus_audit_expire and casus_audit_retention_apply; they are
// SECURITY DEFINER (owner) and set a transaction-local flag that the append-only triggers of audit_event,
// audit_leaf and audit_tombstone let DELETE through for. The application role itself still has no DELETE
// privilege on any of them, and nobody may UPDATE or TRUNCATE. The functions enforce the rules
// themselves: no category under 30 days, never past the last witnessed checkpoint, never past a leaf a
// stream consumer (audit_stream_cursor) has not processed.
//
// Row-level security:
//   - audit_tombstone: read by the system actor; written only by casus_audit_expire.
//   - audit_retention_note: read by the system actor and holders of audit.verify; written only by
//     casus_audit_retention_apply, in the transaction that also wrote its witness copy (witnessed_at then).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const PATH = `set search_path = pg_catalog, public, pg_temp`;
const DEFINER = `language plpgsql security definer ${PATH}`;
const RETENTION_ONLY = `if public.casus_actor_kind() is distinct from 'system' or public.casus_actor_id() is distinct from 'audit-retention' then
      raise exception 'only the audit retention job expires audit events' using errcode = 'insufficient_privilege';
    end if;`;
const EXPIRING = `current_setting('casus.audit_expiring', true) = 'on'`;
/** The latest leaf expiry may reach: the last witnessed checkpoint, and the slowest stream consumer. */
const LIMIT = `least(
      coalesce((select max(c.tree_size) from public.audit_checkpoint c where c.witnessed_at is not null), 0),
      coalesce((select min(s.leaf_index) + 1 from public.audit_stream_cursor s), 9223372036854775807))`;

export const auditRetention: Migration = {
  name: '0005_retention',
  async up(db, { appRole }) {
    await sql
      .raw(
        `create function casus_audit_category(p_action text, p_details jsonb) returns text language sql immutable ${PATH} as $$
      select case
        when coalesce(p_details ->> 'securityEvent', '') = 'true' or split_part(p_action, '.', 1) in ('security', 'auth', 'session') then 'security'
        when split_part(p_action, '.', 1) = 'search'
          or p_action ~ '\\.(read|list|search|query|export|view)$'
          or p_action ~ '\\.(read|view)-[a-z0-9-]+$'
          or p_action ~ '-(read|list|reveal|search|export|query)$' then 'access'
        else 'change'
      end $$`,
      )
      .execute(db);

    await sql`create table audit_tombstone (
      leaf_index bigint primary key check (leaf_index >= 0),
      event_id bigint not null unique,
      category text not null check (category in ('security', 'access', 'change')),
      occurred_at timestamptz not null,
      expired_at timestamptz not null default clock_timestamp()
    )`.execute(db);
    await sql`create table audit_retention_note (
      id bigint generated always as identity primary key,
      boundary bigint not null check (boundary >= 0),
      checkpoint_size bigint not null check (checkpoint_size >= boundary),
      made_at timestamptz not null,
      key_id text not null check (key_id ~ '^[0-9a-f]{8}$'),
      note text not null,
      witnessed_at timestamptz
    )`.execute(db);

    // The append-only triggers let DELETE through only inside the retention functions (the flag).
    await sql
      .raw(
        `create or replace function audit_event_is_append_only() returns trigger language plpgsql ${PATH} as $$
      begin
        if tg_op = 'DELETE' and ${EXPIRING} then return old; end if;
        raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function audit_leaf_is_append_only() returns trigger language plpgsql ${PATH} as $$
      begin
        if tg_op = 'DELETE' and ${EXPIRING} then return old; end if;
        raise exception 'audit_leaf is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function audit_retention_append_only() returns trigger language plpgsql ${PATH} as $$
      begin
        if tg_op = 'DELETE' and tg_table_name = 'audit_tombstone' and ${EXPIRING} then return old; end if;
        raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
      end $$`,
      )
      .execute(db);
    for (const table of ['audit_tombstone', 'audit_retention_note']) {
      await sql
        .raw(
          `create trigger ${table}_append_only before update or delete on ${table} for each row execute function audit_retention_append_only()`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function audit_retention_append_only()`,
        )
        .execute(db);
    }

    // One batch of expiry: tombstones for up to p_batch expired events above the boundary and below p_limit
    // (the job passes where the last successful verification ended), their events deleted.
    await sql
      .raw(
        `create function casus_audit_expire(p_security_days integer, p_access_days integer, p_change_days integer, p_limit bigint,
        p_batch integer) returns bigint ${DEFINER} as $$
      declare
        v_boundary bigint := coalesce((select max(boundary) from public.audit_retention_note), 0);
        v_limit bigint := least(p_limit, ${LIMIT});
        v_now timestamptz := clock_timestamp();
        n bigint;
      begin
        ${RETENTION_ONLY}
        if least(p_security_days, p_access_days, p_change_days) < 30 then
          raise exception 'audit events are kept at least 30 days' using errcode = 'invalid_parameter_value';
        end if;
        perform set_config('casus.audit_expiring', 'on', true);
        with expired as (
          select l.leaf_index, e.id, c.category, e.occurred_at
          from public.audit_leaf l
          join public.audit_event e on e.id = l.event_id
          cross join lateral (select public.casus_audit_category(e.action, e.details) as category) c
          where l.leaf_index >= v_boundary and l.leaf_index < v_limit
            and e.occurred_at < v_now - make_interval(days => case c.category
              when 'security' then p_security_days when 'access' then p_access_days else p_change_days end)
          order by l.leaf_index
          limit p_batch
        ), kept as (
          insert into public.audit_tombstone (leaf_index, event_id, category, occurred_at)
          select leaf_index, id, category, occurred_at from expired
          returning event_id
        )
        delete from public.audit_event where id in (select event_id from kept);
        get diagnostics n = row_count;
        perform set_config('casus.audit_expiring', '', true);
        return n;
      end $$`,
      )
      .execute(db);

    // Records a signed retention note and, when its boundary moved, removes the prefix below it, which
    // must be tombstones only. The note itself is made and signed by the job (seal/retention.ts).
    await sql
      .raw(
        `create function casus_audit_retention_apply(p_boundary bigint, p_checkpoint_size bigint, p_made_at timestamptz,
        p_key_id text, p_note text, p_witnessed boolean) returns bigint ${DEFINER} as $$
      declare
        v_old bigint := coalesce((select max(boundary) from public.audit_retention_note), 0);
        v_id bigint;
      begin
        ${RETENTION_ONLY}
        if p_boundary < v_old then
          raise exception 'the retention boundary only moves up (% < %)', p_boundary, v_old using errcode = 'invalid_parameter_value';
        end if;
        if p_boundary > ${LIMIT} then
          raise exception 'the boundary % is past the last witnessed checkpoint or a stream consumer', p_boundary using errcode = 'invalid_parameter_value';
        end if;
        if not exists (select 1 from public.audit_checkpoint c where c.tree_size = p_checkpoint_size and c.witnessed_at is not null) then
          raise exception 'a retention note is bound to a witnessed checkpoint' using errcode = 'invalid_parameter_value';
        end if;
        if p_boundary > v_old then
          if (select count(*) from public.audit_tombstone t where t.leaf_index >= v_old and t.leaf_index < p_boundary) <> p_boundary - v_old then
            raise exception 'only tombstones are removed: leaves % to % are not all expired', v_old, p_boundary - 1 using errcode = 'invalid_parameter_value';
          end if;
          perform set_config('casus.audit_expiring', 'on', true);
          delete from public.audit_leaf where leaf_index < p_boundary;
          delete from public.audit_tombstone where leaf_index < p_boundary;
          perform set_config('casus.audit_expiring', '', true);
        end if;
        insert into public.audit_retention_note (boundary, checkpoint_size, made_at, key_id, note, witnessed_at)
          values (p_boundary, p_checkpoint_size, p_made_at, p_key_id, p_note, case when p_witnessed then clock_timestamp() end)
          returning id into v_id;
        return v_id;
      end $$`,
      )
      .execute(db);
    for (const fn of [
      'casus_audit_category(text, jsonb)',
      'casus_audit_expire(integer, integer, integer, bigint, integer)',
      'casus_audit_retention_apply(bigint, bigint, timestamptz, text, text, boolean)',
    ]) {
      await sql.raw(`revoke all on function ${fn} from public`).execute(db);
      await sql.raw(`grant execute on function ${fn} to ${appRole}`).execute(db);
    }
    await sql`revoke all on audit_tombstone, audit_retention_note from public`.execute(db);
    await sql`grant select on audit_tombstone, audit_retention_note to ${sql.id(appRole)}`.execute(db);
    await sql`alter table audit_tombstone enable row level security`.execute(db);
    await sql`alter table audit_retention_note enable row level security`.execute(db);
    await sql`create policy audit_tombstone_read on audit_tombstone for select using ((select casus_actor_kind()) = 'system')`.execute(db);
    await sql`create policy audit_retention_note_read on audit_retention_note for select
      using ((select casus_actor_kind()) = 'system' or (select casus_actor_has_permission('audit.verify')))`.execute(db);
  },
  async down(db) {
    await sql`drop function casus_audit_retention_apply(bigint, bigint, timestamptz, text, text, boolean)`.execute(db);
    await sql`drop function casus_audit_expire(integer, integer, integer, bigint, integer)`.execute(db);
    await sql`drop table audit_retention_note`.execute(db);
    await sql`drop table audit_tombstone`.execute(db);
    await sql`drop function audit_retention_append_only()`.execute(db);
    await sql`drop function casus_audit_category(text, jsonb)`.execute(db);
    await sql
      .raw(
        `create or replace function audit_leaf_is_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_leaf is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function audit_event_is_append_only() returns trigger language plpgsql ${PATH} as $$
      begin
        raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$`,
      )
      .execute(db);
  },
};
