// The SQL of the contacts module's part of erasure and destruction: calls of its SECURITY DEFINER
// functions (migrations/0005_erasure.ts), which check the actor and the case themselves.
import { sql } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';

export async function eraseContactMomentsOf(tx: Tx, personIds: readonly string[], apply: boolean): Promise<number> {
  const { rows } = await sql<{ n: number }>`select contact_moment_erase_persons(${[...personIds]}::uuid[], ${apply}) as n`.execute(tx.db);
  return rows[0]!.n;
}

export async function destroyCaseContactMoments(tx: Tx, caseId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select contact_moment_destroy_case(${caseId}::uuid) as n`.execute(tx.db);
  return rows[0]!.n;
}
