// The SQL of the tasks module. Every function runs in the caller's transaction, so row-level
// security applies: a task (or parent) the actor may not see is simply not found.
import { sql } from 'kysely';
import { userIdOf } from '../../kernel/auth/actor.ts';
import type { Tx } from '../../kernel/db/database.ts';
import { keyset, keysetPage, type KeysetCursor } from '../../kernel/db/keyset.ts';
import { allColumns } from '../../kernel/db/prepared.ts';
import type { TaskStatus, TaskTable } from './tasks.tables.ts';

/** Every column, named: the statements stay preparable (kernel/db/prepared.ts). */
const COLUMNS = allColumns<TaskTable>()(['id', 'case_id', 'referral_id', 'owning_unit_id', 'title', 'description', 'assignee_user_id', 'due_at', 'status',
  'created_by', 'created_at', 'updated_at', 'completed_at', 'completed_by', 'cancel_reason', 'version']);

export type TaskRow = Omit<TaskTable, 'status' | 'created_at' | 'updated_at' | 'version'> & { status: TaskStatus; created_at: Date; updated_at: Date; version: number };

export function loadTask(tx: Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<TaskRow | undefined> {
  let query = tx.db.selectFrom('task').select(COLUMNS).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/**
 * The unit of a task's parent, when the actor can see it. The parent is another module's row; only
 * its id and unit are read, under that table's own row-level security, as the task policies do.
 */
export async function parentUnit(tx: Tx, parent: { caseId?: string | null; referralId?: string | null }): Promise<string | undefined> {
  const { rows } = parent.caseId
    ? await sql<{ unit: string }>`select owning_unit_id as unit from case_file where id = ${parent.caseId}::uuid`.execute(tx.db)
    : await sql<{ unit: string }>`select owning_unit_id as unit from referral where id = ${parent.referralId ?? null}::uuid`.execute(tx.db);
  return rows[0]?.unit;
}

/** The end (23:59:59.999 Amsterdam time) of a calendar day. */
export async function endOfDay(tx: Tx, date: string): Promise<Date> {
  const { rows } = await sql<{ at: Date }>`select ((${date}::date + 1)::timestamp at time zone 'Europe/Amsterdam') - interval '1 millisecond' as at`.execute(tx.db);
  return rows[0]!.at;
}

export interface TaskListFilter {
  view: 'mine' | 'team' | 'all';
  /** For 'team': the units where the actor reads the task list (narrowed by unitId). */
  teamUnits: string[];
  status: TaskStatus;
  caseId?: string;
  referralId?: string;
  /** Keyset: the last item's due moment and id from the previous page. */
  after?: KeysetCursor;
  limit: number;
}

const DUE_FIRST = keyset('due_at', 'asc');

/**
 * Visible tasks in due order (overdue ones come first: their due moment is earliest), keyset-paginated,
 * each with its cursor.
 */
export function listTasks(tx: Tx, filter: TaskListFilter) {
  const actorId = userIdOf(tx.ctx.actor) ?? '';
  let query = tx.db.selectFrom('task').select(COLUMNS).select(DUE_FIRST.cursorAt).where('status', '=', filter.status);
  if (filter.view === 'mine') query = query.where(sql<boolean>`assignee_user_id::text = ${actorId}`);
  else if (filter.view === 'team') query = query.where('owning_unit_id', 'in', filter.teamUnits.length > 0 ? filter.teamUnits : ['00000000-0000-0000-0000-000000000000']);
  if (filter.caseId) query = query.where('case_id', '=', filter.caseId);
  if (filter.referralId) query = query.where('referral_id', '=', filter.referralId);
  return keysetPage(query, DUE_FIRST, filter).execute() as Promise<(TaskRow & { cursor_at: string })[]>;
}

/**
 * A case's open tasks in due order, at most `limit`, each with the number of all its open tasks
 * (`total`, the same on every row): one range scan of task_case. Row-level security decides.
 */
export function openTasksOfCase(tx: Tx, caseId: string, limit: number) {
  return tx.db.selectFrom('task').select(COLUMNS).select(sql<number>`(count(*) over ())::int`.as('total'))
    .where('case_id', '=', caseId).where('status', '=', 'open')
    .orderBy('due_at').orderBy('id').limit(limit).execute() as Promise<(TaskRow & { total: number })[]>;
}
