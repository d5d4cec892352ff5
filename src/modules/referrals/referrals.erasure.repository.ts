// The SQL of the referrals module's part of erasure and destruction: calls of its SECURITY DEFINER
// functions (migrations/0005_erasure.ts), which check the actor and the case themselves.
import { sql } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';

export interface ReferralErasureFact {
  referralId: string;
  /** Still being worked (open, in contact, not reached): erasure waits for it. */
  live: boolean;
  /** The actor holds privacy.erasure in its team. */
  permitted: boolean;
}

export async function referralErasureFacts(tx: Tx, personIds: readonly string[]): Promise<ReferralErasureFact[]> {
  const { rows } = await sql<{ referral_id: string; live: boolean; permitted: boolean }>`
    select referral_id, live, permitted from referral_person_erasure_facts(${[...personIds]}::uuid[])`.execute(tx.db);
  return rows.map((r) => ({ referralId: r.referral_id, live: r.live, permitted: r.permitted }));
}

export async function eraseReferralsOf(tx: Tx, personIds: readonly string[], apply: boolean): Promise<number> {
  const { rows } = await sql<{ n: number }>`select referral_erase_persons(${[...personIds]}::uuid[], ${apply}) as n`.execute(tx.db);
  return rows[0]!.n;
}

export async function destroyCaseReferrals(tx: Tx, caseId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select referral_destroy_case(${caseId}::uuid) as n`.execute(tx.db);
  return rows[0]!.n;
}
