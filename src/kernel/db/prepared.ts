// Every query of the application pool as a named prepared statement, named after its text. Kysely
// sends its queries unnamed, so PostgreSQL parsed and planned each one again on every execution; with
// row-level security the planner expands the policies of every table and of the tables they refer to
// (case_participant -> case_file), and planning cost as much as executing: about 1.9 ms of 4.2 ms of
// database time to open a case screen at 2M cases (docs/performance.md). A named statement is parsed
// once per connection and, after five executions, runs a cached plan when PostgreSQL finds the generic
// plan no worse (plan_cache_mode auto); the plan is invalidated as usual when a table, policy or
// function it uses changes.
//
// Not prepared: statements whose result columns come from `*` (a migration that adds a column would
// make PostgreSQL refuse the cached statement: "cached plan must not change result type"), anything
// but SELECT/INSERT/UPDATE/DELETE/WITH, very long texts, and new texts once a connection holds
// MAX_PER_CONNECTION statements (each holds memory in its backend for the connection's lifetime; texts
// vary with the length of IN lists).
//
// Why our own layer, and which pg internals it relies on: docs/adr/0021, checked by
// src/kernel/db/internals.test.ts.
import { createHash } from 'node:crypto';
import type pg from 'pg';

export const MAX_PER_CONNECTION = 400;
const MAX_TEXT = 20_000;
const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;
// `select *`, `select t.*`, `, *`, `, t.* from`, `returning *`: result columns that follow the table.
const STAR_COLUMNS = /\bselect\s+(distinct\s+)?("?\w+"?\.)?\*|,\s*("?\w+"?\.)?\*\s*(,|from\b)|\breturning\s+("?\w+"?\.)?\*/i;

/** Whether a statement text is prepared (exported for tests). */
export function preparable(text: string): boolean {
  return text.length <= MAX_TEXT && DATA_STATEMENT.test(text) && !STAR_COLUMNS.test(text);
}

/** The statement's name: stable for its text, within PostgreSQL's 63 characters. */
export function statementName(text: string): string {
  return `casus_${createHash('sha1').update(text).digest('hex')}`;
}

type QueryFn = (...args: unknown[]) => unknown;

// Every query asks; the texts are few (the application's query shapes), so the answer is kept: a hash
// and three regular expressions per query were measurable on the hot path. Bounded, for texts that
// vary beyond their shapes.
const KNOWN_TEXTS = 5_000;
const namesByText = new Map<string, string | null>();

/** The statement name for a text, or null when it is not prepared. */
function nameFor(text: string): string | null {
  let name = namesByText.get(text);
  if (name === undefined) {
    name = preparable(text) ? statementName(text) : null;
    if (namesByText.size >= KNOWN_TEXTS) namesByText.clear();
    namesByText.set(text, name);
  }
  return name;
}

/** Makes every new client of the pool send preparable (text, values) queries as named statements. */
export function prepareStatements(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const named = new Set<string>();
    const query = client.query.bind(client) as QueryFn;
    const wrapped: QueryFn = (config, values, callback) => {
      const name = typeof config === 'string' && Array.isArray(values) ? nameFor(config) : null;
      if (name !== null && (named.has(name) || named.size < MAX_PER_CONNECTION)) {
        named.add(name);
        return query({ name, text: config as string, values }, callback);
      }
      return query(config, values, callback);
    };
    client.query = wrapped as typeof client.query;
  });
}

/**
 * Every column of a table as an explicit list, checked complete at compile time: use it where
 * `selectAll()` would write `select *`, so the statement can be prepared (see above) and still reads
 * every column. Adding a column to the table's interface without adding it here is a type error.
 *
 *   const CONTACT_MOMENT_COLUMNS = allColumns<ContactMomentTable>()(['id', 'case_id', ...]);
 */
export function allColumns<T>() {
  return <const C extends readonly (keyof T & string)[]>(
    columns: C &
      ([Exclude<keyof T & string, C[number]>] extends [never] ? unknown : { missingColumns: Exclude<keyof T & string, C[number]> }),
  ): C => columns;
}
