// What other modules may ask about contact moments (through index.ts). Runs in the caller's
// transaction, so row-level security answers for visibility; the caller audits the read (the case
// screen's case.read covers the contacts it shows).
import type { KeyRing } from '../../kernel/crypto/keyring.ts';
import type { Tx } from '../../kernel/db/database.ts';
import { allowedActions } from '../../kernel/auth/policy.ts';
import type { CaseResource } from '../cases/index.ts';
import { contactMomentPolicy } from './contacts.policy.ts';
import { presentContactMoment, type ContactMomentView } from './contacts.presenter.ts';
import { listContactMoments } from './contacts.repository.ts';

/**
 * The case's latest contact moments, newest first (1-100): empty when the case has none or is not
 * visible to the actor. With a key ring the summaries are decrypted; without one `summary` is null.
 * With the case as the cases module describes it to the actor (`kase`: viewCase's `access`), each item
 * carries `allowedActions` as GET /cases/{caseId}/contact-moments gives them (`update`: she may correct
 * it), so the case screen can offer a correction without asking again.
 */
export async function latestContactMoments(
  tx: Tx,
  caseId: string,
  limit: number,
  keyRing: KeyRing | null = null,
  kase?: CaseResource,
): Promise<(ContactMomentView & { allowedActions?: string[] })[]> {
  const rows = await listContactMoments(tx, caseId, { limit: Math.min(Math.max(Math.trunc(limit), 1), 100) });
  return rows.slice(0, limit).map((row) => ({
    ...presentContactMoment(row, keyRing),
    ...(kase
      ? {
          allowedActions: allowedActions(tx.ctx.actor, contactMomentPolicy, { kase, createdBy: row.created_by, createdAt: row.created_at }),
        }
      : {}),
  }));
}
