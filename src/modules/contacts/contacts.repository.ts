// The SQL of the contacts module. Every function runs in the caller's transaction, so row-level
// security applies: contact moments of a case the actor may not see are simply not found.
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';
import { caseAccessOf, type CaseAccess } from '../cases/index.ts';
import { allColumns } from '../../kernel/db/prepared.ts';
import { keyset, keysetPage, type KeysetCursor } from '../../kernel/db/keyset.ts';
import { updateWithVersion } from '../../kernel/db/versioned.ts';
import type { ContactMomentTable } from './contacts.tables.ts';

/** Every column, named: the statements stay preparable (kernel/db/prepared.ts). */
const COLUMNS = allColumns<ContactMomentTable>()([
  'id',
  'case_id',
  'person_id',
  'channel',
  'direction',
  'occurred_at',
  'duration_minutes',
  'outcome',
  'summary_encrypted',
  'created_by',
  'created_at',
  'updated_at',
  'version',
]);

export type ContactMomentRow = Selectable<ContactMomentTable>;

export type ContactCaseRecord = CaseAccess;

/** The case with the actor's relation to it (the cases module's look-up); undefined when not visible. */
export const loadContactCase = caseAccessOf;

/** Inserts without RETURNING: the id is made by the caller (it is the summary's encryption context). */
export async function insertContactMoment(tx: Tx, values: Insertable<ContactMomentTable>): Promise<void> {
  await tx.db.insertInto('contact_moment').values(values).execute();
}

/** The correctable fields that change, when the version is still `expectedVersion` (412 otherwise); the database's clock for updated_at. */
export function correctContactMoment(
  tx: Tx,
  id: string,
  expectedVersion: number,
  changes: Omit<Updateable<ContactMomentTable>, 'id' | 'case_id' | 'created_by' | 'created_at' | 'updated_at' | 'version'>,
) {
  // updateWithVersion's type takes values only.
  return updateWithVersion(tx, 'contact_moment', id, expectedVersion, { ...changes, updated_at: sql<Date>`now()` as unknown as Date });
}

/**
 * Every contact moment naming `fromPersonId` names `toPersonId` instead: a new version each (a
 * correction based on the old one gets 412), updated_at now, created_at (the author's window) kept.
 * Returns how many changed.
 */
export async function repointPerson(tx: Tx, fromPersonId: string, toPersonId: string): Promise<number> {
  const result = await tx.db
    .updateTable('contact_moment')
    .set({ person_id: toPersonId, updated_at: sql<Date>`now()`, version: sql<number>`version + 1` })
    .where('person_id', '=', fromPersonId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function loadContactMoment(tx: Tx, id: string): Promise<ContactMomentRow | undefined> {
  return tx.db.selectFrom('contact_moment').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** A case's contact, newest first: one range scan of contact_moment_case_recent however deep the page. */
const NEWEST_FIRST = keyset('occurred_at', 'desc');

/**
 * One page of a case's contact moments, newest first, keyset-paginated on (occurred_at, id). Returns
 * up to limit + 1 rows (the extra one says there is a next page) with each row's exact cursor.
 */
export function listContactMoments(tx: Tx, caseId: string, page: { after?: KeysetCursor; limit: number }) {
  const query = tx.db.selectFrom('contact_moment').select(COLUMNS).select(NEWEST_FIRST.cursorAt).where('case_id', '=', caseId);
  return keysetPage(query, NEWEST_FIRST, page).execute();
}
