// The events the contacts module handles. 'person.merged' (persons module): contact moments that
// named the merged duplicate name the person kept, so a client's contact history is in one place
// (followPersonMerges: once per event, as the system actor, made-up merges refused).
import type { Tx } from '../../kernel/db/database.ts';
import type { EventBus } from '../../kernel/events/bus.ts';
// 'person.merged' is declared (EventMap declaration merging) by the persons module.
import { followPersonMerges, repointMergedPerson, type PersonReferences } from '../persons/index.ts';
import { repointPerson } from './contacts.repository.ts';

export const REPOINT_MERGED_PERSON = 'contacts.repoint-merged-person';

/**
 * The contact moments that name a person. A repointed row changed, so its version moves on (a
 * correction based on the old version gets 412) and updated_at is the database's clock; created_at,
 * and with it the author's 24-hour correction window, stays.
 */
const CONTACT_MOMENTS: PersonReferences = {
  handler: REPOINT_MERGED_PERSON,
  action: 'contact-moment.repoint',
  move: (tx, target, mergedId) => repointPerson(tx, mergedId, target),
};

/** Repoints the merged person's contact moments to the person kept now; returns how many moved. */
export function repointContactMoments(tx: Tx, keptId: string, mergedId: string): Promise<number> {
  return repointMergedPerson(tx, CONTACT_MOMENTS, keptId, mergedId);
}

export function subscribeContactEvents(events: EventBus): void {
  followPersonMerges(events, CONTACT_MOMENTS);
}
