// SQL for TOTP factors (totp_factor: sealed seeds, the last accepted time step) and recovery codes
// (recovery_code: SHA-256 of single-use codes).
import { sql, type Kysely } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';
import type { Tables } from '../../../kernel/db/tables.ts';

/** Stores a new seed being enrolled; the confirmed seed, if any, stays until a right code replaces it. */
export async function putPendingSeed(tx: Tx, userId: string, sealed: Buffer): Promise<void> {
  await tx.db
    .insertInto('totp_factor')
    .values({ user_id: userId, pending_secret: sealed })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ pending_secret: sealed }))
    .execute();
}

/** The pending seed becomes the confirmed one (sealed anew), with the step its first code used. */
export async function confirmSeed(tx: Tx, userId: string, sealed: Buffer, step: number): Promise<void> {
  await tx.db
    .updateTable('totp_factor')
    .set({ secret: sealed, pending_secret: null, confirmed_at: sql<Date>`now()`, last_used_step: String(step) })
    .where('user_id', '=', userId)
    .execute();
}

/** Only later steps pass from now on (replay protection). */
export async function consumeStep(tx: Tx, userId: string, step: number): Promise<void> {
  await tx.db
    .updateTable('totp_factor')
    .set({ last_used_step: String(step) })
    .where('user_id', '=', userId)
    .execute();
}

/** The user's factor, locked for the transaction. */
export async function lockTotpFactor(
  tx: Tx,
  userId: string,
): Promise<{ secret: Buffer | null; pending_secret: Buffer | null; last_used_step: string } | undefined> {
  return tx.db
    .selectFrom('totp_factor')
    .select(['secret', 'pending_secret', 'last_used_step'])
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
}

export async function storeSeeds(tx: Tx, userId: string, seeds: { secret: Buffer | null; pending_secret: Buffer | null }): Promise<void> {
  await tx.db
    .updateTable('totp_factor')
    .set({ secret: seeds.secret, pending_secret: seeds.pending_secret })
    .where('user_id', '=', userId)
    .execute();
}

/** Up to `limit` users after `after` (by id) whose seed or pending seed is still in the format before migration 0006. */
export async function usersWithLegacySeeds(db: Kysely<Tables>, after: string, limit: number): Promise<string[]> {
  const { rows } = await sql<{ user_id: string }>`select user_id from totp_factor
    where user_id > ${after}::uuid
      and (substring(secret from 1 for 1) = '\\x00'::bytea or substring(pending_secret from 1 for 1) = '\\x00'::bytea)
    order by user_id limit ${limit}`.execute(db);
  return rows.map((r) => r.user_id);
}

export async function replaceRecoveryCodes(tx: Tx, userId: string, codeHashes: readonly string[]): Promise<void> {
  await tx.db.deleteFrom('recovery_code').where('user_id', '=', userId).execute();
  await tx.db
    .insertInto('recovery_code')
    .values(codeHashes.map((hash) => ({ user_id: userId, code_hash: hash })))
    .execute();
}

/** Marks the unused code with this hash used; false when there is none. */
export async function spendRecoveryCode(tx: Tx, userId: string, codeHash: string): Promise<boolean> {
  const used = await tx.db
    .updateTable('recovery_code')
    .set({ used_at: sql<Date>`now()` })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1;
}

export async function hasUnusedRecoveryCode(tx: Tx, userId: string): Promise<boolean> {
  return (
    (await tx.db
      .selectFrom('recovery_code')
      .select('id')
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .limit(1)
      .executeTakeFirst()) !== undefined
  );
}
