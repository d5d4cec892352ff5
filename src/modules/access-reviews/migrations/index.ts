import type { Migration } from '../../../kernel/db/migrator.ts';
import { reviewTables } from './0001_review_tables.ts';
import { seedAccessReviewPermissions } from './0002_seed_permissions.ts';
import { authenticationLogin } from './0003_authentication_login.ts';

export const accessReviewMigrations: Migration[] = [reviewTables, seedAccessReviewPermissions, authenticationLogin];
