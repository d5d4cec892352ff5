// The tasks module's table, for typed SQL (see kernel/db/tables.ts).
import type { Generated } from 'kysely';

export type TaskStatus = 'open' | 'done' | 'cancelled';

export interface TaskTable {
  id: string;
  case_id: string | null;
  referral_id: string | null;
  owning_unit_id: string;
  title: string;
  description: string | null;
  assignee_user_id: string | null;
  due_at: Date;
  status: Generated<TaskStatus>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** When the task left 'open' (done or cancelled). */
  completed_at: Date | null;
  completed_by: string | null;
  cancel_reason: string | null;
  version: Generated<number>;
}

declare module '../../kernel/db/tables.ts' {
  interface Tables {
    task: TaskTable;
  }
}
