// What a user (or service account) may do right now: the effective role assignments (own and through
// groups, started, not ended, not revoked), their roles' permissions, and for each permission the
// units it holds in (the assigned unit and its whole subtree). Read on every request, never cached
// in the process: a revoked grant or a deactivated user is refused on the very next request.
import { sql, type Kysely } from 'kysely';
import type { Grants } from '../../kernel/auth/actor.ts';
import type { Tables } from '../../kernel/db/tables.ts';

interface GrantRow {
  permission: string;
  units: string[];
}

/**
 * `roleIds` narrows the result to those roles (an API token scoped to some of its account's roles).
 * Permissions no module defines any more (a module removed) are dropped by `known`.
 */
export async function loadGrants(db: Kysely<Tables>, userId: string, options: { roleIds?: readonly string[] | null; known?: (p: string) => boolean } = {}): Promise<Grants> {
  const roleIds = options.roleIds ?? null;
  const { rows } = await sql<GrantRow>`
    with recursive assigned as (
      select ra.unit_id, ra.role_id
      from role_assignment ra
      where (ra.user_id = ${userId}::uuid
             or ra.group_id in (select m.group_id from user_group_member m where m.user_id = ${userId}::uuid))
        and ra.revoked_at is null and ra.starts_at <= now() and (ra.ends_at is null or ra.ends_at > now())
        and (${roleIds}::uuid[] is null or ra.role_id = any(${roleIds}::uuid[]))
    ), tree(root, unit) as (
      select distinct unit_id, unit_id from assigned
      union
      select tree.root, child.id from tree join org_unit child on child.parent_id = tree.unit
    )
    select rp.permission, array_agg(distinct tree.unit::text order by tree.unit::text) as units
    from assigned
    join role_permission rp on rp.role_id = assigned.role_id
    join tree on tree.root = assigned.unit_id
    group by rp.permission
    order by rp.permission`.execute(db);
  const known = options.known ?? (() => true);
  const scopes: Record<string, string[]> = {};
  const units = new Set<string>();
  for (const row of rows) {
    if (!known(row.permission)) continue;
    scopes[row.permission] = row.units;
    for (const unit of row.units) units.add(unit);
  }
  return { permissions: Object.keys(scopes), units: [...units].sort(), scopes };
}
