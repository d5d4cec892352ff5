// "May the actor change this open case?" as one SQL function, the database's casePolicy.update: the
// case is visible (case_file's own read policy applies inside: SECURITY INVOKER), open, and the actor
// works on it or holds cases.update in its unit. The contact-moment and document policies restated
// this condition (contacts 0001, documents 0001); their 0003 migrations call this instead, so a change
// to who may change a case is made here once. Same answers as the restated copies.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const caseUpdateFunction: Migration = {
  name: '0015_case_update_function',
  async up(db, { appRole }) {
    await sql
      .raw(
        `create function case_actor_may_update(the_case uuid) returns boolean language plpgsql stable security invoker
      set search_path = pg_catalog, public, pg_temp set plan_cache_mode = force_generic_plan as $$
      begin
        return exists (select 1 from public.case_file c where c.id = the_case and c.closed_at is null
          and (c.id = any(public.case_ids_assigned_to_actor()) or c.owning_unit_id = any(public.case_actor_units('cases.update'))));
      end $$`,
      )
      .execute(db);
    await sql`revoke all on function case_actor_may_update(uuid) from public`.execute(db);
    await sql`grant execute on function case_actor_may_update(uuid) to ${sql.id(appRole)}`.execute(db);
  },
  async down(db) {
    await sql`drop function case_actor_may_update(uuid)`.execute(db);
  },
};
