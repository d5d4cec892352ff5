// Tasks on a case or on a referral (exactly one), owned by the unit of that case or referral, with an
// optional assignee and a due moment (the end of a working day, computed by the service). Row-level
// security for the application role: a task is visible to whoever can see its case or referral (the
// policies of case_file and referral apply inside the sub-queries), to its assignee, and to holders
// of tasks.read-unit in its unit (the team's task list); the system actor sees all. A task can only
// be made in the unit of its case or referral, on one the actor can see, and never moves (column grants).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const tasks: Migration = {
  name: '0001_tasks',
  async up(db, { appRole }) {
    await sql`create table task (
      id uuid primary key default gen_random_uuid(),
      case_id uuid references case_file (id) on delete cascade,
      referral_id uuid references referral (id) on delete cascade,
      owning_unit_id uuid not null,
      title text not null check (length(title) between 1 and 200),
      description text check (length(description) <= 2000),
      assignee_user_id uuid,
      due_at timestamptz not null,
      status text not null default 'open' check (status in ('open', 'done', 'cancelled')),
      created_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      completed_at timestamptz,
      completed_by uuid,
      cancel_reason text check (length(cancel_reason) <= 2000),
      version integer not null default 1,
      check (num_nonnulls(case_id, referral_id) = 1),
      check ((status = 'open') = (completed_at is null))
    )`.execute(db);
    // "My tasks" and "team tasks", overdue first: both lists walk one of these in due order.
    await sql`create index task_assignee_due on task (assignee_user_id, status, due_at, id) where assignee_user_id is not null`.execute(db);
    await sql`create index task_unit_due on task (owning_unit_id, status, due_at, id)`.execute(db);
    await sql`create index task_case on task (case_id, due_at) where case_id is not null`.execute(db);
    await sql`create index task_referral on task (referral_id, due_at) where referral_id is not null`.execute(db);

    // A task stays where it was made: its case or referral and its unit are not updatable.
    await sql`grant select, insert on task to ${sql.id(appRole)}`.execute(db);
    await sql`grant update (title, description, assignee_user_id, due_at, status, completed_at, completed_by, cancel_reason, updated_at, version) on task to ${sql.id(appRole)}`.execute(
      db,
    );
    await sql`alter table task enable row level security`.execute(db);
    const system = sql.raw(`(select casus_actor_kind()) = 'system'`);
    const visible = sql.raw(`(assignee_user_id = (select case_actor_user())
      or owning_unit_id = any((select case_actor_units('tasks.read-unit'))::uuid[])
      or (case_id is not null and exists (select 1 from case_file c where c.id = case_id))
      or (referral_id is not null and exists (select 1 from referral r where r.id = referral_id)))`);
    const inParentUnit =
      sql.raw(`((case_id is not null and exists (select 1 from case_file c where c.id = case_id and c.owning_unit_id = task.owning_unit_id))
      or (referral_id is not null and exists (select 1 from referral r where r.id = referral_id and r.owning_unit_id = task.owning_unit_id)))`);
    await sql`create policy task_read on task for select using (${system} or ${visible})`.execute(db);
    await sql`create policy task_create on task for insert with check (${system} or ${inParentUnit})`.execute(db);
    await sql`create policy task_change on task for update using (${system} or ${visible}) with check (${system} or ${visible})`.execute(
      db,
    );
  },
  async down(db) {
    await sql`drop table task`.execute(db);
  },
};
