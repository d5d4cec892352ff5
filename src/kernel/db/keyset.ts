// Keyset pagination on (moment, id): a page continues strictly after the last row of the one before,
// so a list stays stable while rows are added, and every page is one range scan of an index on
// (moment, id) however deep it is. The cursor carries the moment to the microsecond, as PostgreSQL
// keeps it (JavaScript dates stop at milliseconds): two rows within one millisecond must not fall
// between pages. kernel/http/cursor.ts turns cursors into the API's opaque `after` and back.
import { sql, type AliasedRawBuilder, type RawBuilder, type SelectQueryBuilder } from 'kysely';

export interface KeysetCursor {
  /** The last row's sort moment as an ISO 8601 UTC string; microseconds when the column has them. */
  at: string;
  id: string;
}

export interface Keyset {
  /** Select it: the row's cursor moment, `cursor_at`. */
  readonly cursorAt: AliasedRawBuilder<string, 'cursor_at'>;
  /** The rows after the cursor, in the keyset's order. */
  after(cursor: KeysetCursor): RawBuilder<boolean>;
  /** `<moment> <order>, <id> <order>`, for `order by`. */
  readonly orderBy: RawBuilder<unknown>;
}

/** The keyset of a list ordered by a timestamptz column, then its id (`id`, or as named, e.g. `c.id`). */
export function keyset(moment: string, order: 'asc' | 'desc', id = 'id'): Keyset {
  const direction = sql.raw(order);
  const comparison = sql.raw(order === 'asc' ? '>' : '<');
  return {
    cursorAt: sql<string>`to_char(${sql.ref(moment)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at'),
    after: (cursor) => sql<boolean>`(${sql.ref(moment)}, ${sql.ref(id)}) ${comparison} (${cursor.at}::timestamptz, ${cursor.id}::uuid)`,
    orderBy: sql`${sql.ref(moment)} ${direction}, ${sql.ref(id)} ${direction}`,
  };
}

/** The query narrowed to one page: the rows after the cursor, in order, one more than the limit (it tells there is a next page). */
export function keysetPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  keys: Keyset,
  page: { after?: KeysetCursor; limit: number },
): SelectQueryBuilder<DB, TB, O> {
  return (page.after ? query.where(keys.after(page.after)) : query).orderBy(keys.orderBy).limit(page.limit + 1);
}

/** The page's items from the rows keysetPage fetched, and the cursor of the next page (null on the last). */
export function pageOf<R extends { id: string; cursor_at: string }>(rows: R[], limit: number): { items: R[]; next: KeysetCursor | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? { at: last.cursor_at, id: last.id } : null };
}
