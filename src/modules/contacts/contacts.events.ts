// The events the contacts module handles. 'person.merged' (persons module): contact moments that
// named the merged duplicate name the person kept, so a client's contact history is in one place.
// Runs in the handler's own transaction as the system actor (kernel/events/bus.ts), after the
// merge committed; a redelivered event is skipped by the bus's claim, so this happens once.
import { recordAudit } from '../../kernel/audit/audit.ts';
import type { Tx } from '../../kernel/db/database.ts';
import type { EventBus } from '../../kernel/events/bus.ts';
// 'person.merged' is declared (EventMap declaration merging) by the persons module.
import { livePersonId, wasMergedInto } from '../persons/index.ts';
import { repointPerson } from './contacts.repository.ts';

export const REPOINT_MERGED_PERSON = 'contacts.repoint-merged-person';

/**
 * Repoints the merged person's contact moments to the kept person. The row changed, so its version
 * moves on (a correction based on the old version gets 412) and updated_at is the database's clock;
 * created_at, and with it the author's 24-hour correction window, stays. Returns how many moved.
 */
export async function repointContactMoments(tx: Tx, keptId: string, mergedId: string): Promise<number> {
  // To the person kept now: a later merge may already have merged the kept person in turn.
  const target = await livePersonId(tx, keptId);
  const count = await repointPerson(tx, mergedId, target);
  if (count > 0) {
    await recordAudit(tx, { action: 'contact-moment.repoint', objectType: 'person', objectId: target, dataSubjectId: target, details: { mergedId, keptId, count } });
  }
  return count;
}

export function subscribeContactEvents(events: EventBus): void {
  events.subscribe('person.merged', REPOINT_MERGED_PERSON, async (tx, event) => {
    const { keptId, mergedId } = event.payload;
    // Only what the persons table says was merged moves (a made-up event is recorded, not followed).
    if (!(await wasMergedInto(tx, mergedId, keptId))) {
      await recordAudit(tx, { action: 'contact-moment.repoint', objectType: 'person', objectId: keptId, result: 'denied', reason: 'the event names persons that were not merged', details: { mergedId, keptId, eventId: event.id, publishedBy: event.actor } });
      return;
    }
    await repointContactMoments(tx, keptId, mergedId);
  });
}
