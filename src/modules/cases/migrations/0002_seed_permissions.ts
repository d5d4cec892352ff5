import type { Migration } from '../../../kernel/db/migrator.ts';
import { seedRolePermissions, unseedRolePermissions } from '../../identity/index.ts';
import { CASE_ROLE_GRANTS } from '../cases.permissions.ts';

export const seedCasePermissions: Migration = {
  name: '0002_seed_permissions',
  up: (db) => seedRolePermissions(db, CASE_ROLE_GRANTS),
  down: (db) => unseedRolePermissions(db, [...new Set(Object.values(CASE_ROLE_GRANTS).flat())]),
};
