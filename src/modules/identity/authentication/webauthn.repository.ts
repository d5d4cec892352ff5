// SQL for passkeys (webauthn_credential: public key, signature counter, transports per credential).
import { sql, type Kysely } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';
import type { Tables } from '../../../kernel/db/tables.ts';

const LISTED = ['id', 'name', 'created_at', 'last_used_at', 'transports'] as const;

/** Stores a new credential; undefined when its id is registered already. */
export function insertPasskey(
  tx: Tx,
  passkey: { id: string; userId: string; publicKey: Buffer; counter: number; transports: string[]; name: string },
) {
  return tx.db
    .insertInto('webauthn_credential')
    .values({
      id: passkey.id,
      user_id: passkey.userId,
      public_key: passkey.publicKey,
      counter: String(passkey.counter),
      transports: passkey.transports,
      name: passkey.name,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning(LISTED)
    .executeTakeFirst();
}

/** The user's credential with this id, locked: two simultaneous assertions cannot both pass the counter check. */
export function lockPasskey(tx: Tx, id: string, userId: string) {
  return tx.db
    .selectFrom('webauthn_credential')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
}

export async function advanceCounter(tx: Tx, id: string, counter: number): Promise<void> {
  await tx.db
    .updateTable('webauthn_credential')
    .set({ counter: String(counter), last_used_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export function listPasskeys(db: Kysely<Tables>, userId: string) {
  return db.selectFrom('webauthn_credential').select(LISTED).where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
}

export async function countPasskeys(db: Kysely<Tables>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('webauthn_credential')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Ids and transports of the user's credentials, oldest first (for the browser's allow and exclude lists). */
export function credentialsOf(db: Kysely<Tables>, userId: string) {
  return db.selectFrom('webauthn_credential').select(['id', 'transports']).where('user_id', '=', userId).orderBy('created_at').execute();
}

/**
 * Locks the user's second factors (passkeys and a confirmed TOTP factor): two removals at once cannot
 * each leave the other as the last one.
 */
export async function lockSecondFactors(tx: Tx, userId: string): Promise<{ passkeyIds: string[]; totp: boolean }> {
  const passkeys = await tx.db.selectFrom('webauthn_credential').select('id').where('user_id', '=', userId).forUpdate().execute();
  const totp = await tx.db
    .selectFrom('totp_factor')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .forUpdate()
    .executeTakeFirst();
  return { passkeyIds: passkeys.map((p) => p.id), totp: totp !== undefined };
}

export async function deletePasskey(tx: Tx, id: string, userId: string): Promise<void> {
  await tx.db.deleteFrom('webauthn_credential').where('id', '=', id).where('user_id', '=', userId).execute();
}
