// The tasks module's part of erasure (privacy.erasure) and of destruction rounds (issue 12). Task
// titles and descriptions are free text about the client ("Bel mevrouw terug over…"): erasing persons
// deletes the tasks of the cases about them (the cases module's case_ids_about) and of their
// referrals; a destroyed case takes its tasks and those of the referral it was converted from. The
// application role still has no DELETE on task: only these SECURITY DEFINER functions delete, and only
// when the cases module says so (case_actor_may_erase, case_actor_may_destroy).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const PINNED = 'set search_path = pg_catalog, public, pg_temp';
const FUNCTIONS = ['task_erase_persons(uuid[], boolean)', 'task_destroy_case(uuid)'];

export const erasure: Migration = {
  name: '0005_erasure',
  async up(db, { appRole }) {
    await sql
      .raw(
        `create function task_erase_persons(the_persons uuid[], apply boolean) returns integer
      language plpgsql volatile security definer ${PINNED} as $$
      declare
        about uuid[];
        n integer;
      begin
        if not public.case_actor_may_erase(the_persons, apply) then
          raise exception 'task_erase_persons: not permitted, or a case is open or on a legal hold' using errcode = 'insufficient_privilege';
        end if;
        about := public.case_ids_about(the_persons);
        if apply then
          delete from public.task t where t.case_id = any(about)
            or t.referral_id in (select r.id from public.referral r where r.person_id = any(the_persons) or r.converted_case_id = any(about));
          get diagnostics n = row_count;
        else
          select count(*)::integer into n from public.task t where t.case_id = any(about)
            or t.referral_id in (select r.id from public.referral r where r.person_id = any(the_persons) or r.converted_case_id = any(about));
        end if;
        return n;
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function task_destroy_case(the_case uuid) returns integer
      language plpgsql volatile security definer ${PINNED} as $$
      declare
        n integer;
      begin
        if not public.case_actor_may_destroy(the_case) then
          raise exception 'task_destroy_case: the case is not cleared for destruction in this transaction' using errcode = 'insufficient_privilege';
        end if;
        delete from public.task t where t.case_id = the_case
          or t.referral_id in (select r.id from public.referral r where r.converted_case_id = the_case);
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
