// The permissions the identity module owns, and which seeded roles start with them.
import type { PermissionDefinition } from '../../kernel/auth/permissions.ts';

export const identityPermissions: PermissionDefinition[] = [
  { name: 'units.manage', description: 'Create, rename, move and close organisational units; name their managers.', privileged: true },
  { name: 'users.read', description: 'See users, their units, groups, grants and sessions.' },
  {
    name: 'users.manage',
    description: 'Joiners, movers, leavers: create users, move them between units, deactivate and reactivate them, manage groups.',
    privileged: true,
  },
  {
    name: 'users.support',
    description: 'Help users sign in: send a password reset link, reset second factors, unlock accounts.',
    privileged: true,
  },
  { name: 'roles.manage', description: 'Create roles and change which permissions they bundle.', privileged: true },
  { name: 'grants.manage', description: 'Assign roles to users and groups in a unit, and revoke them.', privileged: true },
  { name: 'sessions.manage', description: "List and end other users' sessions.", privileged: true },
  {
    name: 'service-accounts.manage',
    description: 'Create service accounts for integrations and operations, and issue and revoke their API tokens.',
    privileged: true,
  },
];

/** Seeded roles' share of these permissions (migrations/0004). */
export const IDENTITY_ROLE_GRANTS: Record<string, string[]> = {
  'functional-administrator': [
    'units.manage',
    'users.read',
    'users.manage',
    'users.support',
    'roles.manage',
    'grants.manage',
    'sessions.manage',
  ],
  'security-officer': ['users.read', 'sessions.manage'],
  'privacy-officer': ['users.read'],
  'it-operations': ['users.read', 'service-accounts.manage'],
  'service-desk': ['users.read', 'users.support', 'sessions.manage'],
  'team-lead': ['users.read'],
};
