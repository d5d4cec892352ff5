// Who may do what with users, units and grants: a permission counts only in the units its grant
// covers, so a team lead with users.read in team A cannot read team B's members, and a regional
// administrator manages their region's subtree only.
import type { Actor } from '../../kernel/auth/actor.ts';
import { definePolicy } from '../../kernel/auth/policy.ts';
import { hasPermission, hasPermissionIn } from '../../kernel/auth/permissions.ts';

export interface UserResource {
  id: string;
  unitId: string;
  kind: 'staff' | 'volunteer' | 'service';
}

export const userPolicy = definePolicy<
  UserResource,
  | 'read'
  | 'update'
  | 'move'
  | 'deactivate'
  | 'reactivate'
  | 'resetFactors'
  | 'unlock'
  | 'sendPasswordReset'
  | 'listSessions'
  | 'endSessions'
  | 'grant'
>({
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
 * Could the actor make this grant herself: grants.manage in the unit it is in. A permission held in a
 * unit holds in its whole subtree (grants reach subtrees), so this covers every unit the grant reaches.
 * She need not hold the role's permissions: granting case work is the administrator's job, and she
 * should not need case data to do it (least privilege). What keeps an administrator from giving a role
 * to herself through an account she controls is that self-grants are refused at every door and every
 * privileged role waits for a second approver (approvals.service.ts).
 */
export function mayGive(actor: Actor, unitId: string): boolean {
  return hasPermissionIn(actor, 'grants.manage', unitId);
}

/** Taking a grant away (revoking, removing a member of a group holding it) needs grants.manage in its unit. */
export function mayRevoke(actor: Actor, unitId: string): boolean {
  return hasPermissionIn(actor, 'grants.manage', unitId);
}

/**
 * Roles hold wherever they are granted, so they are edited only with roles.manage at the root unit.
 * Adding permissions to a role the editor holds (directly or through a group) gives them to herself:
 * refused, like any self-grant. Adding a privileged permission waits for a second approver.
 */
export function mayEditRole(actor: Actor, rootUnitId: string, added: readonly string[], editorHoldsRole: boolean): boolean {
  return hasPermissionIn(actor, 'roles.manage', rootUnitId) && (added.length === 0 || !editorHoldsRole);
}
