// The search's SQL, read-only, against the persons' and cases' tables (their modules own them; the
// search only reads). Every statement runs in the caller's transaction as the application role, so
// row-level security filters persons and cases: what the actor may not see is never found. Only
// conditions on LEAKPROOF operators (=) can drive an index under row-level security; name, phone and
// e-mail look-ups take their ids from search_person_candidates() (migrations/0002, 0005), which answers only
// ids the actor may see.
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';

/** pg_trgm word similarity a name word needs (0.5: "Jansne" still finds "Jansen", "Jan" does not find "Klaassen"). */
export const NAME_THRESHOLD = 0.5;
/**
 * How many persons a name, phone or e-mail may match (visible or not) before the search answers "too
 * broad" instead of checking each one's visibility (about 10 µs each): a bare common surname matches
 * tens of thousands at 2M persons; with a first name or a date of birth it matches a few hundred. Fixed
 * inside the look-up functions (migrations/0005), which answer "too broad" without any ids; this is
 * their number, for the API's description.
 */
export const CANDIDATE_CAP = 5_000;

export interface PersonCriteria {
  bsnIndex?: Buffer;
  dateOfBirth?: string;
  phone?: string;
  email?: string;
  postcode?: string;
  huisnummer?: number;
  /** Without persons.read-confidential-address, an address search must not find persons whose address is confidential. */
  hideConfidentialAddresses: boolean;
  nameWords: string[];
  optionalNameWords: string[];
  /** Only persons taking part in one of these cases. */
  inCases?: string[];
}

export interface PersonRow {
  id: string;
  voornamen: string | null;
  roepnaam: string | null;
  tussenvoegsel: string | null;
  achternaam: string;
  date_of_birth: string | null;
  /** Mean word similarity of the name words (0-1), 0 without name words. */
  name_score: number;
}

const nameSimilarity = (word: string) => sql<number>`word_similarity(person_search_text(${word}), p.name_search)`;

export type NameMatching = 'exact' | 'similar';

/**
 * Visible persons matching every criterion, best name match first. `tooBroad`: the index look-up
 * matched more than CANDIDATE_CAP persons, and no rows are returned.
 *
 * Name words are first matched as whole words (migrations/0004): when that lists anyone, or is too
 * broad, that is the answer (`matching: 'exact'`); only when no exact match is visible are similar
 * words tried (typos, partial words, accents: `matching: 'similar'`). With a BSN, phone, e-mail or
 * postcode their own index is selective and the similar matching is used at once.
 */
export async function findPersons(
  tx: Tx,
  c: PersonCriteria,
  limit: number,
): Promise<{ rows: PersonRow[]; tooBroad: boolean; matching: NameMatching | null }> {
  if (c.nameWords.length > 0 && !c.bsnIndex && !c.phone && !c.email && !c.postcode) {
    const exact = await queryPersons(tx, c, limit, 'exact');
    if (exact.rows.length > 0 || exact.tooBroad) return { ...exact, matching: 'exact' };
  }
  return { ...(await queryPersons(tx, c, limit, 'similar')), matching: c.nameWords.length > 0 ? 'similar' : null };
}

async function queryPersons(
  tx: Tx,
  c: PersonCriteria,
  limit: number,
  matching: NameMatching,
): Promise<{ rows: PersonRow[]; tooBroad: boolean }> {
  const where: RawBuilder<unknown>[] = [sql`p.merged_into is null`];
  if (c.bsnIndex) where.push(sql`p.bsn_index = ${c.bsnIndex}`);
  if (c.dateOfBirth) where.push(sql`p.date_of_birth = ${c.dateOfBirth}::date`);
  if (c.postcode) {
    where.push(sql`p.postcode = ${c.postcode}`);
    if (c.huisnummer !== undefined) where.push(sql`p.huisnummer = ${c.huisnummer}::int`);
    if (c.hideConfidentialAddresses) where.push(sql`not p.confidential_address`);
  }
  if (c.phone) where.push(sql`p.phones @> array[${c.phone}]::text[]`);
  if (c.email) where.push(sql`p.emails @> array[${c.email}]::text[]`);
  if (matching === 'exact')
    where.push(sql`string_to_array(p.name_search, ' ') @> (select array_agg(person_search_text(w)) from unnest(${c.nameWords}::text[]) w)`);
  else for (const word of c.nameWords) where.push(sql`${nameSimilarity(word)} >= ${NAME_THRESHOLD}::real`);
  if (c.inCases)
    where.push(sql`exists (select 1 from case_participant cp where cp.person_id = p.id and cp.case_id = any(${c.inCases}::uuid[]))`);

  const words = [...c.nameWords, ...c.optionalNameWords];
  const nameScore =
    words.length === 0 ? sql<number>`0::real` : sql<number>`(${sql.join(words.map(nameSimilarity), sql` + `)}) / ${words.length}::real`;
  const wholeName =
    words.length === 0 ? sql<number>`0::real` : sql<number>`similarity(person_search_text(${words.join(' ')}), p.name_search)`;
  // An equality on the BSN index, the date of birth or the postcode finds few rows through its own
  // index; only without one do the non-LEAKPROOF conditions need the candidate ids.
  // Exact name words narrow through their own look-up (with the date of birth, if any) in any case.
  const needsCandidates =
    matching === 'exact' ||
    (!c.bsnIndex && !c.dateOfBirth && !c.postcode && (c.nameWords.length > 0 || Boolean(c.phone) || Boolean(c.email)));
  // The look-ups answer the visible ids, or one row (null, true) when too broad.
  const candidates = !needsCandidates
    ? sql`select null::uuid as id, false as too_broad where false`
    : matching === 'exact'
      ? sql`select person_id as id, too_broad from search_person_exact_candidates(${c.nameWords}::text[], ${c.dateOfBirth ?? null}::date)`
      : sql`select person_id as id, too_broad from search_person_candidates(${c.nameWords}::text[], ${c.phone ?? null}, ${c.email ?? null}, ${NAME_THRESHOLD}::real)`;
  if (needsCandidates) where.push(sql`p.id = any(array(select id from candidates where id is not null))`);

  const { rows } = await sql<{ too_broad: boolean; hits: PersonRow[] }>`
    with candidates as materialized (${candidates}),
    hits as (
      select p.id, p.voornamen, p.roepnaam, p.tussenvoegsel, p.achternaam, p.date_of_birth::text as date_of_birth,
             ${nameScore} as name_score, ${wholeName} as whole_name
      from person p
      where ${sql.join(where, sql` and `)}
      order by name_score desc, whole_name desc, p.achternaam, p.id
      limit ${limit}
    )
    select exists (select 1 from candidates where too_broad) as too_broad,
           coalesce((select json_agg(h order by h.name_score desc, h.whole_name desc, h.achternaam, h.id) from hits h), '[]'::json) as hits`.execute(
    tx.db,
  );
  const row = rows[0]!;
  return { rows: row.hits, tooBroad: row.too_broad };
}

export interface CaseCriteria {
  number?: string;
  policeReference?: string;
  /** Only cases one of these persons takes part in. */
  withParticipants?: string[];
}

export interface CaseRow {
  id: string;
  number: string;
  status: string;
  owningUnitId: string;
}

/** Visible cases matching every criterion, the most recently opened first. */
export async function findCases(tx: Tx, c: CaseCriteria, limit: number): Promise<CaseRow[]> {
  const where: RawBuilder<unknown>[] = [];
  if (c.number) where.push(sql`c.number = ${c.number}`);
  if (c.policeReference) {
    // Case-insensitive through the plain index on police_reference: upper() is not LEAKPROOF, so under
    // row-level security an index on upper(police_reference) could not be used. References are written
    // in one case by the police systems; the spellings below cover upper and lower case, with and without the dash.
    const ref = c.policeReference;
    const spellings = [...new Set([ref, ref.toLowerCase(), ref.replace('-', ''), ref.replace('-', '').toLowerCase()])];
    where.push(sql`c.incident_id in (select i.id from incident i where i.police_reference = any(${spellings}::text[]))`);
  }
  if (c.withParticipants)
    where.push(
      sql`exists (select 1 from case_participant cp where cp.case_id = c.id and cp.person_id = any(${c.withParticipants}::uuid[]))`,
    );
  if (where.length === 0) return [];
  const { rows } = await sql<CaseRow>`
    select c.id, c.number, c.status, c.owning_unit_id as "owningUnitId"
    from case_file c
    where ${sql.join(where, sql` and `)}
    order by c.opened_at desc, c.id desc
    limit ${limit}`.execute(tx.db);
  return rows;
}
