// The events the referrals module handles. 'person.merged' (persons module): referrals that named
// the merged duplicate name the person kept, whatever their status (a converted or closed referral
// keeps pointing at the live client); followPersonMerges: once per event, as the system actor,
// made-up merges refused.
import type { Tx } from '../../kernel/db/database.ts';
import type { EventBus } from '../../kernel/events/bus.ts';
// 'person.merged' is declared (EventMap declaration merging) by the persons module.
import { followPersonMerges, repointMergedPerson, type PersonReferences } from '../persons/index.ts';
import { repointPerson } from './referrals.repository.ts';

export const REPOINT_MERGED_PERSON = 'referrals.repoint-merged-person';

/**
 * The referrals that name a person. A repointed row changed, so its version moves on (an assign,
 * convert or close based on the old version gets 412).
 */
const REFERRALS: PersonReferences = {
  handler: REPOINT_MERGED_PERSON,
  action: 'referral.repoint',
  move: (tx, target, mergedId) => repointPerson(tx, mergedId, target),
};

/** Repoints the merged person's referrals to the person kept now; returns how many moved. */
export function repointReferrals(tx: Tx, keptId: string, mergedId: string): Promise<number> {
  return repointMergedPerson(tx, REFERRALS, keptId, mergedId);
}

export function subscribeReferralEvents(events: EventBus): void {
  followPersonMerges(events, REFERRALS);
}
