// The audit module: everything done with the audit trail the kernel writes (kernel/audit/audit.ts):
// sealing it into a verifiable Merkle tree with signed checkpoints, verifying it, expiring it by
// category, reading it (search, export, "who looked at this client"), detecting misuse while it
// happens, and shipping it to a central log system. Other modules use only what this file exports.
import type { CasusModule } from '../../kernel/module.ts';
import { auditMigrations } from './migrations/index.ts';
import { auditPermissions } from './audit.permissions.ts';
import { AuditSealer } from './seal/seal.repository.ts';
import { sealingWorker } from './seal/sealer.ts';
import { registerDetection } from './detection/register.ts';
import { registerShipping, type ShippingOptions } from './shipping/register.ts';
import { AuditStream } from './stream/stream.repository.ts';
import './audit.tables.ts';
import './detection/detection.tables.ts';
import { registerTrail } from './trail/trail.module.ts';

export { AuditSealer } from './seal/seal.repository.ts';
export { AuditStream, type SealedEvent, type StreamHandler } from './stream/stream.repository.ts';
export { drainStream, streamWorker } from './stream/stream-worker.ts';
export { auditCategoryOf, AUDIT_CATEGORIES, type AuditCategory } from './shipping/category.ts';
export type { ProcessingActivityOf } from './shipping/processing-log.ts';
export { SUBJECT_PSEUDONYM_PURPOSE } from './shipping/pseudonym.ts';

/** `processingActivityOf`: the processing register's answer to "which activity is this action" (the privacy module's). */
export function createAuditModule(options: ShippingOptions = {}): CasusModule {
  return {
    name: 'audit',
    migrations: auditMigrations,
    permissions: auditPermissions,
    register(ctx) {
      const sealer = new AuditSealer(ctx.db, { batchSize: ctx.settings.audit.seal.batchSize });
      ctx.addWorker(sealingWorker(sealer, { intervalMs: ctx.settings.audit.seal.intervalMs, log: ctx.log }));
      registerDetection(ctx);
      registerShipping(ctx, new AuditStream(ctx.db), options);
      registerTrail(ctx);
    },
  };
}

export const auditModule = createAuditModule();
