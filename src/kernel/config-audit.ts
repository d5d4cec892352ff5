// The audit settings (the audit module reads them): sealing the trail, and the parts that later land
// beside it (checkpoints and their witness, retention per category, detection thresholds, shipping).
// Kept apart from config.ts so each part adds its variables here, next to their meaning.
import { Type } from 'typebox';
import type { RawEnv } from './config.ts';
import { readDetectionRules, type DetectionRulesFile } from './config-detection.ts';

/** The environment variables of this section, merged into config.ts's schema. */
export const AUDIT_ENV = {
  CASUS_AUDIT_SEAL_INTERVAL_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 1000 }),
  CASUS_AUDIT_SEAL_BATCH: Type.Integer({ minimum: 100, maximum: 100_000, default: 5000 }),
  CASUS_AUDIT_DETECTION_RULES: Type.Optional(Type.String({ minLength: 1 })),
  CASUS_AUDIT_DETECTION_INTERVAL_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 2000 }),
  CASUS_AUDIT_DETECTION_BATCH: Type.Integer({ minimum: 10, maximum: 10_000, default: 1000 }),
};

export interface AuditSettings {
  seal: {
    /** How often a working instance seals what committed since the last round (the sealing lag's floor). */
    intervalMs: number;
    /** Events per sealing transaction; a round drains the backlog in batches of this size. */
    batchSize: number;
  };
  detection: {
    /** How often a working instance runs the detection rules over what was sealed since its last round. */
    intervalMs: number;
    /** Sealed events per detection transaction. */
    batchSize: number;
    /** The rules file (CASUS_AUDIT_DETECTION_RULES), checked (config-detection.ts); null: the built-in rules only. */
    rulesFile: DetectionRulesFile | null;
  };
}

export function auditOf(raw: RawEnv): AuditSettings {
  return {
    seal: { intervalMs: raw.CASUS_AUDIT_SEAL_INTERVAL_MS, batchSize: raw.CASUS_AUDIT_SEAL_BATCH },
    detection: {
      intervalMs: raw.CASUS_AUDIT_DETECTION_INTERVAL_MS,
      batchSize: raw.CASUS_AUDIT_DETECTION_BATCH,
      rulesFile: raw.CASUS_AUDIT_DETECTION_RULES ? readDetectionRules(raw.CASUS_AUDIT_DETECTION_RULES) : null,
    },
  };
}
