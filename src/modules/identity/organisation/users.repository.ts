// SQL about users that several services share.
import type { Kysely } from 'kysely';
import type { Tables } from '../../../kernel/db/tables.ts';

export type UserRow = Awaited<ReturnType<typeof findUserById>> & object;

export function findUserById(db: Kysely<Tables>, id: string) {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByUsername(db: Kysely<Tables>, username: string) {
  return db.selectFrom('app_user').selectAll().where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
}

/** Which second factors the user has set up (confirmed). */
export async function factorsOf(db: Kysely<Tables>, userId: string): Promise<{ totp: boolean; webauthn: number; recoveryCodes: number }> {
  // One after the other: inside a transaction `db` is one connection, which runs one query at a time.
  const totp = await db.selectFrom('totp_factor').select('user_id').where('user_id', '=', userId).where('confirmed_at', 'is not', null).executeTakeFirst();
  const webauthn = await db.selectFrom('webauthn_credential').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow();
  const recovery = await db.selectFrom('recovery_code').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirstOrThrow();
  return { totp: !!totp, webauthn: Number(webauthn.n), recoveryCodes: Number(recovery.n) };
}

export function hasSecondFactor(factors: { totp: boolean; webauthn: number }): boolean {
  return factors.totp || factors.webauthn > 0;
}
