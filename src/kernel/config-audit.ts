// The audit settings (the audit module reads them): sealing the trail, and the parts that later land
// beside it (checkpoints and their witness, retention per category, detection thresholds, shipping).
// Kept apart from config.ts so each part adds its variables here, next to their meaning.
import { Type } from 'typebox';
import type { RawEnv } from './config.ts';

/** The environment variables of this section, merged into config.ts's schema. */
export const AUDIT_ENV = {
  CASUS_AUDIT_SEAL_INTERVAL_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 1000 }),
  CASUS_AUDIT_SEAL_BATCH: Type.Integer({ minimum: 100, maximum: 100_000, default: 5000 }),
};

export interface AuditSettings {
  seal: {
    /** How often a working instance seals what committed since the last round (the sealing lag's floor). */
    intervalMs: number;
    /** Events per sealing transaction; a round drains the backlog in batches of this size. */
    batchSize: number;
  };
}

export function auditOf(raw: RawEnv): AuditSettings {
  return {
    seal: { intervalMs: raw.CASUS_AUDIT_SEAL_INTERVAL_MS, batchSize: raw.CASUS_AUDIT_SEAL_BATCH },
  };
}
