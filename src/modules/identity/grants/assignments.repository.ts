// SQL for role assignments (role_assignment: a role to a user or a group in a unit, dated, revocable)
// and the checks a new one needs: that its role, unit and holder exist.
import { sql } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';

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

export function findRole(tx: Tx, roleId: string) {
  return tx.db.selectFrom('role').select(['id', 'name']).where('id', '=', roleId).executeTakeFirst();
}

export async function unitExists(tx: Tx, unitId: string): Promise<boolean> {
  return (await tx.db.selectFrom('org_unit').select('id').where('id', '=', unitId).executeTakeFirst()) !== undefined;
}

/** The user (with her status) or group (always 'active') a grant is for; undefined when there is none. */
export function findGrantee(
  tx: Tx,
  grantee: { userId?: string | null; groupId?: string | null },
): Promise<{ id: string; status: string } | undefined> {
  return grantee.userId
    ? tx.db.selectFrom('app_user').select(['id', 'status']).where('id', '=', grantee.userId).executeTakeFirst()
    : tx.db
        .selectFrom('user_group')
        .select(['id', sql<string>`'active'`.as('status')])
        .where('id', '=', grantee.groupId ?? '')
        .executeTakeFirst();
}

export async function insertAssignment(
  tx: Tx,
  assignment: {
    roleId: string;
    userId: string | null;
    groupId: string | null;
    unitId: string;
    startsAt: Date | null;
    endsAt: Date | null;
    reason: string;
    grantedBy: string;
  },
): Promise<string> {
  const row = await tx.db
    .insertInto('role_assignment')
    .values({
      role_id: assignment.roleId,
      user_id: assignment.userId,
      group_id: assignment.groupId,
      unit_id: assignment.unitId,
      ...(assignment.startsAt ? { starts_at: assignment.startsAt } : {}),
      ends_at: assignment.endsAt,
      reason: assignment.reason,
      granted_by: assignment.grantedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function lockAssignment(tx: Tx, id: string) {
  return tx.db
    .selectFrom('role_assignment')
    .select(['id', 'user_id', 'role_id', 'unit_id', 'revoked_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function markAssignmentRevoked(tx: Tx, id: string, revokedBy: string, reason: string): Promise<void> {
  await tx.db
    .updateTable('role_assignment')
    .set({ revoked_at: sql<Date>`now()`, revoked_by: revokedBy, revoke_reason: reason })
    .where('id', '=', id)
    .execute();
}

/** Sets the end of an unrevoked assignment that starts before it; false when there is none such. */
export async function setAssignmentEnd(tx: Tx, id: string, endsAt: Date): Promise<boolean> {
  const result = await tx.db
    .updateTable('role_assignment')
    .set({ ends_at: endsAt })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where('starts_at', '<', endsAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

function assignmentQuery(tx: Tx) {
  return tx.db
    .selectFrom('role_assignment as ra')
    .innerJoin('role as r', 'r.id', 'ra.role_id')
    .select([
      'ra.id',
      'ra.role_id as roleId',
      'r.name as roleName',
      'ra.user_id as userId',
      'ra.group_id as groupId',
      'ra.unit_id as unitId',
      'ra.starts_at as startsAt',
      'ra.ends_at as endsAt',
      'ra.reason',
      'ra.granted_by as grantedBy',
      'ra.granted_at as grantedAt',
      'ra.revoked_at as revokedAt',
      'ra.revoked_by as revokedBy',
      'ra.revoke_reason as revokeReason',
    ]);
}

export function findAssignment(tx: Tx, id: string): Promise<RoleAssignment | undefined> {
  return assignmentQuery(tx).where('ra.id', '=', id).executeTakeFirst();
}

/**
 * Assignments in force now or later (not revoked, not ended), optionally only those of roles holding
 * one of `permissions` (the privileged ones, for the quarterly review).
 */
export function currentAssignments(
  tx: Tx,
  filter: { userId?: string; groupId?: string; permissions?: string[] } = {},
): Promise<RoleAssignment[]> {
  let query = assignmentQuery(tx)
    .where('ra.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('ra.ends_at', 'is', null), eb('ra.ends_at', '>', sql<Date>`now()`)]));
  if (filter.userId) query = query.where('ra.user_id', '=', filter.userId);
  if (filter.groupId) query = query.where('ra.group_id', '=', filter.groupId);
  if (filter.permissions) {
    const permissions = filter.permissions;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('role_permission as rp')
          .select('rp.role_id')
          .whereRef('rp.role_id', '=', 'ra.role_id')
          .where('rp.permission', 'in', permissions.length > 0 ? permissions : ['']),
      ),
    );
  }
  return query.orderBy('ra.granted_at').execute();
}
