// The seal holds for one transaction, and SQL through the application's own login cannot shadow the
// tables the kernel's functions read.
//
// Until now the seal was an HMAC over the actor's settings alone: the same for every transaction of
// the same actor, so a seal seen once (current_setting in an injected query, pg_stat_activity, a
// statement log) could be replayed on any connection with hand-set settings. Now it also covers the
// request's origin (request and trace id, address, user agent: the audit trail takes them from here,
// migration 0013) and the connection's nonce: currval of the sequence casus_actor_nonce, which only a
// nextval in the same session sets. The application draws a new nonce in the same round trip as every
// COMMIT and ROLLBACK (db/driver.ts), so a seal is good for its own transaction on its own connection
// only. The application role may call nextval (USAGE) but never setval (UPDATE), so it cannot bring
// back an old nonce; the sequence never repeats a value, so no other session can hold this one.
//
// SECURITY DEFINER functions ran with `search_path = pg_catalog, public`: PostgreSQL then searches
// pg_temp first for tables, so a TEMP table named casus_actor_key replaced the real one and forged
// seals verified. pg_temp now comes last (functions and operators are never looked up there), the
// tables are schema-qualified, and the application role loses TEMP on the database altogether.
//
// Every transaction's seal changes meaning with this migration: a release that seals the old way sees
// nothing (fail closed), so the new release must replace every running instance (see the runbook).
import { sql } from 'kysely';
import type { Migration } from '../db/migrator.ts';

const PATH = 'pg_catalog, public, pg_temp';
const OLD_PATH = 'pg_catalog, public';
const HEADER = `stable security definer set search_path = ${PATH}`;
const setting = (name: string) => `coalesce(current_setting('casus.${name}', true), '')`;
// The order of SEAL_FIELDS in db/actor-seal.ts, as it was when this migration shipped.
const SEALED_TEXT = [
  'actor_kind',
  'actor_id',
  'actor_permissions',
  'actor_units',
  'actor_scopes',
  'request_id',
  'trace_id',
  'origin_ip',
  'user_agent',
]
  .map(setting)
  .join(` || '|' || `);
const OLD_SEALED_TEXT = ['actor_kind', 'actor_id', 'actor_permissions', 'actor_units', 'actor_scopes'].map(setting).join(` || '|' || `);

/** Functions whose bodies already name their tables with the schema: only the search path changes. */
const PINNED = [
  'casus_actor_id()',
  'casus_actor_kind()',
  'casus_actor_units()',
  'casus_actor_has_permission(text)',
  'casus_purge_idempotency_records(integer)',
  'casus_is_working_day(date)',
  'casus_add_working_days(timestamptz, integer)',
];
/** Trigger functions that had no search path: they run as whoever writes. */
const TRIGGERS = ['audit_event_is_append_only()', 'outbox_event_notify()'];

export const transactionSeal: Migration = {
  name: '0012_transaction_seal',
  async up(db, { appRole }) {
    await sql`create sequence casus_actor_nonce as bigint no cycle`.execute(db);
    await sql`revoke all on sequence casus_actor_nonce from public`.execute(db);
    // USAGE: nextval and currval. Not UPDATE, which would allow setval.
    await sql`grant usage on sequence casus_actor_nonce to ${sql.id(appRole)}`.execute(db);

    // Unsealed (no seal set): false without touching the sequence. A seal set in a session that never
    // drew a nonce makes currval fail: the statement errors, which is as closed as it gets.
    await sql
      .raw(
        `create or replace function casus_actor_sealed() returns boolean language plpgsql ${HEADER} as $$
      declare
        seal text := nullif(current_setting('casus.actor_seal', true), '');
      begin
        if seal is null then return false; end if;
        return encode(hmac(convert_to(${SEALED_TEXT} || '|' || currval('public.casus_actor_nonce')::text, 'UTF8'),
          (select k.key from public.casus_actor_key k), 'sha256'), 'hex') = seal;
      end $$`,
      )
      .execute(db);
    // The units of one permission, the question policies ask most, with one seal check instead of two
    // (0010's version asked casus_actor_has_permission() and casus_actor_units(), each verifying the seal).
    await sql
      .raw(
        `create or replace function casus_actor_units(permission text) returns text[] language plpgsql ${HEADER}
      set plan_cache_mode = force_generic_plan as $$
      declare
        units text[];
        scopes text;
      begin
        if not casus_actor_sealed()
          or not coalesce(permission = any(string_to_array(nullif(current_setting('casus.actor_permissions', true), ''), ',')), false) then
          return '{}'::text[];
        end if;
        units := coalesce(string_to_array(nullif(current_setting('casus.actor_units', true), ''), ','), '{}'::text[]);
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
    // The audit and outbox triggers (0013) ask it directly.
    await sql`grant execute on function casus_actor_sealed() to ${sql.id(appRole)}`.execute(db);
    for (const fn of [...PINNED, ...TRIGGERS]) await sql.raw(`alter function ${fn} set search_path = ${PATH}`).execute(db);

    // TEMP comes from PUBLIC by default (the role name is checked by the settings: [a-z_][a-z0-9_]*). Where the migrating login may not change the database's
    // privileges (a DBA owns the database), say so; `casus doctor` reports the application role's TEMP.
    await sql
      .raw(
        `do $$ begin
      execute format('revoke temporary on database %I from public', current_database());
      execute format('revoke temporary on database %I from %I', current_database(), '${appRole}');
    exception when insufficient_privilege then
      raise notice 'cannot revoke TEMP on this database: ask its owner to run REVOKE TEMPORARY ON DATABASE ... FROM PUBLIC';
    end $$`,
      )
      .execute(db);
  },
  async down(db, { appRole }) {
    await sql
      .raw(
        `do $$ begin
      execute format('grant temporary on database %I to public', current_database());
    exception when insufficient_privilege then null;
    end $$`,
      )
      .execute(db);
    for (const fn of [...PINNED]) await sql.raw(`alter function ${fn} set search_path = ${OLD_PATH}`).execute(db);
    await sql
      .raw(
        `create or replace function casus_actor_units(permission text) returns text[] language plpgsql stable security definer
      set search_path = ${OLD_PATH} set plan_cache_mode = force_generic_plan as $$
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
    for (const fn of TRIGGERS) await sql.raw(`alter function ${fn} reset search_path`).execute(db);
    await sql`revoke execute on function casus_actor_sealed() from ${sql.id(appRole)}`.execute(db);
    await sql
      .raw(
        `create or replace function casus_actor_sealed() returns boolean language plpgsql stable security definer set search_path = ${OLD_PATH} as $$
      begin
        return coalesce(encode(hmac(convert_to(${OLD_SEALED_TEXT}, 'UTF8'), (select key from casus_actor_key), 'sha256'), 'hex')
          = nullif(current_setting('casus.actor_seal', true), ''), false);
      end $$`,
      )
      .execute(db);
    await sql`drop sequence casus_actor_nonce`.execute(db);
  },
};
