// Granting and revoking roles. Every change is audited with who, when and why, in the same
// transaction. Rules that hold whoever asks: nobody grants to or revokes from themselves (four eyes),
// a grant names a reason, an end date lies after its start. Revocation takes effect at once: grants
// are read on every request (grants.repository.ts). The functions take the caller's transaction
// (other modules and approvals use them); GrantsService is the /grants API around them.
import type { Actor, ActorContext } from '../../../kernel/auth/actor.ts';
import { authorize } from '../../../kernel/auth/policy.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import { AppError } from '../../../kernel/errors.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { mayGive, unitPolicy } from '../identity.policy.ts';
import {
  currentAssignments,
  findAssignment,
  findGrantee,
  findRole,
  insertAssignment,
  lockAssignment,
  markAssignmentRevoked,
  setAssignmentEnd,
  unitExists,
  type RoleAssignment,
} from './assignments.repository.ts';
import { isGroupMember, permissionsOfRoles } from './grants.repository.ts';
import type { Approvals, GrantRequestView } from './approvals.service.ts';
import { EscalationRefused, grantManagersOf, recordingRefusals } from './escalation.ts';

export { currentAssignments, findAssignment, type RoleAssignment } from './assignments.repository.ts';

export interface GrantInput {
  roleId: string;
  userId?: string | null;
  groupId?: string | null;
  unitId: string;
  startsAt?: Date | null;
  endsAt?: Date | null;
  reason: string;
}

/** Who made a change, as identity's `granted_by`, `revoked_by` and `created_by` columns record it: `<actor kind>:<id>`. */
export const recordedBy = (actor: Actor): string => `${actor.kind}:${actor.id ?? 'anonymous'}`;

/**
 * Refuses (400) a grant naming a role, unit, user or group that does not exist, a deactivated user, or
 * an end before the start; answers the role's name.
 */
async function checkGrantInput(tx: Tx, input: GrantInput): Promise<{ roleName: string }> {
  if (input.endsAt && input.endsAt.getTime() <= (input.startsAt ?? new Date()).getTime()) {
    throw AppError.badRequest('The end date must lie after the start.', [
      { pointer: '/body/endsAt', detail: 'must lie after startsAt (or now)' },
    ]);
  }
  // One after the other: a transaction is one connection, which runs one query at a time.
  const role = await findRole(tx, input.roleId);
  const unit = await unitExists(tx, input.unitId);
  const subject = await findGrantee(tx, input);
  const errors = [
    ...(role ? [] : [{ pointer: '/body/roleId', detail: 'no such role' }]),
    ...(unit ? [] : [{ pointer: '/body/unitId', detail: 'no such organisational unit' }]),
    ...(subject
      ? []
      : [{ pointer: input.userId ? '/body/userId' : '/body/groupId', detail: input.userId ? 'no such user' : 'no such group' }]),
    ...(subject?.status === 'deactivated' ? [{ pointer: '/body/userId', detail: 'the user is deactivated' }] : []),
  ];
  if (errors.length > 0) throw AppError.badRequest('The grant refers to something that does not exist.', errors);
  return { roleName: role!.name };
}

/**
 * Writes the grant with its audit event. Who may give it (identity.policy.ts mayGive) and whether it
 * needs a second approver (approvals.service.ts) is decided by the caller; `approval` names the
 * request an approval carries out.
 */
export async function grantRole(tx: Tx, input: GrantInput, approval?: { requestId: string; requestedBy: string }): Promise<RoleAssignment> {
  if (input.userId && input.userId === tx.ctx.actor.id)
    throw AppError.forbidden('You cannot grant roles to yourself; ask another administrator.');
  const { roleName } = await checkGrantInput(tx, input);
  const id = await insertAssignment(tx, {
    roleId: input.roleId,
    userId: input.userId ?? null,
    groupId: input.groupId ?? null,
    unitId: input.unitId,
    startsAt: input.startsAt ?? null,
    endsAt: input.endsAt ?? null,
    reason: input.reason,
    grantedBy: recordedBy(tx.ctx.actor),
  });
  await recordAudit(tx, {
    action: 'grant.create',
    objectType: 'role-assignment',
    objectId: id,
    reason: input.reason,
    details: {
      roleId: input.roleId,
      roleName,
      userId: input.userId ?? null,
      groupId: input.groupId ?? null,
      unitId: input.unitId,
      startsAt: input.startsAt ?? null,
      endsAt: input.endsAt ?? null,
      ...(approval ? { approval } : {}),
    },
  });
  return (await findAssignment(tx, id))!;
}

/** Revokes one assignment now; false when it was already revoked. */
export async function revokeRoleAssignment(
  tx: Tx,
  assignmentId: string,
  reason: string,
  options: { allowSelf?: boolean } = {},
): Promise<boolean> {
  const existing = await lockAssignment(tx, assignmentId);
  if (!existing) throw AppError.notFound();
  if (!options.allowSelf && existing.user_id && existing.user_id === tx.ctx.actor.id)
    throw AppError.forbidden('You cannot revoke your own roles; ask another administrator.');
  if (existing.revoked_at) return false;
  await markAssignmentRevoked(tx, assignmentId, recordedBy(tx.ctx.actor), reason);
  await recordAudit(tx, {
    action: 'grant.revoke',
    objectType: 'role-assignment',
    objectId: assignmentId,
    reason,
    details: { userId: existing.user_id, roleId: existing.role_id, unitId: existing.unit_id },
  });
  return true;
}

/** Ends an assignment at a future moment (a mover's old role ends on the day of the move). */
export async function endRoleAssignmentAt(tx: Tx, assignmentId: string, endsAt: Date, reason: string): Promise<void> {
  if (!(await setAssignmentEnd(tx, assignmentId, endsAt))) throw AppError.conflict('The assignment is revoked or starts after that date.');
  await recordAudit(tx, {
    action: 'grant.end-date',
    objectType: 'role-assignment',
    objectId: assignmentId,
    reason,
    details: { endsAt: endsAt.toISOString() },
  });
}

export class GrantsService {
  readonly #db: Database;
  readonly #approvals: Approvals;

  constructor(db: Database, approvals: Approvals) {
    this.#db = db;
    this.#approvals = approvals;
  }

  /** Current grants of a user or group, those in units where the actor may read users. */
  async list(ctx: ActorContext, filter: { userId?: string; groupId?: string }): Promise<RoleAssignment[]> {
    const items = await this.#db.transaction(ctx, (tx) => currentAssignments(tx, filter));
    const readable = new Set(ctx.actor.scopes?.['users.read'] ?? []);
    return items.filter((g) => readable.has(g.unitId));
  }

  /**
   * POST /grants: a role to a user or a group in a unit. Only who could make the grant herself, never
   * to herself (directly or through a group she is in); a privileged role waits for a second approver.
   */
  async give(ctx: ActorContext, input: GrantInput): Promise<{ granted: RoleAssignment } | { request: GrantRequestView }> {
    return recordingRefusals(this.#db, ctx, async (tx) => {
      const refused = (detail: string) =>
        new EscalationRefused(detail, {
          action: 'grant.create',
          objectType: 'role',
          objectId: input.roleId,
          unitId: input.unitId,
          notify: grantManagersOf([input.unitId]),
          details: { roleId: input.roleId, userId: input.userId ?? null, groupId: input.groupId ?? null, unitId: input.unitId },
        });
      if (input.userId && input.userId === ctx.actor.id) throw refused('You cannot grant roles to yourself; ask another administrator.');
      await checkGrantInput(tx, input);
      if (input.groupId && ctx.actor.id && (await isGroupMember(tx, input.groupId, ctx.actor.id))) {
        throw refused('You are a member of that group: a grant to it is a grant to yourself; ask another administrator.');
      }
      const permissions = this.#approvals.effective((await permissionsOfRoles(tx, [input.roleId])).get(input.roleId)!);
      if (!mayGive(ctx.actor, input.unitId)) {
        throw refused('You can only grant a role in a unit where you manage grants (grants.manage there or above it).');
      }
      if (this.#approvals.isPrivileged(permissions)) {
        const request = await this.#approvals.file(
          tx,
          {
            kind: 'grant',
            roleId: input.roleId,
            userId: input.userId ?? null,
            groupId: input.groupId ?? null,
            unitId: input.unitId,
            startsAt: input.startsAt ?? null,
            endsAt: input.endsAt ?? null,
            reason: input.reason,
          },
          { unitId: input.unitId, notify: grantManagersOf([input.unitId]) },
        );
        return { request };
      }
      return { granted: await grantRole(tx, input) };
    });
  }

  /** Revokes a grant now (effective on the holder's next request); 404 unless the actor manages grants in its unit. */
  async revoke(ctx: ActorContext, grantId: string, reason: string): Promise<RoleAssignment> {
    return this.#db.transaction(ctx, async (tx) => {
      const grant = await findAssignment(tx, grantId);
      if (!grant) throw AppError.notFound();
      authorize(ctx.actor, unitPolicy, 'manageGrants', { id: grant.unitId, parentId: null }, { hideExistence: true });
      await revokeRoleAssignment(tx, grant.id, reason);
      return (await findAssignment(tx, grant.id))!;
    });
  }
}
