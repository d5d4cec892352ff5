// What a user (or service account) may do right now: the effective role assignments (own and through
// groups, started, not ended, not revoked), their roles' permissions, and for each permission the
// units it holds in (the assigned unit and its whole subtree). Read on every request, never cached
// in the process: a revoked grant or a deactivated user is refused on the very next request.
// This runs on every authenticated request, so it is one named prepared statement (planned once per
// connection) that answers one row per distinct assigned unit: the permissions held there and the
// unit's subtree. A national administrator's 70-unit subtree is then parsed once, not once per
// permission (docs/performance.md, scenario api-root-signed-in).
import type pg from 'pg';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Grants } from '../../kernel/auth/actor.ts';
import type { Tables } from '../../kernel/db/tables.ts';

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
export async function loadGrants(db: Pick<pg.Pool, 'query'> | Kysely<Tables>, userId: string, options: { roleIds?: readonly string[] | null; known?: (p: string) => boolean } = {}): Promise<Grants> {
  const values = [userId, options.roleIds ?? null];
  // A pool runs the named statement; a Kysely handle (inside a transaction) the same text unnamed.
  const rows = 'query' in db
    ? (await db.query<GrantRow>({ ...GRANTS_QUERY, values })).rows
    : (await db.executeQuery<GrantRow>(CompiledQuery.raw(GRANTS_QUERY.text, values))).rows;
  return grantsFromRows(rows, options.known);
}
