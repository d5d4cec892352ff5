// Which processing activity an audit event belongs to, resolved when the trail is read (the export,
// shipping, the audit screens), never when it is written: the insert path of audit_event is untouched.
// An action belongs to its longest matching pattern in the register: the action itself
// ('person.bsn-reveal') before its prefixes ('person.'). A pattern belongs to one activity (the look-up
// table's primary key), so an action has at most one; the register's test shows every action the code
// writes has one.
import type { Tx } from '../../../kernel/db/database.ts';
import { actionMapping, activityOfAction, patternsFor } from './register.repository.ts';

export interface ActivityRef {
  id: string;
  key: string;
  name: string;
}

/** The activity of one action, from a mapping of pattern -> activity (pure: for batches and tests). */
export function resolveActivity<T>(mapping: ReadonlyMap<string, T>, action: string): T | null {
  for (const pattern of patternsFor(action)) {
    const found = mapping.get(pattern);
    if (found !== undefined) return found;
  }
  return null;
}

/** The processing activity's id for an audit event's action, or null when the register covers it not. */
export async function processingActivityIdFor(tx: Tx, action: string): Promise<string | null> {
  return (await activityOfAction(tx, action))?.id ?? null;
}

/**
 * The register's look-up, loaded once (one query), to resolve many events without a query each: for
 * the export and for shipping batches. Reflects the register as it is now.
 */
export async function processingActivityResolver(tx: Tx): Promise<(action: string) => ActivityRef | null> {
  const mapping = new Map((await actionMapping(tx)).map((row) => [row.pattern, { id: row.id, key: row.key, name: row.name }]));
  return (action) => resolveActivity(mapping, action);
}
