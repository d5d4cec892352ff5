// The audit settings (the audit module reads them): sealing the trail, its signed checkpoints and their
// witness copy, verification, retention per category, detection thresholds and shipping. Kept apart
// from config.ts so each part adds its variables here, next to their meaning.
import path from 'node:path';
import { Type } from 'typebox';
import { ConfigError } from './config-error.ts';
import type { RawEnv } from './config.ts';
import { readDetectionRules, type DetectionRulesFile } from './config-detection.ts';

/** RFC 5424 §6.2.1 facility numbers by the names syslog daemons use; 13 is "log audit". */
export const SYSLOG_FACILITIES: Readonly<Record<string, number>> = {
  kern: 0,
  user: 1,
  mail: 2,
  daemon: 3,
  auth: 4,
  syslog: 5,
  lpr: 6,
  news: 7,
  uucp: 8,
  cron: 9,
  authpriv: 10,
  ftp: 11,
  ntp: 12,
  audit: 13,
  alert: 14,
  clock: 15,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
};

const PEM_FILE = Type.Optional(Type.String({ minLength: 1 }));
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
  CASUS_AUDIT_DETECTION_RULES: Type.Optional(Type.String({ minLength: 1 })),
  CASUS_AUDIT_DETECTION_INTERVAL_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 2000 }),
  CASUS_AUDIT_DETECTION_BATCH: Type.Integer({ minimum: 10, maximum: 10_000, default: 1000 }),
  // Retention per category (shipping/category.ts says which event is which); the processing log follows them too.
  CASUS_AUDIT_RETENTION_SECURITY_DAYS: Type.Integer({ ...DAYS, default: 2557 }),
  CASUS_AUDIT_RETENTION_ACCESS_DAYS: Type.Integer({ ...DAYS, default: 1826 }),
  CASUS_AUDIT_RETENTION_CHANGE_DAYS: Type.Integer({ ...DAYS, default: 2557 }),
  // Shipping to a central log system (audit module, shipping/).
  CASUS_AUDIT_SHIP_EVENTS: Type.Union([Type.Literal('all'), Type.Literal('security')], { default: 'all' }),
  CASUS_AUDIT_SHIP_BATCH: Type.Integer({ minimum: 1, maximum: 5000, default: 500 }),
  CASUS_AUDIT_SHIP_INTERVAL_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 1000 }),
  // Below the pool's idle-in-transaction timeout (60 s): the cursor's transaction waits for the collector.
  CASUS_AUDIT_SHIP_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 30_000, default: 10_000 }),
  CASUS_AUDIT_SHIP_BACKOFF_MAX_MS: Type.Integer({ minimum: 1000, maximum: 3_600_000, default: 300_000 }),
  CASUS_AUDIT_SYSLOG_URL: Type.Optional(Type.String({ pattern: '^(tls|tcp)://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?/?$' })),
  CASUS_AUDIT_SYSLOG_CA_FILE: PEM_FILE,
  CASUS_AUDIT_SYSLOG_CERT_FILE: PEM_FILE,
  CASUS_AUDIT_SYSLOG_KEY_FILE: PEM_FILE,
  CASUS_AUDIT_SYSLOG_FACILITY: Type.String({ pattern: '^([a-z0-9]+)$', default: 'audit' }),
  // An SD-ID of one's own must carry an IANA private enterprise number; 32473 is the one RFC 5612 reserves for examples.
  CASUS_AUDIT_SYSLOG_SD_ID: Type.String({ pattern: '^[!#-<>-\\\\^-~]{1,32}@[0-9]+(\\.[0-9]+)*$', maxLength: 32, default: 'casus@32473' }),
  CASUS_AUDIT_SYSLOG_HOSTNAME: Type.Optional(Type.String({ pattern: '^[!-~]{1,255}$' })),
  CASUS_AUDIT_OTLP_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://[^/?#]+(/[^?#]*)?$' })),
  CASUS_AUDIT_OTLP_SIGNALS: Type.String({ pattern: '^(logs|traces)(,(logs|traces))?$', default: 'logs,traces' }),
  CASUS_AUDIT_OTLP_HEADERS: Type.Optional(Type.String({ minLength: 1 })),
  CASUS_AUDIT_OTLP_CA_FILE: PEM_FILE,
  CASUS_AUDIT_OTLP_CERT_FILE: PEM_FILE,
  CASUS_AUDIT_OTLP_KEY_FILE: PEM_FILE,
};

/** The files that make a TLS connection: the CA that signs the collector's certificate, and our own. */
export interface TlsFiles {
  /** PEM of the CA(s) the collector's certificate must chain to; null: the system's trusted roots. */
  caFile: string | null;
  /** Client certificate and key (mutual TLS); both or neither. */
  certFile: string | null;
  keyFile: string | null;
}

export interface SyslogSettings extends TlsFiles {
  /** `tls` (RFC 5425) everywhere; `tcp` (plain, RFC 6587 octet counting) only to loopback in production. */
  transport: 'tls' | 'tcp';
  host: string;
  port: number;
  facility: number;
  sdId: string;
  /** The HOSTNAME field; null: this machine's host name. */
  hostname: string | null;
}

export interface OtlpSettings extends TlsFiles {
  /** Base URL; the signal paths /v1/logs and /v1/traces are added (like OTEL_EXPORTER_OTLP_ENDPOINT). */
  endpoint: string;
  headers: Record<string, string>;
  /** logs: audit and security events; traces: the processing log (Logboek Dataverwerkingen). */
  logs: boolean;
  traces: boolean;
}

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

/** Days an audit event (and a processing log entry) is kept, per category. */
export interface RetentionSettings {
  securityDays: number;
  accessDays: number;
  changeDays: number;
}

export interface ShippingSettings {
  /** Which audit events go to the central log system: every one, or security events and refusals only. */
  events: 'all' | 'security';
  batchSize: number;
  intervalMs: number;
  /** How long one delivery may take (connect, send, acknowledgement). */
  timeoutMs: number;
  /** The longest wait between attempts once a collector keeps failing (exponential backoff with jitter). */
  backoffMaxMs: number;
  syslog: SyslogSettings | null;
  otlp: OtlpSettings | null;
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
  detection: {
    /** How often a working instance runs the detection rules over what was sealed since its last round. */
    intervalMs: number;
    /** Sealed events per detection transaction. */
    batchSize: number;
    /** The rules file (CASUS_AUDIT_DETECTION_RULES), checked (config-detection.ts); null: the built-in rules only. */
    rulesFile: DetectionRulesFile | null;
  };
  retention: RetentionSettings;
  shipping: ShippingSettings;
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
    detection: {
      intervalMs: raw.CASUS_AUDIT_DETECTION_INTERVAL_MS,
      batchSize: raw.CASUS_AUDIT_DETECTION_BATCH,
      rulesFile: raw.CASUS_AUDIT_DETECTION_RULES ? readDetectionRules(raw.CASUS_AUDIT_DETECTION_RULES) : null,
    },
    retention,
    shipping: {
      events: raw.CASUS_AUDIT_SHIP_EVENTS,
      batchSize: raw.CASUS_AUDIT_SHIP_BATCH,
      intervalMs: raw.CASUS_AUDIT_SHIP_INTERVAL_MS,
      timeoutMs: raw.CASUS_AUDIT_SHIP_TIMEOUT_MS,
      backoffMaxMs: raw.CASUS_AUDIT_SHIP_BACKOFF_MAX_MS,
      syslog: syslogOf(raw),
      otlp: otlpOf(raw),
    },
  };
}

function tlsFilesOf(prefix: 'CASUS_AUDIT_SYSLOG' | 'CASUS_AUDIT_OTLP', raw: RawEnv): TlsFiles {
  const caFile = raw[`${prefix}_CA_FILE`] ?? null;
  const certFile = raw[`${prefix}_CERT_FILE`] ?? null;
  const keyFile = raw[`${prefix}_KEY_FILE`] ?? null;
  if ((certFile === null) !== (keyFile === null))
    throw new ConfigError([`${prefix}_CERT_FILE and ${prefix}_KEY_FILE must be set together (the client certificate and its key)`]);
  return { caFile, certFile, keyFile };
}

function syslogOf(raw: RawEnv): SyslogSettings | null {
  const files = tlsFilesOf('CASUS_AUDIT_SYSLOG', raw);
  const url = raw.CASUS_AUDIT_SYSLOG_URL;
  if (!url) {
    if (files.caFile || files.certFile) throw new ConfigError(['CASUS_AUDIT_SYSLOG_* files are set without CASUS_AUDIT_SYSLOG_URL']);
    return null;
  }
  const parsed = new URL(url);
  const transport = parsed.protocol === 'tls:' ? 'tls' : 'tcp';
  if (transport === 'tcp' && (files.caFile || files.certFile))
    throw new ConfigError([`CASUS_AUDIT_SYSLOG_URL=${url} is plain tcp://, but TLS files are set: use tls://`]);
  const name = raw.CASUS_AUDIT_SYSLOG_FACILITY;
  const facility = /^\d+$/.test(name) ? Number(name) : SYSLOG_FACILITIES[name];
  if (facility === undefined || facility > 23)
    throw new ConfigError([
      `CASUS_AUDIT_SYSLOG_FACILITY=${name} is not a syslog facility: 0-23 or one of ${Object.keys(SYSLOG_FACILITIES).join(', ')}`,
    ]);
  return {
    ...files,
    transport,
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    // RFC 5425 assigns 6514 to syslog over TLS; 601 is RFC 3195's, 514 the usual plain TCP port.
    port: parsed.port ? Number(parsed.port) : transport === 'tls' ? 6514 : 514,
    facility,
    sdId: raw.CASUS_AUDIT_SYSLOG_SD_ID,
    hostname: raw.CASUS_AUDIT_SYSLOG_HOSTNAME ?? null,
  };
}

function otlpOf(raw: RawEnv): OtlpSettings | null {
  const files = tlsFilesOf('CASUS_AUDIT_OTLP', raw);
  const endpoint = raw.CASUS_AUDIT_OTLP_ENDPOINT;
  if (!endpoint) {
    if (files.caFile || files.certFile || raw.CASUS_AUDIT_OTLP_HEADERS)
      throw new ConfigError(['CASUS_AUDIT_OTLP_* settings are set without CASUS_AUDIT_OTLP_ENDPOINT']);
    return null;
  }
  if (endpoint.startsWith('http://') && (files.caFile || files.certFile))
    throw new ConfigError([`CASUS_AUDIT_OTLP_ENDPOINT=${endpoint} is plain http://, but TLS files are set: use https://`]);
  const signals = raw.CASUS_AUDIT_OTLP_SIGNALS.split(',');
  return {
    ...files,
    endpoint: endpoint.replace(/\/+$/, ''),
    headers: parseHeaders(raw.CASUS_AUDIT_OTLP_HEADERS),
    logs: signals.includes('logs'),
    traces: signals.includes('traces'),
  };
}

/** OTEL_EXPORTER_OTLP_HEADERS's format: `key=value` pairs, comma-separated, values percent-encoded. */
function parseHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!text) return headers;
  text.split(',').forEach((pair, i) => {
    const at = pair.indexOf('=');
    const key = at > 0 ? pair.slice(0, at).trim().toLowerCase() : '';
    let value: string | null;
    try {
      value = at > 0 ? decodeURIComponent(pair.slice(at + 1).trim()) : null;
    } catch {
      value = null;
    }
    // The message names the entry by position only: a value may be a credential.
    if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(key) || value === null || /[\r\n\0]/.test(value))
      throw new ConfigError([`CASUS_AUDIT_OTLP_HEADERS: entry ${i + 1} is not key=value (the value percent-encoded)`]);
    headers[key] = value;
  });
  return headers;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return '';
  }
}

/** The reasons these audit settings must not run in production or acceptance (config.ts lists them with the rest). */
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
  const { syslog, otlp } = audit.shipping;
  if (syslog && syslog.transport === 'tcp' && !isLoopback(syslog.host))
    reasons.push(
      `CASUS_AUDIT_SYSLOG_URL=tcp://${syslog.host}:${syslog.port} is plain TCP to another host: audit events must travel over TLS (tls://, RFC 5425)`,
    );
  if (otlp && otlp.endpoint.startsWith('http://') && !isLoopback(hostOf(otlp.endpoint)))
    reasons.push(
      `CASUS_AUDIT_OTLP_ENDPOINT=${otlp.endpoint} is plain http:// to another host: audit events and the processing log must travel over TLS (https://)`,
    );
  return reasons;
}
