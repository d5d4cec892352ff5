// The events the persons module emits. Other modules react to them without persons knowing they
// exist (they come later in src/app/modules.ts): a merge only says which person was kept and which
// was merged into it; each module repoints its own references to the merged person, through
// followPersonMerges() (the SQL on its own table stays its own).
// Payloads carry ids only, never personal data (events are kept and relayed widely).
import { recordAudit } from '../../kernel/audit/audit.ts';
import type { Tx } from '../../kernel/db/database.ts';
import type { EventBus } from '../../kernel/events/bus.ts';
import { publishEvent } from '../../kernel/events/outbox.ts';
import { livePersonId, wasMergedInto } from './persons.lookup.ts';

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

/** A module's references to persons, as followPersonMerges() moves them. */
export interface PersonReferences {
  /** The event handler's name (the bus claims each event once per handler). */
  handler: string;
  /** The audit action of a repoint, and of a refused made-up merge. */
  action: string;
  /** Moves the module's rows from the merged person to `target`, in the caller's transaction; returns how many moved. */
  move(tx: Tx, target: string, mergedId: string): Promise<number>;
}

/**
 * Moves the references to the person kept now: a later merge may already have merged the kept person
 * in turn. Audited when any moved; returns how many.
 */
export async function repointMergedPerson(tx: Tx, references: PersonReferences, keptId: string, mergedId: string): Promise<number> {
  const target = await livePersonId(tx, keptId);
  const count = await references.move(tx, target, mergedId);
  if (count > 0) {
    await recordAudit(tx, {
      action: references.action,
      objectType: 'person',
      objectId: target,
      dataSubjectId: target,
      details: { mergedId, keptId, count },
    });
  }
  return count;
}

/**
 * On 'person.merged', repoints the module's references, in the handler's own transaction as the
 * system actor (kernel/events/bus.ts), after the merge committed; a redelivered event is skipped by
 * the bus's claim, so this happens once. Only what the persons table says was merged moves: a made-up
 * event is recorded as refused, not followed.
 */
export function followPersonMerges(events: EventBus, references: PersonReferences): void {
  events.subscribe('person.merged', references.handler, async (tx, event) => {
    const { keptId, mergedId } = event.payload;
    if (!(await wasMergedInto(tx, mergedId, keptId))) {
      await recordAudit(tx, {
        action: references.action,
        objectType: 'person',
        objectId: keptId,
        result: 'denied',
        reason: 'the event names persons that were not merged',
        details: { mergedId, keptId, eventId: event.id, publishedBy: event.actor },
      });
      return;
    }
    await repointMergedPerson(tx, references, keptId, mergedId);
  });
}
