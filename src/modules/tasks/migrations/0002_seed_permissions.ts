import type { Migration } from '../../../kernel/db/migrator.ts';
import { seedRolePermissions, unseedRolePermissions } from '../../identity/index.ts';
import { TASK_ROLE_GRANTS } from '../tasks.permissions.ts';

export const seedTaskPermissions: Migration = {
  name: '0002_seed_permissions',
  up: (db) => seedRolePermissions(db, TASK_ROLE_GRANTS),
  down: (db) => unseedRolePermissions(db, [...new Set(Object.values(TASK_ROLE_GRANTS).flat())]),
};
