// Granting and revoking roles. Every change is audited with who, when and why, in the same
// transaction. Rules that hold whoever asks: nobody grants to or revokes from themselves (four eyes),
// a grant names a reason, an end date lies after its start. Revocation takes effect at once: grants
// are read on every request (grants.repository.ts).
import { sql } from 'kysely';
import { AppError } from '../../../kernel/errors.ts';
import type { Tx } from '../../../kernel/db/database.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';

export interface GrantInput {
  roleId: string;
  userId?: string | null;
  groupId?: string | null;
  unitId: string;
  startsAt?: Date | null;
  endsAt?: Date | null;
  reason: string;
}

export interface RoleAssignment {
  id: string;
  roleId: string;
  roleName: string;
  userId: string | null;
  groupId: string | null;
  unitId: string;
  startsAt: Date;
  endsAt: Date | null;
  reason: string;
  grantedBy: string;
  grantedAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

const actorIdOf = (tx: Tx) => `${tx.ctx.actor.kind}:${tx.ctx.actor.id ?? 'anonymous'}`;

/**
 * Refuses (400) a grant naming a role, unit, user or group that does not exist, a deactivated user, or
 * an end before the start; answers the role's name.
 */
export async function checkGrantInput(tx: Tx, input: GrantInput): Promise<{ roleName: string }> {
  if (input.endsAt && input.endsAt.getTime() <= (input.startsAt ?? new Date()).getTime()) {
    throw AppError.badRequest('The end date must lie after the start.', [{ pointer: '/body/endsAt', detail: 'must lie after startsAt (or now)' }]);
  }
  // One after the other: a transaction is one connection, which runs one query at a time.
  const role = await tx.db.selectFrom('role').select(['id', 'name']).where('id', '=', input.roleId).executeTakeFirst();
  const unit = await tx.db.selectFrom('org_unit').select('id').where('id', '=', input.unitId).executeTakeFirst();
  const subject = input.userId
    ? await tx.db.selectFrom('app_user').select(['id', 'status']).where('id', '=', input.userId).executeTakeFirst()
    : await tx.db.selectFrom('user_group').select(['id', sql<string>`'active'`.as('status')]).where('id', '=', input.groupId ?? '').executeTakeFirst();
  const errors = [
    ...(role ? [] : [{ pointer: '/body/roleId', detail: 'no such role' }]),
    ...(unit ? [] : [{ pointer: '/body/unitId', detail: 'no such organisational unit' }]),
    ...(subject ? [] : [{ pointer: input.userId ? '/body/userId' : '/body/groupId', detail: input.userId ? 'no such user' : 'no such group' }]),
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
  if (input.userId && input.userId === tx.ctx.actor.id) throw AppError.forbidden('You cannot grant roles to yourself; ask another administrator.');
  const { roleName } = await checkGrantInput(tx, input);
  const row = await tx.db
    .insertInto('role_assignment')
    .values({
      role_id: input.roleId,
      user_id: input.userId ?? null,
      group_id: input.groupId ?? null,
      unit_id: input.unitId,
      ...(input.startsAt ? { starts_at: input.startsAt } : {}),
      ends_at: input.endsAt ?? null,
      reason: input.reason,
      granted_by: actorIdOf(tx),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(tx, {
    action: 'grant.create',
    objectType: 'role-assignment',
    objectId: row.id,
    reason: input.reason,
    details: { roleId: input.roleId, roleName, userId: input.userId ?? null, groupId: input.groupId ?? null, unitId: input.unitId, startsAt: input.startsAt ?? null, endsAt: input.endsAt ?? null, ...(approval ? { approval } : {}) },
  });
  return (await findAssignment(tx, row.id))!;
}

/** Revokes one assignment now; false when it was already revoked. */
export async function revokeRoleAssignment(tx: Tx, assignmentId: string, reason: string, options: { allowSelf?: boolean } = {}): Promise<boolean> {
  const existing = await tx.db.selectFrom('role_assignment').select(['id', 'user_id', 'role_id', 'unit_id', 'revoked_at']).where('id', '=', assignmentId).forUpdate().executeTakeFirst();
  if (!existing) throw AppError.notFound();
  if (!options.allowSelf && existing.user_id && existing.user_id === tx.ctx.actor.id) throw AppError.forbidden('You cannot revoke your own roles; ask another administrator.');
  if (existing.revoked_at) return false;
  await tx.db.updateTable('role_assignment').set({ revoked_at: sql<Date>`now()`, revoked_by: actorIdOf(tx), revoke_reason: reason }).where('id', '=', assignmentId).execute();
  await recordAudit(tx, { action: 'grant.revoke', objectType: 'role-assignment', objectId: assignmentId, reason, details: { userId: existing.user_id, roleId: existing.role_id, unitId: existing.unit_id } });
  return true;
}

/** Ends an assignment at a future moment (a mover's old role ends on the day of the move). */
export async function endRoleAssignmentAt(tx: Tx, assignmentId: string, endsAt: Date, reason: string): Promise<void> {
  const result = await tx.db.updateTable('role_assignment').set({ ends_at: endsAt }).where('id', '=', assignmentId).where('revoked_at', 'is', null).where('starts_at', '<', endsAt).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw AppError.conflict('The assignment is revoked or starts after that date.');
  await recordAudit(tx, { action: 'grant.end-date', objectType: 'role-assignment', objectId: assignmentId, reason, details: { endsAt: endsAt.toISOString() } });
}

function assignmentQuery(tx: Tx) {
  return tx.db
    .selectFrom('role_assignment as ra')
    .innerJoin('role as r', 'r.id', 'ra.role_id')
    .select([
      'ra.id', 'ra.role_id as roleId', 'r.name as roleName', 'ra.user_id as userId', 'ra.group_id as groupId', 'ra.unit_id as unitId',
      'ra.starts_at as startsAt', 'ra.ends_at as endsAt', 'ra.reason', 'ra.granted_by as grantedBy', 'ra.granted_at as grantedAt',
      'ra.revoked_at as revokedAt', 'ra.revoked_by as revokedBy', 'ra.revoke_reason as revokeReason',
    ]);
}

export function findAssignment(tx: Tx, id: string): Promise<RoleAssignment | undefined> {
  return assignmentQuery(tx).where('ra.id', '=', id).executeTakeFirst();
}

/**
 * Assignments in force now or later (not revoked, not ended), optionally only those of roles holding
 * one of `permissions` (the privileged ones, for the quarterly review).
 */
export function currentAssignments(tx: Tx, filter: { userId?: string; groupId?: string; permissions?: string[] } = {}): Promise<RoleAssignment[]> {
  let query = assignmentQuery(tx).where('ra.revoked_at', 'is', null).where((eb) => eb.or([eb('ra.ends_at', 'is', null), eb('ra.ends_at', '>', sql<Date>`now()`)]));
  if (filter.userId) query = query.where('ra.user_id', '=', filter.userId);
  if (filter.groupId) query = query.where('ra.group_id', '=', filter.groupId);
  if (filter.permissions) {
    const permissions = filter.permissions;
    query = query.where((eb) => eb.exists(eb.selectFrom('role_permission as rp').select('rp.role_id').whereRef('rp.role_id', '=', 'ra.role_id').where('rp.permission', 'in', permissions.length > 0 ? permissions : [''])));
  }
  return query.orderBy('ra.granted_at').execute();
}

/**
 * The manager responsible for a unit: its own manager, else the nearest ancestor's. Reviews of a
 * grant go to this person (the manager of the unit the grant is in).
 */
export async function responsibleManager(tx: Tx, unitId: string): Promise<string | null> {
  const { rows } = await sql<{ manager_id: string | null }>`
    with recursive up(id, parent_id, manager_id, depth) as (
      select id, parent_id, manager_id, 0 from org_unit where id = ${unitId}::uuid
      union all
      select u.id, u.parent_id, u.manager_id, up.depth + 1 from org_unit u join up on u.id = up.parent_id
    )
    select up.manager_id from up join app_user m on m.id = up.manager_id and m.status = 'active'
    order by depth limit 1`.execute(tx.db);
  return rows[0]?.manager_id ?? null;
}
