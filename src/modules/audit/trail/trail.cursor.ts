// The audit trail's page cursors: the same opaque base64url JSON of the last row's moment and id as
// every other list (kernel/http/cursor.ts, which encodes them), but an event's id is a bigint from the
// table's identity, not a uuid, so reading one back is this module's.
import { encodeCursor, isMoment } from '../../../kernel/http/cursor.ts';
import { AppError } from '../../../kernel/errors.ts';

export interface TrailCursor {
  /** The last row's occurred_at, ISO 8601 UTC to the microsecond. */
  at: string;
  /** The last row's id (a bigint, as decimal text). */
  id: string;
}

/** A bigint id: 1 to 19 digits, no leading zero, at most 2^63 - 1. */
const EVENT_ID = /^[1-9][0-9]{0,18}$/;
const MAX_ID = 2n ** 63n - 1n;

export const isEventId = (text: string): boolean => EVENT_ID.test(text) && BigInt(text) <= MAX_ID;

export const encodeTrailCursor = (cursor: TrailCursor): string => encodeCursor(cursor);

/** The cursor of `?after=`, or undefined without one; one this API did not make is a 400. */
export function decodeTrailCursor(after: string | undefined): TrailCursor | undefined {
  if (!after) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as { at?: unknown; id?: unknown };
    if (typeof parsed.at === 'string' && isMoment(parsed.at) && typeof parsed.id === 'string' && isEventId(parsed.id)) {
      return { at: parsed.at, id: parsed.id };
    }
  } catch {
    // not base64url JSON: refused below
  }
  throw AppError.badRequest('The page cursor is not valid.', [
    { pointer: '/query/after', detail: 'use the `next` value of the previous page' },
  ]);
}
