// Publishing: the event row is written in the caller's transaction, so it exists if and only if the
// change committed. Delivery happens after commit (bus.ts).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import type { EventMap, EventName } from './event-map.ts';

export async function publishEvent<K extends EventName>(tx: Tx, name: K, payload: EventMap[K]): Promise<string> {
  const id = randomUUID();
  const { actor, origin } = tx.ctx;
  await tx.db
    .insertInto('outbox_event')
    .values({
      id,
      name,
      payload: JSON.stringify(payload),
      actor_kind: actor.kind,
      actor_id: actor.id,
      request_id: origin.requestId,
      trace_id: origin.traceId,
      relayed_at: null,
    })
    .execute();
  return id;
}

/**
 * For handlers: marks an event as handled by `handler` within the handler's own transaction.
 * Returns false when it was handled before (a redelivery), in which case the handler does nothing.
 */
export async function claimEvent(tx: Tx, handler: string, eventId: string): Promise<boolean> {
  const result = await sql<{ event_id: string }>`insert into processed_event (handler, event_id) values (${handler}, ${eventId})
    on conflict do nothing returning event_id`.execute(tx.db);
  return result.rows.length === 1;
}
