// What other modules may ask about persons (through index.ts): whether the actor can see a person,
// and what a screen shows of one beside other data.
// Row-level security answers: the query runs in the caller's transaction.
import type { Tx } from '../../kernel/db/database.ts';
import { endOfMergeChain, isMerged, summaryRows, visiblePersons } from './persons.repository.ts';

/** How a person is named on screens: call name (else the first given name), tussenvoegsel, surname ("Anna de Vries"). */
export function displayNameOf(name: {
  roepnaam: string | null;
  voornamen: string | null;
  tussenvoegsel: string | null;
  achternaam: string;
}): string {
  return [name.roepnaam ?? name.voornamen?.split(' ')[0], name.tussenvoegsel, name.achternaam].filter(Boolean).join(' ');
}

export async function visiblePersonIds(tx: Tx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  return new Set((await visiblePersons(tx, ids)).map((r) => r.id));
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
  const rows = await summaryRows(tx, ids);
  return new Map(
    rows.map((r) => [
      r.id,
      {
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
      },
    ]),
  );
}

/**
 * The person a possibly merged person lives on now: follows merged_into to its end (merges can chain,
 * A into B and later B into C, and their events may be handled in either order). Under row-level
 * security a link the actor cannot see ends the walk there; event handlers run as the system actor.
 */
export async function livePersonId(tx: Tx, id: string): Promise<string> {
  return (await endOfMergeChain(tx, id)) ?? id;
}

/**
 * Whether `mergedId` really was merged and now lives on as the same person as `keptId`. Handlers of
 * 'person.merged' check it before moving anything: the outbox takes events from any signed-in
 * transaction (its actor recorded), so SQL injected into one could publish a made-up merge; only the
 * persons table says what was merged.
 */
export async function wasMergedInto(tx: Tx, mergedId: string, keptId: string): Promise<boolean> {
  if (!(await isMerged(tx, mergedId))) return false;
  return (await livePersonId(tx, mergedId)) === (await livePersonId(tx, keptId));
}
