// Keyset page cursors: opaque to clients (base64url JSON of the last row's sort moment and id), so the
// API can change what it pages on without breaking anyone. One implementation for every list route.
import { AppError } from '../errors.ts';
import type { KeysetCursor } from '../db/keyset.ts';

const MOMENT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify({ at: cursor.at, id: cursor.id })).toString('base64url');
}

/**
 * True for a moment PostgreSQL reads as the same moment: a real calendar day (JavaScript's Date.parse
 * rolls 2026-02-30 over into March; PostgreSQL refuses it) of a year from 1 on (PostgreSQL has no year 0).
 */
export function isMoment(text: string): boolean {
  const parts = MOMENT.exec(text);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The cursor of `?after=`, or undefined without one; a cursor this API did not make is a 400. */
export function decodeCursor(after: string | undefined): KeysetCursor | undefined {
  if (!after) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as { at?: unknown; id?: unknown };
    if (typeof parsed.at === 'string' && isMoment(parsed.at) && typeof parsed.id === 'string' && UUID.test(parsed.id)) {
      return { at: parsed.at, id: parsed.id };
    }
  } catch {
    // not base64url JSON: refused below
  }
  throw AppError.badRequest('The page cursor is not valid.', [
    { pointer: '/query/after', detail: 'use the `next` value of the previous page' },
  ]);
}

/** The `after` member of a list's filter: the decoded cursor, or none on the first page. */
export function afterOf(after: string | undefined): { after?: KeysetCursor } {
  const cursor = decodeCursor(after);
  return cursor ? { after: cursor } : {};
}
