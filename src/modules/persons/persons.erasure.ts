// The persons module's part of erasing a person and of destroying cases (issue 12), for the privacy
// module (through index.ts). A person with no case left is erased entirely; one with a (closed) case
// is anonymised: names replaced, date of birth rounded to 1 January, BSN with its blind index, phones,
// e-mail addresses, address and vulnerabilities removed, consent notes cleared. The duplicates merged
// into the person hold the same data as history and go the same way. The search reads the person
// table itself (its names, phones, e-mail, BSN index), so an anonymised person is no longer found by
// any of them, and the name words leave the search dictionary unless another person carries them. The
// database decides whether the actor may (migrations/0008_erasure.ts).
import type { Tx } from '../../kernel/db/database.ts';
import { displayNameOf } from './persons.lookup.ts';
import { eraseReleasedRow, erasePersonsRow, personErasureRow } from './persons.erasure.repository.ts';

export interface PersonErasureFacts {
  id: string;
  /** Merged into another person: erase that one (this one goes with it). */
  mergedInto: string | null;
  anonymisedAt: string | null;
  /** To confirm whom one erases. */
  displayName: string;
  dateOfBirth: string | null;
  /** The person and the duplicates merged into it: what every module erases. */
  family: string[];
  consents: number;
}

export const personsErasure = {
  /** The person as a holder of privacy.erasure (in the units of its cases) sees it to decide; undefined for anyone else or no such person. */
  async facts(tx: Tx, personId: string): Promise<PersonErasureFacts | undefined> {
    const row = await personErasureRow(tx, personId);
    if (!row) return undefined;
    return {
      id: row.id,
      mergedInto: row.merged_into,
      anonymisedAt: row.anonymised_at?.toISOString() ?? null,
      displayName: displayNameOf(row),
      dateOfBirth: row.date_of_birth,
      family: row.family,
      consents: row.consents,
    };
  },
  /** Whether erasing these persons anonymises or erases them; does it when `apply`. */
  erasePersons: (tx: Tx, personIds: readonly string[], apply: boolean) => erasePersonsRow(tx, personIds, apply),
  /** After a destroyed case: erases who took part in it and in no other case (unless something else still refers to them). */
  eraseReleased: (tx: Tx, caseId: string) => eraseReleasedRow(tx, caseId),
};
