// Breaking the glass never reaches a shielded case without a second person, cannot be used to guess
// case numbers, and is seen by the case's team lead and security officers at once.
//   - case_break_glass_request: breaking the glass on a shielded case asks; another person holding
//     cases.grant-access (the team lead) or cases.review-access in the case's unit approves or refuses
//     within two hours (a pending request past expires_at has expired). Only an approval creates the
//     time-limited break-the-glass grant, for the requester. Row-level security: the requester reads
//     her own requests and inserts them (for herself, shielded cases only, the rest by default);
//     nobody in the application role changes them: deciders list and decide through
//     case_break_glass_requests and case_decide_break_glass, as the owner (they cannot see the case
//     either), which check the decider's permission in the case's unit and that she did not ask.
//   - case_break_glass_lookup: the failed look-ups by number, per user, counted by
//     case_break_glass_target (which replaces case_id_for_break_glass): after five in an hour the
//     next look-up is refused before the number is looked at, so a wrong number tells nothing more
//     and numbers cannot be tried one after another. A transaction-scoped advisory lock per user
//     serialises the count and the look-up, so parallel attempts cannot all pass. No grants: only
//     that function reads and writes it.
//   - case numbers are drawn at random (8 digits and a Luhn check digit after the year,
//     case_draw_number), unique against every case, so one number says nothing about another.
//     case_number_counter stays for the demo-data loader's sequential numbers; the application role
//     no longer writes it.
//   - the reviewers' list and review of break-the-glass accesses answer only for cases in units
//     where the reviewer holds cases.review-access (0003 accepted the permission in any unit); nobody
//     reviews an access she had or approved herself.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const PINNED = 'set search_path = pg_catalog, public, pg_temp';
const system = `(select public.casus_actor_kind()) = 'system'`;
/** Arbitrary but fixed: the first key of the per-user advisory lock of look-ups. */
const LOOKUP_LOCK_CLASS = 738_211;
const statusOf = `(case when r.status = 'pending' and r.expires_at <= now() then 'expired' else r.status end)`;
const primaryClient = (caseId: string) =>
  `(select p.person_id from public.case_participant p where p.case_id = ${caseId} order by p.primary_client desc, p.added_at, p.id limit 1)`;

const FUNCTIONS = [
  'case_break_glass_shielded(uuid)',
  'case_break_glass_target(text)',
  'case_draw_number(integer)',
  'case_break_glass_requests(text, uuid, integer)',
  'case_decide_break_glass(uuid, boolean, text, integer)',
  'case_break_glass_accesses(boolean, integer)',
  'case_review_break_glass(uuid)',
];

export const breakGlassRequests: Migration = {
  name: '0010_break_glass_requests',
  async up(db, { appRole }) {
    await sql`create table case_break_glass_request (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_file (id) on delete cascade,
      requested_by uuid not null default case_actor_user(),
      reason text not null check (length(reason) between 10 and 2000),
      requested_at timestamptz not null default now(),
      expires_at timestamptz not null default now() + interval '2 hours',
      status text not null default 'pending' check (status in ('pending', 'approved', 'refused')),
      decided_by uuid,
      decided_at timestamptz,
      decision_comment text check (length(decision_comment) between 10 and 2000),
      grant_id uuid references case_access_grant (id),
      check ((status = 'pending') = (decided_by is null)),
      check ((decided_by is null) = (decided_at is null)),
      check (decided_by <> requested_by),
      check ((status = 'approved') = (grant_id is not null)),
      check (expires_at > requested_at)
    )`.execute(db);
    await sql`create index case_break_glass_request_case on case_break_glass_request (case_id)`.execute(db);
    await sql`create index case_break_glass_request_user on case_break_glass_request (requested_by, requested_at desc)`.execute(db);
    await sql`create index case_break_glass_request_recent on case_break_glass_request (requested_at desc, id desc)`.execute(db);

    await sql`create table case_break_glass_lookup (
      user_id uuid not null,
      looked_up_at timestamptz not null default now()
    )`.execute(db);
    await sql`create index case_break_glass_lookup_user on case_break_glass_lookup (user_id, looked_up_at desc)`.execute(db);

    await sql
      .raw(
        `create function case_break_glass_shielded(the_case uuid) returns boolean language plpgsql stable security definer ${PINNED} as $$
      begin
        return public.casus_actor_has_permission('cases.break-glass')
          and exists (select 1 from public.case_file where id = the_case and confidentiality = 'shielded');
      end $$`,
      )
      .execute(db);

    await sql
      .raw(
        `create function case_break_glass_target(case_number text)
      returns table (outcome text, case_id uuid, owning_unit_id uuid, shielded boolean, primary_client uuid)
      language plpgsql volatile security definer ${PINNED} as $$
      #variable_conflict use_column
      declare
        actor uuid := public.case_actor_user();
      begin
        if actor is null or not public.casus_actor_has_permission('cases.break-glass') then return; end if;
        perform pg_catalog.pg_advisory_xact_lock(${LOOKUP_LOCK_CLASS}, pg_catalog.hashtext(actor::text));
        if (select count(*) from public.case_break_glass_lookup l where l.user_id = actor and l.looked_up_at > now() - interval '1 hour') >= 5 then
          return query select 'limited'::text, null::uuid, null::uuid, null::boolean, null::uuid;
          return;
        end if;
        return query select 'found'::text, c.id, c.owning_unit_id, c.confidentiality = 'shielded', ${primaryClient('c.id')}
          from public.case_file c where c.number = case_number;
        if not found then
          delete from public.case_break_glass_lookup l where l.user_id = actor and l.looked_up_at < now() - interval '1 day';
          insert into public.case_break_glass_lookup (user_id) values (actor);
          return query select 'unknown'::text, null::uuid, null::uuid, null::boolean, null::uuid;
        end if;
      end $$`,
      )
      .execute(db);

    // 8 random digits from gen_random_uuid (a strong random source; its first four bytes are all
    // random) and a Luhn check digit, drawn again while the number is taken.
    await sql
      .raw(
        `create function case_draw_number(year integer) returns text language plpgsql volatile security definer ${PINNED} as $$
      declare
        bytes bytea;
        digits text;
        total integer;
        d integer;
        candidate text;
      begin
        for attempt in 1..20 loop
          -- Eight digits from 10000000 up: a number never starts with 0, so people who drop leading zeros
          -- (as with the old six-digit numbers) still name the same case.
          bytes := pg_catalog.uuid_send(pg_catalog.gen_random_uuid());
          digits := pg_catalog.lpad(((pg_catalog.get_byte(bytes, 0)::bigint * 16777216 + pg_catalog.get_byte(bytes, 1) * 65536
            + pg_catalog.get_byte(bytes, 2) * 256 + pg_catalog.get_byte(bytes, 3)) % 90000000 + 10000000)::text, 8, '0');
          total := 0;
          for i in 1..8 loop
            d := pg_catalog.substr(digits, 9 - i, 1)::integer;
            if i % 2 = 1 then d := d * 2; if d > 9 then d := d - 9; end if; end if;
            total := total + d;
          end loop;
          candidate := year::text || '-' || digits || ((10 - total % 10) % 10)::text;
          if not exists (select 1 from public.case_file where number = candidate) then return candidate; end if;
        end loop;
        raise exception 'no free case number after 20 draws';
      end $$`,
      )
      .execute(db);

    // Requests the actor made, or may decide (cases.grant-access or cases.review-access in the case's
    // unit): the case's number and unit, never its content. primary_client is for the audit only.
    await sql
      .raw(
        `create function case_break_glass_requests(want_status text, only_id uuid, max_rows integer)
      returns table (id uuid, case_id uuid, case_number text, unit_id uuid, requested_by uuid, reason text, requested_at timestamptz,
        expires_at timestamptz, status text, decided_by uuid, decided_at timestamptz, decision_comment text, grant_id uuid,
        may_decide boolean, primary_client uuid)
      language plpgsql stable security definer ${PINNED} as $$
      #variable_conflict use_column
      declare
        actor uuid := public.case_actor_user();
        deciding uuid[] := public.case_actor_units('cases.grant-access') || public.case_actor_units('cases.review-access');
      begin
        if actor is null then return; end if;
        return query select r.id, r.case_id, c.number, c.owning_unit_id, r.requested_by, r.reason, r.requested_at, r.expires_at, ${statusOf},
            r.decided_by, r.decided_at, r.decision_comment, r.grant_id,
            ${statusOf} = 'pending' and r.requested_by <> actor and c.owning_unit_id = any(deciding), ${primaryClient('c.id')}
          from public.case_break_glass_request r join public.case_file c on c.id = r.case_id
          where (r.requested_by = actor or c.owning_unit_id = any(deciding))
            and (only_id is null or r.id = only_id) and (want_status is null or ${statusOf} = want_status)
          order by r.requested_at desc, r.id desc limit max_rows;
      end $$`,
      )
      .execute(db);

    // Approve (a break-the-glass grant for the requester, from now for grant_hours) or refuse a
    // pending request, as a decider who did not ask. No row: no such request for this actor.
    await sql
      .raw(
        `create function case_decide_break_glass(request uuid, approve boolean, comment text, grant_hours integer)
      returns table (outcome text, grant_id uuid, expires_at timestamptz)
      language plpgsql volatile security definer ${PINNED} as $$
      #variable_conflict use_column
      declare
        actor uuid := public.case_actor_user();
        deciding uuid[] := public.case_actor_units('cases.grant-access') || public.case_actor_units('cases.review-access');
        asked record;
        created uuid;
        ends timestamptz;
      begin
        if actor is null then return; end if;
        select r.case_id, r.requested_by, r.reason, r.status, r.expires_at, c.owning_unit_id into asked
          from public.case_break_glass_request r join public.case_file c on c.id = r.case_id where r.id = request for update of r;
        if not found or not (asked.requested_by = actor or asked.owning_unit_id = any(deciding)) then return; end if;
        if asked.requested_by = actor then return query select 'own'::text, null::uuid, null::timestamptz; return; end if;
        if asked.status <> 'pending' then return query select 'decided'::text, null::uuid, null::timestamptz; return; end if;
        if asked.expires_at <= now() then return query select 'expired'::text, null::uuid, null::timestamptz; return; end if;
        if approve then
          ends := now() + pg_catalog.make_interval(hours => least(greatest(grant_hours, 1), 72));
          insert into public.case_access_grant (case_id, user_id, kind, reason, granted_by, expires_at)
            values (asked.case_id, asked.requested_by, 'break-glass', asked.reason, actor, ends) returning id into created;
          update public.case_break_glass_request set status = 'approved', decided_by = actor, decided_at = now(), decision_comment = comment, grant_id = created
            where id = request;
          return query select 'approved'::text, created, ends;
        else
          update public.case_break_glass_request set status = 'refused', decided_by = actor, decided_at = now(), decision_comment = comment
            where id = request;
          return query select 'refused'::text, null::uuid, null::timestamptz;
        end if;
      end $$`,
      )
      .execute(db);

    // The reviewers' list and review, now only for cases in units where they hold cases.review-access.
    await sql`drop function case_break_glass_accesses(boolean, integer)`.execute(db);
    await sql
      .raw(
        `create function case_break_glass_accesses(want_reviewed boolean, max_rows integer)
      returns table (id uuid, case_id uuid, case_number text, user_id uuid, reason text, granted_at timestamptz, expires_at timestamptz,
        reviewed_at timestamptz, reviewed_by uuid, granted_by uuid, primary_client uuid)
      language plpgsql stable security definer ${PINNED} as $$
      #variable_conflict use_column
      declare
        reviewing uuid[] := public.case_actor_units('cases.review-access');
      begin
        return query select g.id, g.case_id, c.number, g.user_id, g.reason, g.granted_at, g.expires_at, g.reviewed_at, g.reviewed_by, g.granted_by,
            ${primaryClient('c.id')}
          from public.case_access_grant g join public.case_file c on c.id = g.case_id
          where g.kind = 'break-glass' and (g.reviewed_at is not null) = want_reviewed and c.owning_unit_id = any(reviewing)
          order by g.granted_at desc limit max_rows;
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function case_review_break_glass(grant_id uuid) returns boolean language plpgsql volatile security definer ${PINNED} as $$
      declare
        actor uuid := public.case_actor_user();
      begin
        if actor is null then return false; end if;
        update public.case_access_grant g set reviewed_at = now(), reviewed_by = actor
          from public.case_file c
          where g.id = case_review_break_glass.grant_id and c.id = g.case_id and g.kind = 'break-glass' and g.reviewed_at is null
            and c.owning_unit_id = any(public.case_actor_units('cases.review-access')) and g.user_id <> actor and g.granted_by is distinct from actor;
        return found;
      end $$`,
      )
      .execute(db);
    await sql`drop function case_id_for_break_glass(text)`.execute(db);

    for (const fn of FUNCTIONS) {
      await sql`revoke all on function ${sql.raw(fn)} from public`.execute(db);
      await sql`grant execute on function ${sql.raw(fn)} to ${sql.id(appRole)}`.execute(db);
    }

    await sql`grant select on case_break_glass_request to ${sql.id(appRole)}`.execute(db);
    await sql`grant insert (case_id, reason) on case_break_glass_request to ${sql.id(appRole)}`.execute(db);
    await sql`alter table case_break_glass_request enable row level security`.execute(db);
    await sql
      .raw(
        `create policy case_break_glass_request_read on case_break_glass_request for select using (
      ${system} or requested_by = (select public.case_actor_user()))`,
      )
      .execute(db);
    // For oneself, with the permission, into a shielded case only (the others take the direct way).
    await sql
      .raw(
        `create policy case_break_glass_request_ask on case_break_glass_request for insert with check (
      requested_by = (select public.case_actor_user()) and (select public.casus_actor_has_permission('cases.break-glass'))
      and status = 'pending' and decided_by is null and grant_id is null and expires_at <= now() + interval '2 hours'
      and public.case_break_glass_shielded(case_break_glass_request.case_id))`,
      )
      .execute(db);
    // Row-level security with no policy and no grant: the application role neither reads nor writes it.
    await sql`alter table case_break_glass_lookup enable row level security`.execute(db);

    await sql`revoke insert, update on case_number_counter from ${sql.id(appRole)}`.execute(db);
  },
  async down(db, { appRole }) {
    await sql`grant insert, update on case_number_counter to ${sql.id(appRole)}`.execute(db);
    // As 0003 left them.
    await sql`create function case_id_for_break_glass(case_number text) returns uuid language sql stable security definer
      set search_path = pg_catalog, public
      as $$ select id from case_file where number = case_number and casus_actor_has_permission('cases.break-glass') $$`.execute(db);
    await sql`drop function case_break_glass_accesses(boolean, integer)`.execute(db);
    await sql`create function case_break_glass_accesses(want_reviewed boolean, max_rows integer)
      returns table (id uuid, case_id uuid, case_number text, user_id uuid, reason text, granted_at timestamptz, expires_at timestamptz, reviewed_at timestamptz, reviewed_by uuid)
      language sql stable security definer set search_path = pg_catalog, public
      as $$ select g.id, g.case_id, c.number, g.user_id, g.reason, g.granted_at, g.expires_at, g.reviewed_at, g.reviewed_by
            from case_access_grant g join case_file c on c.id = g.case_id
            where casus_actor_has_permission('cases.review-access') and g.kind = 'break-glass' and (g.reviewed_at is not null) = want_reviewed
            order by g.granted_at desc limit max_rows $$`.execute(db);
    await sql`drop function case_review_break_glass(uuid)`.execute(db);
    await sql`create function case_review_break_glass(grant_id uuid) returns boolean language sql volatile security definer
      set search_path = pg_catalog, public
      as $$ update case_access_grant set reviewed_at = now(), reviewed_by = case_actor_user()
            where id = grant_id and kind = 'break-glass' and reviewed_at is null
              and casus_actor_has_permission('cases.review-access') and user_id is distinct from case_actor_user()
            returning true $$`.execute(db);
    for (const fn of ['case_id_for_break_glass(text)', 'case_break_glass_accesses(boolean, integer)', 'case_review_break_glass(uuid)']) {
      await sql`revoke all on function ${sql.raw(fn)} from public`.execute(db);
      await sql`grant execute on function ${sql.raw(fn)} to ${sql.id(appRole)}`.execute(db);
    }
    for (const fn of [
      'case_decide_break_glass(uuid, boolean, text, integer)',
      'case_break_glass_requests(text, uuid, integer)',
      'case_draw_number(integer)',
      'case_break_glass_target(text)',
    ]) {
      await sql`drop function ${sql.raw(fn)}`.execute(db);
    }
    await sql`drop table case_break_glass_lookup, case_break_glass_request`.execute(db);
    await sql`drop function case_break_glass_shielded(uuid)`.execute(db);
  },
};
