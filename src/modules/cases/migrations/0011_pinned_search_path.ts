// The cases module's older policy functions with the search path pinned as `pg_catalog, public,
// pg_temp` (pg_temp last: with it first, or unnamed and so searched first, a TEMP table or function
// named like ours would stand in for it) and every table and function they use schema-qualified.
// Same answers, same languages and plan settings as 0006 (PL/pgSQL keeps its plans for the session;
// one generic plan for every actor); case_opened_in_this_transaction becomes PL/pgSQL like the rest.
// The functions added by 0007-0010 were created this way.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const UUID = `'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`;
const PINNED = 'set search_path = pg_catalog, public, pg_temp';
const LEGACY = 'set search_path = pg_catalog, public';
const GENERIC = 'set plan_cache_mode = force_generic_plan';

export const pinnedSearchPath: Migration = {
  name: '0011_pinned_search_path',
  async up(db) {
    await sql
      .raw(
        `create or replace function case_actor_user() returns uuid language plpgsql stable ${PINNED} as $$
      declare
        actor text := public.casus_actor_id();
      begin
        if actor ~ ${UUID} then return actor::uuid; end if;
        return null;
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function case_actor_units(permission text) returns uuid[] language plpgsql stable ${PINNED} ${GENERIC} as $$
      begin
        return (select coalesce(array_agg(u::uuid), '{}') from unnest(public.casus_actor_units(permission)) u where u ~ ${UUID});
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function case_ids_assigned_to_actor() returns uuid[] language plpgsql stable security definer ${PINNED} ${GENERIC} as $$
      declare
        actor uuid := public.case_actor_user();
      begin
        if actor is null then return '{}'; end if;
        return (select coalesce(array_agg(case_id), '{}') from public.case_assignment where user_id = actor and ended_at is null);
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function case_ids_granted_to_actor() returns uuid[] language plpgsql stable security definer ${PINNED} ${GENERIC} as $$
      declare
        actor uuid := public.case_actor_user();
      begin
        if actor is null then return '{}'; end if;
        return (select coalesce(array_agg(case_id), '{}') from public.case_access_grant
                where user_id = actor and revoked_at is null and (expires_at is null or expires_at > now()));
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function case_opened_in_this_transaction(the_case uuid) returns boolean language plpgsql stable security definer ${PINNED} as $$
      begin
        return exists (select 1 from public.case_file where id = the_case and opened_by = public.case_actor_user() and opened_at = now());
      end $$`,
      )
      .execute(db);
  },
  async down(db) {
    // As 0006 and 0003 left them.
    await sql
      .raw(
        `create or replace function case_actor_user() returns uuid language plpgsql stable as $$
      declare
        actor text := casus_actor_id();
      begin
        if actor ~ ${UUID} then return actor::uuid; end if;
        return null;
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function case_actor_units(permission text) returns uuid[] language plpgsql stable ${GENERIC} as $$
      begin
        return (select coalesce(array_agg(u::uuid), '{}') from unnest(casus_actor_units(permission)) u where u ~ ${UUID});
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function case_ids_assigned_to_actor() returns uuid[] language plpgsql stable security definer ${LEGACY} ${GENERIC} as $$
      declare
        actor uuid := case_actor_user();
      begin
        if actor is null then return '{}'; end if;
        return (select coalesce(array_agg(case_id), '{}') from case_assignment where user_id = actor and ended_at is null);
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function case_ids_granted_to_actor() returns uuid[] language plpgsql stable security definer ${LEGACY} ${GENERIC} as $$
      declare
        actor uuid := case_actor_user();
      begin
        if actor is null then return '{}'; end if;
        return (select coalesce(array_agg(case_id), '{}') from case_access_grant
                where user_id = actor and revoked_at is null and (expires_at is null or expires_at > now()));
      end $$`,
      )
      .execute(db);
    await sql`create or replace function case_opened_in_this_transaction(the_case uuid) returns boolean language sql stable security definer
      set search_path = pg_catalog, public
      as $$ select exists (select 1 from case_file where id = the_case and opened_by = case_actor_user() and opened_at = now()) $$`.execute(
      db,
    );
  },
};
