// Detection of misuse on the sealed stream (detection/): the events threshold rules count, kept while
// their windows can still need them (detection_hit), and the alerts the rules raise with the events
// that triggered them (detection_alert, detection_alert_event).
//
// Row-level security:
//   - detection_hit: the detection consumer's working state; only the system actor (the consumer runs
//     as it) reads, adds and removes rows. Nobody else sees whose reads were counted.
//   - detection_alert: the system actor raises and updates alerts. A person sees an alert when she holds
//     audit.alerts in its unit (the acting user's home unit; grants on a unit above it reach it), and
//     never an alert about herself: someone else judges it. She may change only its status
//     (open → acknowledged → closed, or open → closed), in her own name, a closure with a reason: the
//     trigger detection_alert_guard refuses anything else for every actor but the system.
//   - detection_alert_event: added by the system actor; readable with the alert it belongs to (the
//     alert's own read policy applies inside the sub-query).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const SYSTEM = `(select casus_actor_kind()) = 'system'`;
const HOLDER = `(unit_id::text = any((select casus_actor_units('audit.alerts'))::text[])
      and actor_id is distinct from (select casus_actor_id()))`;

export const detection: Migration = {
  name: '0020_detection',
  async up(db, { appRole }) {
    await sql`create table detection_hit (
      rule_id text not null,
      actor_id text not null,
      occurred_at timestamptz not null,
      event_id bigint not null,
      action text not null,
      value text not null
    )`.execute(db);
    await sql`create index detection_hit_window on detection_hit (rule_id, actor_id, occurred_at)`.execute(db);
    await sql`create index detection_hit_age on detection_hit (occurred_at)`.execute(db);

    await sql`create table detection_alert (
      id uuid primary key default gen_random_uuid(),
      rule_id text not null check (rule_id ~ '^[a-z][a-z0-9-]{0,62}$'),
      rule_kind text not null check (rule_kind in ('match', 'threshold')),
      description text not null check (length(description) between 1 and 500),
      severity text not null check (severity in ('low', 'medium', 'high')),
      actor_kind text not null check (actor_kind in ('user', 'service')),
      actor_id text not null,
      unit_id uuid not null,
      window_start timestamptz not null,
      window_end timestamptz not null,
      window_minutes integer check (window_minutes > 0),
      threshold integer check (threshold > 0),
      count integer not null check (count > 0),
      status text not null default 'open' check (status in ('open', 'acknowledged', 'closed')),
      acknowledged_by uuid,
      acknowledged_at timestamptz,
      closed_by uuid,
      closed_at timestamptz,
      close_reason text check (length(close_reason) between 10 and 2000),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      check (window_end >= window_start),
      check ((status = 'open') = (acknowledged_at is null and closed_at is null)),
      check ((acknowledged_at is null) = (acknowledged_by is null)),
      check ((status = 'closed') = (closed_at is not null and closed_by is not null and close_reason is not null))
    )`.execute(db);
    await sql`create index detection_alert_merge on detection_alert (rule_id, actor_id, window_end) where status <> 'closed'`.execute(db);
    await sql`create index detection_alert_newest on detection_alert (created_at desc, id desc)`.execute(db);

    await sql`create table detection_alert_event (
      alert_id uuid not null references detection_alert (id),
      event_id bigint not null,
      occurred_at timestamptz not null,
      action text not null,
      primary key (alert_id, event_id)
    )`.execute(db);

    await sql
      .raw(
        `create function detection_alert_guard() returns trigger language plpgsql
      set search_path = pg_catalog, public, pg_temp as $$
      begin
        if (select public.casus_actor_kind()) = 'system' then return new; end if;
        if (new.id, new.rule_id, new.rule_kind, new.description, new.severity, new.actor_kind, new.actor_id, new.unit_id,
            new.window_start, new.window_end, new.window_minutes, new.threshold, new.count, new.created_at)
           is distinct from
           (old.id, old.rule_id, old.rule_kind, old.description, old.severity, old.actor_kind, old.actor_id, old.unit_id,
            old.window_start, old.window_end, old.window_minutes, old.threshold, old.count, old.created_at) then
          raise exception 'only the status of a detection alert is changed by people' using errcode = 'insufficient_privilege';
        end if;
        if old.status = 'closed' or new.status = 'open' or (old.status = new.status) then
          raise exception 'a detection alert moves from open to acknowledged to closed' using errcode = 'check_violation';
        end if;
        if new.status = 'acknowledged' and (new.acknowledged_by::text is distinct from public.casus_actor_id()
            or new.closed_by is not null) then
          raise exception 'an alert is acknowledged in the name of who acknowledges it' using errcode = 'insufficient_privilege';
        end if;
        if new.status = 'closed' and (new.closed_by::text is distinct from public.casus_actor_id()
            or new.acknowledged_by is distinct from old.acknowledged_by) then
          raise exception 'an alert is closed in the name of who closes it' using errcode = 'insufficient_privilege';
        end if;
        return new;
      end $$`,
      )
      .execute(db);
    await sql`create trigger detection_alert_guard before update on detection_alert
      for each row execute function detection_alert_guard()`.execute(db);

    await sql`revoke all on detection_hit, detection_alert, detection_alert_event from public`.execute(db);
    await sql`grant select, insert, delete on detection_hit to ${sql.id(appRole)}`.execute(db);
    await sql`grant select, insert, update on detection_alert to ${sql.id(appRole)}`.execute(db);
    await sql`grant select, insert on detection_alert_event to ${sql.id(appRole)}`.execute(db);
    for (const table of ['detection_hit', 'detection_alert', 'detection_alert_event'])
      await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    await sql.raw(`create policy detection_hit_system on detection_hit using (${SYSTEM}) with check (${SYSTEM})`).execute(db);
    await sql.raw(`create policy detection_alert_system on detection_alert using (${SYSTEM}) with check (${SYSTEM})`).execute(db);
    await sql.raw(`create policy detection_alert_read on detection_alert for select using (${HOLDER})`).execute(db);
    await sql
      .raw(`create policy detection_alert_handle on detection_alert for update using (${HOLDER}) with check (${HOLDER})`)
      .execute(db);
    await sql
      .raw(`create policy detection_alert_event_system on detection_alert_event using (${SYSTEM}) with check (${SYSTEM})`)
      .execute(db);
    await sql`create policy detection_alert_event_read on detection_alert_event for select
      using (exists (select 1 from detection_alert a where a.id = alert_id))`.execute(db);
    // Detection judges what is sealed from its installation on. History before it is not judged: on a
    // trail of years it would raise an alert for every evening's work ever done. (A backlog after
    // installation, however late, is judged as it happened.)
    await sql`insert into audit_stream_cursor (consumer, leaf_index)
      select 'detection', coalesce(max(leaf_index), -1) from audit_leaf
      on conflict (consumer) do nothing`.execute(db);
  },
  async down(db) {
    await sql`delete from audit_stream_cursor where consumer = 'detection'`.execute(db);
    await sql`drop table detection_alert_event`.execute(db);
    await sql`drop table detection_alert`.execute(db);
    await sql`drop function detection_alert_guard()`.execute(db);
    await sql`drop table detection_hit`.execute(db);
  },
};
