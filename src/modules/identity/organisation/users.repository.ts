// SQL about users (app_user): joiners, movers and leavers, and the look-ups several services share.
import { sql, type Kysely } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';
import type { Tables } from '../../../kernel/db/tables.ts';
import type { AppUserTable } from '../identity.tables.ts';

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
  const totp = await db
    .selectFrom('totp_factor')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
  const webauthn = await db
    .selectFrom('webauthn_credential')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  const recovery = await db
    .selectFrom('recovery_code')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { totp: !!totp, webauthn: Number(webauthn.n), recoveryCodes: Number(recovery.n) };
}

export function hasSecondFactor(factors: { totp: boolean; webauthn: number }): boolean {
  return factors.totp || factors.webauthn > 0;
}

/** The user, locked for the transaction; undefined when there is none. */
export function lockUser(tx: Tx, id: string) {
  return tx.db.selectFrom('app_user').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The user, who must exist (read back after a change in the same transaction). */
export function getUser(tx: Tx, id: string) {
  return tx.db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/**
 * Users in `units` by username, after `after`, at most `limit`; `q` is matched (case-insensitively)
 * against part of the username, display name or e-mail address.
 */
export function listUsers(
  db: Kysely<Tables>,
  filter: { units: readonly string[]; unitId?: string; status?: 'active' | 'deactivated'; q?: string; after?: string; limit: number },
) {
  let query = db.selectFrom('app_user').selectAll().where('unit_id', 'in', filter.units);
  if (filter.unitId) query = query.where('unit_id', '=', filter.unitId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;
    query = query.where((eb) =>
      eb.or([eb('username', 'like', like), eb(sql`lower(display_name)`, 'like', like), eb('email', 'like', like)]),
    );
  }
  if (filter.after) query = query.where('username', '>', filter.after);
  return query.orderBy('username').limit(filter.limit).execute();
}

/** The groups the user is a member of, by name. */
export function groupsOfUser(tx: Tx, userId: string) {
  return tx.db
    .selectFrom('user_group_member as m')
    .innerJoin('user_group as g', 'g.id', 'm.group_id')
    .select(['g.id', 'g.name'])
    .where('m.user_id', '=', userId)
    .orderBy('g.name')
    .execute();
}

/** Throws the database's unique violation (23505) when the username or e-mail address is taken. */
export function insertUser(
  tx: Tx,
  user: { kind: AppUserTable['kind']; username: string; displayName: string; email: string | null; unitId: string },
) {
  return tx.db
    .insertInto('app_user')
    .values({ kind: user.kind, username: user.username, display_name: user.displayName, email: user.email, unit_id: user.unitId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Changes the given fields and bumps the version; throws the unique violation (23505) for a taken e-mail address. */
export function updateUserProfile(tx: Tx, id: string, changes: { displayName?: string; email?: string | null }) {
  return tx.db
    .updateTable('app_user')
    .set({
      ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
      ...(changes.email !== undefined ? { email: changes.email } : {}),
      updated_at: sql<Date>`now()`,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function moveUser(tx: Tx, id: string, unitId: string): Promise<void> {
  await tx.db
    .updateTable('app_user')
    .set({ unit_id: unitId, updated_at: sql<Date>`now()`, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .execute();
}

export async function setUserStatus(tx: Tx, id: string, status: 'active' | 'deactivated'): Promise<void> {
  await tx.db
    .updateTable('app_user')
    .set({
      status,
      deactivated_at: status === 'deactivated' ? sql<Date>`now()` : null,
      updated_at: sql<Date>`now()`,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', id)
    .execute();
}

/** Removes every second factor of the user (and her recovery codes); how many of each. */
export async function deleteSecondFactors(tx: Tx, userId: string): Promise<{ totp: number; passkeys: number; recoveryCodes: number }> {
  return {
    totp: Number((await tx.db.deleteFrom('totp_factor').where('user_id', '=', userId).executeTakeFirst()).numDeletedRows),
    passkeys: Number((await tx.db.deleteFrom('webauthn_credential').where('user_id', '=', userId).executeTakeFirst()).numDeletedRows),
    recoveryCodes: Number((await tx.db.deleteFrom('recovery_code').where('user_id', '=', userId).executeTakeFirst()).numDeletedRows),
  };
}
