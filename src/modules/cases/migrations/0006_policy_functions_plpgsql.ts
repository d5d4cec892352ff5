// The cases module's policy helpers in PL/pgSQL, same answers: as SQL functions that call the
// kernel's actor functions they were re-planned on every call (case_actor_units 163 µs), and every
// policed statement calls several (kernel migration 0010 explains; docs/performance.md measures).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const UUID = `'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`;

export const policyFunctionsPlpgsql: Migration = {
  name: '0006_policy_functions_plpgsql',
  async up(db) {
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
    // One generic plan for every actor (kernel migration 0010 explains).
    await sql
      .raw(
        `create or replace function case_actor_units(permission text) returns uuid[] language plpgsql stable
      set plan_cache_mode = force_generic_plan as $$
      begin
        return (select coalesce(array_agg(u::uuid), '{}') from unnest(casus_actor_units(permission)) u where u ~ ${UUID});
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function case_ids_assigned_to_actor() returns uuid[] language plpgsql stable security definer
      set search_path = pg_catalog, public set plan_cache_mode = force_generic_plan as $$
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
        `create or replace function case_ids_granted_to_actor() returns uuid[] language plpgsql stable security definer
      set search_path = pg_catalog, public set plan_cache_mode = force_generic_plan as $$
      declare
        actor uuid := case_actor_user();
      begin
        if actor is null then return '{}'; end if;
        return (select coalesce(array_agg(case_id), '{}') from case_access_grant
                where user_id = actor and revoked_at is null and (expires_at is null or expires_at > now()));
      end $$`,
      )
      .execute(db);
  },
  async down(db) {
    await sql
      .raw(
        `create or replace function case_actor_user() returns uuid language sql stable
      as $$ select case when casus_actor_id() ~ ${UUID} then casus_actor_id()::uuid end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function case_actor_units(permission text) returns uuid[] language sql stable
      as $$ select coalesce(array_agg(u::uuid), '{}') from unnest(casus_actor_units(permission)) u where u ~ ${UUID} $$`,
      )
      .execute(db);
    await sql`create or replace function case_ids_assigned_to_actor() returns uuid[] language sql stable security definer
      set search_path = pg_catalog, public
      as $$ select coalesce(array_agg(case_id), '{}') from case_assignment where user_id = case_actor_user() and ended_at is null $$`.execute(
      db,
    );
    await sql`create or replace function case_ids_granted_to_actor() returns uuid[] language sql stable security definer
      set search_path = pg_catalog, public
      as $$ select coalesce(array_agg(case_id), '{}') from case_access_grant
            where user_id = case_actor_user() and revoked_at is null and (expires_at is null or expires_at > now()) $$`.execute(db);
  },
};
