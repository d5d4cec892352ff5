// SQL for roles (role) and the permissions they bundle (role_permission).
import { sql, type Kysely } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';
import type { Tables } from '../../../kernel/db/tables.ts';

/** Every role with its permissions, by name. */
export function listRoles(db: Kysely<Tables>) {
  return db
    .selectFrom('role as r')
    .leftJoin('role_permission as rp', 'rp.role_id', 'r.id')
    .select([
      'r.id',
      'r.key',
      'r.name',
      'r.description',
      'r.version',
      sql<string[]>`coalesce(array_agg(rp.permission order by rp.permission) filter (where rp.permission is not null), '{}')`.as(
        'permissions',
      ),
    ])
    .groupBy('r.id')
    .orderBy('r.name')
    .execute();
}

/** A new role with its permissions; throws the database's unique violation (23505) when the name is taken. */
export async function insertRole(tx: Tx, role: { name: string; description: string; permissions: readonly string[] }): Promise<string> {
  const { id } = await tx.db
    .insertInto('role')
    .values({ name: role.name, description: role.description })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (role.permissions.length > 0)
    await tx.db
      .insertInto('role_permission')
      .values(role.permissions.map((permission) => ({ role_id: id, permission })))
      .execute();
  return id;
}

/** The role, locked against a concurrent edit, with its permissions; undefined when there is none. */
export async function lockRole(
  tx: Tx,
  roleId: string,
): Promise<{ id: string; name: string; version: number; permissions: string[] } | undefined> {
  const role = await tx.db.selectFrom('role').select(['id', 'name', 'version']).where('id', '=', roleId).forUpdate().executeTakeFirst();
  if (!role) return undefined;
  const permissions = (
    await tx.db.selectFrom('role_permission').select('permission').where('role_id', '=', roleId).orderBy('permission').execute()
  ).map((r) => r.permission);
  return { ...role, permissions };
}

/** Replaces the role's permissions and bumps its version. */
export async function replaceRolePermissions(tx: Tx, roleId: string, permissions: readonly string[]): Promise<void> {
  await tx.db.deleteFrom('role_permission').where('role_id', '=', roleId).execute();
  if (permissions.length > 0)
    await tx.db
      .insertInto('role_permission')
      .values(permissions.map((permission) => ({ role_id: roleId, permission })))
      .execute();
  await tx.db
    .updateTable('role')
    .set({ updated_at: sql<Date>`now()`, version: sql<number>`version + 1` })
    .where('id', '=', roleId)
    .execute();
}
