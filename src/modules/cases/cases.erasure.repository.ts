// The SQL of the cases module's part of erasure and destruction: calls of its SECURITY DEFINER
// functions (migrations/0017_retention_and_legal_hold.ts), which check the actor themselves.
import { sql } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';

export interface CaseErasureFact {
  caseId: string;
  /** Null where the actor does not hold privacy.erasure in the case's unit. */
  caseNumber: string | null;
  permitted: boolean;
  /** The case is about one of the persons (its primary client). */
  about: boolean;
  closed: boolean;
  legalHold: boolean;
}

export async function caseErasureFacts(tx: Tx, personIds: readonly string[]): Promise<CaseErasureFact[]> {
  const { rows } = await sql<{
    case_id: string;
    case_number: string | null;
    permitted: boolean;
    about: boolean;
    closed: boolean;
    legal_hold: boolean;
  }>`select case_id, case_number, permitted, about, closed, legal_hold from case_person_erasure_facts(${[...personIds]}::uuid[])`.execute(
    tx.db,
  );
  return rows.map((r) => ({
    caseId: r.case_id,
    caseNumber: r.case_number,
    permitted: r.permitted,
    about: r.about,
    closed: r.closed,
    legalHold: r.legal_hold,
  }));
}

export async function eraseCasesAbout(tx: Tx, personIds: readonly string[], apply: boolean): Promise<{ cases: number; incidents: number }> {
  const { rows } = await sql<{ cases: number; incidents: number }>`
    select cases, incidents from case_erase_persons(${[...personIds]}::uuid[], ${apply})`.execute(tx.db);
  return rows[0]!;
}

export async function destroyCaseRow(tx: Tx, caseId: string): Promise<{ participants: number; assignments: number; incidents: number }> {
  const { rows } = await sql<{ participants: number; assignments: number; incidents: number }>`
    select participants, assignments, incidents from case_destroy(${caseId}::uuid)`.execute(tx.db);
  return rows[0]!;
}
