// The audit module's migrations, sorted by name. Numbers by part: 0001 sealing; 0002 stream cursors;
// 0003-0009 checkpoints, verification and retention (seal/: 0003 checkpoints, 0004 verification runs,
// 0005 retention, 0006 audit.verify seeded, 0007 the sealer's keyset, 0008 one category rule); 0010-0019 reading the trail
// (trail/); 0020-0029 detection; 0030-0039 shipping.
import type { Migration } from '../../../kernel/db/migrator.ts';
import { auditSeal } from './0001_audit_seal.ts';
import { streamCursors } from './0002_stream_cursors.ts';
import { auditCheckpoints } from './0003_checkpoints.ts';
import { auditVerificationRuns } from './0004_verification_runs.ts';
import { auditRetention } from './0005_retention.ts';
import { seedVerifyPermission } from './0006_seed_verify_permission.ts';
import { sealKeyset } from './0007_seal_keyset.ts';
import { oneCategoryRule } from './0008_one_category_rule.ts';
import { seedTrailPermissions } from './0010_seed_trail_permissions.ts';
import { trailReaders } from './0011_trail_readers.ts';
import { trailIndexes } from './0012_trail_indexes.ts';
import { subjectViewsAtRoot } from './0013_subject_views_at_root.ts';
import { detection } from './0020_detection.ts';
import { seedAlertPermission } from './0021_seed_alert_permission.ts';
import { detectionValues } from './0022_detection_values.ts';
import { processingLog } from './0030_processing_log.ts';

export const auditMigrations: Migration[] = [
  auditSeal,
  streamCursors,
  auditCheckpoints,
  auditVerificationRuns,
  auditRetention,
  seedVerifyPermission,
  sealKeyset,
  oneCategoryRule,
  seedTrailPermissions,
  trailReaders,
  trailIndexes,
  subjectViewsAtRoot,
  detection,
  seedAlertPermission,
  detectionValues,
  processingLog,
];
