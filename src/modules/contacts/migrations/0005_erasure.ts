// The contacts module's part of erasure (privacy.erasure) and of destruction rounds (issue 12). A
// contact moment is what was said with someone: erasing persons deletes the contact moments naming
// them and every contact moment of the cases about them (the cases module's case_ids_about); a
// destroyed case takes all of its own. The summary goes with its row (it is stored only encrypted, in
// that row). The application role still has no DELETE on contact_moment: only these SECURITY DEFINER
// functions delete, and only when the cases module says so — case_actor_may_erase (privacy.erasure in
// the units of the persons' cases, none open or on legal hold) or case_actor_may_destroy (the case was
// cleared for destruction in this transaction by an approved destruction round).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const PINNED = 'set search_path = pg_catalog, public, pg_temp';
const FUNCTIONS = ['contact_moment_erase_persons(uuid[], boolean)', 'contact_moment_destroy_case(uuid)'];

export const erasure: Migration = {
  name: '0005_erasure',
  async up(db, { appRole }) {
    await sql
      .raw(
        `create function contact_moment_erase_persons(the_persons uuid[], apply boolean) returns integer
      language plpgsql volatile security definer ${PINNED} as $$
      declare
        about uuid[];
        n integer;
      begin
        if not public.case_actor_may_erase(the_persons, apply) then
          raise exception 'contact_moment_erase_persons: not permitted, or a case is open or on a legal hold' using errcode = 'insufficient_privilege';
        end if;
        about := public.case_ids_about(the_persons);
        if apply then
          delete from public.contact_moment m where m.person_id = any(the_persons) or m.case_id = any(about);
          get diagnostics n = row_count;
        else
          select count(*)::integer into n from public.contact_moment m where m.person_id = any(the_persons) or m.case_id = any(about);
        end if;
        return n;
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function contact_moment_destroy_case(the_case uuid) returns integer
      language plpgsql volatile security definer ${PINNED} as $$
      declare
        n integer;
      begin
        if not public.case_actor_may_destroy(the_case) then
          raise exception 'contact_moment_destroy_case: the case is not cleared for destruction in this transaction' using errcode = 'insufficient_privilege';
        end if;
        delete from public.contact_moment m where m.case_id = the_case;
        get diagnostics n = row_count;
        return n;
      end $$`,
      )
      .execute(db);
    for (const fn of FUNCTIONS) {
      await sql`revoke all on function ${sql.raw(fn)} from public`.execute(db);
      await sql`grant execute on function ${sql.raw(fn)} to ${sql.id(appRole)}`.execute(db);
    }
  },
  async down(db) {
    for (const fn of [...FUNCTIONS].reverse()) await sql`drop function ${sql.raw(fn)}`.execute(db);
  },
};
