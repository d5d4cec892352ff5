import type { Migration } from '../../../kernel/db/migrator.ts';
import { seedRolePermissions, unseedRolePermissions } from '../../identity/index.ts';
import { SEARCH_ROLE_GRANTS } from '../search.permissions.ts';

export const seedSearchPermissions: Migration = {
  name: '0001_seed_permissions',
  up: (db) => seedRolePermissions(db, SEARCH_ROLE_GRANTS),
  down: (db) => unseedRolePermissions(db, [...new Set(Object.values(SEARCH_ROLE_GRANTS).flat())]),
};
