// The tasks module's part of erasing a person and of destroying a case (issue 12), for the privacy
// module (through index.ts). Titles and descriptions are free text about the client: erasure deletes
// the tasks of the cases about the persons and of their referrals; a destroyed case takes its tasks and
// those of the referral it came from. The database decides whether the actor may (migrations/0005_erasure.ts).
import type { Tx } from '../../kernel/db/database.ts';
import { destroyCaseTasks, eraseTasksOf } from './tasks.erasure.repository.ts';

export const tasksErasure = {
  /** How many tasks erasing these persons removes; removes them when `apply`. */
  erasePersons: (tx: Tx, personIds: readonly string[], apply: boolean): Promise<number> => eraseTasksOf(tx, personIds, apply),
  /** Deletes the case's tasks (the case cleared for destruction in this transaction); how many. */
  destroyCase: (tx: Tx, caseId: string): Promise<number> => destroyCaseTasks(tx, caseId),
};
