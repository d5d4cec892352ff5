// The audit module's migrations, sorted by name. Numbers by part: 0001-0009 sealing, verification and
// retention (seal/); 0010-0019 reading the trail (trail/); 0020-0029 detection; 0030-0039 shipping.
import type { Migration } from '../../../kernel/db/migrator.ts';
import { seedTrailPermissions } from './0010_seed_trail_permissions.ts';
import { trailReaders } from './0011_trail_readers.ts';
import { trailIndexes } from './0012_trail_indexes.ts';

export const auditMigrations: Migration[] = [seedTrailPermissions, trailReaders, trailIndexes];
