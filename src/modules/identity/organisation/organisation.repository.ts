// SQL for changing groups and roles (organisation.service.ts and the approvals that finish such changes).
import { sql } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';

export async function groupExists(tx: Tx, groupId: string): Promise<boolean> {
  return (await tx.db.selectFrom('user_group').select('id').where('id', '=', groupId).executeTakeFirst()) !== undefined;
}

export async function userStatus(tx: Tx, userId: string): Promise<'active' | 'deactivated' | null> {
  const row = await tx.db.selectFrom('app_user').select('status').where('id', '=', userId).executeTakeFirst();
  return row?.status ?? null;
}

export async function addMember(tx: Tx, groupId: string, userId: string): Promise<void> {
  await tx.db.insertInto('user_group_member').values({ group_id: groupId, user_id: userId }).onConflict((oc) => oc.doNothing()).execute();
}

/** False when the user was not a member. */
export async function removeMember(tx: Tx, groupId: string, userId: string): Promise<boolean> {
  const removed = await tx.db.deleteFrom('user_group_member').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
  return Number(removed.numDeletedRows) > 0;
}

/** The role, locked against a concurrent edit, with its permissions; undefined when there is none. */
export async function lockRole(tx: Tx, roleId: string): Promise<{ id: string; name: string; version: number; permissions: string[] } | undefined> {
  const role = await tx.db.selectFrom('role').select(['id', 'name', 'version']).where('id', '=', roleId).forUpdate().executeTakeFirst();
  if (!role) return undefined;
  const permissions = (await tx.db.selectFrom('role_permission').select('permission').where('role_id', '=', roleId).orderBy('permission').execute()).map((r) => r.permission);
  return { ...role, permissions };
}

/** Replaces the role's permissions and bumps its version. */
export async function replaceRolePermissions(tx: Tx, roleId: string, permissions: readonly string[]): Promise<void> {
  await tx.db.deleteFrom('role_permission').where('role_id', '=', roleId).execute();
  if (permissions.length > 0) await tx.db.insertInto('role_permission').values(permissions.map((permission) => ({ role_id: roleId, permission }))).execute();
  await tx.db.updateTable('role').set({ updated_at: sql<Date>`now()`, version: sql<number>`version + 1` }).where('id', '=', roleId).execute();
}
