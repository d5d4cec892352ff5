import type { Migration } from '../../../kernel/db/migrator.ts';
import { IDENTITY_ROLE_GRANTS } from '../identity.permissions.ts';
import { seedRolePermissions, unseedRolePermissions } from './0002_roles.ts';

export const seedIdentityPermissions: Migration = {
  name: '0004_seed_identity_permissions',
  up: (db) => seedRolePermissions(db, IDENTITY_ROLE_GRANTS),
  down: (db) => unseedRolePermissions(db, [...new Set(Object.values(IDENTITY_ROLE_GRANTS).flat())]),
};
