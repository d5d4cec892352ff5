// Who may do what with users, units and grants: a permission counts only in the units its grant
// covers, so a team lead with users.read in team A cannot read team B's members, and a regional
// administrator manages their region's subtree only.
import type { Actor } from '../../kernel/auth/actor.ts';
import { definePolicy } from '../../kernel/auth/policy.ts';
import { hasPermission, hasPermissionIn } from '../../kernel/auth/access.ts';

export interface UserResource {
  id: string;
  unitId: string;
  kind: 'staff' | 'volunteer' | 'service';
}

export const userPolicy = definePolicy<UserResource, 'read' | 'update' | 'move' | 'deactivate' | 'reactivate' | 'resetFactors' | 'unlock' | 'sendPasswordReset' | 'listSessions' | 'endSessions' | 'grant'>({
  read: (actor, user) => actor.id === user.id || hasPermissionIn(actor, 'users.read', user.unitId),
  update: (actor, user) => hasPermissionIn(actor, 'users.manage', user.unitId),
  move: (actor, user) => actor.id !== user.id && hasPermissionIn(actor, 'users.manage', user.unitId),
  deactivate: (actor, user) => actor.id !== user.id && hasPermissionIn(actor, 'users.manage', user.unitId),
  reactivate: (actor, user) => actor.id !== user.id && hasPermissionIn(actor, 'users.manage', user.unitId),
  resetFactors: (actor, user) => actor.id !== user.id && user.kind !== 'service' && hasPermissionIn(actor, 'users.support', user.unitId),
  unlock: (actor, user) => user.kind !== 'service' && hasPermissionIn(actor, 'users.support', user.unitId),
  sendPasswordReset: (actor, user) => user.kind !== 'service' && hasPermissionIn(actor, 'users.support', user.unitId),
  listSessions: (actor, user) => actor.id === user.id || hasPermissionIn(actor, 'sessions.manage', user.unitId),
  endSessions: (actor, user) => hasPermissionIn(actor, 'sessions.manage', user.unitId),
  grant: (actor, user) => actor.id !== user.id && hasPermission(actor, 'grants.manage'),
});

export interface UnitResource {
  id: string;
  parentId: string | null;
}

export const unitPolicy = definePolicy<UnitResource, 'update' | 'addChild' | 'manageGrants'>({
  // Changing a unit is managing its parent's structure: a regional administrator edits their teams,
  // not their own region (that needs someone above them).
  update: (actor, unit) => unit.parentId !== null && hasPermissionIn(actor, 'units.manage', unit.parentId),
  addChild: (actor, unit) => hasPermissionIn(actor, 'units.manage', unit.id),
  manageGrants: (actor, unit) => hasPermissionIn(actor, 'grants.manage', unit.id),
});

// Who may give what. Nobody gives, through any door (a grant, a group membership, a role edit, an API
// token), what they could not grant themselves, over every unit it reaches. A permission held in a
// unit holds in its whole subtree (grants reach subtrees), so checking the unit a grant is in covers
// everything it reaches.

/**
 * Could the actor make this grant (a role with these permissions, in this unit) herself:
 * grants.manage in the unit, and every permission of the role held there too. The second half is what
 * makes grants.manage safe: with users.manage an administrator can create an account she controls, so
 * whatever she may give, she may in effect give herself.
 */
export function mayGive(actor: Actor, rolePermissions: readonly string[], unitId: string): boolean {
  return hasPermissionIn(actor, 'grants.manage', unitId) && rolePermissions.every((p) => hasPermissionIn(actor, p, unitId));
}

/** Taking a grant away (revoking, removing a member of a group holding it) needs grants.manage in its unit. */
export function mayRevoke(actor: Actor, unitId: string): boolean {
  return hasPermissionIn(actor, 'grants.manage', unitId);
}

/**
 * Roles hold wherever they are granted, so they are edited only with roles.manage at the root unit,
 * and a permission is added only by someone who holds it at the root herself.
 */
export function mayEditRole(actor: Actor, rootUnitId: string, added: readonly string[]): boolean {
  return hasPermissionIn(actor, 'roles.manage', rootUnitId) && added.every((p) => hasPermissionIn(actor, p, rootUnitId));
}
