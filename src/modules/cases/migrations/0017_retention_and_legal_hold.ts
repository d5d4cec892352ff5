// Retention, legal holds and the cases module's part of erasure and destruction (issue 12).
//   - case_type.retention_years may be null: the type then keeps the configured default
//     (CASUS_RETENTION_YEARS, 6), which the service passes when a case closes. The seeded 'default'
//     type had 6 only as the column's default, so it follows the setting from here on.
//   - case_legal_hold: a hold on a case (a complaint, a claim, a court case, a request of the police)
//     keeps it, whatever its retention date: it is never proposed for destruction, never destroyed,
//     and no person taking part in it is erased. Set and lifted with a reason, by holders of
//     cases.legal-hold in the case's unit, through case_legal_hold_set / case_legal_hold_lift (they
//     need not see the case: the privacy officer works from destruction lists); lifted holds stay as
//     history. Row-level security: read by whoever sees the case and by the system actor; the
//     application role writes nothing directly (no INSERT, UPDATE or DELETE grant).
//   - case_destruction_clearance: a case the privacy module's gate (privacy_destruction_clear, for an
//     item of an approved round) cleared for destruction in this very transaction, with who took part
//     in it then. Row-level security: not enabled; no role but the owner has any privilege on it, so
//     only the owner-only case_clear_for_destruction writes it and the functions below read it. The
//     modules' destroy functions (contacts, documents, tasks, referrals, persons, this one) destroy
//     nothing unless case_actor_may_destroy answers true for the case: cleared in this transaction.
//   - erasure: case_actor_may_erase(persons, apply) is the one SQL answer to "may the actor erase
//     these persons": privacy.erasure in the unit of every case they take part in (anywhere when
//     none), and, to apply it, no such case open or on a legal hold. case_ids_about(persons): the
//     cases about them (their primary client); case_erase_persons scrubs those cases' free text.
// Every function pins search_path = pg_catalog, public, pg_temp and names its tables with their
// schema. The application role may execute only what it needs; the clearance is owner-only.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const PINNED = 'set search_path = pg_catalog, public, pg_temp';
const system = `(select public.casus_actor_kind()) = 'system'`;
/** Today in the organisation's time zone: retention dates are Amsterdam days. */
const TODAY = `(pg_catalog.now() at time zone 'Europe/Amsterdam')::date`;

/**
 * Holders of cases.legal-hold in the case's unit (`c`) may act on its holds; a shielded case only when
 * they also work on it or hold a grant to it, as cases.read-unit stops at shielding: a hold route must
 * not tell a team lead that a shielded case exists.
 */
const HOLDS_FOR = (c: string) => `(${c}.owning_unit_id = any(public.case_actor_units('cases.legal-hold'))
          and (${c}.confidentiality <> 'shielded' or ${c}.id = any(public.case_ids_assigned_to_actor()) or ${c}.id = any(public.case_ids_granted_to_actor())))`;

/** Executable by the application role. */
const APP_FUNCTIONS = [
  'case_legal_hold_set(uuid, text)',
  'case_legal_hold_lift(uuid, text)',
  'case_legal_hold_unit(uuid)',
  'case_legal_holds(uuid)',
  'case_legal_holds_among(uuid[])',
  'case_person_erasure_facts(uuid[])',
  'case_erase_persons(uuid[], boolean)',
  'case_destroy(uuid)',
];
/** Owner-only: called by other definer functions (the privacy gate, the modules' erase and destroy functions). */
const OWNER_FUNCTIONS = [
  'case_clear_for_destruction(uuid)',
  'case_destruction_candidates(date, integer)',
  'case_actor_may_destroy(uuid)',
  'case_destruction_released_persons(uuid)',
  'case_actor_may_erase(uuid[], boolean)',
  'case_ids_about(uuid[])',
];

export const retentionAndLegalHold: Migration = {
  name: '0017_retention_and_legal_hold',
  async up(db, { appRole }) {
    const app = sql.id(appRole);
    await sql`alter table case_type alter column retention_years drop default`.execute(db);
    await sql`alter table case_type alter column retention_years drop not null`.execute(db);
    await sql`update case_type set retention_years = null where key = 'default' and retention_years = 6`.execute(db);
    await sql`comment on column case_type.retention_years is 'Years a closed case of this type is kept; null: the configured default (CASUS_RETENTION_YEARS)'`.execute(
      db,
    );

    // Row-level security: read by the system actor and by whoever sees the case (case_file's own
    // policy applies in the sub-query); no write grants: case_legal_hold_set/lift check the actor.
    await sql`create table case_legal_hold (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_file (id) on delete cascade,
      reason text not null check (length(reason) between 10 and 2000),
      set_by uuid not null,
      set_at timestamptz not null default now(),
      lifted_at timestamptz,
      lifted_by uuid,
      lift_reason text check (length(lift_reason) between 10 and 2000),
      check ((lifted_at is null) = (lifted_by is null) and (lifted_at is null) = (lift_reason is null))
    )`.execute(db);
    await sql`create unique index case_legal_hold_live on case_legal_hold (case_id) where lifted_at is null`.execute(db);
    await sql`create index case_legal_hold_case on case_legal_hold (case_id, set_at desc)`.execute(db);
    await sql`grant select on case_legal_hold to ${app}`.execute(db);
    await sql`alter table case_legal_hold enable row level security`.execute(db);
    await sql
      .raw(
        `create policy case_legal_hold_read on case_legal_hold for select
      using (${system} or exists (select 1 from public.case_file c where c.id = case_legal_hold.case_id))`,
      )
      .execute(db);

    // Row-level security: not enabled on purpose; no role but the owner holds a privilege (revoked
    // below), so only the owner-only functions of this migration read and write it.
    await sql`create table case_destruction_clearance (
      case_id uuid not null,
      cleared_in bigint not null default txid_current(),
      person_ids uuid[] not null,
      primary key (case_id, cleared_in)
    )`.execute(db);
    await sql`revoke all on case_destruction_clearance from public`.execute(db);

    // Legal holds. Each answers a word the service turns into its HTTP answer; the service decides
    // between 403 and 404 by whether the actor sees the case (row-level security, before the call).
    // The case row is locked, so a hold and a clearance for destruction never pass each other.
    await sql
      .raw(
        `create function case_legal_hold_set(the_case uuid, the_reason text) returns text language plpgsql volatile security definer ${PINNED} as $$
      declare
        unit uuid;
      begin
        if public.case_actor_user() is null then return 'not-permitted'; end if;
        select c.owning_unit_id into unit from public.case_file c where c.id = the_case for update;
        if not found then return 'not-found'; end if;
        if not exists (select 1 from public.case_file c where c.id = the_case and ${HOLDS_FOR('c')}) then return 'not-permitted'; end if;
        if exists (select 1 from public.case_legal_hold h where h.case_id = the_case and h.lifted_at is null) then return 'already-held'; end if;
        insert into public.case_legal_hold (case_id, reason, set_by) values (the_case, the_reason, public.case_actor_user());
        return 'set';
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function case_legal_hold_lift(the_case uuid, the_reason text) returns text language plpgsql volatile security definer ${PINNED} as $$
      declare
        unit uuid;
      begin
        if public.case_actor_user() is null then return 'not-permitted'; end if;
        select c.owning_unit_id into unit from public.case_file c where c.id = the_case for update;
        if not found then return 'not-found'; end if;
        if not exists (select 1 from public.case_file c where c.id = the_case and ${HOLDS_FOR('c')}) then return 'not-permitted'; end if;
        update public.case_legal_hold set lifted_at = pg_catalog.now(), lifted_by = public.case_actor_user(), lift_reason = the_reason
          where case_id = the_case and lifted_at is null;
        if not found then return 'not-held'; end if;
        return 'lifted';
      end $$`,
      )
      .execute(db);
    // The case's unit when the actor holds cases.legal-hold there; null otherwise (no such case, or not
    // permitted: the same answer, so an id tells nothing to someone who may not see the case).
    await sql
      .raw(
        `create function case_legal_hold_unit(the_case uuid) returns uuid language plpgsql stable security definer ${PINNED} as $$
      begin
        return (select c.owning_unit_id from public.case_file c where c.id = the_case and ${HOLDS_FOR('c')});
      end $$`,
      )
      .execute(db);
    // The holds of one case, newest first, for a holder of cases.legal-hold in its unit who may not see
    // it; nothing for anyone else (whoever sees the case reads case_legal_hold itself).
    await sql
      .raw(
        `create function case_legal_holds(the_case uuid)
      returns table (id uuid, case_id uuid, reason text, set_by uuid, set_at timestamptz, lifted_at timestamptz, lifted_by uuid, lift_reason text)
      language plpgsql stable security definer ${PINNED} as $$
      begin
        return query select h.id, h.case_id, h.reason, h.set_by, h.set_at, h.lifted_at, h.lifted_by, h.lift_reason
          from public.case_legal_hold h join public.case_file c on c.id = h.case_id
          where h.case_id = the_case and ${HOLDS_FOR('c')}
          order by h.set_at desc, h.id desc;
      end $$`,
      )
      .execute(db);
    // Which of these cases are on a live hold: for a destruction list's reviewer (privacy.destruction)
    // or a holder of cases.legal-hold, in the units where they hold it. Ids only.
    await sql
      .raw(
        `create function case_legal_holds_among(ids uuid[]) returns setof uuid language plpgsql stable security definer ${PINNED} as $$
      begin
        return query select h.case_id from public.case_legal_hold h join public.case_file c on c.id = h.case_id
          where h.case_id = any(ids) and h.lifted_at is null
            and (c.owning_unit_id = any(public.case_actor_units('privacy.destruction')) or ${HOLDS_FOR('c')});
      end $$`,
      )
      .execute(db);

    // Destruction. Candidates: closed, the retention date passed (an Amsterdam day; never a cutoff
    // later than today), no live hold; oldest retention date first.
    await sql
      .raw(
        `create function case_destruction_candidates(cutoff date, max_rows integer)
      returns table (case_id uuid, case_number text, case_type_key text, owning_unit_id uuid, retention_until date)
      language plpgsql stable security definer ${PINNED} as $$
      begin
        return query select c.id, c.number, t.key, c.owning_unit_id, c.retention_until
          from public.case_file c join public.case_type t on t.id = c.case_type_id
          where c.closed_at is not null and c.retention_until < least(cutoff, ${TODAY})
            and not exists (select 1 from public.case_legal_hold h where h.case_id = c.id and h.lifted_at is null)
          order by c.retention_until, c.id
          limit greatest(max_rows, 0);
      end $$`,
      )
      .execute(db);
    // Owner-only: the privacy module's gate calls it for an item of an approved round being carried
    // out. Answers 'cleared', or why not ('not-found', 'reopened', 'retention', 'legal-hold').
    await sql
      .raw(
        `create function case_clear_for_destruction(the_case uuid) returns text language plpgsql volatile security definer ${PINNED} as $$
      declare
        closed timestamptz;
        keep_until date;
      begin
        select c.closed_at, c.retention_until into closed, keep_until from public.case_file c where c.id = the_case for update;
        if not found then return 'not-found'; end if;
        if closed is null then return 'reopened'; end if;
        if keep_until >= ${TODAY} then return 'retention'; end if;
        if exists (select 1 from public.case_legal_hold h where h.case_id = the_case and h.lifted_at is null) then return 'legal-hold'; end if;
        -- Clearances of committed transactions are spent (their case is gone); another transaction's
        -- uncommitted ones are invisible here, so this never removes one in use.
        delete from public.case_destruction_clearance where cleared_in <> txid_current();
        insert into public.case_destruction_clearance (case_id, cleared_in, person_ids)
          values (the_case, txid_current(), array(select distinct p.person_id from public.case_participant p where p.case_id = the_case))
          on conflict do nothing;
        return 'cleared';
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function case_actor_may_destroy(the_case uuid) returns boolean language plpgsql volatile security definer ${PINNED} as $$
      begin
        return public.casus_actor_kind() = 'system'
          and exists (select 1 from public.case_destruction_clearance k where k.case_id = the_case and k.cleared_in = txid_current());
      end $$`,
      )
      .execute(db);
    // The persons who took part in the case when it was cleared (in this transaction) and take part in
    // no case now: whom the persons module may erase after the case is gone.
    await sql
      .raw(
        `create function case_destruction_released_persons(the_case uuid) returns setof uuid language plpgsql volatile security definer ${PINNED} as $$
      begin
        if not public.case_actor_may_destroy(the_case) then return; end if;
        return query select distinct p from public.case_destruction_clearance k, unnest(k.person_ids) p
          where k.case_id = the_case and k.cleared_in = txid_current()
            and not exists (select 1 from public.case_participant q where q.person_id = p);
      end $$`,
      )
      .execute(db);
    // The case itself, with what hangs off it by cascade (assignments, grants, participants,
    // break-the-glass requests, legal-hold history), after the other modules destroyed their parts
    // (documents and converted referrals refer to it without cascade). Its incident goes too unless
    // another case or a referral still refers to it.
    await sql
      .raw(
        `create function case_destroy(the_case uuid)
      returns table (participants integer, assignments integer, incidents integer)
      language plpgsql volatile security definer ${PINNED} as $$
      declare
        the_incident uuid;
        n_participants integer;
        n_assignments integer;
        n_incidents integer := 0;
      begin
        if not public.case_actor_may_destroy(the_case) then
          raise exception 'case_destroy: the case is not cleared for destruction in this transaction' using errcode = 'insufficient_privilege';
        end if;
        select c.incident_id into the_incident from public.case_file c where c.id = the_case;
        select count(*) into n_participants from public.case_participant p where p.case_id = the_case;
        select count(*) into n_assignments from public.case_assignment a where a.case_id = the_case;
        delete from public.case_file where id = the_case;
        if the_incident is not null and not exists (select 1 from public.case_file c where c.incident_id = the_incident) then
          begin
            delete from public.incident where id = the_incident;
            n_incidents := 1;
          exception when foreign_key_violation then
            n_incidents := 0;
          end;
        end if;
        return query select n_participants, n_assignments, n_incidents;
      end $$`,
      )
      .execute(db);

    // Erasure. The actor holds privacy.erasure in the unit of every case any of the persons takes part
    // in (anywhere, when none); to apply it, none of those cases is open or on a live hold.
    await sql
      .raw(
        `create function case_actor_may_erase(the_persons uuid[], apply boolean) returns boolean language plpgsql stable security definer ${PINNED} as $$
      begin
        if public.case_actor_user() is null or not public.casus_actor_has_permission('privacy.erasure') then return false; end if;
        return not exists (select 1 from public.case_participant p join public.case_file c on c.id = p.case_id
          where p.person_id = any(the_persons) and (
            not c.owning_unit_id = any(public.case_actor_units('privacy.erasure'))
            or (apply and (c.closed_at is null
              or exists (select 1 from public.case_legal_hold h where h.case_id = c.id and h.lifted_at is null)))));
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function case_ids_about(the_persons uuid[]) returns uuid[] language plpgsql stable security definer ${PINNED} as $$
      begin
        return array(select c.id from public.case_file c where c.primary_client_id = any(the_persons));
      end $$`,
      )
      .execute(db);
    // What the privacy officer needs to decide: every case the persons take part in, with its state;
    // the number only where she holds privacy.erasure (elsewhere the case counts, unnamed).
    await sql
      .raw(
        `create function case_person_erasure_facts(the_persons uuid[])
      returns table (case_id uuid, case_number text, permitted boolean, about boolean, closed boolean, legal_hold boolean)
      language plpgsql stable security definer ${PINNED} as $$
      begin
        if not public.casus_actor_has_permission('privacy.erasure') then
          raise exception 'case_person_erasure_facts needs privacy.erasure' using errcode = 'insufficient_privilege';
        end if;
        return query select distinct on (c.id) c.id,
            case when c.owning_unit_id = any(public.case_actor_units('privacy.erasure')) then c.number end,
            c.owning_unit_id = any(public.case_actor_units('privacy.erasure')),
            c.primary_client_id = any(the_persons),
            c.closed_at is not null,
            exists (select 1 from public.case_legal_hold h where h.case_id = c.id and h.lifted_at is null)
          from public.case_participant p join public.case_file c on c.id = p.case_id
          where p.person_id = any(the_persons)
          order by c.id;
      end $$`,
      )
      .execute(db);
    // The free text of the cases about the persons: the close reason and custom field values; their
    // incidents, when no other case refers to them, lose description, place and references, and the
    // day becomes the first of its month. Type, status, unit, tracks, dates and participations stay
    // (statistics; the anonymised person). Counts, without changing anything, when not applied.
    await sql
      .raw(
        `create function case_erase_persons(the_persons uuid[], apply boolean)
      returns table (cases integer, incidents integer) language plpgsql volatile security definer ${PINNED} as $$
      declare
        about uuid[];
        lone uuid[];
      begin
        if not public.case_actor_may_erase(the_persons, apply) then
          raise exception 'case_erase_persons: not permitted, or a case is open or on a legal hold' using errcode = 'insufficient_privilege';
        end if;
        about := public.case_ids_about(the_persons);
        lone := array(select distinct c.incident_id from public.case_file c where c.id = any(about) and c.incident_id is not null
          and not exists (select 1 from public.case_file o where o.incident_id = c.incident_id and not o.id = any(about)));
        if apply then
          update public.case_file set close_reason = null, custom = '{}'::jsonb, updated_at = pg_catalog.now(), version = version + 1
            where id = any(about);
          update public.incident set description = null, place = null, police_reference = null, prosecutor_reference = null,
              occurred_on = pg_catalog.date_trunc('month', occurred_on)::date, version = version + 1
            where id = any(lone);
        end if;
        return query select cardinality(about), cardinality(lone);
      end $$`,
      )
      .execute(db);

    for (const fn of [...APP_FUNCTIONS, ...OWNER_FUNCTIONS]) {
      await sql`revoke all on function ${sql.raw(fn)} from public`.execute(db);
    }
    for (const fn of APP_FUNCTIONS) {
      await sql`grant execute on function ${sql.raw(fn)} to ${app}`.execute(db);
    }

    // Who sets and lifts holds: team leads (they hear of complaints and claims in their team) and the
    // privacy officer (the organisation's guardian of retention). Written out: this migration is history.
    await sql`insert into role_permission (role_id, permission)
      select role.id, seed.permission from (values
        ('team-lead', 'cases.legal-hold'),
        ('privacy-officer', 'cases.legal-hold')
      ) as seed (role_key, permission) join role on role.key = seed.role_key
      on conflict do nothing`.execute(db);
  },
  async down(db) {
    await sql`delete from role_permission where permission = 'cases.legal-hold'`.execute(db);
    for (const fn of [...APP_FUNCTIONS, ...OWNER_FUNCTIONS].reverse()) {
      await sql`drop function ${sql.raw(fn)}`.execute(db);
    }
    await sql`drop table case_destruction_clearance`.execute(db);
    await sql`drop table case_legal_hold`.execute(db);
    await sql`update case_type set retention_years = 6 where retention_years is null`.execute(db);
    await sql`alter table case_type alter column retention_years set not null`.execute(db);
    await sql`alter table case_type alter column retention_years set default 6`.execute(db);
  },
};
