// SQL functions for the row-level security policies of the modules that hold personal data. They
// read the acting user that db.transaction() records in transaction-local settings (casus.*), so a
// policy reads like: using (owner_id = casus_actor_id() or casus_actor_has_permission('cases.read-unit')
//   and owning_unit = any(casus_actor_units())).
import { sql } from 'kysely';
import type { Migration } from '../db/migrator.ts';

const FUNCTIONS = ['casus_actor_id()', 'casus_actor_kind()', 'casus_actor_units()', 'casus_actor_has_permission(text)'];

export const actorFunctions: Migration = {
  name: '0005_actor_functions',
  async up(db, { appRole }) {
    await sql`create function casus_actor_id() returns text language sql stable
      as $$ select nullif(current_setting('casus.actor_id', true), '') $$`.execute(db);
    await sql`create function casus_actor_kind() returns text language sql stable
      as $$ select coalesce(nullif(current_setting('casus.actor_kind', true), ''), 'anonymous') $$`.execute(db);
    await sql`create function casus_actor_units() returns text[] language sql stable
      as $$ select coalesce(string_to_array(nullif(current_setting('casus.actor_units', true), ''), ','), '{}'::text[]) $$`.execute(db);
    await sql`create function casus_actor_has_permission(permission text) returns boolean language sql stable
      as $$ select coalesce(permission = any(string_to_array(nullif(current_setting('casus.actor_permissions', true), ''), ',')), false) $$`.execute(
      db,
    );
    for (const fn of FUNCTIONS) {
      await sql`revoke all on function ${sql.raw(fn)} from public`.execute(db);
      await sql`grant execute on function ${sql.raw(fn)} to ${sql.id(appRole)}`.execute(db);
    }
  },
  async down(db) {
    for (const fn of FUNCTIONS) await sql`drop function ${sql.raw(fn)}`.execute(db);
  },
};
