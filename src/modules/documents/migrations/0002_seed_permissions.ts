import type { Migration } from '../../../kernel/db/migrator.ts';
import { seedRolePermissions, unseedRolePermissions } from '../../identity/index.ts';
import { DOCUMENT_ROLE_GRANTS } from '../documents.permissions.ts';

export const seedDocumentPermissions: Migration = {
  name: '0002_seed_permissions',
  up: (db) => seedRolePermissions(db, DOCUMENT_ROLE_GRANTS),
  down: (db) => unseedRolePermissions(db, [...new Set(Object.values(DOCUMENT_ROLE_GRANTS).flat())]),
};
