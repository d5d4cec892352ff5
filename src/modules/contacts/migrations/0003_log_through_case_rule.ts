// Logging contact asks the cases module whether the actor may change the open case
// (case_actor_may_update, cases 0015) instead of restating that rule as 0001 did; the other conditions
// (the actor is the author, a contacted person takes part in the case) stay. Same answers.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const SYSTEM = `(select casus_actor_kind()) = 'system'`;
const PARTICIPANT = `(person_id is null or exists (select 1 from public.case_participant p
      where p.case_id = contact_moment.case_id and p.person_id = contact_moment.person_id))`;
/** 0001's policy, for down. */
const RESTATED = `exists (select 1 from case_file c where c.id = contact_moment.case_id and c.closed_at is null
        and (c.id = any((select case_ids_assigned_to_actor())::uuid[]) or c.owning_unit_id = any((select case_actor_units('cases.update'))::uuid[])))`;
const PARTICIPANT_0001 = `(person_id is null or exists (select 1 from case_participant p
      where p.case_id = contact_moment.case_id and p.person_id = contact_moment.person_id))`;

const logPolicy = (
  mayUpdate: string,
  participant: string,
) => `create policy contact_moment_log on contact_moment for insert with check (${SYSTEM} or (
      created_by = (select case_actor_user())
      and ${mayUpdate}
      and ${participant}))`;

export const logThroughCaseRule: Migration = {
  name: '0003_log_through_case_rule',
  async up(db) {
    await sql`drop policy contact_moment_log on contact_moment`.execute(db);
    await sql.raw(logPolicy('public.case_actor_may_update(contact_moment.case_id)', PARTICIPANT)).execute(db);
  },
  async down(db) {
    await sql`drop policy contact_moment_log on contact_moment`.execute(db);
    await sql.raw(logPolicy(RESTATED, PARTICIPANT_0001)).execute(db);
  },
};
