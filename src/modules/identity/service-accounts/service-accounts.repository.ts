// SQL for service accounts (app_user of kind 'service') and their API tokens (api_token: the token's
// SHA-256 and a short prefix, never the token).
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';
import type { Tables } from '../../../kernel/db/tables.ts';
import type { ApiTokenTable } from '../identity.tables.ts';

/** A token as the service reads it: every column but the hash. */
export type TokenRow = Omit<Selectable<ApiTokenTable>, 'token_hash'>;

const TOKEN_COLUMNS = [
  'id',
  'user_id',
  'name',
  'prefix',
  'role_ids',
  'created_at',
  'created_by',
  'expires_at',
  'last_used_at',
  'revoked_at',
  'revoked_by',
  'revoke_reason',
] as const;

/** The service account (never a person's account), optionally locked. */
export function findServiceAccount(tx: Tx, accountId: string, options: { forUpdate?: boolean } = {}) {
  const query = tx.db
    .selectFrom('app_user')
    .select(['id', 'username', 'unit_id', 'status'])
    .where('id', '=', accountId)
    .where('kind', '=', 'service');
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export function findUnit(tx: Tx, unitId: string) {
  return tx.db.selectFrom('org_unit').select(['id', 'active']).where('id', '=', unitId).executeTakeFirst();
}

export async function usernameTaken(tx: Tx, username: string): Promise<boolean> {
  return (await tx.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst()) !== undefined;
}

export function insertServiceAccount(tx: Tx, account: { username: string; displayName: string; unitId: string }) {
  return tx.db
    .insertInto('app_user')
    .values({ kind: 'service', username: account.username, display_name: account.displayName, email: null, unit_id: account.unitId })
    .returning(['id', 'username', 'display_name', 'unit_id', 'status', 'created_at', 'deactivated_at'])
    .executeTakeFirstOrThrow();
}

/** Service accounts (in `units`, or all with null), by username, with their live and total token counts. */
export async function listServiceAccountRows(tx: Tx, filter: { units: readonly string[] | null; username?: string }) {
  let query = tx.db
    .selectFrom('app_user as u')
    .select((eb) => [
      'u.id',
      'u.username',
      'u.display_name as displayName',
      'u.unit_id as unitId',
      'u.status',
      'u.created_at as createdAt',
      'u.deactivated_at as deactivatedAt',
      eb
        .selectFrom('api_token as t')
        .whereRef('t.user_id', '=', 'u.id')
        .where('t.revoked_at', 'is', null)
        .where('t.expires_at', '>', sql<Date>`now()`)
        .select(sql<number>`count(*)::int`.as('n'))
        .as('activeTokens'),
      eb
        .selectFrom('api_token as t')
        .whereRef('t.user_id', '=', 'u.id')
        .select(sql<number>`count(*)::int`.as('n'))
        .as('totalTokens'),
    ])
    .where('u.kind', '=', 'service');
  if (filter.units)
    query = query.where('u.unit_id', 'in', filter.units.length > 0 ? filter.units : ['00000000-0000-0000-0000-000000000000']);
  if (filter.username) query = query.where('u.username', '=', filter.username);
  return query.orderBy('u.username').execute();
}

/** Roles the account holds now (directly or through a group), in any unit. */
export async function heldRoleIds(tx: Tx, accountId: string): Promise<string[]> {
  const { rows } = await sql<{ role_id: string }>`
    select distinct ra.role_id from role_assignment ra
    where (ra.user_id = ${accountId}::uuid or ra.group_id in (select m.group_id from user_group_member m where m.user_id = ${accountId}::uuid))
      and ra.revoked_at is null and ra.starts_at <= now() and (ra.ends_at is null or ra.ends_at > now())`.execute(tx.db);
  return rows.map((r) => r.role_id);
}

export function insertToken(
  tx: Tx,
  token: {
    accountId: string;
    name: string;
    tokenHash: string;
    prefix: string;
    roleIds: string[] | null;
    createdBy: string;
    expiresAt: Date;
  },
) {
  return tx.db
    .insertInto('api_token')
    .values({
      user_id: token.accountId,
      name: token.name,
      token_hash: token.tokenHash,
      prefix: token.prefix,
      role_ids: token.roleIds,
      created_by: token.createdBy,
      expires_at: token.expiresAt,
    })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
}

/** The accounts' tokens, newest first. */
export function tokensOf(tx: Tx, accountIds: readonly string[]): Promise<TokenRow[]> {
  return tx.db
    .selectFrom('api_token')
    .select(TOKEN_COLUMNS)
    .where('user_id', 'in', accountIds)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

export function lockToken(tx: Tx, id: string) {
  return tx.db
    .selectFrom('api_token')
    .select(['id', 'user_id', 'name', 'prefix', 'revoked_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function revokeTokenRow(tx: Tx, id: string, revokedBy: string, reason: string): Promise<void> {
  await tx.db
    .updateTable('api_token')
    .set({ revoked_at: sql<Date>`now()`, revoked_by: revokedBy, revoke_reason: reason })
    .where('id', '=', id)
    .execute();
}

/** Revokes every live token of the user at once; how many. */
export async function revokeTokensOf(tx: Tx, userId: string, revokedBy: string, reason: string): Promise<number> {
  const revoked = await tx.db
    .updateTable('api_token')
    .set({ revoked_at: sql<Date>`now()`, revoked_by: revokedBy, revoke_reason: reason })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(revoked.numUpdatedRows);
}

export async function liveTokenIds(tx: Tx, accountId: string): Promise<string[]> {
  return (await tx.db.selectFrom('api_token').select('id').where('user_id', '=', accountId).where('revoked_at', 'is', null).execute()).map(
    (t) => t.id,
  );
}

export async function markAccountDeactivated(tx: Tx, accountId: string): Promise<void> {
  await tx.db
    .updateTable('app_user')
    .set({ status: 'deactivated', deactivated_at: sql<Date>`now()`, updated_at: sql<Date>`now()`, version: sql<number>`version + 1` })
    .where('id', '=', accountId)
    .execute();
}

/** The token with this hash and its account's kind and status (for the authenticator). */
export function findTokenByHash(db: Kysely<Tables>, tokenHash: string) {
  return db
    .selectFrom('api_token as t')
    .innerJoin('app_user as u', 'u.id', 't.user_id')
    .select([
      't.id',
      't.user_id',
      't.name',
      't.prefix',
      't.role_ids',
      't.expires_at',
      't.revoked_at',
      't.last_used_at',
      'u.kind',
      'u.status',
    ])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchToken(db: Kysely<Tables>, id: string): Promise<void> {
  await db
    .updateTable('api_token')
    .set({ last_used_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}
