// The privacy module's migrations, sorted by name. Numbers by part: 0001-0009 the processing register,
// data-subject access and rectification history; 0010-0019 erasure, retention and destruction lists.
import type { Migration } from '../../../kernel/db/migrator.ts';
import { processingRegister } from './0001_processing_register.ts';
import { seedRegister } from './0002_seed_register.ts';
import { seedPrivacyPermissions } from './0003_seed_permissions.ts';
import { subjectAudit } from './0004_subject_audit.ts';

import { destructionRounds } from './0010_destruction_rounds.ts';
import { seedErasurePermissions } from './0011_seed_erasure_permissions.ts';

export const privacyMigrations: Migration[] = [
  processingRegister,
  seedRegister,
  seedPrivacyPermissions,
  subjectAudit,
  destructionRounds,
  seedErasurePermissions,
];
