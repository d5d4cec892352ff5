// What other modules may ask about persons (through index.ts): whether the actor can see a person,
// and what a screen shows of one beside other data.
// Row-level security answers: the query runs in the caller's transaction.
import { sql } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';

/** How a person is named on screens: call name (else the first given name), tussenvoegsel, surname ("Anna de Vries"). */
export function displayNameOf(name: { roepnaam: string | null; voornamen: string | null; tussenvoegsel: string | null; achternaam: string }): string {
  return [name.roepnaam ?? name.voornamen?.split(' ')[0], name.tussenvoegsel, name.achternaam].filter(Boolean).join(' ');
}

export async function visiblePersonIds(tx: Tx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.db.selectFrom('person').select('id').where('id', 'in', [...new Set(ids)]).where('merged_into', 'is', null).execute();
  return new Set(rows.map((r) => r.id));
}

/** What a screen shows of a person beside other data (the case screen's participants): never the BSN, contact details or address. */
export interface PersonSummary {
  id: string;
  /** Roepnaam (else the first of the voornamen), tussenvoegsel and achternaam, as the persons API shows it. */
  displayName: string;
  voornamen: string | null;
  roepnaam: string | null;
  tussenvoegsel: string | null;
  achternaam: string;
  dateOfBirth: string | null;
  preferredLanguage: string;
  interpreterNeeded: boolean;
  /** The address is confidential (shown only with persons.read-confidential-address, never here). */
  confidentialAddress: boolean;
}

/**
 * Name, date of birth and the flags a screen needs, of the persons among `ids` the actor can see (row-
 * level security decides; the others are simply absent). Only these columns are read. The caller audits
 * the read.
 */
export async function personSummaries(tx: Tx, ids: readonly string[]): Promise<Map<string, PersonSummary>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.db.selectFrom('person')
    .select(['id', 'voornamen', 'roepnaam', 'tussenvoegsel', 'achternaam', 'preferred_language', 'interpreter_needed', 'confidential_address'])
    // As text: a date has no time zone to shift it.
    .select(sql<string | null>`date_of_birth::text`.as('date_of_birth'))
    .where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, {
    id: r.id,
    displayName: displayNameOf(r),
    voornamen: r.voornamen,
    roepnaam: r.roepnaam,
    tussenvoegsel: r.tussenvoegsel,
    achternaam: r.achternaam,
    dateOfBirth: r.date_of_birth,
    preferredLanguage: r.preferred_language,
    interpreterNeeded: r.interpreter_needed,
    confidentialAddress: r.confidential_address,
  }]));
}

/**
 * The person a possibly merged person lives on now: follows merged_into to its end (merges can chain,
 * A into B and later B into C, and their events may be handled in either order). Under row-level
 * security a link the actor cannot see ends the walk there; event handlers run as the system actor.
 */
export async function livePersonId(tx: Tx, id: string): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    with recursive chain (id, merged_into, depth) as (
      select p.id, p.merged_into, 0 from person p where p.id = ${id}::uuid
      union all
      select p.id, p.merged_into, c.depth + 1 from person p join chain c on p.id = c.merged_into where c.depth < 100
    )
    select id from chain order by depth desc limit 1`.execute(tx.db);
  return rows[0]?.id ?? id;
}

/**
 * Whether `mergedId` really was merged and now lives on as the same person as `keptId`. Handlers of
 * 'person.merged' check it before moving anything: the outbox takes events from any signed-in
 * transaction (its actor recorded), so SQL injected into one could publish a made-up merge; only the
 * persons table says what was merged.
 */
export async function wasMergedInto(tx: Tx, mergedId: string, keptId: string): Promise<boolean> {
  const { rows } = await sql<{ merged: boolean }>`select merged_into is not null as merged from person where id = ${mergedId}::uuid`.execute(tx.db);
  if (!rows[0]?.merged) return false;
  return (await livePersonId(tx, mergedId)) === (await livePersonId(tx, keptId));
}
