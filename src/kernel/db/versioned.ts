// Versioned changes: optimistic concurrency in SQL. Every versioned table has an integer `version`,
// bumped by every change; a change names the version it was based on (the client's If-Match or
// `version`, http/concurrency.ts) and is made only if the row still has it, in the same statement, so
// two writers holding one version can never both succeed, whatever the timing.
import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import { AppError } from '../errors.ts';
import type { Tx } from './database.ts';
import type { Tables } from './tables.ts';

// The helpers work on any table with `id` and `version` columns; tables a module declared in `Tables`
// get typed changes and rows, others (tests, ad-hoc tables) plain records.
type Row<K extends string> = K extends keyof Tables ? Selectable<Tables[K]> : Record<string, unknown>;
type Changes<K extends string> = K extends keyof Tables ? Updateable<Tables[K]> : Record<string, unknown>;
type Loose = Kysely<Record<string, { id: string; version: number } & Record<string, unknown>>>;

/** 0 rows changed: 404 when the row is gone or hidden, 412 when it has moved on, 403 when RLS allows reading but not this change. */
async function explainMiss(tx: Tx, table: string, id: string, expected: number): Promise<never> {
  const row = await (tx.db as unknown as Loose).selectFrom(table).select('version').where('id', '=', id).executeTakeFirst();
  if (!row) throw AppError.notFound();
  if (Number(row.version) !== expected) throw AppError.preconditionFailed();
  throw AppError.forbidden();
}

/**
 * `update <table> set <changes>, version = version + 1 where id = $id and version = $expected
 * returning *`. Returns the changed row (its new version for the ETag); throws 412 when the row has
 * another version, 404 when it does not exist or row-level security hides it. Of two concurrent
 * writers with the same expected version the second waits for the first's row lock, then finds the
 * version changed: exactly one wins.
 */
export async function updateWithVersion<K extends string>(
  tx: Tx,
  table: K,
  id: string,
  expected: number,
  changes: Changes<K>,
): Promise<Row<K>> {
  const values = { ...(changes as Record<string, unknown>), version: sql<number>`version + 1` };
  if ('id' in (changes as object) || 'version' in (changes as object))
    throw new Error('updateWithVersion changes may not set id or version');
  const row = await (tx.db as unknown as Loose)
    .updateTable(table as string)
    .set(values)
    .where('id', '=', id)
    .where('version', '=', expected)
    .returningAll()
    .executeTakeFirst();
  return (row as Row<K> | undefined) ?? explainMiss(tx, table, id, expected);
}

/** `delete from <table> where id = $id and version = $expected`, with the same answers as updateWithVersion. */
export async function deleteWithVersion(tx: Tx, table: string, id: string, expected: number): Promise<void> {
  const result = await (tx.db as unknown as Loose)
    .deleteFrom(table)
    .where('id', '=', id)
    .where('version', '=', expected)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) await explainMiss(tx, table, id, expected);
}
