// Grants are scoped: a role assignment gives its permissions in one organisational unit and its
// subtree, so "cases.read-unit" may hold in team A while "cases.assign" holds nowhere. The seal now
// also covers casus.actor_scopes, and casus_actor_units(permission) answers the units where the
// actor holds that permission. Policies use it as `unit = any((select casus_actor_units('x.y'))::text[])`:
// the sub-select makes PostgreSQL evaluate it once per statement instead of once per row.
import { sql } from 'kysely';
import type { Migration } from '../db/migrator.ts';

const sealedText = (fields: string[]) => fields.map((s) => `coalesce(current_setting('casus.actor_${s}', true), '')`).join(` || '|' || `);

async function sealOver(db: Parameters<Migration['up']>[0], fields: string[]): Promise<void> {
  await sql
    .raw(
      `create or replace function casus_actor_sealed() returns boolean language sql stable security definer
    set search_path = pg_catalog, public
    as $$ select coalesce(encode(hmac(convert_to(${sealedText(fields)}, 'UTF8'), (select key from casus_actor_key), 'sha256'), 'hex')
      = nullif(current_setting('casus.actor_seal', true), ''), false) $$`,
    )
    .execute(db);
}

export const scopedGrants: Migration = {
  name: '0007_scoped_grants',
  async up(db, { appRole }) {
    await sealOver(db, ['kind', 'id', 'permissions', 'units', 'scopes']);
    // Empty scopes: every permission holds in all of the actor's units (see encodeScopes).
    await sql`create function casus_actor_units(permission text) returns text[] language sql stable security definer
      set search_path = pg_catalog, public
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
      $$`.execute(db);
    await sql`revoke all on function casus_actor_units(text) from public`.execute(db);
    await sql`grant execute on function casus_actor_units(text) to ${sql.id(appRole)}`.execute(db);
  },
  async down(db) {
    await sql`drop function casus_actor_units(text)`.execute(db);
    await sealOver(db, ['kind', 'id', 'permissions', 'units']);
  },
};
