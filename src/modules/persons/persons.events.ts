// The events the persons module emits. Other modules react to them without persons knowing they
// exist (they come later in src/app/modules.ts): a merge only says which person was kept and which
// was merged into it; each module repoints its own references to the merged person.
// Payloads carry ids only, never personal data (events are kept and relayed widely).
import type { Tx } from '../../kernel/db/database.ts';
import { publishEvent } from '../../kernel/events/outbox.ts';

declare module '../../kernel/events/event-map.ts' {
  interface EventMap {
    /** A duplicate (`mergedId`, now `merged_into` = `keptId`) was merged into the person kept. */
    'person.merged': PersonMergedEvent;
  }
}

export type PersonMergedEvent = { keptId: string; mergedId: string };

/** In the merge's own transaction: the event exists if and only if the merge committed. */
export function publishPersonMerged(tx: Tx, keptId: string, mergedId: string): Promise<string> {
  return publishEvent(tx, 'person.merged', { keptId, mergedId });
}
