// The contacts module's part of erasing a person and of destroying a case (issue 12), for the privacy
// module (through index.ts). A contact moment records what was said with someone, its summary in the
// same row: erasure deletes those naming the persons and all of the cases about them; a destroyed case
// takes all of its own. The database decides whether the actor may (migrations/0005_erasure.ts).
import type { Tx } from '../../kernel/db/database.ts';
import { destroyCaseContactMoments, eraseContactMomentsOf } from './contacts.erasure.repository.ts';

export const contactsErasure = {
  /** How many contact moments erasing these persons removes; removes them when `apply`. */
  erasePersons: (tx: Tx, personIds: readonly string[], apply: boolean): Promise<number> => eraseContactMomentsOf(tx, personIds, apply),
  /** Deletes the case's contact moments (the case cleared for destruction in this transaction); how many. */
  destroyCase: (tx: Tx, caseId: string): Promise<number> => destroyCaseContactMoments(tx, caseId),
};
