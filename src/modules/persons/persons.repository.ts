// The SQL of the persons module. Every function runs in the caller's transaction, so row-level
// security applies: a person the actor may not see is simply not found.
import { sql, type Insertable, type Updateable } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';
import { allColumns } from '../../kernel/db/prepared.ts';
import type { PersonConsentTable, PersonTable } from './persons.tables.ts';

export type PersonRow = Omit<
  PersonTable,
  | 'id'
  | 'phones'
  | 'emails'
  | 'country'
  | 'preferred_language'
  | 'interpreter_needed'
  | 'confidential_address'
  | 'vulnerabilities'
  | 'name_search'
  | 'anonymised_at'
  | 'created_at'
  | 'updated_at'
  | 'version'
> & {
  id: string;
  phones: string[];
  emails: string[];
  country: string;
  preferred_language: string;
  interpreter_needed: boolean;
  confidential_address: boolean;
  vulnerabilities: string[];
  created_at: Date;
  updated_at: Date;
  version: number;
};

/**
 * Every column the application role may read (not bsn_shared, migrations/0006), named: the statements
 * stay preparable. anonymised_at (0007) is the privacy module's business: an anonymised person reads
 * as one (its names replaced), so the person's answers need not carry it.
 */
const COLUMNS = allColumns<Omit<PersonTable, 'name_search' | 'anonymised_at'>>()([
  'id',
  'voornamen',
  'roepnaam',
  'tussenvoegsel',
  'achternaam',
  'date_of_birth',
  'bsn_encrypted',
  'bsn_index',
  'phones',
  'emails',
  'postcode',
  'huisnummer',
  'huisnummer_toevoeging',
  'street',
  'city',
  'country',
  'preferred_language',
  'interpreter_needed',
  'confidential_address',
  'vulnerabilities',
  'merged_into',
  'created_at',
  'created_by',
  'updated_at',
  'version',
]);

/** The columns of a registration or a change (what the service derived from the input). */
export type PersonColumns = Omit<
  Updateable<PersonTable>,
  'id' | 'merged_into' | 'name_search' | 'anonymised_at' | 'created_at' | 'created_by' | 'updated_at' | 'version'
>;

export function loadPerson(tx: Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<PersonRow | undefined> {
  let query = tx.db.selectFrom('person').select(COLUMNS).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Without RETURNING: the id is made by the caller (it is the BSN's encryption context). */
export async function insertPerson(tx: Tx, values: PersonColumns & { id: string; created_by: string | null }): Promise<void> {
  await tx.db
    .insertInto('person')
    .values(values as Insertable<PersonTable>)
    .execute();
}

/** Changes the person's columns, moving its version on (the caller checked the version under a row lock). */
export async function updatePerson(tx: Tx, id: string, columns: PersonColumns): Promise<void> {
  await tx.db
    .updateTable('person')
    .set({ ...columns, updated_at: sql<Date>`now()`, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .execute();
}

/** Sets the BSN columns alone (the kept person of a merge takes the duplicate's BSN): no new version. */
export async function setBsnColumns(
  tx: Tx,
  id: string,
  columns: Pick<Updateable<PersonTable>, 'bsn_encrypted' | 'bsn_index'>,
): Promise<void> {
  await tx.db.updateTable('person').set(columns).where('id', '=', id).execute();
}

/** Marks the duplicate as merged into the kept person; false when row-level security let no row change. */
export async function markMerged(tx: Tx, mergedId: string, keptId: string): Promise<boolean> {
  const marked = await tx.db
    .updateTable('person')
    .set({ merged_into: keptId, updated_at: sql<Date>`now()`, version: sql<number>`version + 1` })
    .where('id', '=', mergedId)
    .executeTakeFirst();
  return Number(marked.numUpdatedRows) === 1;
}

export interface DuplicateCheckRow {
  person_id: string | null;
  matched_on: string | null;
  retry_after: number | null;
}

/** person_duplicate_check (migrations/0006): the visible matches, or one row with retry_after when over the limit. */
export async function duplicateCheck(
  tx: Tx,
  bsnIndex: Buffer | null,
  name: string,
  dateOfBirth: string | null,
): Promise<DuplicateCheckRow[]> {
  const { rows } = await sql<DuplicateCheckRow>`select person_id, matched_on, retry_after
    from person_duplicate_check(${bsnIndex}, ${name}, ${dateOfBirth}::date)`.execute(tx.db);
  return rows;
}

export async function insertConsent(tx: Tx, values: Insertable<PersonConsentTable>): Promise<void> {
  await tx.db.insertInto('person_consent').values(values).execute();
}

/** The person's consents, newest first. */
export function consentsOf(tx: Tx, personId: string) {
  return tx.db
    .selectFrom('person_consent')
    .select(['id', 'subject', 'given', 'source', 'recorded_at', 'note'])
    .where('person_id', '=', personId)
    .orderBy('recorded_at', 'desc')
    .execute();
}

/** The live (not merged) persons among `ids` that the actor can see. */
export function visiblePersons(tx: Tx, ids: readonly string[]) {
  return tx.db
    .selectFrom('person')
    .select('id')
    .where('id', 'in', [...new Set(ids)])
    .where('merged_into', 'is', null)
    .execute();
}

/** Name parts, date of birth (as text: a date has no time zone to shift it) and the screen's flags of the visible persons among `ids`. */
export function summaryRows(tx: Tx, ids: readonly string[]) {
  return tx.db
    .selectFrom('person')
    .select([
      'id',
      'voornamen',
      'roepnaam',
      'tussenvoegsel',
      'achternaam',
      'preferred_language',
      'interpreter_needed',
      'confidential_address',
    ])
    .select(sql<string | null>`date_of_birth::text`.as('date_of_birth'))
    .where('id', 'in', [...new Set(ids)])
    .execute();
}

/** The end of the merged_into chain from `id` (at most 100 links), as far as the actor sees it; undefined when `id` is not visible. */
export async function endOfMergeChain(tx: Tx, id: string): Promise<string | undefined> {
  const { rows } = await sql<{ id: string }>`
    with recursive chain (id, merged_into, depth) as (
      select p.id, p.merged_into, 0 from person p where p.id = ${id}::uuid
      union all
      select p.id, p.merged_into, c.depth + 1 from person p join chain c on p.id = c.merged_into where c.depth < 100
    )
    select id from chain order by depth desc limit 1`.execute(tx.db);
  return rows[0]?.id;
}

/** Whether the person was merged into another. */
export async function isMerged(tx: Tx, id: string): Promise<boolean> {
  const { rows } = await sql<{ merged: boolean }>`select merged_into is not null as merged from person where id = ${id}::uuid`.execute(
    tx.db,
  );
  return rows[0]?.merged ?? false;
}

/** person_name_words_prune() (migrations/0004, 0006): the system actor removes name words no person carries; returns how many. */
export async function pruneNameWordDictionary(tx: Tx): Promise<number> {
  const { rows } = await sql<{ removed: number }>`select person_name_words_prune() as removed`.execute(tx.db);
  return rows[0]?.removed ?? 0;
}
