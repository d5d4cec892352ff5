// Seeds the identity permissions into the roles. Values are written out, not imported from
// identity.permissions.ts: this migration is history and must keep doing what it did when it shipped.
import type { Migration } from '../../../kernel/db/migrator.ts';
import { seedRolePermissions, unseedRolePermissions } from './0002_roles.ts';

const GRANTS: Record<string, string[]> = {
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

export const seedIdentityPermissions: Migration = {
  name: '0004_seed_identity_permissions',
  up: (db) => seedRolePermissions(db, GRANTS),
  down: (db) => unseedRolePermissions(db, [...new Set(Object.values(GRANTS).flat())]),
};
