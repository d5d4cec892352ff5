// Service accounts and their API tokens: how chain partners' systems (police, public prosecutor) and
// operations tooling call Casus. A service account is an app_user of kind 'service': no password, no
// sessions, no second factor; it holds roles like anyone else (granted with four eyes elsewhere), and
// a token may be narrowed to some of those roles. A token is shown once, when issued; the database
// keeps only its SHA-256 (a stolen copy holds no usable token) and a short prefix to recognise it by.
// Every token expires (at most 366 days ahead) and can be revoked; every change is audited.
import { sql } from 'kysely';
import { AppError } from '../../../kernel/errors.ts';
import type { Tx } from '../../../kernel/db/database.ts';
import type { Actor } from '../../../kernel/auth/actor.ts';
import { hasPermission, hasPermissionIn } from '../../../kernel/auth/access.ts';
import { authorize, definePolicy } from '../../../kernel/auth/policy.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { randomToken, sha256Hex } from '../../../kernel/crypto/tokens.ts';
import { currentAssignments, revokeRoleAssignment } from '../grants/grants.service.ts';
import { userReach } from '../grants/grants.repository.ts';
import { mayGive } from '../identity.policy.ts';
import { EscalationRefused, grantManagersOf } from '../grants/escalation.ts';

export const TOKEN_PREFIX = 'casus_';
/** `casus_` and 43 base64url characters (32 random bytes). */
export const TOKEN_PATTERN = /^casus_[A-Za-z0-9_-]{43}$/;
/** How much of the token lists show: the fixed prefix plus 6 characters (36 of its 256 bits). */
const SHOWN_CHARS = 12;
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 366;
const DAY_MS = 86_400_000;
/** Same rule as the app_user.username check constraint, so bad names are a 400, not a database error. */
export const USERNAME_PATTERN = '^[a-z0-9][a-z0-9._@+-]{1,119}$';

export interface ServiceAccount {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  status: 'active' | 'deactivated';
  createdAt: Date;
  deactivatedAt: Date | null;
  activeTokens: number;
  totalTokens: number;
}

export type TokenStatus = 'active' | 'expired' | 'revoked';

export interface TokenSummary {
  id: string;
  accountId: string;
  name: string;
  prefix: string;
  roleIds: string[] | null;
  status: TokenStatus;
  createdAt: Date;
  createdBy: string;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

export interface IssuedToken {
  /** The secret itself: returned this once, never stored. */
  token: string;
  id: string;
  prefix: string;
  expiresAt: Date;
  /** The roles the token may use; null: all of the account's, now and later (CLI only). */
  roleIds: string[] | null;
  /** The account's grants the token reached when issued. */
  reach: { roleId: string; unitId: string }[];
}

interface AccountResource {
  id: string;
  unitId: string;
}

// The CLI runs as the system actor on the owner's say-so (it holds the database credentials); people
// and other services need the permission in the account's unit. A service never issues tokens for
// itself: a leaked token must not be able to mint a longer-lived successor.
const serviceAccountPolicy = definePolicy<AccountResource, 'manage' | 'issue'>({
  manage: (actor, account) => actor.kind === 'system' || hasPermissionIn(actor, 'service-accounts.manage', account.unitId),
  issue: (actor, account) => actor.id !== account.id && (actor.kind === 'system' || hasPermissionIn(actor, 'service-accounts.manage', account.unitId)),
});

const actorIdOf = (actor: Actor) => `${actor.kind}:${actor.id ?? 'anonymous'}`;

export function newToken(): string {
  return `${TOKEN_PREFIX}${randomToken(32)}`;
}

export function statusOf(row: { revoked_at: Date | null; expires_at: Date }, now = Date.now()): TokenStatus {
  if (row.revoked_at) return 'revoked';
  return row.expires_at.getTime() <= now ? 'expired' : 'active';
}

/** The service account (never a person's account: those answer 404 here), with its unit checked. */
async function accountFor(tx: Tx, accountId: string, options: { forUpdate?: boolean } = {}) {
  let query = tx.db.selectFrom('app_user').select(['id', 'username', 'unit_id', 'status']).where('id', '=', accountId).where('kind', '=', 'service');
  if (options.forUpdate) query = query.forUpdate();
  const account = await query.executeTakeFirst();
  if (!account) throw AppError.notFound();
  authorize(tx.ctx.actor, serviceAccountPolicy, 'manage', { id: account.id, unitId: account.unit_id }, { hideExistence: true });
  return account;
}

export async function createServiceAccount(tx: Tx, input: { username: string; displayName: string; unitId: string; reason: string }): Promise<ServiceAccount> {
  const username = input.username.trim().toLowerCase();
  const displayName = input.displayName.trim();
  const reason = input.reason.trim();
  const errors = [
    ...(new RegExp(USERNAME_PATTERN).test(username) ? [] : [{ pointer: '/body/username', detail: 'lower-case letters, digits and . _ @ + -, 2 to 120 characters' }]),
    ...(displayName.length >= 1 && displayName.length <= 200 ? [] : [{ pointer: '/body/displayName', detail: '1 to 200 characters' }]),
    ...(reason.length >= 1 && reason.length <= 2000 ? [] : [{ pointer: '/body/reason', detail: '1 to 2000 characters' }]),
  ];
  if (errors.length > 0) throw AppError.badRequest('The service account is not valid.', errors);
  const unit = await tx.db.selectFrom('org_unit').select(['id', 'active']).where('id', '=', input.unitId).executeTakeFirst();
  if (!unit || !unit.active) throw AppError.badRequest('The unit does not exist or is closed.', [{ pointer: '/body/unitId', detail: 'no such open organisational unit' }]);
  authorize(tx.ctx.actor, serviceAccountPolicy, 'manage', { id: '', unitId: unit.id });
  const taken = await tx.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst();
  if (taken) throw AppError.conflict('That username is taken.', { pointer: '/body/username' });
  const row = await tx.db
    .insertInto('app_user')
    .values({ kind: 'service', username, display_name: displayName, email: null, unit_id: unit.id })
    .returning(['id', 'username', 'display_name', 'unit_id', 'status', 'created_at', 'deactivated_at'])
    .executeTakeFirstOrThrow();
  await recordAudit(tx, { action: 'service-account.create', objectType: 'user', objectId: row.id, reason, details: { username, unitId: unit.id } });
  return { id: row.id, username: row.username, displayName: row.display_name, unitId: row.unit_id, status: row.status, createdAt: row.created_at, deactivatedAt: row.deactivated_at, activeTokens: 0, totalTokens: 0 };
}

/** Service accounts the actor may manage (all of them for the system actor), with token counts. */
export async function listServiceAccounts(tx: Tx, filter: { username?: string } = {}): Promise<ServiceAccount[]> {
  const actor = tx.ctx.actor;
  let query = tx.db
    .selectFrom('app_user as u')
    .select((eb) => [
      'u.id', 'u.username', 'u.display_name as displayName', 'u.unit_id as unitId', 'u.status', 'u.created_at as createdAt', 'u.deactivated_at as deactivatedAt',
      eb.selectFrom('api_token as t').whereRef('t.user_id', '=', 'u.id').where('t.revoked_at', 'is', null).where('t.expires_at', '>', sql<Date>`now()`)
        .select(sql<number>`count(*)::int`.as('n')).as('activeTokens'),
      eb.selectFrom('api_token as t').whereRef('t.user_id', '=', 'u.id').select(sql<number>`count(*)::int`.as('n')).as('totalTokens'),
    ])
    .where('u.kind', '=', 'service');
  if (actor.kind !== 'system') {
    const permission = 'service-accounts.manage';
    const units = hasPermission(actor, permission) ? [...(actor.scopes?.[permission] ?? actor.units ?? [])] : [];
    query = query.where('u.unit_id', 'in', units.length > 0 ? units : ['00000000-0000-0000-0000-000000000000']);
  }
  if (filter.username) query = query.where('u.username', '=', filter.username.trim().toLowerCase());
  const rows = await query.orderBy('u.username').execute();
  return rows.map((r) => ({ ...r, activeTokens: r.activeTokens ?? 0, totalTokens: r.totalTokens ?? 0 }));
}

/**
 * Issues a token. A token acts with the account's grants, so whoever issues it must be able to make
 * every one of those grants herself (identity.policy.ts mayGive), over every unit they reach; and the
 * token carries the roles checked, named explicitly, so a role the account is granted later does not
 * flow into it (the same role granted later in another unit still does: see the README). The CLI
 * (`casus tokens create`, the system actor on the operator's say-so: it holds the database login) is
 * not checked, and keeps "all the account's roles" when it names none; every issue records the grants
 * the token reaches at that moment.
 */
export async function issueToken(
  tx: Tx,
  input: { accountId: string; name: string; expiresAt: Date; roleIds?: string[] | null; reason?: string | null },
): Promise<IssuedToken> {
  const account = await accountFor(tx, input.accountId, { forUpdate: true });
  const actor = tx.ctx.actor;
  authorize(actor, serviceAccountPolicy, 'issue', { id: account.id, unitId: account.unit_id });
  if (account.status !== 'active') throw AppError.conflict('The service account is deactivated: it cannot get new tokens.');
  const name = input.name.trim();
  const now = Date.now();
  const errors = [
    ...(name.length >= 1 && name.length <= 200 ? [] : [{ pointer: '/body/name', detail: '1 to 200 characters' }]),
    ...(input.expiresAt.getTime() > now && input.expiresAt.getTime() <= now + MAX_TOKEN_DAYS * DAY_MS ? [] : [{ pointer: '/body/expiresInDays', detail: `a token expires within ${MAX_TOKEN_DAYS} days` }]),
  ];
  let roleIds: string[] | null = null;
  if (input.roleIds) {
    roleIds = [...new Set(input.roleIds)];
    const held = new Set((await heldRoleIds(tx, account.id)));
    const missing = roleIds.filter((id) => !held.has(id));
    if (roleIds.length === 0) errors.push({ pointer: '/body/roleIds', detail: 'name at least one role, or leave roleIds out for all of the account\'s roles' });
    for (const id of missing) errors.push({ pointer: `/body/roleIds/${input.roleIds.indexOf(id)}`, detail: 'the service account does not hold this role now' });
  }
  if (errors.length > 0) throw AppError.badRequest('The token cannot be issued like this.', errors);
  const reach = (await userReach(tx, account.id)).filter((r) => roleIds === null || roleIds.includes(r.roleId));
  if (actor.kind !== 'system') {
    const units = reach.map((r) => r.unitId);
    if (!reach.every((r) => mayGive(actor, r.unitId))) {
      throw new EscalationRefused('The token would act with grants you could not make yourself: issuing it needs grants.manage in the unit of each of the account\'s grants.', {
        action: 'api-token.issue', objectType: 'user', objectId: account.id, unitId: account.unit_id, notify: grantManagersOf(units), details: { roleIds },
      });
    }
    if (reach.length === 0) throw AppError.badRequest('The service account holds no roles: grant them first (a token carries the roles the account holds when it is issued).', [{ pointer: '/body/roleIds', detail: 'the account holds no roles' }]);
    roleIds ??= [...new Set(reach.map((r) => r.roleId))];
  }
  const token = newToken();
  const prefix = token.slice(0, SHOWN_CHARS);
  const row = await tx.db
    .insertInto('api_token')
    .values({ user_id: account.id, name, token_hash: sha256Hex(token), prefix, role_ids: roleIds, created_by: actorIdOf(actor), expires_at: input.expiresAt })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
  await recordAudit(tx, {
    action: 'api-token.issue',
    objectType: 'api-token',
    objectId: row.id,
    reason: input.reason?.trim() || null,
    details: {
      accountId: account.id, username: account.username, name, prefix, roleIds, expiresAt: row.expires_at.toISOString(),
      reach: reach.map((r) => ({ roleId: r.roleId, unitId: r.unitId })),
    },
  });
  return { token, id: row.id, prefix, expiresAt: row.expires_at, roleIds, reach: reach.map((r) => ({ roleId: r.roleId, unitId: r.unitId })) };
}

/** Roles the account holds now (directly or through a group), in any unit. */
async function heldRoleIds(tx: Tx, accountId: string): Promise<string[]> {
  const { rows } = await sql<{ role_id: string }>`
    select distinct ra.role_id from role_assignment ra
    where (ra.user_id = ${accountId}::uuid or ra.group_id in (select m.group_id from user_group_member m where m.user_id = ${accountId}::uuid))
      and ra.revoked_at is null and ra.starts_at <= now() and (ra.ends_at is null or ra.ends_at > now())`.execute(tx.db);
  return rows.map((r) => r.role_id);
}

const tokenColumns = [
  'id', 'user_id', 'name', 'prefix', 'role_ids', 'created_at', 'created_by', 'expires_at', 'last_used_at', 'revoked_at', 'revoked_by', 'revoke_reason',
] as const;

function present(row: { id: string; user_id: string; name: string; prefix: string; role_ids: string[] | null; created_at: Date; created_by: string; expires_at: Date; last_used_at: Date | null; revoked_at: Date | null; revoked_by: string | null; revoke_reason: string | null }): TokenSummary {
  return {
    id: row.id,
    accountId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    roleIds: row.role_ids,
    status: statusOf(row),
    createdAt: row.created_at,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    revokeReason: row.revoke_reason,
  };
}

/** The account's tokens, newest first; never the secret (it is not stored) nor its hash. */
export async function listTokens(tx: Tx, accountId: string): Promise<TokenSummary[]> {
  await accountFor(tx, accountId);
  const rows = await tx.db.selectFrom('api_token').select(tokenColumns).where('user_id', '=', accountId).orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map(present);
}

/** Tokens of every account the actor may manage (the CLI's overview). */
export async function listAllTokens(tx: Tx, filter: { username?: string } = {}): Promise<(TokenSummary & { username: string })[]> {
  const accounts = await listServiceAccounts(tx, filter);
  if (accounts.length === 0) return [];
  const names = new Map(accounts.map((a) => [a.id, a.username]));
  const rows = await tx.db.selectFrom('api_token').select(tokenColumns).where('user_id', 'in', [...names.keys()]).orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map((row) => ({ ...present(row), username: names.get(row.user_id)! }));
}

/**
 * Revokes a token now (effective on its next request); false when it was already revoked. With
 * `accountId`, a token of another account is not found (ids in URLs must belong together).
 */
export async function revokeToken(tx: Tx, id: string, reason: string, options: { accountId?: string } = {}): Promise<boolean> {
  const token = await tx.db.selectFrom('api_token').select(['id', 'user_id', 'name', 'prefix', 'revoked_at']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!token || (options.accountId !== undefined && token.user_id !== options.accountId)) throw AppError.notFound();
  await accountFor(tx, token.user_id);
  const why = reason.trim();
  if (why.length < 1 || why.length > 2000) throw AppError.badRequest('Say why the token is revoked.', [{ pointer: '/body/reason', detail: '1 to 2000 characters' }]);
  if (token.revoked_at) return false;
  await tx.db.updateTable('api_token').set({ revoked_at: sql<Date>`now()`, revoked_by: actorIdOf(tx.ctx.actor), revoke_reason: why }).where('id', '=', id).execute();
  await recordAudit(tx, { action: 'api-token.revoke', objectType: 'api-token', objectId: id, reason: why, details: { accountId: token.user_id, name: token.name, prefix: token.prefix } });
  return true;
}

/**
 * Deactivates the account: its tokens are revoked and its roles revoked in the same transaction (a
 * reactivated account starts from nothing). The authenticator also refuses a deactivated account's
 * tokens, so nothing it held works from the next request on.
 */
export async function deactivateServiceAccount(tx: Tx, accountId: string, reason: string): Promise<{ tokensRevoked: number; grantsRevoked: number }> {
  const account = await accountFor(tx, accountId, { forUpdate: true });
  const why = reason.trim();
  if (why.length < 1 || why.length > 2000) throw AppError.badRequest('Say why the account is deactivated.', [{ pointer: '/body/reason', detail: '1 to 2000 characters' }]);
  if (account.status === 'deactivated') return { tokensRevoked: 0, grantsRevoked: 0 };
  await tx.db.updateTable('app_user')
    .set({ status: 'deactivated', deactivated_at: sql<Date>`now()`, updated_at: sql<Date>`now()`, version: sql<number>`version + 1` })
    .where('id', '=', accountId).execute();
  const live = await tx.db.selectFrom('api_token').select('id').where('user_id', '=', accountId).where('revoked_at', 'is', null).execute();
  for (const token of live) await revokeToken(tx, token.id, `account deactivated: ${why}`.slice(0, 2000));
  const grants = await currentAssignments(tx, { userId: accountId });
  for (const grant of grants) await revokeRoleAssignment(tx, grant.id, `account deactivated: ${why}`.slice(0, 2000), { allowSelf: true });
  await recordAudit(tx, { action: 'service-account.deactivate', objectType: 'user', objectId: accountId, reason: why, details: { username: account.username, tokensRevoked: live.length, grantsRevoked: grants.length } });
  return { tokensRevoked: live.length, grantsRevoked: grants.length };
}
