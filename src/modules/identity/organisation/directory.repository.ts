// Read-only look-ups for other modules (access reviews first): names of users, groups and units,
// the unit tree and who manages it, so that no other module joins into identity's tables. Every
// function answers for many ids at once: callers snapshot or report thousands of grants.
import { sql } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';

export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  active: boolean;
  /** The user's home unit. */
  unitId: string;
}

export interface UnitSummary {
  id: string;
  code: string;
  name: string;
}

export async function describeUsers(tx: Tx, ids: readonly string[]): Promise<Map<string, UserSummary>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'email', 'status', 'unit_id'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, username: r.username, displayName: r.display_name, email: r.email, active: r.status === 'active', unitId: r.unit_id },
    ]),
  );
}

export async function describeGroups(tx: Tx, ids: readonly string[]): Promise<Map<string, { id: string; name: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.db
    .selectFrom('user_group')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function describeUnits(tx: Tx, ids: readonly string[]): Promise<Map<string, UnitSummary>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.db
    .selectFrom('org_unit')
    .select(['id', 'code', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** An active unit by its code (integrations name units by code), or undefined. */
export async function unitByCode(tx: Tx, code: string): Promise<UnitSummary | undefined> {
  return tx.db.selectFrom('org_unit').select(['id', 'code', 'name']).where('code', '=', code).where('active', '=', true).executeTakeFirst();
}

/** The root of the organisation (the national unit). */
export async function rootUnitId(tx: Tx): Promise<string> {
  const row = await tx.db.selectFrom('org_unit').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
  return row.id;
}

/** The unit and every unit below it; empty when the unit does not exist. */
export async function unitSubtree(tx: Tx, unitId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with recursive down(id) as (
      select id from org_unit where id = ${unitId}::uuid
      union
      select child.id from org_unit child join down on child.parent_id = down.id
    ) select id from down`.execute(tx.db);
  return rows.map((r) => r.id);
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

/**
 * The active managers responsible for a unit, nearest first: its own manager, then those of its
 * ancestors (each person once). responsibleManager() is the first of these.
 */
export async function managerChain(tx: Tx, unitId: string): Promise<string[]> {
  const { rows } = await sql<{ manager_id: string }>`
    with recursive up(id, parent_id, manager_id, depth) as (
      select id, parent_id, manager_id, 0 from org_unit where id = ${unitId}::uuid
      union all
      select u.id, u.parent_id, u.manager_id, up.depth + 1 from org_unit u join up on u.id = up.parent_id
    )
    select up.manager_id from up join app_user m on m.id = up.manager_id and m.status = 'active'
    order by depth`.execute(tx.db);
  return [...new Set(rows.map((r) => r.manager_id))];
}

/** The groups a user is a member of. */
export async function groupIdsOf(tx: Tx, userId: string): Promise<string[]> {
  const rows = await tx.db.selectFrom('user_group_member').select('group_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.group_id);
}

/** Active users who hold `permission` now, directly or through a group (in any unit: see loadGrants for where). */
export async function permissionHolders(tx: Tx, permission: string): Promise<string[]> {
  const { rows } = await sql<{ user_id: string }>`
    select distinct u.id as user_id
    from role_assignment ra
    join role_permission rp on rp.role_id = ra.role_id and rp.permission = ${permission}
    join app_user u on u.status = 'active'
      and (u.id = ra.user_id or u.id in (select m.user_id from user_group_member m where m.group_id = ra.group_id))
    where ra.revoked_at is null and ra.starts_at <= now() and (ra.ends_at is null or ra.ends_at > now())
    order by u.id`.execute(tx.db);
  return rows.map((r) => r.user_id);
}
