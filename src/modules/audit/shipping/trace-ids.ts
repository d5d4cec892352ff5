// The ids that place an audit event in W3C Trace Context terms, for the processing log's spans and the
// shipped records: its own trace id (the request's traceparent) when it has one, else one derived from
// the event (a job's event: the standard has the application start a trace when none is known), and a
// span id per event and data subject. Derived ids are the same every time they are computed.
import { createHash } from 'node:crypto';
import type { SealedEvent } from '../stream/stream.repository.ts';

const HEX_TRACE = /^[0-9a-f]{32}$/;

function derivedId(label: string, bytes: number): string {
  const hex = createHash('sha256')
    .update(label)
    .digest('hex')
    .slice(0, bytes * 2);
  // An all-zero id is invalid in W3C Trace Context and OTLP; 2^-64 at worst, still excluded.
  return /^0+$/.test(hex) ? `${'0'.repeat(bytes * 2 - 1)}1` : hex;
}

/** The event's trace id, or one derived from its id. */
export function traceIdOf(event: Pick<SealedEvent, 'id' | 'traceId'>): string {
  const given = event.traceId?.toLowerCase() ?? '';
  return HEX_TRACE.test(given) && !/^0+$/.test(given) ? given : derivedId(`casus:audit-trace:${event.id}`, 16);
}

/** The span (the standard's operation id) of the event's `ordinal`-th data subject. */
export function spanIdOf(eventId: string, ordinal: number): string {
  return derivedId(`casus:processing:${eventId}:${ordinal}`, 8);
}
