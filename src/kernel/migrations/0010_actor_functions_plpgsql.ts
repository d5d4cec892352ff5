// The actor functions in PL/pgSQL, same answers. Row-level security calls them in every statement
// (as `(select casus_actor_kind())` init-plans, several per policy and more through nested policies).
// As SECURITY DEFINER SQL functions they cannot be inlined, and an SQL function that calls another
// one re-plans the inner call on every call: casus_actor_kind() cost 36 µs and
// case_actor_units('cases.read-unit') 163 µs at PostgreSQL 15, about 0.5-1 ms per policed statement.
// PL/pgSQL keeps its statements' plans for the session, so the same calls cost 5-10 µs
// (docs/performance.md, "Casework at full scale"). The seal is still checked on every call.
import { sql } from 'kysely';
import type { Migration } from '../db/migrator.ts';

const FIELDS = ['kind', 'id', 'permissions', 'units', 'scopes'];
const SEALED_TEXT = FIELDS.map((s) => `coalesce(current_setting('casus.actor_${s}', true), '')`).join(` || '|' || `);
const HEADER = 'stable security definer set search_path = pg_catalog, public';
// Their statements take the actor's settings as parameters; PL/pgSQL planned them afresh on every
// call while it judged a custom plan cheaper (pg_stat_statements: as many plans as calls). One
// generic plan serves every actor.
const GENERIC = 'set plan_cache_mode = force_generic_plan';

export const actorFunctionsPlpgsql: Migration = {
  name: '0010_actor_functions_plpgsql',
  async up(db) {
    await sql
      .raw(
        `create or replace function casus_actor_sealed() returns boolean language plpgsql ${HEADER} as $$
      begin
        return coalesce(encode(hmac(convert_to(${SEALED_TEXT}, 'UTF8'), (select key from casus_actor_key), 'sha256'), 'hex')
          = nullif(current_setting('casus.actor_seal', true), ''), false);
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function casus_actor_id() returns text language plpgsql ${HEADER} as $$
      begin
        if casus_actor_sealed() then return nullif(current_setting('casus.actor_id', true), ''); end if;
        return null;
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function casus_actor_kind() returns text language plpgsql ${HEADER} as $$
      begin
        if casus_actor_sealed() then return coalesce(nullif(current_setting('casus.actor_kind', true), ''), 'anonymous'); end if;
        return 'anonymous';
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function casus_actor_units() returns text[] language plpgsql ${HEADER} as $$
      begin
        if casus_actor_sealed() then
          return coalesce(string_to_array(nullif(current_setting('casus.actor_units', true), ''), ','), '{}'::text[]);
        end if;
        return '{}'::text[];
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function casus_actor_has_permission(permission text) returns boolean language plpgsql ${HEADER} as $$
      begin
        return casus_actor_sealed() and coalesce(permission = any(string_to_array(nullif(current_setting('casus.actor_permissions', true), ''), ',')), false);
      end $$`,
      )
      .execute(db);
    // Empty scopes: every permission holds in all of the actor's units (see db/actor-seal.ts encodeScopes).
    await sql
      .raw(
        `create or replace function casus_actor_units(permission text) returns text[] language plpgsql ${HEADER} ${GENERIC} as $$
      declare
        units text[];
        scopes text;
      begin
        if not casus_actor_has_permission(permission) then return '{}'::text[]; end if;
        units := casus_actor_units();
        scopes := nullif(current_setting('casus.actor_scopes', true), '');
        if scopes is null then return units; end if;
        return coalesce((
          select array_agg(units[i::int + 1] order by i::int)
          from unnest(string_to_array(scopes, ';')) as g(grp)
          cross join lateral unnest(string_to_array(split_part(g.grp, '=', 2), '.')) as idx(i)
          where permission = any(string_to_array(split_part(g.grp, '=', 1), ' ')) and idx.i <> ''
        ), '{}'::text[]);
      end $$`,
      )
      .execute(db);
  },
  async down(db) {
    // Back to the SQL functions of 0006 and 0007.
    await sql
      .raw(
        `create or replace function casus_actor_sealed() returns boolean language sql ${HEADER}
      as $$ select coalesce(encode(hmac(convert_to(${SEALED_TEXT}, 'UTF8'), (select key from casus_actor_key), 'sha256'), 'hex')
        = nullif(current_setting('casus.actor_seal', true), ''), false) $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function casus_actor_id() returns text language sql ${HEADER}
      as $$ select case when casus_actor_sealed() then nullif(current_setting('casus.actor_id', true), '') end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function casus_actor_kind() returns text language sql ${HEADER}
      as $$ select case when casus_actor_sealed() then coalesce(nullif(current_setting('casus.actor_kind', true), ''), 'anonymous') else 'anonymous' end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function casus_actor_units() returns text[] language sql ${HEADER}
      as $$ select case when casus_actor_sealed()
        then coalesce(string_to_array(nullif(current_setting('casus.actor_units', true), ''), ','), '{}'::text[]) else '{}'::text[] end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function casus_actor_has_permission(permission text) returns boolean language sql ${HEADER}
      as $$ select casus_actor_sealed() and coalesce(permission = any(string_to_array(nullif(current_setting('casus.actor_permissions', true), ''), ',')), false) $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function casus_actor_units(permission text) returns text[] language sql ${HEADER}
      as $$
        with units as (select casus_actor_units() as list),
             scopes as (select nullif(current_setting('casus.actor_scopes', true), '') as text)
        select case
          when not casus_actor_has_permission(permission) then '{}'::text[]
          when (select text from scopes) is null then (select list from units)
          else coalesce((
            select array_agg((select list from units)[i::int + 1] order by i::int)
            from unnest(string_to_array((select text from scopes), ';')) as g(grp)
            cross join lateral unnest(string_to_array(split_part(g.grp, '=', 2), '.')) as idx(i)
            where permission = any(string_to_array(split_part(g.grp, '=', 1), ' ')) and idx.i <> ''
          ), '{}'::text[])
        end
      $$`,
      )
      .execute(db);
  },
};
