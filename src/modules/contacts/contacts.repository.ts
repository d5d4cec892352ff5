// The SQL of the contacts module. Every function runs in the caller's transaction, so row-level
// security applies: contact moments of a case the actor may not see are simply not found.
import type { Insertable, Selectable } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';
import { caseAccessOf, type CaseAccess } from '../cases/index.ts';
import { allColumns } from '../../kernel/db/prepared.ts';
import { keyset, keysetPage, type KeysetCursor } from '../../kernel/db/keyset.ts';
import type { ContactMomentTable } from './contacts.tables.ts';

/** Every column, named: the statements stay preparable (kernel/db/prepared.ts). */
const COLUMNS = allColumns<ContactMomentTable>()(['id', 'case_id', 'person_id', 'channel', 'direction', 'occurred_at', 'duration_minutes', 'outcome',
  'summary_encrypted', 'created_by', 'created_at', 'updated_at', 'version']);

export type ContactMomentRow = Selectable<ContactMomentTable>;

export type ContactCaseRecord = CaseAccess;

/** The case with the actor's relation to it (the cases module's look-up); undefined when not visible. */
export const loadContactCase = caseAccessOf;

/** Whether the person takes part in the case (in any role). */
export async function takesPart(tx: Tx, caseId: string, personId: string): Promise<boolean> {
  const row = await tx.db.selectFrom('case_participant').select('id').where('case_id', '=', caseId).where('person_id', '=', personId).executeTakeFirst();
  return row !== undefined;
}

/** Inserts without RETURNING: the id is made by the caller (it is the summary's encryption context). */
export async function insertContactMoment(tx: Tx, values: Insertable<ContactMomentTable>): Promise<void> {
  await tx.db.insertInto('contact_moment').values(values).execute();
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
