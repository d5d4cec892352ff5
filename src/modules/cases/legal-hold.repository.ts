// The SQL of legal holds (migrations/0017_retention_and_legal_hold.ts). Setting and lifting go through
// the module's SECURITY DEFINER functions, which check cases.legal-hold in the case's unit themselves:
// the application role writes case_legal_hold only that way.
import { sql } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';

export interface LegalHoldRow {
  id: string;
  case_id: string;
  reason: string;
  set_by: string;
  set_at: Date;
  lifted_at: Date | null;
  lifted_by: string | null;
  lift_reason: string | null;
}

export type SetOutcome = 'set' | 'already-held' | 'not-permitted' | 'not-found';
export type LiftOutcome = 'lifted' | 'not-held' | 'not-permitted' | 'not-found';

/** The case's unit when the actor holds cases.legal-hold there; null for no such case or not permitted. */
export async function legalHoldUnit(tx: Tx, caseId: string): Promise<string | null> {
  const { rows } = await sql<{ unit: string | null }>`select case_legal_hold_unit(${caseId}::uuid) as unit`.execute(tx.db);
  return rows[0]?.unit ?? null;
}

export async function setLegalHold(tx: Tx, caseId: string, reason: string): Promise<SetOutcome> {
  const { rows } = await sql<{ outcome: SetOutcome }>`select case_legal_hold_set(${caseId}::uuid, ${reason}) as outcome`.execute(tx.db);
  return rows[0]!.outcome;
}

export async function liftLegalHold(tx: Tx, caseId: string, reason: string): Promise<LiftOutcome> {
  const { rows } = await sql<{ outcome: LiftOutcome }>`select case_legal_hold_lift(${caseId}::uuid, ${reason}) as outcome`.execute(tx.db);
  return rows[0]!.outcome;
}

/** The case's holds, newest first: for a holder of cases.legal-hold in its unit (empty for anyone else). */
export async function legalHoldsOf(tx: Tx, caseId: string): Promise<LegalHoldRow[]> {
  const { rows } = await sql<LegalHoldRow>`select * from case_legal_holds(${caseId}::uuid)`.execute(tx.db);
  return rows;
}

/** Which of these cases are on a live hold, in the units where the actor holds privacy.destruction or cases.legal-hold. */
export async function legalHoldsAmong(tx: Tx, caseIds: readonly string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const { rows } = await sql<{ id: string }>`select id from case_legal_holds_among(${[...caseIds]}::uuid[]) as id`.execute(tx.db);
  return new Set(rows.map((r) => r.id));
}
