// SQL for single sign-on: the sign-in requests between /start and /callback (sso_request, keyed by
// the state's SHA-256) and the links from a provider's subject to a user (external_identity).
import { sql, type Kysely } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';
import type { Tables } from '../../../kernel/db/tables.ts';

export async function insertSsoRequest(
  db: Kysely<Tables>,
  request: { stateHash: string; browserHash: string; codeVerifier: string; nonce: string },
): Promise<void> {
  await db
    .insertInto('sso_request')
    .values({ state_hash: request.stateHash, browser_hash: request.browserHash, code_verifier: request.codeVerifier, nonce: request.nonce })
    .execute();
}

/** Spends the unused, unexpired request of this state (a state is spent by its first use); undefined when there is none. */
export function claimSsoRequest(db: Kysely<Tables>, stateHash: string) {
  return db
    .updateTable('sso_request')
    .set({ used_at: sql<Date>`now()` })
    .where('state_hash', '=', stateHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['browser_hash', 'code_verifier', 'nonce'])
    .executeTakeFirst();
}

/** Why a state could not be claimed: unknown (undefined), used (used_at set) or expired. */
export function findSsoRequest(db: Kysely<Tables>, stateHash: string) {
  return db.selectFrom('sso_request').select('used_at').where('state_hash', '=', stateHash).executeTakeFirst();
}

/** The user linked to this provider account, if any. */
export function findLinkedUser(tx: Tx, issuer: string, subject: string) {
  return tx.db
    .selectFrom('external_identity')
    .innerJoin('app_user', 'app_user.id', 'external_identity.user_id')
    .select(['app_user.id', 'app_user.kind', 'app_user.status'])
    .where('external_identity.issuer', '=', issuer)
    .where('external_identity.subject', '=', subject)
    .executeTakeFirst();
}

export async function touchExternalIdentity(tx: Tx, issuer: string, subject: string): Promise<void> {
  await tx.db
    .updateTable('external_identity')
    .set({ last_login_at: sql<Date>`now()` })
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .execute();
}

/** app_user.email is unique and lower-case: at most one match. */
export function findUserByEmail(tx: Tx, email: string) {
  return tx.db.selectFrom('app_user').select(['id', 'kind', 'status']).where('email', '=', email).executeTakeFirst();
}

/** Links the provider account to the user; false when (issuer, subject) or (issuer, user) is linked already. */
export async function linkExternalIdentity(tx: Tx, issuer: string, subject: string, userId: string): Promise<boolean> {
  const inserted = await tx.db
    .insertInto('external_identity')
    .values({ issuer, subject, user_id: userId, last_login_at: sql<Date>`now()` })
    .onConflict((oc) => oc.doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The user this provider account is linked to, if any. */
export async function linkedUserId(tx: Tx, issuer: string, subject: string): Promise<string | undefined> {
  return (
    await tx.db
      .selectFrom('external_identity')
      .select('user_id')
      .where('issuer', '=', issuer)
      .where('subject', '=', subject)
      .executeTakeFirst()
  )?.user_id;
}

/** Removes the user's links; the issuers they were with. */
export async function deleteExternalIdentities(tx: Tx, userId: string): Promise<string[]> {
  return (await tx.db.deleteFrom('external_identity').where('user_id', '=', userId).returning('issuer').execute()).map((r) => r.issuer);
}

/** Expired sign-in requests are of no use to anyone: deleted by the identity.sso-retention job. */
export async function purgeSsoRequests(db: Kysely<Tables>): Promise<number> {
  const result = await db
    .deleteFrom('sso_request')
    .where('expires_at', '<', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
