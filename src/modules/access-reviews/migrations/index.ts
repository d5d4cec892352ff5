import type { Migration } from '../../../kernel/db/migrator.ts';
import { reviewTables } from './0001_review_tables.ts';
import { seedAccessReviewPermissions } from './0002_seed_permissions.ts';

export const accessReviewMigrations: Migration[] = [reviewTables, seedAccessReviewPermissions];
