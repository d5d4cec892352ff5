// Joiners, movers and leavers. Each change names a reason and writes its audit event in the same
// transaction. Deactivation ends the user's sessions and API tokens and revokes their grants at once
// (a returning leaver gets fresh, explicit grants); every change is effective on the next request
// because sessions and grants are read per request.
import type { Actor, ActorContext } from '../../../kernel/auth/actor.ts';
import { authorize, allowedActions } from '../../../kernel/auth/policy.ts';
import { hasPermissionIn } from '../../../kernel/auth/permissions.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import { onViolation } from '../../../kernel/db/sqlstate.ts';
import { AppError } from '../../../kernel/errors.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { alreadyInUse } from '../identity.errors.ts';
import { userPolicy, type UserResource } from '../identity.policy.ts';
import type { Sessions } from '../sessions/sessions.service.ts';
import type { Throttle } from '../authentication/throttle.ts';
import { accountKey } from '../authentication/throttle.ts';
import { currentAssignments, endRoleAssignmentAt, recordedBy, revokeRoleAssignment } from '../grants/grants.service.ts';
import {
  deleteSecondFactors,
  factorsOf,
  getUser,
  groupsOfUser,
  insertUser,
  listUsers,
  lockUser,
  moveUser,
  setUserStatus,
  updateUserProfile,
} from './users.repository.ts';
import { revokeTokensOf } from '../service-accounts/service-accounts.repository.ts';
import type { AppUserTable } from '../identity.tables.ts';

type UserRow = {
  id: string;
  kind: AppUserTable['kind'];
  username: string;
  display_name: string;
  email: string | null;
  unit_id: string;
  status: 'active' | 'deactivated';
  created_at: Date;
  updated_at: Date;
  deactivated_at: Date | null;
  version: number;
};

const resource = (row: UserRow): UserResource => ({ id: row.id, unitId: row.unit_id, kind: row.kind });

export function presentUser(actor: Actor, row: UserRow) {
  return {
    id: row.id,
    kind: row.kind,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    unitId: row.unit_id,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deactivatedAt: row.deactivated_at?.toISOString() ?? null,
    version: row.version,
    allowedActions: allowedActions(actor, userPolicy, resource(row)),
  };
}

/** The username or the e-mail address (as the constraint's name tells) is someone else's. */
const takenUsernameOrEmail = onViolation({
  unique: ({ constraint }) => alreadyInUse(constraint?.includes('email') ? 'email' : 'username'),
});

export class UsersService {
  readonly #db: Database;
  readonly #sessions: Sessions;
  readonly #throttle: Throttle;

  constructor(db: Database, sessions: Sessions, throttle: Throttle) {
    this.#db = db;
    this.#sessions = sessions;
    this.#throttle = throttle;
  }

  async #load(tx: Tx, userId: string, action: keyof typeof userPolicy): Promise<UserRow> {
    const row = await lockUser(tx, userId);
    // Users one may not read do not exist as far as the caller can tell.
    if (!row || !userPolicy.read(tx.ctx.actor, resource(row))) throw AppError.notFound();
    authorize(tx.ctx.actor, userPolicy, action, resource(row));
    return row;
  }

  async list(ctx: ActorContext, filter: { unitId?: string; status?: 'active' | 'deactivated'; q?: string; after?: string; limit: number }) {
    const units = ctx.actor.scopes?.['users.read'] ?? [];
    if (units.length === 0) return { items: [], next: null };
    const rows: UserRow[] = await listUsers(this.#db.kysely, { ...filter, units, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    return { items: page.map((r) => presentUser(ctx.actor, r)), next: rows.length > filter.limit ? page.at(-1)!.username : null };
  }

  async get(ctx: ActorContext, userId: string) {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await this.#load(tx, userId, 'read');
      const grants = await currentAssignments(tx, { userId });
      const groups = await groupsOfUser(tx, userId);
      const factors = await factorsOf(tx.db, userId);
      return { ...presentUser(ctx.actor, row), grants, groups, factors };
    });
  }

  async create(
    ctx: ActorContext,
    input: { kind: 'staff' | 'volunteer'; username: string; displayName: string; email: string | null; unitId: string; reason: string },
  ) {
    if (!hasPermissionIn(ctx.actor, 'users.manage', input.unitId)) throw AppError.forbidden('You may not add users to that unit.');
    return this.#db.transaction(ctx, async (tx) => {
      const row = await insertUser(tx, {
        kind: input.kind,
        username: input.username.toLowerCase(),
        displayName: input.displayName,
        email: input.email?.toLowerCase() ?? null,
        unitId: input.unitId,
      }).catch(takenUsernameOrEmail);
      await recordAudit(tx, {
        action: 'user.create',
        objectType: 'user',
        objectId: row.id,
        reason: input.reason,
        details: { kind: row.kind, unitId: row.unit_id },
      });
      return presentUser(ctx.actor, row);
    });
  }

  async update(ctx: ActorContext, userId: string, input: { displayName?: string; email?: string | null; version: number }) {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await this.#load(tx, userId, 'update');
      if (row.version !== input.version) throw AppError.preconditionFailed();
      const changed = await updateUserProfile(tx, userId, {
        ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
        ...(input.email !== undefined ? { email: input.email?.toLowerCase() ?? null } : {}),
      }).catch(takenUsernameOrEmail);
      await recordAudit(tx, {
        action: 'user.update',
        objectType: 'user',
        objectId: userId,
        changedFields: Object.keys(input).filter((k) => k !== 'version'),
      });
      return presentUser(ctx.actor, changed);
    });
  }

  /**
   * Moves a user to another unit now. Their grants in units outside the new unit's reach are ended
   * at `endOldGrantsAt` (default: now), so a mover keeps working until the handover date.
   */
  async move(ctx: ActorContext, userId: string, input: { unitId: string; endOldGrantsAt?: Date | null; reason: string }) {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await this.#load(tx, userId, 'move');
      if (!hasPermissionIn(ctx.actor, 'users.manage', input.unitId)) throw AppError.forbidden('You may not move users into that unit.');
      if (row.unit_id === input.unitId)
        throw AppError.badRequest('The user is already in that unit.', [{ pointer: '/body/unitId', detail: 'same as the current unit' }]);
      await moveUser(tx, userId, input.unitId);
      const inOldUnit = (await currentAssignments(tx, { userId })).filter((g) => g.unitId === row.unit_id);
      const endAt = input.endOldGrantsAt ?? null;
      for (const grant of inOldUnit) {
        if (endAt && endAt.getTime() > Date.now()) await endRoleAssignmentAt(tx, grant.id, endAt, `moved: ${input.reason}`);
        else await revokeRoleAssignment(tx, grant.id, `moved: ${input.reason}`);
      }
      await recordAudit(tx, {
        action: 'user.move',
        objectType: 'user',
        objectId: userId,
        reason: input.reason,
        details: { from: row.unit_id, to: input.unitId, grantsEnded: inOldUnit.length, endOldGrantsAt: endAt?.toISOString() ?? 'now' },
      });
      return presentUser(ctx.actor, await getUser(tx, userId));
    });
  }

  async deactivate(ctx: ActorContext, userId: string, reason: string) {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await this.#load(tx, userId, 'deactivate');
      if (row.status === 'deactivated') throw AppError.conflict('The user is already deactivated.');
      await setUserStatus(tx, userId, 'deactivated');
      const sessions = await this.#sessions.endAllFor(tx, userId, 'user-deactivated');
      const tokens = await revokeTokensOf(tx, userId, recordedBy(ctx.actor), 'account deactivated');
      const grants = await currentAssignments(tx, { userId });
      for (const grant of grants) await revokeRoleAssignment(tx, grant.id, `deactivated: ${reason}`);
      await recordAudit(tx, {
        action: 'user.deactivate',
        objectType: 'user',
        objectId: userId,
        reason,
        details: { sessionsEnded: sessions, tokensRevoked: tokens, grantsRevoked: grants.length },
      });
      return presentUser(ctx.actor, await getUser(tx, userId));
    });
  }

  async reactivate(ctx: ActorContext, userId: string, reason: string) {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await this.#load(tx, userId, 'reactivate');
      if (row.status === 'active') throw AppError.conflict('The user is already active.');
      await setUserStatus(tx, userId, 'active');
      await recordAudit(tx, { action: 'user.reactivate', objectType: 'user', objectId: userId, reason });
      return presentUser(ctx.actor, await getUser(tx, userId));
    });
  }

  /** Removes every second factor and ends all sessions: the user enrols anew at the next sign-in. */
  async resetFactors(ctx: ActorContext, userId: string, reason: string): Promise<void> {
    await this.#db.transaction(ctx, async (tx) => {
      await this.#load(tx, userId, 'resetFactors');
      const removed = await deleteSecondFactors(tx, userId);
      await this.#sessions.endAllFor(tx, userId, 'factors-reset');
      await recordAudit(tx, { action: 'auth.factors-reset', objectType: 'user', objectId: userId, reason, details: removed });
    });
  }

  async unlock(ctx: ActorContext, userId: string, reason: string): Promise<boolean> {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await this.#load(tx, userId, 'unlock');
      const unlocked = await this.#throttle.unlock(accountKey(row.username));
      await recordAudit(tx, { action: 'auth.unlock', objectType: 'user', objectId: userId, reason, details: { wasLocked: unlocked } });
      return unlocked;
    });
  }

  async endSessions(ctx: ActorContext, userId: string, reason: string): Promise<number> {
    return this.#db.transaction(ctx, async (tx) => {
      await this.#load(tx, userId, 'endSessions');
      const ended = await this.#sessions.endAllFor(tx, userId, 'ended-by-administrator');
      await recordAudit(tx, {
        action: 'session.end-by-administrator',
        objectType: 'user',
        objectId: userId,
        reason,
        details: { sessions: ended },
      });
      return ended;
    });
  }

  /** The user's sessions (her own, or with sessions.manage in her unit); `currentId` marks the caller's. */
  async sessions(ctx: ActorContext, userId: string, currentId: string | null) {
    await this.#db.transaction(ctx, (tx) => this.#load(tx, userId, 'listSessions'));
    return this.#sessions.list(userId, currentId);
  }
}
