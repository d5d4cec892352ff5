// The audit settings (the audit module reads them): sealing the trail, its signed checkpoints and their
// witness copy, verification, retention per category, and the parts that later land beside them
// (detection thresholds, shipping). Kept apart from config.ts so each part adds its variables here,
// next to their meaning.
import path from 'node:path';
import { Type } from 'typebox';
import { ConfigError } from './config-error.ts';
import type { RawEnv } from './config.ts';

const DAYS = { minimum: 30, maximum: 36_500 };

/** The environment variables of this section, merged into config.ts's schema. */
export const AUDIT_ENV = {
  CASUS_AUDIT_SEAL_INTERVAL_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 1000 }),
  CASUS_AUDIT_SEAL_BATCH: Type.Integer({ minimum: 100, maximum: 100_000, default: 5000 }),
  CASUS_AUDIT_SEAL_WORKER: Type.Boolean({ default: true }),
  CASUS_AUDIT_LOG_ORIGIN: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$' })),
  CASUS_AUDIT_CHECKPOINT_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 30 }),
  CASUS_AUDIT_CHECKPOINT_LEAVES: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 50_000 }),
  CASUS_AUDIT_VERIFIER_KEYS: Type.Optional(Type.String()),
  CASUS_AUDIT_WITNESS_DIR: Type.Optional(Type.String({ minLength: 1 })),
  CASUS_AUDIT_WITNESS_S3_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://[^/?#]+' })),
  CASUS_AUDIT_WITNESS_S3_BUCKET: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' })),
  CASUS_AUDIT_WITNESS_S3_REGION: Type.String({ pattern: '^[a-z0-9-]{1,40}$', default: 'us-east-1' }),
  CASUS_AUDIT_WITNESS_S3_ACCESS_KEY_ID: Type.Optional(Type.String({ minLength: 1 })),
  CASUS_AUDIT_WITNESS_S3_SECRET_ACCESS_KEY: Type.Optional(Type.String({ minLength: 1 })),
  CASUS_AUDIT_WITNESS_S3_PATH_STYLE: Type.Boolean({ default: true }),
  CASUS_AUDIT_WITNESS_S3_PREFIX: Type.String({ pattern: '^([a-z0-9][a-z0-9._-]{0,62}/)?$', default: 'casus-audit/' }),
  CASUS_AUDIT_WITNESS_RETAIN_DAYS: Type.Integer({ minimum: 1, maximum: 36_500, default: 3650 }),
  CASUS_AUDIT_RETENTION_SECURITY_DAYS: Type.Integer({ ...DAYS, default: 2557 }),
  CASUS_AUDIT_RETENTION_ACCESS_DAYS: Type.Integer({ ...DAYS, default: 1826 }),
  CASUS_AUDIT_RETENTION_CHANGE_DAYS: Type.Integer({ ...DAYS, default: 2557 }),
};

/** Where every checkpoint is copied: a directory (development, tests) or an S3 bucket with Object Lock. */
export type WitnessSettings =
  | { kind: 'directory'; dir: string }
  | {
      kind: 's3';
      endpoint: string;
      bucket: string;
      region: string;
      accessKeyId: string;
      secretAccessKey: string;
      pathStyle: boolean;
      /** Key prefix inside the bucket ("casus-audit/"), so the bucket may hold other logs too. */
      prefix: string;
      /** Object Lock (compliance mode) keeps each copy this many days; no one, root included, deletes it sooner. */
      retainDays: number;
    };

export interface RetentionSettings {
  /** Days an audit event of each category is kept (migrations/0005_retention.ts says what falls where). */
  securityDays: number;
  accessDays: number;
  changeDays: number;
}

export interface AuditSettings {
  seal: {
    /** How often a working instance seals what committed since the last round (the sealing lag's floor). */
    intervalMs: number;
    /** Events per sealing transaction; a round drains the backlog in batches of this size. */
    batchSize: number;
    /** Whether this working instance seals (false: others do; the benchmark compares the two). */
    worker: boolean;
  };
  checkpoints: {
    /** The log's name in its checkpoints (the C2SP origin line) and the name of its signing keys. */
    origin: string;
    /** A checkpoint at least this often while leaves are added... */
    intervalSeconds: number;
    /** ...and sooner once this many leaves wait for one. */
    maxLeaves: number;
    /** Published verifier keys of retired signing keys (or another origin's), so old checkpoints still verify. */
    verifierKeys: string[];
  };
  /** Null: none configured (development and test only; acceptance and production refuse to start). */
  witness: WitnessSettings | null;
  retention: RetentionSettings;
}

/** The origin when none is configured: the public URL's host, so two installations never share a name. */
function defaultOrigin(publicUrl: string | undefined): string {
  const host = publicUrl ? new URL(publicUrl).host : 'localhost';
  return `${host}/casus-audit`;
}

function witnessOf(raw: RawEnv, reasons: string[]): WitnessSettings | null {
  const s3Named = [
    raw.CASUS_AUDIT_WITNESS_S3_BUCKET,
    raw.CASUS_AUDIT_WITNESS_S3_ACCESS_KEY_ID,
    raw.CASUS_AUDIT_WITNESS_S3_SECRET_ACCESS_KEY,
  ].some((v) => v !== undefined);
  if (raw.CASUS_AUDIT_WITNESS_S3_ENDPOINT !== undefined) {
    const {
      CASUS_AUDIT_WITNESS_S3_BUCKET: bucket,
      CASUS_AUDIT_WITNESS_S3_ACCESS_KEY_ID: accessKeyId,
      CASUS_AUDIT_WITNESS_S3_SECRET_ACCESS_KEY: secretAccessKey,
    } = raw;
    if (raw.CASUS_AUDIT_WITNESS_DIR !== undefined)
      reasons.push('CASUS_AUDIT_WITNESS_DIR and CASUS_AUDIT_WITNESS_S3_ENDPOINT are both set: choose one witness store');
    if (!bucket || !accessKeyId || !secretAccessKey) {
      reasons.push(
        'CASUS_AUDIT_WITNESS_S3_ENDPOINT needs CASUS_AUDIT_WITNESS_S3_BUCKET, CASUS_AUDIT_WITNESS_S3_ACCESS_KEY_ID and CASUS_AUDIT_WITNESS_S3_SECRET_ACCESS_KEY',
      );
      return null;
    }
    return {
      kind: 's3',
      endpoint: raw.CASUS_AUDIT_WITNESS_S3_ENDPOINT,
      bucket,
      region: raw.CASUS_AUDIT_WITNESS_S3_REGION,
      accessKeyId,
      secretAccessKey,
      pathStyle: raw.CASUS_AUDIT_WITNESS_S3_PATH_STYLE,
      prefix: raw.CASUS_AUDIT_WITNESS_S3_PREFIX,
      retainDays: raw.CASUS_AUDIT_WITNESS_RETAIN_DAYS,
    };
  }
  if (s3Named) reasons.push('CASUS_AUDIT_WITNESS_S3_BUCKET and its credentials are set without CASUS_AUDIT_WITNESS_S3_ENDPOINT');
  return raw.CASUS_AUDIT_WITNESS_DIR ? { kind: 'directory', dir: path.resolve(raw.CASUS_AUDIT_WITNESS_DIR) } : null;
}

export function auditOf(raw: RawEnv): AuditSettings {
  const reasons: string[] = [];
  const witness = witnessOf(raw, reasons);
  const retention = {
    securityDays: raw.CASUS_AUDIT_RETENTION_SECURITY_DAYS,
    accessDays: raw.CASUS_AUDIT_RETENTION_ACCESS_DAYS,
    changeDays: raw.CASUS_AUDIT_RETENTION_CHANGE_DAYS,
  };
  const longest = Math.max(retention.securityDays, retention.accessDays, retention.changeDays);
  if (witness?.kind === 's3' && witness.retainDays < longest) {
    reasons.push(
      `CASUS_AUDIT_WITNESS_RETAIN_DAYS (${witness.retainDays}) is shorter than the longest audit retention (${longest} days): ` +
        'a checkpoint must stay locked as long as events it covers are kept',
    );
  }
  const verifierKeys = (raw.CASUS_AUDIT_VERIFIER_KEYS ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (reasons.length > 0) throw new ConfigError(reasons);
  return {
    seal: { intervalMs: raw.CASUS_AUDIT_SEAL_INTERVAL_MS, batchSize: raw.CASUS_AUDIT_SEAL_BATCH, worker: raw.CASUS_AUDIT_SEAL_WORKER },
    checkpoints: {
      origin: raw.CASUS_AUDIT_LOG_ORIGIN ?? defaultOrigin(raw.CASUS_PUBLIC_URL),
      intervalSeconds: raw.CASUS_AUDIT_CHECKPOINT_SECONDS,
      maxLeaves: raw.CASUS_AUDIT_CHECKPOINT_LEAVES,
      verifierKeys,
    },
    witness,
    retention,
  };
}

/** Why these audit settings must not run in acceptance or production (config.ts's unsafeProductionSettings). */
export function unsafeAuditSettings(audit: AuditSettings, isLoopback: (host: string) => boolean): string[] {
  const reasons: string[] = [];
  if (!audit.witness) {
    reasons.push(
      'no audit witness store is configured: set CASUS_AUDIT_WITNESS_S3_ENDPOINT (a bucket with Object Lock) so the signed checkpoints ' +
        'of the audit trail also live where the database owner cannot rewrite them (see docs/security.md#tamper-evidence)',
    );
  } else if (audit.witness.kind === 'directory') {
    reasons.push(
      `CASUS_AUDIT_WITNESS_DIR is for development and tests: whoever administers this machine can rewrite ${audit.witness.dir}; ` +
        'use CASUS_AUDIT_WITNESS_S3_ENDPOINT with a bucket in Object Lock compliance mode',
    );
  } else {
    const host = new URL(audit.witness.endpoint).hostname.replace(/^\[|\]$/g, '');
    if (audit.witness.endpoint.startsWith('http://') && !isLoopback(host))
      reasons.push(`CASUS_AUDIT_WITNESS_S3_ENDPOINT=${audit.witness.endpoint} is plain http:// to another host: use https://`);
  }
  return reasons;
}
