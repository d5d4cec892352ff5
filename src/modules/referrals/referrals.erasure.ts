// The referrals module's part of erasing a person and of destroying a case (issue 12), for the privacy
// module (through index.ts). The payload as received names the person: erasure removes it (with the
// partner's reference, the close reason, the link to the person and the attempts' notes) from the
// referrals of the persons and of the cases about them, keeping what is countable; a referral still
// being worked refuses it. A destroyed case takes the referral it came from. The database decides
// whether the actor may (migrations/0005_erasure.ts).
import type { Tx } from '../../kernel/db/database.ts';
import { destroyCaseReferrals, eraseReferralsOf, referralErasureFacts, type ReferralErasureFact } from './referrals.erasure.repository.ts';

export type { ReferralErasureFact };

export const referralsErasure = {
  /** The referrals of these persons and of the cases about them, for a holder of privacy.erasure. */
  facts: (tx: Tx, personIds: readonly string[]): Promise<ReferralErasureFact[]> => referralErasureFacts(tx, personIds),
  /** How many referrals erasing these persons strips; strips them when `apply`. */
  erasePersons: (tx: Tx, personIds: readonly string[], apply: boolean): Promise<number> => eraseReferralsOf(tx, personIds, apply),
  /** Deletes the referral the case was converted from (the case cleared for destruction in this transaction); how many. */
  destroyCase: (tx: Tx, caseId: string): Promise<number> => destroyCaseReferrals(tx, caseId),
};
