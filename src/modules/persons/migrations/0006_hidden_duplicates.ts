// The duplicate check no longer tells anyone that a person they may not see exists (issue 9, item 10).
// It answered "exists, not visible to you" for a BSN or a name and date of birth: confirmation that
// someone is a client, to any worker, and person_duplicate_candidates() handed the ids of invisible
// persons to whoever called it through the application's login.
//
// - person_duplicate_check(bsn_index, name, date_of_birth) replaces
//   person_duplicate_candidates(). It answers only the matches the actor may see (persons_visible_among),
//   counts the check against a per-user limit kept here (30 a 10-minute window, for every instance
//   together; beyond it one row with retry_after and nothing else), and writes the check's audit event
//   itself, with every person it matched, visible or not, as data subjects ("who looked for this
//   client" finds it) and the visible ones as objects. The application never learns of the hidden ones.
//   These functions run as the owner, whose writes to audit_event and outbox_event are taken as given:
//   they name the actor, request, trace, address and user agent from the sealed transaction only
//   (casus_actor_*(), and the casus.* settings when casus_actor_sealed()), as the kernel's triggers do
//   for the application's own writes.
// - A BSN is still held by one live person, except when the one registering it (or setting it) cannot
//   see the person who holds it: answering "taken" would tell her that person exists. The new person
//   then gets the BSN too, marked bsn_shared (the unique index leaves shared rows aside), and a security
//   event goes to who can act on it: persons.merge in the registrar's unit (her team lead, who merges
//   when she sees both) and cases.grant-access in the units of the existing person's cases (who can
//   grant the registrar that case, or tell her otherwise). A BSN held by a person she does see is
//   refused as before (unique_violation on person_bsn_index). The guard is a trigger, so it holds for
//   every write, through the service or through SQL.
// - bsn_shared is not readable or writable by the application role (column privileges; every other
//   column keeps its grants, and a column added later needs its own grant): reading it would answer
//   the question the check no longer answers.
//
// Also every SECURITY DEFINER function of the module gets `search_path = pg_catalog, public, pg_temp`
// (pg_temp last, so a temporary table cannot stand in for a real one) and schema-qualified tables.
import { sql, type Kysely } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const PATH = 'set search_path = pg_catalog, public, pg_temp';
/** At most this many duplicate checks per user per window (inlined: a migration keeps its values). */
const CHECKS_PER_WINDOW = 30;
const WINDOW = `interval '10 minutes'`;
const NO_ID = `'00000000-0000-0000-0000-000000000000'::uuid`;
/** A casus.* setting of the transaction, only when its seal verifies (the kernel's audit trigger reads them so). */
const SEALED = (name: string) => `case when casus_actor_sealed() then nullif(current_setting('casus.${name}', true), '') end`;
/** The columns of an audit_event written by an owner's function, and their values from the sealed transaction. */
const AUDIT_ORIGIN_COLUMNS = 'actor_kind, actor_id, request_id, trace_id, origin_ip, user_agent';
const AUDIT_ORIGIN = `casus_actor_kind(), casus_actor_id(), ${SEALED('request_id')}, ${SEALED('trace_id')}, (${SEALED('origin_ip')})::inet, ${SEALED('user_agent')}`;

async function personColumns(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<{ list: string }>`select string_agg(quote_ident(attname), ', ' order by attnum) as list from pg_attribute
    where attrelid = 'public.person'::regclass and attnum > 0 and not attisdropped and attname <> 'bsn_shared'`.execute(db);
  return rows[0]!.list;
}

/** persons_visible_among of 0005, with the given search_path and table names. */
const visibleAmong = (
  path: string,
  schema: string,
) => `create or replace function persons_visible_among(ids uuid[]) returns setof uuid language plpgsql stable security definer
  ${path} as $$
  declare
    actor uuid := case_actor_user();
    assigned uuid[];
    granted uuid[];
    units uuid[];
  begin
    if casus_actor_kind() = 'system' then
      return query select distinct u from unnest(ids) u;
      return;
    end if;
    assigned := case_ids_assigned_to_actor();
    granted := case_ids_granted_to_actor();
    units := case_actor_units('cases.read-unit');
    return query
      select p.id from ${schema}person p
      where p.id = any(ids)
        and (
          exists (
            select 1 from ${schema}case_participant cp join ${schema}case_file c on c.id = cp.case_id
            where cp.person_id = p.id
              and (c.id = any(assigned) or c.id = any(granted) or (c.confidentiality <> 'shielded' and c.owning_unit_id = any(units))))
          or (actor is not null and p.created_by = actor and p.created_at > now() - interval '7 days'));
  end $$`;

/** The name-word triggers of 0004, likewise. */
const wordsAdded = (
  path: string,
  schema: string,
) => `create or replace function person_name_words_added() returns trigger language plpgsql security definer
  ${path} as $$
  begin
    if tg_op = 'INSERT' then
      insert into ${schema}person_name_word (word)
        select distinct w from added_persons p, unnest(string_to_array(p.name_search, ' ')) w
        where w <> '' and length(w) <= 200
        on conflict do nothing;
    else
      insert into ${schema}person_name_word (word)
        select distinct w from added_persons p join removed_persons o on o.id = p.id and o.name_search is distinct from p.name_search,
          unnest(string_to_array(p.name_search, ' ')) w
        where w <> '' and length(w) <= 200
        on conflict do nothing;
    end if;
    return null;
  end $$`;
const wordsPrune = (
  path: string,
  schema: string,
) => `create or replace function person_name_words_prune() returns integer language plpgsql security definer
  ${path} as $$
  declare
    removed integer;
  begin
    if casus_actor_kind() <> 'system' then
      raise exception 'person_name_words_prune() is for the system actor only' using errcode = '42501';
    end if;
    delete from ${schema}person_name_word d
      where not exists (select 1 from ${schema}person p where string_to_array(p.name_search, ' ') @> array[d.word]);
    get diagnostics removed = row_count;
    return removed;
  end $$`;

export const hiddenDuplicates: Migration = {
  name: '0006_hidden_duplicates',
  async up(db, { appRole }) {
    const app = sql.id(appRole);
    await sql.raw(visibleAmong(PATH, 'public.')).execute(db);
    await sql.raw(wordsAdded(PATH, 'public.')).execute(db);
    await sql.raw(wordsPrune(PATH, 'public.')).execute(db);

    // Every live person a registration resembles, visible or not: for the SECURITY DEFINER functions
    // below only (owner; the application role may not execute it).
    await sql
      .raw(
        `create function person_duplicate_matches(the_bsn_index bytea, the_name text, the_date_of_birth date)
      returns table (id uuid, kind text) language sql stable ${PATH} as $$
        (select p.id, 'bsn' from public.person p
          where the_bsn_index is not null and p.bsn_index = the_bsn_index and p.merged_into is null limit 20)
        union all
        (select p.id, 'name-and-date-of-birth' from public.person p
          where the_date_of_birth is not null and p.date_of_birth = the_date_of_birth and p.merged_into is null
            and similarity(p.name_search, person_search_text(the_name)) >= 0.45 limit 200)
      $$`,
      )
      .execute(db);
    await sql`revoke all on function person_duplicate_matches(bytea, text, date) from public`.execute(db);

    // Checks per user in the current window. The application role has no privilege on it: only
    // person_duplicate_check() counts, for the sealed actor. Row-level security is enabled without a
    // policy, so nothing but the owner reads or writes it.
    await sql`create table person_duplicate_check_window (
      actor_id text primary key,
      window_started_at timestamptz not null,
      checks integer not null check (checks > 0)
    )`.execute(db);
    await sql`revoke all on person_duplicate_check_window from public`.execute(db);
    await sql`alter table person_duplicate_check_window enable row level security`.execute(db);

    await sql
      .raw(
        `create function person_duplicate_check(the_bsn_index bytea, the_name text, the_date_of_birth date)
      returns table (person_id uuid, matched_on text, retry_after integer) language plpgsql volatile security definer ${PATH} as $$
      declare
        actor text := casus_actor_id();
        used integer;
        wait integer;
        found_ids uuid[];
        found_kinds text[];
        shown uuid[];
      begin
        if actor is null or not casus_actor_has_permission('persons.create') then
          return;
        end if;
        insert into public.person_duplicate_check_window as w (actor_id, window_started_at, checks) values (actor, now(), 1)
          on conflict (actor_id) do update set
            checks = case when w.window_started_at <= now() - ${WINDOW} then 1 else w.checks + 1 end,
            window_started_at = case when w.window_started_at <= now() - ${WINDOW} then now() else w.window_started_at end
          returning w.checks, ceil(extract(epoch from (w.window_started_at + ${WINDOW} - now())))::integer into used, wait;
        if used > ${CHECKS_PER_WINDOW} then
          insert into public.audit_event (${AUDIT_ORIGIN_COLUMNS}, action, object_type, result, reason)
            values (${AUDIT_ORIGIN}, 'person.duplicate-check', 'person', 'denied', 'too many duplicate checks');
          return query select null::uuid, null::text, greatest(wait, 1);
          return;
        end if;
        select coalesce(array_agg(m.id), '{}'), coalesce(array_agg(m.kind), '{}') into found_ids, found_kinds
          from public.person_duplicate_matches(the_bsn_index, the_name, the_date_of_birth) m;
        shown := array(select distinct v from persons_visible_among(found_ids) v order by 1);
        insert into public.audit_event (${AUDIT_ORIGIN_COLUMNS}, action, object_type, result, details, object_ids, data_subject_ids)
          values (${AUDIT_ORIGIN}, 'person.duplicate-check', 'person', 'success',
            jsonb_build_object('withBsn', the_bsn_index is not null, 'withDateOfBirth', the_date_of_birth is not null, 'shown', cardinality(shown)),
            array(select s::text from unnest(shown) s order by 1),
            array(select distinct f::text from unnest(found_ids) f order by 1));
        return query select m.id, m.kind, null::integer from unnest(found_ids, found_kinds) as m(id, kind) where m.id = any(shown);
      end $$`,
      )
      .execute(db);
    await sql`revoke all on function person_duplicate_check(bytea, text, date) from public`.execute(db);
    await sql`grant execute on function person_duplicate_check(bytea, text, date) to ${app}`.execute(db);
    await sql`drop function person_duplicate_candidates(bytea, text, date)`.execute(db);

    // A BSN shared with a live person the writer cannot see.
    await sql`alter table person add column bsn_shared boolean not null default false`.execute(db);
    await sql`drop index person_bsn_index`.execute(db);
    await sql
      .raw(
        `create unique index person_bsn_index on person (bsn_index, (coalesce(case when bsn_shared then id end, ${NO_ID})))
      where bsn_index is not null and merged_into is null`,
      )
      .execute(db);
    const columns = await personColumns(db);
    await sql`revoke select, insert, update on person from ${app}`.execute(db);
    await sql`grant select (${sql.raw(columns)}), insert (${sql.raw(columns)}), update (${sql.raw(columns)}) on person to ${app}`.execute(
      db,
    );

    await sql
      .raw(
        `create function person_bsn_guard() returns trigger language plpgsql security definer ${PATH} as $$
      declare
        holders uuid[];
        unit uuid;
        notify jsonb;
      begin
        if tg_op = 'UPDATE' and new.bsn_index is not distinct from old.bsn_index and new.merged_into is not distinct from old.merged_into then
          new.bsn_shared := old.bsn_shared;
          return new;
        end if;
        new.bsn_shared := false;
        if new.bsn_index is null or new.merged_into is not null then
          return new;
        end if;
        -- Two writers of one new BSN at the same moment both find no holder; the unique index makes the
        -- second wait for the first and then refuses it, as before this migration.
        holders := array(select p.id from public.person p where p.bsn_index = new.bsn_index and p.merged_into is null and p.id <> new.id);
        if cardinality(holders) = 0 then
          return new;
        end if;
        if exists (select 1 from persons_visible_among(holders)) then
          raise exception 'a person with this BSN is already registered' using errcode = 'unique_violation', constraint = 'person_bsn_index';
        end if;
        new.bsn_shared := true;
        unit := (select u.unit_id from public.app_user u where u.id = case_actor_user());
        notify := coalesce((select jsonb_agg(n) from (
            select jsonb_build_object('permission', 'persons.merge', 'unitId', unit) as n where unit is not null
            union all
            select distinct jsonb_build_object('permission', 'cases.grant-access', 'unitId', c.owning_unit_id)
              from public.case_participant cp join public.case_file c on c.id = cp.case_id where cp.person_id = any(holders)
          ) t), '[]'::jsonb);
        insert into public.audit_event (${AUDIT_ORIGIN_COLUMNS}, action, object_type, object_id, data_subject_id, result, details, object_ids, data_subject_ids)
          values (${AUDIT_ORIGIN}, 'person.bsn-shared', 'person', new.id::text, new.id::text, 'success',
            jsonb_build_object('securityEvent', true, 'unitId', unit),
            array[new.id::text], array[new.id::text] || array(select h::text from unnest(holders) h order by 1));
        insert into public.outbox_event (id, name, payload, actor_kind, actor_id, request_id, trace_id)
          values (gen_random_uuid(), 'security.event-raised',
            jsonb_build_object('action', 'person.bsn-shared', 'objectType', 'person', 'objectId', new.id, 'unitId', unit, 'result', 'success', 'notify', notify),
            casus_actor_kind(), casus_actor_id(), ${SEALED('request_id')}, ${SEALED('trace_id')});
        return new;
      end $$`,
      )
      .execute(db);
    await sql`revoke all on function person_bsn_guard() from public`.execute(db);
    await sql`create trigger person_bsn_guard before insert or update of bsn_index, bsn_shared, merged_into on person
      for each row when (new.bsn_index is not null or new.bsn_shared) execute function person_bsn_guard()`.execute(db);
  },
  async down(db, { appRole }) {
    const app = sql.id(appRole);
    await sql`drop trigger person_bsn_guard on person`.execute(db);
    await sql`drop function person_bsn_guard()`.execute(db);
    await sql`grant select, insert, update on person to ${app}`.execute(db);
    await sql`drop index person_bsn_index`.execute(db);
    // Fails while two live persons share a BSN: merge them first.
    await sql`create unique index person_bsn_index on person (bsn_index) where bsn_index is not null and merged_into is null`.execute(db);
    await sql`alter table person drop column bsn_shared`.execute(db);

    await sql`drop function person_duplicate_check(bytea, text, date)`.execute(db);
    await sql`drop table person_duplicate_check_window`.execute(db);
    await sql`drop function person_duplicate_matches(bytea, text, date)`.execute(db);
    await sql`create function person_duplicate_candidates(the_bsn_index bytea, the_name text, the_date_of_birth date)
      returns table (id uuid, matched_on text) language sql stable security definer
      set search_path = pg_catalog, public
      as $$
        select p.id, 'bsn' from person p
        where casus_actor_has_permission('persons.create') and the_bsn_index is not null and p.bsn_index = the_bsn_index and p.merged_into is null
        union
        select p.id, 'name-and-date-of-birth' from person p
        where casus_actor_has_permission('persons.create') and the_date_of_birth is not null and p.date_of_birth = the_date_of_birth
          and p.merged_into is null and similarity(p.name_search, person_search_text(the_name)) >= 0.45
        limit 20
      $$`.execute(db);
    await sql`revoke all on function person_duplicate_candidates(bytea, text, date) from public`.execute(db);
    await sql`grant execute on function person_duplicate_candidates(bytea, text, date) to ${app}`.execute(db);

    const old = 'set search_path = pg_catalog, public';
    await sql.raw(visibleAmong(old, '')).execute(db);
    await sql.raw(wordsAdded(old, '')).execute(db);
    await sql.raw(wordsPrune(old, '')).execute(db);
  },
};
