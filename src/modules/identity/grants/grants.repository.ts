// What a user (or service account) may do right now: the effective role assignments (own and through
// groups, started, not ended, not revoked), their roles' permissions, and for each permission the
// units it holds in (the assigned unit and its whole subtree). Read on every request, never cached
// in the process: a revoked grant or a deactivated user is refused on the very next request.
// This runs on every authenticated request, so it is one named prepared statement (planned once per
// connection) that answers one row per distinct assigned unit: the permissions held there and the
// unit's subtree. A national administrator's 70-unit subtree is then parsed once, not once per
// permission (docs/performance.md, scenario api-root-signed-in).
import type pg from 'pg';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Grants } from '../../../kernel/auth/actor.ts';
import type { Tx } from '../../../kernel/db/database.ts';
import type { Tables } from '../../../kernel/db/tables.ts';

/**
 * The grants query over a user id and an optional role filter given as SQL expressions: `$1` and `$2`
 * for GRANTS_QUERY, the session's own user for the session look-up (sessions.ts), which reads both in
 * one round trip.
 */
export function grantsSql(userId: string, roleIds: string): string {
  return `
    with recursive assigned as (
      select ra.unit_id, ra.role_id
      from role_assignment ra
      where ra.user_id = ${userId} and ra.revoked_at is null and ra.starts_at <= now() and (ra.ends_at is null or ra.ends_at > now())
        and (${roleIds} is null or ra.role_id = any(${roleIds}))
      union all
      select ra.unit_id, ra.role_id
      from user_group_member m
      join role_assignment ra on ra.group_id = m.group_id
      where m.user_id = ${userId} and ra.revoked_at is null and ra.starts_at <= now() and (ra.ends_at is null or ra.ends_at > now())
        and (${roleIds} is null or ra.role_id = any(${roleIds}))
    ), roots as (
      select distinct unit_id from assigned
    ), tree(root, unit) as (
      -- The unit tree has no cycles (trigger org_unit_no_cycle), so union all terminates.
      select unit_id, unit_id from roots
      union all
      select tree.root, child.id from tree join org_unit child on child.parent_id = tree.unit
    )
    select
      array(select distinct rp.permission from assigned a join role_permission rp on rp.role_id = a.role_id where a.unit_id = roots.unit_id) as permissions,
      array(select tree.unit::text from tree where tree.root = roots.unit_id order by 1) as units
    from roots`;
}

const GRANTS_QUERY = { name: 'identity.grants.v2', text: grantsSql('$1::uuid', '$2::uuid[]') };

/** One row of the grants query: the permissions held through one assigned unit, and its subtree. */
export interface GrantRow {
  permissions: string[];
  units: string[];
}

/** Grants from the grants query's rows; permissions no module defines any more are dropped by `known`. */
export function grantsFromRows(rows: readonly GrantRow[], known: (p: string) => boolean = () => true): Grants {
  const scopes: Record<string, string[]> = {};
  const units = new Set<string>();
  for (const row of rows) {
    for (const unit of row.units) units.add(unit);
    for (const permission of row.permissions) {
      if (!known(permission)) continue;
      // Most permissions are held through one assigned unit: share that row's array.
      const held = scopes[permission];
      scopes[permission] = held ? [...new Set([...held, ...row.units])].sort() : row.units;
    }
  }
  return { permissions: Object.keys(scopes).sort(), units: [...units].sort(), scopes };
}

/**
 * `roleIds` narrows the result to those roles (an API token scoped to some of its account's roles).
 * Permissions no module defines any more (a module removed) are dropped by `known`.
 */
export async function loadGrants(
  db: Pick<pg.Pool, 'query'> | Kysely<Tables>,
  userId: string,
  options: { roleIds?: readonly string[] | null; known?: (p: string) => boolean } = {},
): Promise<Grants> {
  const values = [userId, options.roleIds ?? null];
  // A pool runs the named statement; a Kysely handle (inside a transaction) the same text unnamed.
  const rows =
    'query' in db
      ? (await db.query<GrantRow>({ ...GRANTS_QUERY, values })).rows
      : (await db.executeQuery<GrantRow>(CompiledQuery.raw(GRANTS_QUERY.text, values))).rows;
  return grantsFromRows(rows, options.known);
}

// Look-ups for deciding who may give what (identity.policy.ts mayGive) and whom a change reaches. Every
// assignment counted is "in force now or later": not revoked and not ended, including those that
// start later (they will reach their holders without anyone asking again).

/** One role assignment: which role in which unit. */
export interface Reach {
  assignmentId: string;
  roleId: string;
  unitId: string;
}

const inForceNowOrLater = `ra.revoked_at is null and (ra.ends_at is null or ra.ends_at > now())`;

/** The permissions each of the roles bundles now (a role without any maps to []). */
export async function permissionsOfRoles(tx: Tx, roleIds: readonly string[]): Promise<Map<string, string[]>> {
  const ids = [...new Set(roleIds)];
  const result = new Map(ids.map((id) => [id, [] as string[]]));
  if (ids.length === 0) return result;
  const rows = await tx.db
    .selectFrom('role_permission')
    .select(['role_id', 'permission'])
    .where('role_id', 'in', ids)
    .orderBy('permission')
    .execute();
  for (const row of rows) result.get(row.role_id)!.push(row.permission);
  return result;
}

/** What membership of the group gives: its assignments. */
export async function groupReach(tx: Tx, groupId: string): Promise<Reach[]> {
  const { rows } = await sql<Reach>`
    select ra.id as "assignmentId", ra.role_id as "roleId", ra.unit_id as "unitId" from role_assignment ra
    where ra.group_id = ${groupId}::uuid and ${sql.raw(inForceNowOrLater)} order by ra.granted_at, ra.id`.execute(tx.db);
  return rows;
}

/** What the user holds, own and through groups: what an API token of a service account carries. */
export async function userReach(tx: Tx, userId: string): Promise<Reach[]> {
  const { rows } = await sql<Reach>`
    select ra.id as "assignmentId", ra.role_id as "roleId", ra.unit_id as "unitId" from role_assignment ra
    where (ra.user_id = ${userId}::uuid or ra.group_id in (select m.group_id from user_group_member m where m.user_id = ${userId}::uuid))
      and ${sql.raw(inForceNowOrLater)} order by ra.granted_at, ra.id`.execute(tx.db);
  return rows;
}

export async function isGroupMember(tx: Tx, groupId: string, userId: string): Promise<boolean> {
  const row = await tx.db
    .selectFrom('user_group_member')
    .select('user_id')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function groupMemberIds(tx: Tx, groupId: string): Promise<string[]> {
  return (await tx.db.selectFrom('user_group_member').select('user_id').where('group_id', '=', groupId).orderBy('user_id').execute()).map(
    (r) => r.user_id,
  );
}

/** Users who hold the role (in any unit), directly or through a group: whom a change of the role reaches. */
export async function roleHolderIds(tx: Tx, roleId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select ra.user_id as id from role_assignment ra where ra.role_id = ${roleId}::uuid and ra.user_id is not null and ${sql.raw(inForceNowOrLater)}
    union
    select m.user_id from role_assignment ra join user_group_member m on m.group_id = ra.group_id
    where ra.role_id = ${roleId}::uuid and ${sql.raw(inForceNowOrLater)}`.execute(tx.db);
  return rows.map((r) => r.id);
}

/**
 * Active people (not service accounts) who hold `permission` in the unit now: through a grant on the
 * unit or one of its ancestors, their own or a group's. Whom a security event about the unit is told to.
 */
export async function holdersIn(tx: Tx, permission: string, unitId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with recursive up(id) as (
      select id from org_unit where id = ${unitId}::uuid
      union all
      select u.parent_id from org_unit u join up on u.id = up.id where u.parent_id is not null
    ), held as (
      select ra.user_id, ra.group_id from role_assignment ra
      join role_permission rp on rp.role_id = ra.role_id and rp.permission = ${permission}
      where ra.unit_id in (select id from up)
        and ra.revoked_at is null and ra.starts_at <= now() and (ra.ends_at is null or ra.ends_at > now())
    )
    select distinct u.id from app_user u
    where u.status = 'active' and u.kind <> 'service'
      and (u.id in (select user_id from held) or u.id in (select m.user_id from user_group_member m join held on held.group_id = m.group_id))
    order by u.id`.execute(tx.db);
  return rows.map((r) => r.id);
}
