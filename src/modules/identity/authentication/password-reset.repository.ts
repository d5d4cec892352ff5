// SQL for password-reset links (one_time_link, purpose 'password-reset'): single use, short-lived,
// only the newest one of a user valid; the table keeps the token's SHA-256, never the token.
import { sql, type Kysely } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';
import type { Tables } from '../../../kernel/db/tables.ts';

/** Ends the user's unused reset links and adds a new one; its id and how many it replaced. */
export async function replaceResetLink(
  tx: Tx,
  input: { userId: string; tokenHash: string; createdBy: string; validMinutes: number },
): Promise<{ id: string; replaced: number }> {
  const replaced = await tx.db
    .updateTable('one_time_link')
    .set({ used_at: sql<Date>`now()` })
    .where('user_id', '=', input.userId)
    .where('purpose', '=', 'password-reset')
    .where('used_at', 'is', null)
    .executeTakeFirst();
  const link = await tx.db
    .insertInto('one_time_link')
    .values({
      purpose: 'password-reset',
      token_hash: input.tokenHash,
      user_id: input.userId,
      created_by: input.createdBy,
      expires_at: sql<Date>`now() + make_interval(mins => ${input.validMinutes})`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: link.id, replaced: Number(replaced.numUpdatedRows) };
}

/** The unused, unexpired reset link with this token hash, with what the password rules need of its user. */
export function findUsableResetLink(db: Kysely<Tables>, tokenHash: string) {
  return db
    .selectFrom('one_time_link as l')
    .innerJoin('app_user as u', 'u.id', 'l.user_id')
    .select(['l.id', 'l.user_id', 'u.username', 'u.email', 'u.display_name', 'u.kind', 'u.status'])
    .where('l.token_hash', '=', tokenHash)
    .where('l.purpose', '=', 'password-reset')
    .where('l.used_at', 'is', null)
    .where('l.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** Spends the link if it is still usable, in the statement that checks it: of two concurrent uses, one wins. */
export async function spendResetLink(tx: Tx, id: string): Promise<boolean> {
  const spent = await tx.db
    .updateTable('one_time_link')
    .set({ used_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(spent.numUpdatedRows) === 1;
}
