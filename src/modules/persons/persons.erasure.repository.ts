// The SQL of the persons module's part of erasure and destruction: calls of its SECURITY DEFINER
// functions (migrations/0008_erasure.ts), which check the actor (and, through the cases module, the
// cases) themselves.
import { sql } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';

export interface PersonErasureRow {
  id: string;
  merged_into: string | null;
  anonymised_at: Date | null;
  voornamen: string | null;
  roepnaam: string | null;
  tussenvoegsel: string | null;
  achternaam: string;
  date_of_birth: string | null;
  family: string[];
  consents: number;
}

export async function personErasureRow(tx: Tx, personId: string): Promise<PersonErasureRow | undefined> {
  const { rows } = await sql<PersonErasureRow>`
    select id, merged_into, anonymised_at, voornamen, roepnaam, tussenvoegsel, achternaam, date_of_birth::text as date_of_birth, family, consents
    from person_erasure_facts(${personId}::uuid)`.execute(tx.db);
  return rows[0];
}

export async function erasePersonsRow(
  tx: Tx,
  personIds: readonly string[],
  apply: boolean,
): Promise<{ outcome: 'anonymised' | 'erased'; persons: number; consents: number }> {
  const { rows } = await sql<{ outcome: 'anonymised' | 'erased'; persons: number; consents: number }>`
    select outcome, persons, consents from person_erase(${[...personIds]}::uuid[], ${apply})`.execute(tx.db);
  return rows[0]!;
}

export async function eraseReleasedRow(tx: Tx, caseId: string): Promise<{ erased: string[]; kept: string[] }> {
  const { rows } = await sql<{ erased: string[]; kept: string[] }>`select erased, kept from person_erase_released(${caseId}::uuid)`.execute(
    tx.db,
  );
  return rows[0] ?? { erased: [], kept: [] };
}
