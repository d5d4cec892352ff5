// Service accounts and their API tokens: how chain partners' systems (police, public prosecutor) and
// operations tooling call Casus. A service account is an app_user of kind 'service': no password, no
// sessions, no second factor; it holds roles like anyone else (granted with four eyes elsewhere), and
// a token may be narrowed to some of those roles. A token is shown once, when issued; the database
// keeps only its SHA-256 (a stolen copy holds no usable token) and a short prefix to recognise it by.
// Every token expires (at most 366 days ahead) and can be revoked; every change is audited.
import { AppError } from '../../../kernel/errors.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import type { ActorContext } from '../../../kernel/auth/actor.ts';
import { hasPermission } from '../../../kernel/auth/permissions.ts';
import { authorize } from '../../../kernel/auth/policy.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { randomToken, sha256Hex } from '../../../kernel/crypto/tokens.ts';
import { currentAssignments, recordedBy, revokeRoleAssignment } from '../grants/grants.service.ts';
import { userReach } from '../grants/grants.repository.ts';
import { mayGive } from '../identity.policy.ts';
import { EscalationRefused, grantManagersOf, recordRefusal } from '../grants/escalation.ts';
import { findUserById, type UserRow } from '../organisation/users.repository.ts';
import { serviceAccountPolicy } from './service-accounts.policy.ts';
import {
  findServiceAccount,
  findUnit,
  heldRoleIds,
  insertServiceAccount,
  insertToken,
  listServiceAccountRows,
  liveTokenIds,
  lockToken,
  markAccountDeactivated,
  revokeTokenRow,
  tokensOf,
  usernameTaken,
  type TokenRow,
} from './service-accounts.repository.ts';

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

export function newToken(): string {
  return `${TOKEN_PREFIX}${randomToken(32)}`;
}

export function statusOf(row: { revoked_at: Date | null; expires_at: Date }, now = Date.now()): TokenStatus {
  if (row.revoked_at) return 'revoked';
  return row.expires_at.getTime() <= now ? 'expired' : 'active';
}

/** The service account (never a person's account: those answer 404 here), with its unit checked. */
async function accountFor(tx: Tx, accountId: string, options: { forUpdate?: boolean } = {}) {
  const account = await findServiceAccount(tx, accountId, options);
  if (!account) throw AppError.notFound();
  authorize(tx.ctx.actor, serviceAccountPolicy, 'manage', { id: account.id, unitId: account.unit_id }, { hideExistence: true });
  return account;
}

export async function createServiceAccount(
  tx: Tx,
  input: { username: string; displayName: string; unitId: string; reason: string },
): Promise<ServiceAccount> {
  const username = input.username.trim().toLowerCase();
  const displayName = input.displayName.trim();
  const reason = input.reason.trim();
  const errors = [
    ...(new RegExp(USERNAME_PATTERN).test(username)
      ? []
      : [{ pointer: '/body/username', detail: 'lower-case letters, digits and . _ @ + -, 2 to 120 characters' }]),
    ...(displayName.length >= 1 && displayName.length <= 200 ? [] : [{ pointer: '/body/displayName', detail: '1 to 200 characters' }]),
    ...(reason.length >= 1 && reason.length <= 2000 ? [] : [{ pointer: '/body/reason', detail: '1 to 2000 characters' }]),
  ];
  if (errors.length > 0) throw AppError.badRequest('The service account is not valid.', errors);
  const unit = await findUnit(tx, input.unitId);
  if (!unit || !unit.active)
    throw AppError.badRequest('The unit does not exist or is closed.', [
      { pointer: '/body/unitId', detail: 'no such open organisational unit' },
    ]);
  authorize(tx.ctx.actor, serviceAccountPolicy, 'manage', { id: '', unitId: unit.id });
  if (await usernameTaken(tx, username)) throw AppError.conflict('That username is taken.', { pointer: '/body/username' });
  const row = await insertServiceAccount(tx, { username, displayName, unitId: unit.id });
  await recordAudit(tx, {
    action: 'service-account.create',
    objectType: 'user',
    objectId: row.id,
    reason,
    details: { username, unitId: unit.id },
  });
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    unitId: row.unit_id,
    status: row.status,
    createdAt: row.created_at,
    deactivatedAt: row.deactivated_at,
    activeTokens: 0,
    totalTokens: 0,
  };
}

/** Service accounts the actor may manage (all of them for the system actor), with token counts. */
export async function listServiceAccounts(tx: Tx, filter: { username?: string } = {}): Promise<ServiceAccount[]> {
  const actor = tx.ctx.actor;
  let units: string[] | null = null;
  if (actor.kind !== 'system') {
    const permission = 'service-accounts.manage';
    units = hasPermission(actor, permission) ? [...(actor.scopes?.[permission] ?? actor.units ?? [])] : [];
  }
  const rows = await listServiceAccountRows(tx, { units, ...(filter.username ? { username: filter.username.trim().toLowerCase() } : {}) });
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
    ...(input.expiresAt.getTime() > now && input.expiresAt.getTime() <= now + MAX_TOKEN_DAYS * DAY_MS
      ? []
      : [{ pointer: '/body/expiresInDays', detail: `a token expires within ${MAX_TOKEN_DAYS} days` }]),
  ];
  let roleIds: string[] | null = null;
  if (input.roleIds) {
    roleIds = [...new Set(input.roleIds)];
    const held = new Set(await heldRoleIds(tx, account.id));
    const missing = roleIds.filter((id) => !held.has(id));
    if (roleIds.length === 0)
      errors.push({ pointer: '/body/roleIds', detail: "name at least one role, or leave roleIds out for all of the account's roles" });
    for (const id of missing)
      errors.push({ pointer: `/body/roleIds/${input.roleIds.indexOf(id)}`, detail: 'the service account does not hold this role now' });
  }
  if (errors.length > 0) throw AppError.badRequest('The token cannot be issued like this.', errors);
  const reach = (await userReach(tx, account.id)).filter((r) => roleIds === null || roleIds.includes(r.roleId));
  if (actor.kind !== 'system') {
    const units = reach.map((r) => r.unitId);
    if (!reach.every((r) => mayGive(actor, r.unitId))) {
      throw new EscalationRefused(
        "The token would act with grants you could not make yourself: issuing it needs grants.manage in the unit of each of the account's grants.",
        {
          action: 'api-token.issue',
          objectType: 'user',
          objectId: account.id,
          unitId: account.unit_id,
          notify: grantManagersOf(units),
          details: { roleIds },
        },
      );
    }
    if (reach.length === 0)
      throw AppError.badRequest(
        'The service account holds no roles: grant them first (a token carries the roles the account holds when it is issued).',
        [{ pointer: '/body/roleIds', detail: 'the account holds no roles' }],
      );
    roleIds ??= [...new Set(reach.map((r) => r.roleId))];
  }
  const token = newToken();
  const prefix = token.slice(0, SHOWN_CHARS);
  const row = await insertToken(tx, {
    accountId: account.id,
    name,
    tokenHash: sha256Hex(token),
    prefix,
    roleIds,
    createdBy: recordedBy(actor),
    expiresAt: input.expiresAt,
  });
  await recordAudit(tx, {
    action: 'api-token.issue',
    objectType: 'api-token',
    objectId: row.id,
    reason: input.reason?.trim() || null,
    details: {
      accountId: account.id,
      username: account.username,
      name,
      prefix,
      roleIds,
      expiresAt: row.expires_at.toISOString(),
      reach: reach.map((r) => ({ roleId: r.roleId, unitId: r.unitId })),
    },
  });
  return {
    token,
    id: row.id,
    prefix,
    expiresAt: row.expires_at,
    roleIds,
    reach: reach.map((r) => ({ roleId: r.roleId, unitId: r.unitId })),
  };
}

function present(row: TokenRow): TokenSummary {
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
  return (await tokensOf(tx, [accountId])).map(present);
}

/** Tokens of every account the actor may manage (the CLI's overview). */
export async function listAllTokens(tx: Tx, filter: { username?: string } = {}): Promise<(TokenSummary & { username: string })[]> {
  const accounts = await listServiceAccounts(tx, filter);
  if (accounts.length === 0) return [];
  const names = new Map(accounts.map((a) => [a.id, a.username]));
  const rows = await tokensOf(tx, [...names.keys()]);
  return rows.map((row) => ({ ...present(row), username: names.get(row.user_id)! }));
}

/**
 * Revokes a token now (effective on its next request); false when it was already revoked. With
 * `accountId`, a token of another account is not found (ids in URLs must belong together).
 */
export async function revokeToken(tx: Tx, id: string, reason: string, options: { accountId?: string } = {}): Promise<boolean> {
  const token = await lockToken(tx, id);
  if (!token || (options.accountId !== undefined && token.user_id !== options.accountId)) throw AppError.notFound();
  await accountFor(tx, token.user_id);
  const why = reason.trim();
  if (why.length < 1 || why.length > 2000)
    throw AppError.badRequest('Say why the token is revoked.', [{ pointer: '/body/reason', detail: '1 to 2000 characters' }]);
  if (token.revoked_at) return false;
  await revokeTokenRow(tx, id, recordedBy(tx.ctx.actor), why);
  await recordAudit(tx, {
    action: 'api-token.revoke',
    objectType: 'api-token',
    objectId: id,
    reason: why,
    details: { accountId: token.user_id, name: token.name, prefix: token.prefix },
  });
  return true;
}

/**
 * Deactivates the account: its tokens are revoked and its roles revoked in the same transaction (a
 * reactivated account starts from nothing). The authenticator also refuses a deactivated account's
 * tokens, so nothing it held works from the next request on.
 */
export async function deactivateServiceAccount(
  tx: Tx,
  accountId: string,
  reason: string,
): Promise<{ tokensRevoked: number; grantsRevoked: number }> {
  const account = await accountFor(tx, accountId, { forUpdate: true });
  const why = reason.trim();
  if (why.length < 1 || why.length > 2000)
    throw AppError.badRequest('Say why the account is deactivated.', [{ pointer: '/body/reason', detail: '1 to 2000 characters' }]);
  if (account.status === 'deactivated') return { tokensRevoked: 0, grantsRevoked: 0 };
  await markAccountDeactivated(tx, accountId);
  const live = await liveTokenIds(tx, accountId);
  for (const tokenId of live) await revokeToken(tx, tokenId, `account deactivated: ${why}`.slice(0, 2000));
  const grants = await currentAssignments(tx, { userId: accountId });
  for (const grant of grants) await revokeRoleAssignment(tx, grant.id, `account deactivated: ${why}`.slice(0, 2000), { allowSelf: true });
  await recordAudit(tx, {
    action: 'service-account.deactivate',
    objectType: 'user',
    objectId: accountId,
    reason: why,
    details: { username: account.username, tokensRevoked: live.length, grantsRevoked: grants.length },
  });
  return { tokensRevoked: live.length, grantsRevoked: grants.length };
}

/**
 * The operations above for the HTTP routes, each in a transaction of its own. A refusal (403/404 from
 * the policy) is audited in a transaction of its own, which commits; a token that would act beyond
 * what its issuer could grant is a refused escalation, recorded as a security event.
 */
export class ServiceAccountsService {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async #run<T>(ctx: ActorContext, action: string, objectId: string | null, work: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.#db.transaction(ctx, work);
    } catch (error) {
      if (error instanceof EscalationRefused) await this.#db.transaction(ctx, (tx) => recordRefusal(tx, error));
      else if (error instanceof AppError && (error.status === 403 || error.status === 404)) {
        await this.#db.transaction(ctx, (tx) =>
          recordAudit(tx, { action, objectType: 'user', objectId, result: 'denied', reason: error.detail ?? error.title }),
        );
      }
      throw error;
    }
  }

  create(ctx: ActorContext, input: { username: string; displayName: string; unitId: string; reason: string }): Promise<ServiceAccount> {
    return this.#run(ctx, 'service-account.create', null, (tx) => createServiceAccount(tx, input));
  }

  list(ctx: ActorContext): Promise<ServiceAccount[]> {
    return this.#db.transaction(ctx, (tx) => listServiceAccounts(tx));
  }

  tokens(ctx: ActorContext, accountId: string): Promise<TokenSummary[]> {
    return this.#db.transaction(ctx, (tx) => listTokens(tx, accountId));
  }

  issue(
    ctx: ActorContext,
    input: { accountId: string; name: string; expiresAt: Date; roleIds: string[] | null; reason: string | null },
  ): Promise<IssuedToken> {
    return this.#run(ctx, 'api-token.issue', input.accountId, (tx) => issueToken(tx, input));
  }

  async revoke(ctx: ActorContext, accountId: string, tokenId: string, reason: string): Promise<void> {
    await this.#run(ctx, 'api-token.revoke', accountId, (tx) => revokeToken(tx, tokenId, reason, { accountId }));
  }

  deactivate(ctx: ActorContext, accountId: string, reason: string): Promise<{ tokensRevoked: number; grantsRevoked: number }> {
    return this.#run(ctx, 'service-account.deactivate', accountId, (tx) => deactivateServiceAccount(tx, accountId, reason));
  }

  /** The account a token authenticated as (undefined once its row is gone). */
  accountOf(accountId: string): Promise<UserRow | undefined> {
    return findUserById(this.#db.kysely, accountId);
  }
}
