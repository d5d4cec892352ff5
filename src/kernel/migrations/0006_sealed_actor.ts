// Sealing the actor. The casus.* settings that row-level security reads are set with set_config(),
// which any SQL on the application's connection could also call: injected SQL could name another
// actor. So every transaction also records an HMAC of its actor (casus.actor_seal), made by the
// application with a key the application role cannot read (casus_actor_key, owner only; the server
// loads it at start-up over the owner connection). The actor functions are SECURITY DEFINER: they
// recompute the seal and, if it does not match, answer as for an anonymous actor.
import { sql } from 'kysely';
import type { Migration } from '../db/migrator.ts';

const FUNCTIONS = ['casus_actor_id()', 'casus_actor_kind()', 'casus_actor_units()', 'casus_actor_has_permission(text)'];

/** The text the seal covers; the application builds the same string (db/actor-seal.ts). */
const SEALED_TEXT = ['kind', 'id', 'permissions', 'units']
  .map((s) => `coalesce(current_setting('casus.actor_${s}', true), '')`)
  .join(` || '|' || `);

export const sealedActor: Migration = {
  name: '0006_sealed_actor',
  async up(db, { appRole }) {
    await sql`create extension if not exists pgcrypto`.execute(db);
    // Row-level security: none needed; no role but the owner has any privilege on the key (the definer functions read it).
    await sql`create table casus_actor_key (id boolean primary key default true check (id), key bytea not null)`.execute(db);
    await sql`insert into casus_actor_key (key) values (gen_random_bytes(32))`.execute(db);
    await sql`revoke all on casus_actor_key from public`.execute(db);
    // True when the transaction's actor settings carry a valid seal.
    await sql
      .raw(
        `create function casus_actor_sealed() returns boolean language sql stable security definer
      set search_path = pg_catalog, public
      as $$ select coalesce(encode(hmac(convert_to(${SEALED_TEXT}, 'UTF8'), (select key from casus_actor_key), 'sha256'), 'hex')
        = nullif(current_setting('casus.actor_seal', true), ''), false) $$`,
      )
      .execute(db);
    await sql`create or replace function casus_actor_id() returns text language sql stable security definer
      set search_path = pg_catalog, public
      as $$ select case when casus_actor_sealed() then nullif(current_setting('casus.actor_id', true), '') end $$`.execute(db);
    await sql`create or replace function casus_actor_kind() returns text language sql stable security definer
      set search_path = pg_catalog, public
      as $$ select case when casus_actor_sealed() then coalesce(nullif(current_setting('casus.actor_kind', true), ''), 'anonymous') else 'anonymous' end $$`.execute(
      db,
    );
    await sql`create or replace function casus_actor_units() returns text[] language sql stable security definer
      set search_path = pg_catalog, public
      as $$ select case when casus_actor_sealed()
        then coalesce(string_to_array(nullif(current_setting('casus.actor_units', true), ''), ','), '{}'::text[]) else '{}'::text[] end $$`.execute(
      db,
    );
    await sql`create or replace function casus_actor_has_permission(permission text) returns boolean language sql stable security definer
      set search_path = pg_catalog, public
      as $$ select casus_actor_sealed() and coalesce(permission = any(string_to_array(nullif(current_setting('casus.actor_permissions', true), ''), ',')), false) $$`.execute(
      db,
    );
    await sql`revoke all on function casus_actor_sealed() from public`.execute(db);
    for (const fn of FUNCTIONS) {
      await sql`revoke all on function ${sql.raw(fn)} from public`.execute(db);
      await sql`grant execute on function ${sql.raw(fn)} to ${sql.id(appRole)}`.execute(db);
    }
  },
  async down(db, { appRole }) {
    // Back to the unsealed functions of 0005 (as invoker), then drop the key.
    await sql`create or replace function casus_actor_id() returns text language sql stable security invoker
      as $$ select nullif(current_setting('casus.actor_id', true), '') $$`.execute(db);
    await sql`create or replace function casus_actor_kind() returns text language sql stable security invoker
      as $$ select coalesce(nullif(current_setting('casus.actor_kind', true), ''), 'anonymous') $$`.execute(db);
    await sql`create or replace function casus_actor_units() returns text[] language sql stable security invoker
      as $$ select coalesce(string_to_array(nullif(current_setting('casus.actor_units', true), ''), ','), '{}'::text[]) $$`.execute(db);
    await sql`create or replace function casus_actor_has_permission(permission text) returns boolean language sql stable security invoker
      as $$ select coalesce(permission = any(string_to_array(nullif(current_setting('casus.actor_permissions', true), ''), ',')), false) $$`.execute(
      db,
    );
    for (const fn of FUNCTIONS) await sql`grant execute on function ${sql.raw(fn)} to ${sql.id(appRole)}`.execute(db);
    await sql`drop function casus_actor_sealed()`.execute(db);
    await sql`drop table casus_actor_key`.execute(db);
  },
};
