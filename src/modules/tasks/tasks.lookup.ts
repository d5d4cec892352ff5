// What other modules may ask about tasks (through index.ts). Runs in the caller's transaction, so
// row-level security answers for visibility; the caller audits the read (the case screen's case.read
// covers the tasks it shows).
import type { Tx } from '../../kernel/db/database.ts';
import { openTasksOfCase } from './tasks.repository.ts';
import { presentTask, type TaskView } from './tasks.service.ts';

export interface OpenTasks {
  /** How many open tasks of the case the actor can see. */
  count: number;
  /** The first of them by due moment (overdue first), as GET /tasks presents them. */
  items: TaskView[];
}

/** A case's open tasks: their number and the first `limit` (1-50) in due order; none for a case the actor cannot see. */
export async function openTasksOf(tx: Tx, caseId: string, limit: number): Promise<OpenTasks> {
  const rows = await openTasksOfCase(tx, caseId, Math.min(Math.max(Math.trunc(limit), 1), 50));
  const now = Date.now();
  return { count: rows[0]?.total ?? 0, items: rows.map((row) => presentTask(tx.ctx.actor, row, now)) };
}
