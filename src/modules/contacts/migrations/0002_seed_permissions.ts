import type { Migration } from '../../../kernel/db/migrator.ts';
import { seedRolePermissions, unseedRolePermissions } from '../../identity/index.ts';
import { CONTACT_ROLE_GRANTS } from '../contacts.permissions.ts';

export const seedContactPermissions: Migration = {
  name: '0002_seed_permissions',
  up: (db) => seedRolePermissions(db, CONTACT_ROLE_GRANTS),
  down: (db) => unseedRolePermissions(db, [...new Set(Object.values(CONTACT_ROLE_GRANTS).flat())]),
};
