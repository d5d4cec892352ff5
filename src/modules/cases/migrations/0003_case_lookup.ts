// Break-the-glass starts from a case the actor cannot see: case_id_for_break_glass looks its id up
// by number without revealing anything else, and only for actors holding cases.break-glass (the
// service audits it). Reviewers (cases.review-access) list and mark break-the-glass accesses of any
// case through the other two functions, which show who, which case number, when and why, never the
// case's content.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const caseLookup: Migration = {
  name: '0003_case_lookup',
  async up(db, { appRole }) {
    await sql`create function case_id_for_break_glass(case_number text) returns uuid language sql stable security definer
      set search_path = pg_catalog, public
      as $$ select id from case_file where number = case_number and casus_actor_has_permission('cases.break-glass') $$`.execute(db);
    await sql`create function case_break_glass_accesses(want_reviewed boolean, max_rows integer)
      returns table (id uuid, case_id uuid, case_number text, user_id uuid, reason text, granted_at timestamptz, expires_at timestamptz, reviewed_at timestamptz, reviewed_by uuid)
      language sql stable security definer set search_path = pg_catalog, public
      as $$ select g.id, g.case_id, c.number, g.user_id, g.reason, g.granted_at, g.expires_at, g.reviewed_at, g.reviewed_by
            from case_access_grant g join case_file c on c.id = g.case_id
            where casus_actor_has_permission('cases.review-access') and g.kind = 'break-glass' and (g.reviewed_at is not null) = want_reviewed
            order by g.granted_at desc limit max_rows $$`.execute(db);
    await sql`create function case_review_break_glass(grant_id uuid) returns boolean language sql volatile security definer
      set search_path = pg_catalog, public
      as $$ update case_access_grant set reviewed_at = now(), reviewed_by = case_actor_user()
            where id = grant_id and kind = 'break-glass' and reviewed_at is null
              and casus_actor_has_permission('cases.review-access') and user_id is distinct from case_actor_user()
            returning true $$`.execute(db);
    // Whoever opens a case works on it: a case worker without cases.assign may assign herself, but
    // only to a case she opened in this very transaction (opened_at is the transaction's now()).
    await sql`create function case_opened_in_this_transaction(the_case uuid) returns boolean language sql stable security definer
      set search_path = pg_catalog, public
      as $$ select exists (select 1 from case_file where id = the_case and opened_by = case_actor_user() and opened_at = now()) $$`.execute(
      db,
    );
    await sql`create policy case_assignment_self_on_open on case_assignment for insert
      with check (user_id = (select case_actor_user()) and case_opened_in_this_transaction(case_id))`.execute(db);
    for (const fn of [
      'case_id_for_break_glass(text)',
      'case_break_glass_accesses(boolean, integer)',
      'case_review_break_glass(uuid)',
      'case_opened_in_this_transaction(uuid)',
    ]) {
      await sql`revoke all on function ${sql.raw(fn)} from public`.execute(db);
      await sql`grant execute on function ${sql.raw(fn)} to ${sql.id(appRole)}`.execute(db);
    }
  },
  async down(db) {
    await sql`drop policy case_assignment_self_on_open on case_assignment`.execute(db);
    for (const fn of [
      'case_opened_in_this_transaction(uuid)',
      'case_review_break_glass(uuid)',
      'case_break_glass_accesses(boolean, integer)',
      'case_id_for_break_glass(text)',
    ]) {
      await sql`drop function ${sql.raw(fn)}`.execute(db);
    }
  },
};
