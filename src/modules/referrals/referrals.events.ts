// The events the referrals module handles. 'person.merged' (persons module): referrals that named
// the merged duplicate name the person kept, whatever their status (a converted or closed referral
// keeps pointing at the live client). Runs in the handler's own transaction as the system actor
// (kernel/events/bus.ts), after the merge committed; a redelivered event is skipped by the bus's
// claim, so this happens once.
import { recordAudit } from '../../kernel/audit/audit.ts';
import type { Tx } from '../../kernel/db/database.ts';
import type { EventBus } from '../../kernel/events/bus.ts';
// 'person.merged' is declared (EventMap declaration merging) by the persons module.
import { livePersonId, wasMergedInto } from '../persons/index.ts';
import { repointPerson } from './referrals.repository.ts';

export const REPOINT_MERGED_PERSON = 'referrals.repoint-merged-person';

/**
 * Repoints the merged person's referrals to the kept person. The row changed, so its version moves on
 * (an assign, convert or close based on the old version gets 412). Returns how many moved.
 */
export async function repointReferrals(tx: Tx, keptId: string, mergedId: string): Promise<number> {
  // To the person kept now: a later merge may already have merged the kept person in turn.
  const target = await livePersonId(tx, keptId);
  const count = await repointPerson(tx, mergedId, target);
  if (count > 0) {
    await recordAudit(tx, { action: 'referral.repoint', objectType: 'person', objectId: target, dataSubjectId: target, details: { mergedId, keptId, count } });
  }
  return count;
}

export function subscribeReferralEvents(events: EventBus): void {
  events.subscribe('person.merged', REPOINT_MERGED_PERSON, async (tx, event) => {
    const { keptId, mergedId } = event.payload;
    // Only what the persons table says was merged moves (a made-up event is recorded, not followed).
    if (!(await wasMergedInto(tx, mergedId, keptId))) {
      await recordAudit(tx, { action: 'referral.repoint', objectType: 'person', objectId: keptId, result: 'denied', reason: 'the event names persons that were not merged', details: { mergedId, keptId, eventId: event.id, publishedBy: event.actor } });
      return;
    }
    await repointReferrals(tx, keptId, mergedId);
  });
}
