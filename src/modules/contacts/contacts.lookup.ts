// What other modules may ask about contact moments (through index.ts). Runs in the caller's
// transaction, so row-level security answers for visibility; the caller audits the read (the case
// screen's case.read covers the contacts it shows).
import type { KeyRing } from '../../kernel/crypto/keyring.ts';
import type { Tx } from '../../kernel/db/database.ts';
import { presentContactMoment, type ContactMomentView } from './contacts.presenter.ts';
import { listContactMoments } from './contacts.repository.ts';

/**
 * The case's latest contact moments, newest first (1-100): empty when the case has none or is not
 * visible to the actor. With a key ring the summaries are decrypted; without one `summary` is null.
 */
export async function latestContactMoments(
  tx: Tx,
  caseId: string,
  limit: number,
  keyRing: KeyRing | null = null,
): Promise<ContactMomentView[]> {
  const rows = await listContactMoments(tx, caseId, { limit: Math.min(Math.max(Math.trunc(limit), 1), 100) });
  return rows.slice(0, limit).map((row) => presentContactMoment(row, keyRing));
}
