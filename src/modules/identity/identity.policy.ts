// Who may do what with users, units and grants: a permission counts only in the units its grant
// covers, so a team lead with users.read in team A cannot read team B's members, and a regional
// administrator manages their region's subtree only.
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
