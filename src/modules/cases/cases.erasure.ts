// The cases module's part of erasing a person and of destroying a case (issue 12), for the privacy
// module (through index.ts). Erasure needs privacy.erasure in the unit of every case the persons take
// part in, and waits while one is open or on a legal hold; it scrubs the free text of the cases about
// them (close reason, custom fields, an incident no other case shares) and keeps what is countable.
// Destruction deletes a case the privacy module's gate cleared in this transaction (an item of an
// approved round), after the other modules removed their parts. The database decides whether the actor
// may (migrations/0017_retention_and_legal_hold.ts).
import type { Tx } from '../../kernel/db/database.ts';
import { caseErasureFacts, destroyCaseRow, eraseCasesAbout, type CaseErasureFact } from './cases.erasure.repository.ts';
import { legalHoldsAmong } from './legal-hold.repository.ts';

export type { CaseErasureFact };

export const casesErasure = {
  /** Every case the persons take part in, with what erasure needs to know (for a holder of privacy.erasure). */
  facts: (tx: Tx, personIds: readonly string[]): Promise<CaseErasureFact[]> => caseErasureFacts(tx, personIds),
  /** How many cases (and unshared incidents) erasing these persons scrubs; scrubs them when `apply`. */
  erasePersons: (tx: Tx, personIds: readonly string[], apply: boolean) => eraseCasesAbout(tx, personIds, apply),
  /** Deletes the case (cleared for destruction in this transaction) and an incident nothing else refers to. */
  destroyCase: (tx: Tx, caseId: string) => destroyCaseRow(tx, caseId),
  /** Which of these cases are on a live legal hold (units where the actor holds privacy.destruction or cases.legal-hold). */
  legalHoldsAmong: (tx: Tx, caseIds: readonly string[]): Promise<Set<string>> => legalHoldsAmong(tx, caseIds),
};
