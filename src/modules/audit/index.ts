// The audit module: everything done with the audit trail the kernel writes (kernel/audit/audit.ts):
// sealing it into a verifiable Merkle tree with signed checkpoints, verifying it, expiring it by
// category, reading it (search, export, "who looked at this client"), detecting misuse while it
// happens, and shipping it to a central log system. Other modules use only what this file exports.
import type { CasusModule } from '../../kernel/module.ts';
import { auditMigrations } from './migrations/index.ts';
import { auditPermissions } from './audit.permissions.ts';
import { AuditSealer } from './seal/seal.repository.ts';
import { sealingWorker } from './seal/sealer.ts';
import { Checkpointer } from './seal/checkpointer.ts';
import { auditKeys } from './seal/keys.ts';
import { witnessFromSettings } from './seal/witness.ts';
import { defineVerificationJobs } from './seal/verify.job.ts';
import { registerTrailMetrics } from './seal/metrics.ts';
import { defineRetentionJob, Retention } from './seal/retention.ts';
import { VerificationService } from './seal/verification.service.ts';
import { verificationRoutes } from './seal/verification.routes.ts';
import { registerDetection } from './detection/register.ts';
import { registerShipping, type ShippingOptions } from './shipping/register.ts';
import { AuditStream } from './stream/stream.repository.ts';
import { registerTrail } from './trail/trail.module.ts';
import './audit.tables.ts';
import './detection/detection.tables.ts';

export { AuditSealer } from './seal/seal.repository.ts';
export { AuditStream, type SealedEvent, type StreamHandler } from './stream/stream.repository.ts';
export { drainStream, streamWorker } from './stream/stream-worker.ts';
export { auditKeys, type AuditKeys } from './seal/keys.ts';
export { witnessFromSettings, type WitnessStore } from './seal/witness.ts';
export { verifyTrail } from './seal/verifier.ts';
export { describeReport, type VerificationReport } from './seal/verify-report.ts';
export { auditCategoryOf, AUDIT_CATEGORIES, type AuditCategory } from './shipping/category.ts';
export type { ProcessingActivityOf } from './shipping/processing-log.ts';
export type { ShippingOptions } from './shipping/register.ts';
export { SUBJECT_PSEUDONYM_PURPOSE } from './shipping/pseudonym.ts';
export { subjectViewsAllowed } from './trail/trail.service.ts';

/** `processingActivityOf`: the processing register's answer to "which activity is this action" (the privacy module's). */
export function createAuditModule(options: ShippingOptions = {}): CasusModule {
  return {
    name: 'audit',
    migrations: auditMigrations,
    permissions: auditPermissions,
    register(ctx) {
      const { audit } = ctx.settings;
      const keys = auditKeys(ctx.settings);
      const witness = witnessFromSettings(audit.witness);
      const sealer = new AuditSealer(ctx.db, { batchSize: audit.seal.batchSize });
      const checkpointer = new Checkpointer(ctx.db, {
        keys,
        witness,
        intervalSeconds: audit.checkpoints.intervalSeconds,
        maxLeaves: audit.checkpoints.maxLeaves,
        log: ctx.log,
      });
      if (audit.seal.worker) ctx.addWorker(sealingWorker(sealer, { intervalMs: audit.seal.intervalMs, log: ctx.log, checkpointer }));
      defineVerificationJobs(ctx.jobs, { db: ctx.db, keys, witness, log: ctx.log });
      defineRetentionJob(ctx.jobs, new Retention(ctx.db, { keys, witness, rules: audit.retention, log: ctx.log }));
      ctx.addMetrics((registry) => registerTrailMetrics(registry, ctx.db));
      ctx.addRoutes({ prefix: '/audit', plugin: verificationRoutes(new VerificationService(ctx.db, keys, witness)) });
      registerDetection(ctx);
      registerShipping(ctx, new AuditStream(ctx.db), options);
      registerTrail(ctx);
    },
  };
}

export const auditModule = createAuditModule();
