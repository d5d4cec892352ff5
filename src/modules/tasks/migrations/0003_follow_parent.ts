// A task is visible only when its case or referral is: the policies of case_file and referral decide,
// inside the sub-queries, so a shielded case (or a case the actor does not work on) hides its tasks,
// their titles and their number, also from the team's task list and the assignee. Before this, holders
// of tasks.read-unit saw every task of their unit and an assignee saw her task, whatever the case:
// the titles of a shielded case's tasks were in the team list, and `GET /tasks?caseId=` confirmed the
// case existed. The team list (tasks.read-unit) and "mine" (assignee) are now views within what one
// sees, chosen by the service, not ways in. Changing a task needs the same; creating one still needs
// its parent visible and in the task's unit (0001), and now in no one else's name.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const SYSTEM = `(select casus_actor_kind()) = 'system'`;
const PARENT_VISIBLE = `((case_id is not null and exists (select 1 from public.case_file c where c.id = case_id))
  or (referral_id is not null and exists (select 1 from public.referral r where r.id = referral_id)))`;
const IN_PARENT_UNIT = `((case_id is not null and exists (select 1 from public.case_file c where c.id = case_id and c.owning_unit_id = task.owning_unit_id))
  or (referral_id is not null and exists (select 1 from public.referral r where r.id = referral_id and r.owning_unit_id = task.owning_unit_id)))`;
/** The visibility rule of 0001, for down. */
const VISIBLE_0001 = `(assignee_user_id = (select case_actor_user())
  or owning_unit_id = any((select case_actor_units('tasks.read-unit'))::uuid[])
  or (case_id is not null and exists (select 1 from case_file c where c.id = case_id))
  or (referral_id is not null and exists (select 1 from referral r where r.id = referral_id)))`;

async function dropAll(db: Parameters<Migration['up']>[0]) {
  for (const policy of ['task_read', 'task_create', 'task_change']) await sql`drop policy ${sql.id(policy)} on task`.execute(db);
}

export const followParent: Migration = {
  name: '0003_follow_parent',
  async up(db) {
    await dropAll(db);
    await sql.raw(`create policy task_read on task for select using (${SYSTEM} or ${PARENT_VISIBLE})`).execute(db);
    await sql
      .raw(
        `create policy task_create on task for insert with check (${SYSTEM}
      or ((created_by is null or created_by = (select case_actor_user())) and ${IN_PARENT_UNIT}))`,
      )
      .execute(db);
    await sql
      .raw(
        `create policy task_change on task for update using (${SYSTEM} or ${PARENT_VISIBLE}) with check (${SYSTEM} or ${PARENT_VISIBLE})`,
      )
      .execute(db);
  },
  async down(db) {
    await dropAll(db);
    await sql.raw(`create policy task_read on task for select using (${SYSTEM} or ${VISIBLE_0001})`).execute(db);
    await sql.raw(`create policy task_create on task for insert with check (${SYSTEM} or ${IN_PARENT_UNIT})`).execute(db);
    await sql
      .raw(`create policy task_change on task for update using (${SYSTEM} or ${VISIBLE_0001}) with check (${SYSTEM} or ${VISIBLE_0001})`)
      .execute(db);
  },
};
