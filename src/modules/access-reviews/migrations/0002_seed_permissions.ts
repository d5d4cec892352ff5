import type { Migration } from '../../../kernel/db/migrator.ts';
import { seedRolePermissions, unseedRolePermissions } from '../../identity/index.ts';
import { ACCESS_REVIEW_ROLE_GRANTS } from '../access-reviews.permissions.ts';

export const seedAccessReviewPermissions: Migration = {
  name: '0002_seed_permissions',
  up: (db) => seedRolePermissions(db, ACCESS_REVIEW_ROLE_GRANTS),
  down: (db) => unseedRolePermissions(db, [...new Set(Object.values(ACCESS_REVIEW_ROLE_GRANTS).flat())]),
};
