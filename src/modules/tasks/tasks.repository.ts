// The SQL of the tasks module. Every function runs in the caller's transaction, so row-level
// security applies: a task (or parent) the actor may not see is simply not found.
import { sql, type Insertable, type Updateable } from 'kysely';
import { userIdOf } from '../../kernel/auth/actor.ts';
import type { Tx } from '../../kernel/db/database.ts';
import { keyset, keysetPage, type KeysetCursor } from '../../kernel/db/keyset.ts';
import { allColumns } from '../../kernel/db/prepared.ts';
import type { TaskStatus, TaskTable } from './tasks.tables.ts';
import { isActorsColumn } from '../../kernel/db/actor-match.ts';

/** Every column, named: the statements stay preparable (kernel/db/prepared.ts). */
const COLUMNS = allColumns<TaskTable>()([
  'id',
  'case_id',
  'referral_id',
  'owning_unit_id',
  'title',
  'description',
  'assignee_user_id',
  'due_at',
  'status',
  'created_by',
  'created_at',
  'updated_at',
  'completed_at',
  'completed_by',
  'cancel_reason',
  'version',
]);

export type TaskRow = Omit<TaskTable, 'status' | 'created_at' | 'updated_at' | 'version'> & {
  status: TaskStatus;
  created_at: Date;
  updated_at: Date;
  version: number;
};

export function loadTask(tx: Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<TaskRow | undefined> {
  let query = tx.db.selectFrom('task').select(COLUMNS).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Without RETURNING: the new row is checked against the insert policy only. */
export async function insertTask(tx: Tx, values: Insertable<TaskTable> & { id: string }): Promise<void> {
  await tx.db.insertInto('task').values(values).execute();
}

/** A task's changeable fields, when its version is still `version`; the database's clock for updated_at. */
export async function updateTask(
  tx: Tx,
  id: string,
  version: number,
  changes: Pick<Updateable<TaskTable>, 'title' | 'description' | 'assignee_user_id' | 'due_at'>,
): Promise<void> {
  await tx.db
    .updateTable('task')
    .set({ ...changes, updated_at: sql<Date>`now()`, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .execute();
}

interface Finish {
  status: 'done' | 'cancelled';
  /** Who finished it (null: not a user). */
  by: string | null;
  reason: string | null;
}

/** A task leaving 'open': when (now), by whom, why, as a new version. */
const finished = (finish: Finish) => ({
  status: finish.status,
  completed_at: sql<Date>`now()`,
  completed_by: finish.by,
  cancel_reason: finish.reason,
  updated_at: sql<Date>`now()`,
  version: sql<number>`version + 1`,
});

/** Completes (done) or cancels a task whose version is still `version`. */
export async function finishTask(tx: Tx, id: string, version: number, finish: Finish): Promise<void> {
  await tx.db.updateTable('task').set(finished(finish)).where('id', '=', id).where('version', '=', version).execute();
}

/** Cancels the referral's open tasks the actor can see; their ids. */
export async function cancelOpenTasksOf(tx: Tx, referralId: string, cancel: { by: string | null; reason: string }): Promise<string[]> {
  const rows = await tx.db
    .updateTable('task')
    .set(finished({ status: 'cancelled', ...cancel }))
    .where('referral_id', '=', referralId)
    .where('status', '=', 'open')
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** The end (23:59:59.999 Amsterdam time) of a calendar day. */
export async function endOfDay(tx: Tx, date: string): Promise<Date> {
  const { rows } = await sql<{
    at: Date;
  }>`select ((${date}::date + 1)::timestamp at time zone 'Europe/Amsterdam') - interval '1 millisecond' as at`.execute(tx.db);
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
  if (filter.view === 'mine') query = query.where(isActorsColumn('assignee_user_id', actorId));
  else if (filter.view === 'team')
    query = query.where('owning_unit_id', 'in', filter.teamUnits.length > 0 ? filter.teamUnits : ['00000000-0000-0000-0000-000000000000']);
  if (filter.caseId) query = query.where('case_id', '=', filter.caseId);
  if (filter.referralId) query = query.where('referral_id', '=', filter.referralId);
  return keysetPage(query, DUE_FIRST, filter).execute() as Promise<(TaskRow & { cursor_at: string })[]>;
}

/**
 * A case's open tasks in due order, at most `limit`, each with the number of all its open tasks
 * (`total`, the same on every row): one range scan of task_case. Row-level security decides.
 */
export function openTasksOfCase(tx: Tx, caseId: string, limit: number) {
  return tx.db
    .selectFrom('task')
    .select(COLUMNS)
    .select(sql<number>`(count(*) over ())::int`.as('total'))
    .where('case_id', '=', caseId)
    .where('status', '=', 'open')
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit)
    .execute() as Promise<(TaskRow & { total: number })[]>;
}
