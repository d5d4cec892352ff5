// The privacy module's migrations, sorted by name. Numbers by part: 0001-0009 the processing register,
// data-subject access and rectification history; 0010-0019 erasure, retention and destruction lists.
import type { Migration } from '../../../kernel/db/migrator.ts';
import { destructionRounds } from './0010_destruction_rounds.ts';
import { seedErasurePermissions } from './0011_seed_erasure_permissions.ts';

export const privacyMigrations: Migration[] = [destructionRounds, seedErasurePermissions];
