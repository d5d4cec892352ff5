// Tasks on cases and referrals: create (here, and from other modules through createTask in their own
// transaction), read, list ("my tasks" and "team tasks", overdue first), change with optimistic
// concurrency, complete and cancel. Row-level security decides which tasks the actor sees; the policy
// decides what she may do with them; every read and write is audited in the same transaction.
import { encodeCursor } from '../../kernel/http/cursor.ts';
import { randomUUID } from 'node:crypto';
import { userIdOf, type Actor, type ActorContext } from '../../kernel/auth/actor.ts';
import { allowedActions, authorize } from '../../kernel/auth/policy.ts';
import { hasPermission } from '../../kernel/auth/permissions.ts';
import { addWorkingDays, isCalendarDay, type WorkingCalendar } from '../../kernel/calendar/working-days.ts';
import type { Database, Tx } from '../../kernel/db/database.ts';
import { pageOf } from '../../kernel/db/keyset.ts';
import { AppError } from '../../kernel/errors.ts';
import { recordAudit } from '../../kernel/audit/audit.ts';
import { caseAccessOf, casePolicy, primaryClientsOf } from '../cases/index.ts';
import { describeUsers } from '../identity/index.ts';
import { personsOfReferrals, referralUnitOf } from '../referrals/index.ts';
import { taskPolicy, type TaskResource } from './tasks.policy.ts';
import {
  cancelOpenTasksOf,
  endOfDay,
  finishTask,
  insertTask,
  listTasks,
  loadTask,
  updateTask,
  type TaskListFilter,
  type TaskRow,
} from './tasks.repository.ts';

/** A task as another module creates it (the letter task of a referral that was not reached). */
export interface NewTask {
  caseId?: string | null;
  referralId?: string | null;
  title: string;
  description?: string | null;
  /** Null: the team's task (the unit of the case or referral). */
  assigneeUserId?: string | null;
  dueAt: Date;
}

/** When a task is due: N working days from now (the end of that day), or the end of a given date. */
export interface DueInput {
  dueInWorkingDays?: number;
  dueOn?: string;
}

/**
 * The unit of a task's case or referral, when the actor can see it: the case as the cases module's own
 * rule decides (casePolicy.read), the referral as the referrals module's look-up answers.
 */
async function parentUnit(tx: Tx, parent: { caseId?: string | null; referralId?: string | null }): Promise<string | undefined> {
  if (parent.caseId) {
    const kase = await caseAccessOf(tx, parent.caseId);
    return kase && casePolicy.read(tx.ctx.actor, kase) ? kase.owningUnitId : undefined;
  }
  return parent.referralId ? referralUnitOf(tx, parent.referralId) : undefined;
}

async function checkAssignee(tx: Tx, userId: string | null | undefined): Promise<void> {
  if (!userId) return;
  if (!(await describeUsers(tx, [userId])).get(userId)?.active) throw AppError.invalid('/body/assigneeUserId', 'no such active user');
}

/**
 * Creates a task in the caller's transaction, in the unit of its case or referral (which the actor
 * must be able to see: 400 otherwise), audited as task.create. The caller decides whether the actor
 * may: the tasks API requires tasks.create, referrals make their letter task as part of an attempt.
 */
export async function createTask(tx: Tx, input: NewTask): Promise<{ id: string; owningUnitId: string; dueAt: Date }> {
  if (Boolean(input.caseId) === Boolean(input.referralId))
    throw AppError.invalid('/body/caseId', 'a task belongs to exactly one case or referral');
  const unit = await parentUnit(tx, input);
  if (!unit)
    throw input.caseId ? AppError.invalid('/body/caseId', 'no such case') : AppError.invalid('/body/referralId', 'no such referral');
  await checkAssignee(tx, input.assigneeUserId);
  const id = randomUUID();
  const createdBy = userIdOf(tx.ctx.actor);
  await insertTask(tx, {
    id,
    case_id: input.caseId ?? null,
    referral_id: input.referralId ?? null,
    owning_unit_id: unit,
    title: input.title,
    description: input.description ?? null,
    assignee_user_id: input.assigneeUserId ?? null,
    due_at: input.dueAt,
    created_by: createdBy,
    completed_at: null,
    completed_by: null,
    cancel_reason: null,
  });
  await recordAudit(tx, {
    action: 'task.create',
    objectType: 'task',
    objectId: id,
    dataSubjectId: await subjectOfTask(tx, { case_id: input.caseId ?? null, referral_id: input.referralId ?? null }),
    details: {
      caseId: input.caseId ?? null,
      referralId: input.referralId ?? null,
      unitId: unit,
      assigneeUserId: input.assigneeUserId ?? null,
      dueAt: input.dueAt.toISOString(),
    },
  });
  return { id, owningUnitId: unit, dueAt: input.dueAt };
}

/**
 * Cancels the open tasks of a referral that is done with (converted to a case, closed as duplicate or
 * declined), in the caller's transaction: the letter to a client who was not reached is moot once she
 * is. Each is audited as task.cancel with the reason. Returns the ids cancelled.
 */
export async function cancelOpenTasksOfReferral(tx: Tx, referralId: string, reason: string): Promise<string[]> {
  const ids = await cancelOpenTasksOf(tx, referralId, { by: userIdOf(tx.ctx.actor), reason });
  if (ids.length > 0) {
    const subject = await subjectOfTask(tx, { case_id: null, referral_id: referralId });
    await recordAudit(
      tx,
      ids.map((id) => ({
        action: 'task.cancel',
        objectType: 'task',
        objectId: id,
        dataSubjectId: subject,
        reason,
        details: { caseId: null, referralId },
      })),
    );
  }
  return ids;
}

/**
 * The persons tasks are about, each task's: its case's primary client, or its referral's registered
 * person (a referral of someone not yet registered names no one). Two queries however many tasks.
 */
async function subjectsOfTasks(
  tx: Tx,
  tasks: readonly { case_id: string | null; referral_id: string | null }[],
): Promise<(string | null)[]> {
  const clients = await primaryClientsOf(
    tx,
    tasks.flatMap((t) => (t.case_id ? [t.case_id] : [])),
  );
  const persons = await personsOfReferrals(
    tx,
    tasks.flatMap((t) => (t.referral_id ? [t.referral_id] : [])),
  );
  return tasks.map((t) => (t.case_id ? (clients.get(t.case_id) ?? null) : t.referral_id ? (persons.get(t.referral_id) ?? null) : null));
}

/** The data subject of one task's event. */
const subjectOfTask = async (tx: Tx, task: { case_id: string | null; referral_id: string | null }) =>
  (await subjectsOfTasks(tx, [task]))[0]!;

const resourceOf = (row: TaskRow): TaskResource => ({
  owningUnitId: row.owning_unit_id,
  status: row.status,
  assigneeUserId: row.assignee_user_id,
  createdBy: row.created_by,
});

export type TaskView = ReturnType<typeof presentTask>;

export function presentTask(actor: Actor, row: TaskRow, now = Date.now()) {
  return {
    id: row.id,
    caseId: row.case_id,
    referralId: row.referral_id,
    owningUnitId: row.owning_unit_id,
    title: row.title,
    description: row.description,
    assigneeUserId: row.assignee_user_id,
    dueAt: row.due_at.toISOString(),
    overdue: row.status === 'open' && row.due_at.getTime() < now,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
    cancelReason: row.cancel_reason,
    version: row.version,
    allowedActions: allowedActions(actor, taskPolicy, resourceOf(row)),
  };
}

export class TasksService {
  readonly #db: Database;
  readonly #calendar: WorkingCalendar;

  constructor(db: Database, calendar: WorkingCalendar) {
    this.#db = db;
    this.#calendar = calendar;
  }

  async #dueAt(tx: Tx, input: DueInput): Promise<Date> {
    if (input.dueInWorkingDays !== undefined && input.dueOn !== undefined)
      throw AppError.invalid('/body/dueOn', 'give dueInWorkingDays or dueOn, not both');
    if (input.dueInWorkingDays !== undefined) return addWorkingDays(new Date(), input.dueInWorkingDays, this.#calendar);
    if (input.dueOn === undefined) throw AppError.invalid('/body/dueInWorkingDays', 'give dueInWorkingDays or dueOn');
    if (!isCalendarDay(input.dueOn)) throw AppError.invalid('/body/dueOn', 'not a date in the calendar (YYYY-MM-DD, 2000-2100)');
    const at = await endOfDay(tx, input.dueOn);
    if (at.getTime() < Date.now()) throw AppError.invalid('/body/dueOn', 'lies in the past');
    return at;
  }

  /**
   * A task the actor may see: row-level security shows it only with its case or referral, and this
   * asks for the parent again under that parent's own policy (404 otherwise: existence does not leak).
   */
  async #visible(tx: Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<TaskRow> {
    const row = await loadTask(tx, id, options);
    if (!row || (await parentUnit(tx, { caseId: row.case_id, referralId: row.referral_id })) === undefined) throw AppError.notFound();
    return row;
  }

  /** Loads a task the actor may see (404 otherwise) and checks the action. */
  async #authorized(tx: Tx, id: string, action: keyof typeof taskPolicy): Promise<TaskRow> {
    const row = await this.#visible(tx, id, { forUpdate: true });
    if (row.status !== 'open') throw AppError.conflict(`The task is ${row.status}.`);
    authorize(tx.ctx.actor, taskPolicy, action, resourceOf(row));
    return row;
  }

  async create(ctx: ActorContext, input: Omit<NewTask, 'dueAt'> & DueInput) {
    if (!hasPermission(ctx.actor, 'tasks.create')) throw AppError.forbidden('Creating tasks needs tasks.create.');
    return this.#db.transaction(ctx, async (tx) => {
      const { dueInWorkingDays, dueOn, ...rest } = input;
      const dueAt = await this.#dueAt(tx, {
        ...(dueInWorkingDays !== undefined ? { dueInWorkingDays } : {}),
        ...(dueOn !== undefined ? { dueOn } : {}),
      });
      const created = await createTask(tx, { ...rest, dueAt });
      const row = await loadTask(tx, created.id);
      // Made on a case or referral the actor sees, so she sees the task; if a policy ever says
      // otherwise, answer as for any task one cannot see.
      if (!row) throw AppError.notFound();
      return presentTask(ctx.actor, row);
    });
  }

  async get(ctx: ActorContext, id: string) {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await this.#visible(tx, id);
      await recordAudit(tx, {
        action: 'task.read',
        objectType: 'task',
        objectId: id,
        dataSubjectId: await subjectOfTask(tx, row),
        details: { caseId: row.case_id, referralId: row.referral_id },
      });
      return presentTask(ctx.actor, row);
    });
  }

  async list(ctx: ActorContext, filter: Omit<TaskListFilter, 'teamUnits'> & { unitId?: string }) {
    const readable = [...(ctx.actor.scopes?.['tasks.read-unit'] ?? [])];
    const teamUnits = filter.unitId ? readable.filter((u) => u === filter.unitId) : readable;
    return this.#db.transaction(ctx, async (tx) => {
      const { items: page, next } = pageOf(await listTasks(tx, { ...filter, teamUnits }), filter.limit);
      // Which tasks were shown, and the persons they are about.
      await recordAudit(tx, {
        action: 'task.list',
        objectType: 'task',
        objectIds: page.map((row) => row.id),
        dataSubjectIds: [...new Set((await subjectsOfTasks(tx, page)).filter((p): p is string => p !== null))],
        details: {
          view: filter.view,
          status: filter.status,
          count: page.length,
          caseId: filter.caseId ?? null,
          referralId: filter.referralId ?? null,
        },
      });
      const now = Date.now();
      return {
        items: page.map((row) => presentTask(ctx.actor, row, now)),
        next: next && encodeCursor(next),
      };
    });
  }

  async update(
    ctx: ActorContext,
    id: string,
    input: { version: number; title?: string; description?: string | null; assigneeUserId?: string | null } & DueInput,
  ) {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await this.#authorized(tx, id, 'update');
      if (row.version !== input.version) throw AppError.preconditionFailed();
      const { version: _version, dueInWorkingDays, dueOn, ...fields } = input;
      const rescheduled = dueInWorkingDays !== undefined || dueOn !== undefined;
      const dueAt = rescheduled
        ? await this.#dueAt(tx, {
            ...(dueInWorkingDays !== undefined ? { dueInWorkingDays } : {}),
            ...(dueOn !== undefined ? { dueOn } : {}),
          })
        : undefined;
      // Whoever sees the task sees its case or referral, and keeps seeing it after handing it on.
      if (fields.assigneeUserId !== undefined) await checkAssignee(tx, fields.assigneeUserId);
      const changed = [...Object.keys(fields), ...(rescheduled ? ['dueAt'] : [])];
      if (changed.length === 0) throw AppError.invalid('/body', 'nothing to change');
      await updateTask(tx, id, input.version, {
        ...(fields.title !== undefined ? { title: fields.title } : {}),
        ...(fields.description !== undefined ? { description: fields.description } : {}),
        ...(fields.assigneeUserId !== undefined ? { assignee_user_id: fields.assigneeUserId } : {}),
        ...(dueAt ? { due_at: dueAt } : {}),
      });
      await recordAudit(tx, {
        action: 'task.update',
        objectType: 'task',
        objectId: id,
        dataSubjectId: await subjectOfTask(tx, row),
        changedFields: changed,
        details: {
          ...(fields.assigneeUserId !== undefined ? { assigneeUserId: fields.assigneeUserId } : {}),
          ...(dueAt ? { dueAt: dueAt.toISOString() } : {}),
        },
      });
      return this.#reload(tx, id);
    });
  }

  async complete(ctx: ActorContext, id: string, input: { version: number }) {
    return this.#finish(ctx, id, 'complete', input.version, null);
  }

  async cancel(ctx: ActorContext, id: string, input: { version: number; reason: string }) {
    return this.#finish(ctx, id, 'cancel', input.version, input.reason);
  }

  async #finish(ctx: ActorContext, id: string, action: 'complete' | 'cancel', version: number, reason: string | null) {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await this.#authorized(tx, id, action);
      if (row.version !== version) throw AppError.preconditionFailed();
      await finishTask(tx, id, version, { status: action === 'complete' ? 'done' : 'cancelled', by: userIdOf(ctx.actor), reason });
      await recordAudit(tx, {
        action: `task.${action}`,
        objectType: 'task',
        objectId: id,
        dataSubjectId: await subjectOfTask(tx, row),
        reason,
        details: { caseId: row.case_id, referralId: row.referral_id },
      });
      return this.#reload(tx, id);
    });
  }

  async #reload(tx: Tx, id: string) {
    // Still visible: the update policy refuses a change that would hide the row from its author.
    return presentTask(tx.ctx.actor, (await loadTask(tx, id))!);
  }
}
