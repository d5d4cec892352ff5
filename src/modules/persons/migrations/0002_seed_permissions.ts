import type { Migration } from '../../../kernel/db/migrator.ts';
import { seedRolePermissions, unseedRolePermissions } from '../../identity/index.ts';
import { PERSON_ROLE_GRANTS } from '../persons.permissions.ts';

export const seedPersonPermissions: Migration = {
  name: '0002_seed_permissions',
  up: (db) => seedRolePermissions(db, PERSON_ROLE_GRANTS),
  down: (db) => unseedRolePermissions(db, [...new Set(Object.values(PERSON_ROLE_GRANTS).flat())]),
};
