// One typed, validated settings object. Sources, later ones winning: built-in defaults, an optional
// JSON file (CASUS_CONFIG_FILE), the environment. Every variable is documented in docs/configuration.md.
// In production and acceptance the settings are also checked for safety, and the server refuses to
// start with the full list of reasons rather than run exposed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isIP } from 'node:net';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { WorkingCalendar } from './calendar/working-days.ts';
import { ConfigError } from './config-error.ts';
import { AUDIT_ENV, auditOf, unsafeAuditSettings, type AuditSettings } from './config-audit.ts';
import { blobsOf, calendarOf, parseEncryption, type BlobSettings, type EncryptionSettings } from './config-sections.ts';

export { ConfigError } from './config-error.ts';
export type { BlobSettings, EncryptionSettings } from './config-sections.ts';

export const ENVIRONMENTS = ['development', 'test', 'acceptance', 'production'] as const;
export type CasusEnvironment = (typeof ENVIRONMENTS)[number];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The environment variables we read, with their schema. Names are the public interface. */
const EnvSchema = Type.Object({
  CASUS_ENV: Type.Union(
    ENVIRONMENTS.map((e) => Type.Literal(e)),
    { default: 'development' },
  ),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  CASUS_DATA_DIR: Type.String({ minLength: 1, default: './var' }),
  CASUS_EMBEDDED_RUNTIME_DIR: Type.String({ minLength: 1, default: '/var/lib/casus-embedded' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_APP_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  CASUS_DB_APP_ROLE: Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$', default: 'casus_app' }),
  DATABASE_AUTH_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  CASUS_DB_AUTH_ROLE: Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$', default: 'casus_auth' }),
  CASUS_DB_POOL_MAX: Type.Integer({ minimum: 1, maximum: 500, default: 20 }),
  CASUS_DB_AUTH_POOL_MAX: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  CASUS_DB_STATEMENT_TIMEOUT_MS: Type.Integer({ minimum: 0, default: 15000 }),
  CASUS_MIGRATE_ON_START: Type.Optional(Type.Boolean()),
  CASUS_RUN_WORKER: Type.Boolean({ default: true }),
  CASUS_LOG_LEVEL: Type.Union(
    LOG_LEVELS.map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  CASUS_SECRET_KEY: Type.Optional(Type.String()),
  CASUS_ENCRYPTION_KEYS: Type.Optional(Type.String()),
  CASUS_ENCRYPTION_ACTIVE_KEY: Type.Optional(Type.String()),
  CASUS_BLIND_INDEX_KEY: Type.Optional(Type.String()),
  CASUS_TRUST_PROXY: Type.Optional(Type.String()),
  CASUS_ALLOWED_NETWORKS_STAFF: Type.Optional(Type.String()),
  CASUS_ALLOWED_NETWORKS_INTEGRATION: Type.Optional(Type.String()),
  CASUS_ALLOWED_NETWORKS_OPERATIONS: Type.Optional(Type.String()),
  CASUS_TLS_CERT_FILE: Type.Optional(Type.String({ minLength: 1 })),
  CASUS_TLS_KEY_FILE: Type.Optional(Type.String({ minLength: 1 })),
  CASUS_PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  CASUS_API_CONTACT_NAME: Type.String({ minLength: 1, maxLength: 200, default: 'Casus platform team' }),
  CASUS_API_CONTACT_EMAIL: Type.String({ format: 'email', maxLength: 254, default: 'api@casus.example.nl' }),
  CASUS_API_CONTACT_URL: Type.String({ pattern: '^https?://', maxLength: 2000, default: 'https://casus.example.nl' }),
  CASUS_BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, maximum: 100 * 1024 * 1024, default: 1024 * 1024 }),
  CASUS_REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 1000, default: 30000 }),
  CASUS_IDEMPOTENCY_TTL_HOURS: Type.Integer({ minimum: 1, maximum: 168, default: 24 }),
  CASUS_SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 1000, default: 25000 }),
  CASUS_SHUTDOWN_DRAIN_MS: Type.Integer({ minimum: 0, maximum: 60000, default: 0 }),
  CASUS_SESSION_IDLE_MINUTES: Type.Integer({ minimum: 1, maximum: 480, default: 30 }),
  CASUS_SESSION_ABSOLUTE_HOURS: Type.Integer({ minimum: 1, maximum: 24, default: 12 }),
  CASUS_LOGIN_MAX_FAILURES: Type.Integer({ minimum: 3, maximum: 20, default: 5 }),
  CASUS_LOCKOUT_MINUTES: Type.Integer({ minimum: 1, maximum: 1440, default: 15 }),
  CASUS_AUTH_ATTEMPTS_PER_IP: Type.Integer({ minimum: 5, maximum: 100000, default: 100 }),
  CASUS_SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  CASUS_MAIL_FROM: Type.String({ minLength: 3, default: 'Casus <no-reply@localhost>' }),
  CASUS_OIDC_ISSUER: Type.Optional(Type.String({ pattern: '^https?://' })),
  CASUS_OIDC_CLIENT_ID: Type.Optional(Type.String({ minLength: 1 })),
  CASUS_OIDC_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  CASUS_OIDC_NAME: Type.String({ minLength: 1, default: 'Single sign-on' }),
  CASUS_WEBAUTHN_RP_NAME: Type.String({ minLength: 1, default: 'Casus' }),
  CASUS_BLOB_DIR: Type.Optional(Type.String({ minLength: 1 })),
  CASUS_BLOB_S3_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://[^/?#]+' })),
  CASUS_BLOB_S3_BUCKET: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' })),
  CASUS_BLOB_S3_REGION: Type.String({ pattern: '^[a-z0-9-]{1,40}$', default: 'us-east-1' }),
  CASUS_BLOB_S3_ACCESS_KEY_ID: Type.Optional(Type.String({ minLength: 1 })),
  CASUS_BLOB_S3_SECRET_ACCESS_KEY: Type.Optional(Type.String({ minLength: 1 })),
  CASUS_BLOB_S3_PATH_STYLE: Type.Boolean({ default: true }),
  CASUS_DOCUMENT_MAX_BYTES: Type.Integer({ minimum: 1024, maximum: 1024 * 1024 * 1024, default: 25 * 1024 * 1024 }),
  CASUS_DOCUMENT_ALLOWED_TYPES: Type.Optional(Type.String()),
  CASUS_CLAMD_URL: Type.Optional(Type.String({ pattern: '^(tcp://[^/\\s]+/?|unix:/\\S+)$' })),
  CASUS_CLAMD_ON_ERROR: Type.Optional(Type.Union([Type.Literal('reject'), Type.Literal('accept')])),
  CASUS_CLAMD_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 600000, default: 30000 }),
  CASUS_BREAK_GLASS_HOURS: Type.Integer({ minimum: 1, maximum: 72, default: 8 }),
  CASUS_RETENTION_YEARS: Type.Integer({ minimum: 1, maximum: 100, default: 6 }),
  CASUS_DESTRUCTION_ROUND_MAX_CASES: Type.Integer({ minimum: 1, maximum: 100000, default: 1000 }),
  CASUS_DESTRUCTION_BATCH_SIZE: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
  CASUS_AUDIT_EXPORT_MAX_ROWS: Type.Integer({ minimum: 1, maximum: 1000000, default: 50000 }),
  CASUS_REFERRAL_FIRST_CONTACT_DAYS: Type.Integer({ minimum: 0, maximum: 30, default: 2 }),
  CASUS_REFERRAL_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 20, default: 3 }),
  CASUS_REFERRAL_DEFAULT_UNIT: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' })),
  CASUS_CALENDAR_EXTRA_CLOSED_DAYS: Type.Optional(Type.String()),
  CASUS_CALENDAR_GOOD_FRIDAY: Type.Union([Type.Literal('open'), Type.Literal('closed')], { default: 'open' }),
  CASUS_CALENDAR_LIBERATION_DAY: Type.Union([Type.Literal('lustrum'), Type.Literal('closed'), Type.Literal('open')], {
    default: 'lustrum',
  }),
  ...AUDIT_ENV,
});
export type RawEnv = Static<typeof EnvSchema>;

/** The surfaces whose callers come from different networks: staff UI/API, chain partners, operations. */
export const SURFACES = ['staff', 'integration', 'operations'] as const;
export type Surface = (typeof SURFACES)[number];
/** Addresses/CIDR ranges a surface may be reached from, or 'any'; null: not configured. */
export type AllowedNetworks = string[] | 'any';

export interface Settings {
  env: CasusEnvironment;
  http: {
    host: string;
    port: number;
    bodyLimitBytes: number;
    requestTimeoutMs: number;
    /** How long an Idempotency-Key and its kept answer are remembered (http/idempotency.ts). */
    idempotencyTtlHours: number;
    /** Addresses/CIDRs of TLS-terminating proxies whose X-Forwarded-* headers we believe. */
    trustProxy: string[];
    tls: { certFile: string; keyFile: string } | null;
    publicUrl: string | null;
    /** Who answers questions about the API: the OpenAPI document's info.contact (API Design Rules). */
    apiContact: { name: string; email: string; url: string };
    /** Per surface; unset means 'any' in development and test, and is refused in production and acceptance. */
    allowedNetworks: Record<Surface, AllowedNetworks | null>;
  };
  database: {
    /** Owner connection (migrations, job queue). Null: the embedded PostgreSQL is used. */
    url: string | null;
    /** Application login (no owner rights, subject to row-level security). */
    appUrl: string | null;
    appRole: string;
    /**
     * Authentication login: the only one that may write identity, session and grant tables (the
     * identity and access-review modules use it); the application role may not.
     */
    authUrl: string | null;
    authRole: string;
    poolMax: number;
    authPoolMax: number;
    statementTimeoutMs: number;
  };
  dataDir: string;
  /** Running as root with a data dir or checkout the postgres user cannot reach: where the embedded cluster goes instead. */
  embeddedRuntimeDir: string;
  migrateOnStart: boolean;
  runWorker: boolean;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Base64 secret for signing and key derivation by later modules; required in production and acceptance. */
  secretKey: string | null;
  /**
   * The key ring for personal data at rest (CASUS_ENCRYPTION_KEYS, CASUS_ENCRYPTION_ACTIVE_KEY,
   * CASUS_BLIND_INDEX_KEY). Null: development and test derive keys from the data directory's secret.
   */
  encryption: EncryptionSettings | null;
  shutdownTimeoutMs: number;
  /** After SIGTERM: how long to keep serving while reporting not-ready, so load balancers move away first. */
  shutdownDrainMs: number;
  auth: {
    sessionIdleMinutes: number;
    sessionAbsoluteHours: number;
    /** Failed sign-ins on one account before it is locked for lockoutMinutes (doubling on repeat). */
    maxFailures: number;
    lockoutMinutes: number;
    /** Failed sign-in, second-factor and reset attempts one IP address may make per 15 minutes. */
    attemptsPerIp: number;
    oidc: { issuer: string; clientId: string; clientSecret: string | null; name: string } | null;
    webauthnRpName: string;
  };
  cases: {
    /** How long a break-the-glass access to a case lasts. */
    breakGlassHours: number;
    /** Years a closed case is kept (its retention date) when its case type names no period of its own. */
    retentionYears: number;
  };
  privacy: {
    /** The most cases one destruction round lists; the rest wait for the next round. */
    destructionRoundMaxCases: number;
    /** Cases carried out per batch of a destruction round (each case in a transaction of its own). */
    destructionBatchSize: number;
  };
  auditTrail: {
    /** The most events one export of the audit trail may hold; a larger one is refused (narrow the filter). */
    exportMaxRows: number;
  };
  referrals: {
    /** Working days from receipt to the first-contact deadline (the queue's order). */
    firstContactDays: number;
    /** Failed contact attempts after which a referral is "not reached" and a letter task is made. */
    maxAttempts: number;
    /** Code of the team whose queue gets integration referrals that name no `unitCode`; null: they must name one. */
    defaultUnitCode: string | null;
  };
  /** Outgoing mail (password reset); null: not configured, and reset by e-mail is unavailable. */
  mail: { smtpUrl: string; from: string } | null;
  /** Where and how documents are stored (kernel/blobs). */
  blobs: BlobSettings;
  /** Working days for deadlines (kernel/calendar): which optional holidays close, extra closure days. */
  calendar: WorkingCalendar;
  /** The audit trail: sealing, checkpoints, retention, detection, shipping (config-audit.ts). */
  audit: AuditSettings;
}

/** Where users reach Casus: CASUS_PUBLIC_URL, else this server's own address (development). */
export function publicBaseUrl(settings: Settings, listening?: string | null): string {
  if (settings.http.publicUrl) return settings.http.publicUrl.replace(/\/$/, '');
  if (listening) return listening;
  const host = settings.http.host.includes(':') ? `[${settings.http.host}]` : settings.http.host;
  return `${settings.http.tls ? 'https' : 'http'}://${host}:${settings.http.port}`;
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`CASUS_CONFIG_FILE ${file} cannot be read: ${(error as Error).message}`]);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError([`CASUS_CONFIG_FILE ${file} is not a JSON object of settings: ${(error as Error).message}`]);
  }
}

function parseRaw(env: NodeJS.ProcessEnv): RawEnv {
  const fromFile = env.CASUS_CONFIG_FILE ? readConfigFile(env.CASUS_CONFIG_FILE) : {};
  const known = Object.keys(EnvSchema.properties);
  const unknownInFile = Object.keys(fromFile).filter((k) => !known.includes(k));
  if (unknownInFile.length > 0) throw new ConfigError([`unknown settings in CASUS_CONFIG_FILE: ${unknownInFile.join(', ')}`]);

  const merged: Record<string, unknown> = { ...fromFile };
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  // Environment variables are strings: let TypeBox convert "3000" and "false" to their types.
  const converted = Value.Convert(EnvSchema, Value.Default(EnvSchema, merged));
  const errors = [...Value.Errors(EnvSchema, converted)];
  if (errors.length > 0) {
    // One reason per setting; for a choice (a union of literals) name the allowed values.
    const reasons = new Map<string, string>();
    for (const e of errors) {
      const name = e.instancePath.replace(/^\//, '') || 'settings';
      const choices = (EnvSchema.properties as Record<string, { anyOf?: { const?: unknown }[] }>)[name]?.anyOf?.map((c) => c.const);
      if (!reasons.has(name)) reasons.set(name, choices ? `${name}: must be one of ${choices.join(', ')}` : `${name}: ${e.message}`);
    }
    throw new ConfigError([...reasons.values()]);
  }
  return converted as RawEnv;
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const raw = parseRaw(env);
  const nonProduction = raw.CASUS_ENV === 'development' || raw.CASUS_ENV === 'test';
  const tlsGiven = raw.CASUS_TLS_CERT_FILE !== undefined || raw.CASUS_TLS_KEY_FILE !== undefined;
  if (tlsGiven && (!raw.CASUS_TLS_CERT_FILE || !raw.CASUS_TLS_KEY_FILE)) {
    throw new ConfigError(['CASUS_TLS_CERT_FILE and CASUS_TLS_KEY_FILE must be set together']);
  }
  for (const name of ['DATABASE_APP_URL', 'DATABASE_AUTH_URL'] as const) {
    if (raw[name] && !raw.DATABASE_URL)
      throw new ConfigError([`${name} is set without DATABASE_URL: set both (the embedded PostgreSQL makes its own logins)`]);
  }
  if (raw.CASUS_DB_AUTH_ROLE === raw.CASUS_DB_APP_ROLE) {
    throw new ConfigError([
      `CASUS_DB_AUTH_ROLE and CASUS_DB_APP_ROLE are both ${raw.CASUS_DB_APP_ROLE}: the authentication login must be a role of its own`,
    ]);
  }
  const settings: Settings = {
    env: raw.CASUS_ENV,
    http: {
      host: raw.HOST,
      port: raw.PORT,
      bodyLimitBytes: raw.CASUS_BODY_LIMIT_BYTES,
      requestTimeoutMs: raw.CASUS_REQUEST_TIMEOUT_MS,
      idempotencyTtlHours: raw.CASUS_IDEMPOTENCY_TTL_HOURS,
      trustProxy: (raw.CASUS_TRUST_PROXY ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      tls:
        raw.CASUS_TLS_CERT_FILE && raw.CASUS_TLS_KEY_FILE ? { certFile: raw.CASUS_TLS_CERT_FILE, keyFile: raw.CASUS_TLS_KEY_FILE } : null,
      publicUrl: raw.CASUS_PUBLIC_URL ?? null,
      apiContact: { name: raw.CASUS_API_CONTACT_NAME, email: raw.CASUS_API_CONTACT_EMAIL, url: raw.CASUS_API_CONTACT_URL },
      allowedNetworks: {
        staff: parseNetworks('CASUS_ALLOWED_NETWORKS_STAFF', raw.CASUS_ALLOWED_NETWORKS_STAFF),
        integration: parseNetworks('CASUS_ALLOWED_NETWORKS_INTEGRATION', raw.CASUS_ALLOWED_NETWORKS_INTEGRATION),
        operations: parseNetworks('CASUS_ALLOWED_NETWORKS_OPERATIONS', raw.CASUS_ALLOWED_NETWORKS_OPERATIONS),
      },
    },
    database: {
      url: raw.DATABASE_URL ?? null,
      appUrl: raw.DATABASE_APP_URL ?? null,
      appRole: raw.CASUS_DB_APP_ROLE,
      authUrl: raw.DATABASE_AUTH_URL ?? null,
      authRole: raw.CASUS_DB_AUTH_ROLE,
      poolMax: raw.CASUS_DB_POOL_MAX,
      // Every request reads its session and grants there (one statement); the work runs on the other.
      authPoolMax: raw.CASUS_DB_AUTH_POOL_MAX ?? Math.max(2, Math.ceil(raw.CASUS_DB_POOL_MAX / 2)),
      statementTimeoutMs: raw.CASUS_DB_STATEMENT_TIMEOUT_MS,
    },
    dataDir: path.resolve(raw.CASUS_DATA_DIR),
    embeddedRuntimeDir: path.resolve(raw.CASUS_EMBEDDED_RUNTIME_DIR),
    migrateOnStart: raw.CASUS_MIGRATE_ON_START ?? nonProduction,
    runWorker: raw.CASUS_RUN_WORKER,
    logLevel: raw.CASUS_LOG_LEVEL,
    secretKey: raw.CASUS_SECRET_KEY ?? null,
    encryption: parseEncryption(raw),
    shutdownTimeoutMs: raw.CASUS_SHUTDOWN_TIMEOUT_MS,
    shutdownDrainMs: raw.CASUS_SHUTDOWN_DRAIN_MS,
    auth: {
      sessionIdleMinutes: raw.CASUS_SESSION_IDLE_MINUTES,
      sessionAbsoluteHours: raw.CASUS_SESSION_ABSOLUTE_HOURS,
      maxFailures: raw.CASUS_LOGIN_MAX_FAILURES,
      lockoutMinutes: raw.CASUS_LOCKOUT_MINUTES,
      attemptsPerIp: raw.CASUS_AUTH_ATTEMPTS_PER_IP,
      oidc:
        raw.CASUS_OIDC_ISSUER && raw.CASUS_OIDC_CLIENT_ID
          ? {
              issuer: raw.CASUS_OIDC_ISSUER,
              clientId: raw.CASUS_OIDC_CLIENT_ID,
              clientSecret: raw.CASUS_OIDC_CLIENT_SECRET ?? null,
              name: raw.CASUS_OIDC_NAME,
            }
          : null,
      webauthnRpName: raw.CASUS_WEBAUTHN_RP_NAME,
    },
    cases: { breakGlassHours: raw.CASUS_BREAK_GLASS_HOURS, retentionYears: raw.CASUS_RETENTION_YEARS },
    privacy: {
      destructionRoundMaxCases: raw.CASUS_DESTRUCTION_ROUND_MAX_CASES,
      destructionBatchSize: raw.CASUS_DESTRUCTION_BATCH_SIZE,
    },
    auditTrail: { exportMaxRows: raw.CASUS_AUDIT_EXPORT_MAX_ROWS },
    referrals: {
      firstContactDays: raw.CASUS_REFERRAL_FIRST_CONTACT_DAYS,
      maxAttempts: raw.CASUS_REFERRAL_MAX_ATTEMPTS,
      defaultUnitCode: raw.CASUS_REFERRAL_DEFAULT_UNIT ?? null,
    },
    mail: raw.CASUS_SMTP_URL ? { smtpUrl: raw.CASUS_SMTP_URL, from: raw.CASUS_MAIL_FROM } : null,
    blobs: blobsOf(raw, nonProduction),
    calendar: calendarOf(raw),
    audit: auditOf(raw),
  };
  if ((raw.CASUS_OIDC_ISSUER === undefined) !== (raw.CASUS_OIDC_CLIENT_ID === undefined)) {
    throw new ConfigError(['CASUS_OIDC_ISSUER and CASUS_OIDC_CLIENT_ID must be set together (single sign-on)']);
  }
  if (settings.shutdownDrainMs >= settings.shutdownTimeoutMs) {
    throw new ConfigError([
      `CASUS_SHUTDOWN_DRAIN_MS (${settings.shutdownDrainMs}) must be shorter than CASUS_SHUTDOWN_TIMEOUT_MS (${settings.shutdownTimeoutMs})`,
    ]);
  }
  validateNetworks('CASUS_TRUST_PROXY', settings.http.trustProxy);
  if (settings.env === 'production' || settings.env === 'acceptance') {
    const reasons = unsafeProductionSettings(settings);
    if (reasons.length > 0) throw new ConfigError(reasons);
  }
  return settings;
}

function parseNetworks(name: string, value: string | undefined): AllowedNetworks | null {
  if (value === undefined) return null;
  if (value.trim().toLowerCase() === 'any') return 'any';
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  validateNetworks(name, entries);
  return entries;
}

function validateNetworks(name: string, entries: string[]): void {
  const bad = entries.filter((entry) => {
    const [address, bits, ...rest] = entry.split('/');
    if (rest.length > 0 || !address || isIP(address) === 0) return true;
    if (bits === undefined) return false;
    const max = isIP(address) === 4 ? 32 : 128;
    return !/^\d+$/.test(bits) || Number(bits) > max;
  });
  if (bad.length > 0) throw new ConfigError([`${name} holds entries that are not IP addresses or CIDR ranges: ${bad.join(', ')}`]);
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Secrets that appear in docs and examples; a deployment using one is using a public key. */
const KNOWN_EXAMPLE_SECRETS = new Set(['changeme', 'change-me', 'secret', 'development', 'casus', 'example']);

function databaseHostOf(url: string): { host: string; sslmode: string | null } {
  try {
    const parsed = new URL(url);
    return { host: parsed.hostname, sslmode: parsed.searchParams.get('sslmode') };
  } catch {
    return { host: '', sslmode: null };
  }
}

/** Every reason why these settings must not run in production or acceptance, in plain words. */
export function unsafeProductionSettings(settings: Settings): string[] {
  const reasons: string[] = [];
  const { http, database } = settings;
  if (!http.tls && !isLoopback(http.host) && http.trustProxy.length === 0) {
    reasons.push(
      `HOST=${http.host} would serve plain HTTP on a non-loopback address: set CASUS_TLS_CERT_FILE and CASUS_TLS_KEY_FILE, ` +
        'or set CASUS_TRUST_PROXY to the TLS-terminating proxy in front of it',
    );
  }
  if (http.publicUrl !== null && !http.publicUrl.startsWith('https://')) {
    reasons.push(`CASUS_PUBLIC_URL=${http.publicUrl} is not https://: users must only reach Casus over TLS`);
  }
  if (!settings.secretKey) {
    reasons.push('CASUS_SECRET_KEY is not set: generate one with `openssl rand -base64 48`');
  } else if (KNOWN_EXAMPLE_SECRETS.has(settings.secretKey.toLowerCase()) || Buffer.from(settings.secretKey, 'base64').length < 32) {
    reasons.push(
      'CASUS_SECRET_KEY is a default/example value or shorter than 32 bytes (base64): generate one with `openssl rand -base64 48`',
    );
  }
  if (!settings.encryption) {
    reasons.push(
      'CASUS_ENCRYPTION_KEYS, CASUS_ENCRYPTION_ACTIVE_KEY and CASUS_BLIND_INDEX_KEY are not set: personal data is encrypted at rest ' +
        'under keys from these settings (see docs/configuration.md#encryption-keys)',
    );
  } else if (settings.secretKey) {
    const secret = Buffer.from(settings.secretKey, 'base64');
    const reused = [
      ...settings.encryption.keys.map((k) => ({ name: `encryption key ${k.id}`, key: k.key })),
      { name: 'CASUS_BLIND_INDEX_KEY', key: settings.encryption.blindIndexKey },
    ].filter((k) => k.key.equals(secret));
    for (const k of reused) reasons.push(`${k.name} equals CASUS_SECRET_KEY: every key must be separate`);
  }
  if (!database.url) {
    reasons.push(
      'DATABASE_URL is not set: the embedded PostgreSQL is for development only; use a managed, highly available PostgreSQL >= 15',
    );
  } else {
    for (const [name, url] of [
      ['DATABASE_URL', database.url],
      ['DATABASE_APP_URL', database.appUrl],
      ['DATABASE_AUTH_URL', database.authUrl],
    ] as const) {
      if (!url) continue;
      const { host, sslmode } = databaseHostOf(url);
      if (!isLoopback(host) && !['require', 'verify-ca', 'verify-full'].includes(sslmode ?? '')) {
        reasons.push(`${name} points at ${host} without sslmode=verify-full (or require): database traffic must be encrypted`);
      }
    }
  }
  if (database.url && !database.appUrl) {
    reasons.push(
      `DATABASE_APP_URL is not set: the application must log in as its own role (${database.appRole}) without owner rights, so row-level security and the append-only audit trail hold`,
    );
  }
  if (database.url && !database.authUrl) {
    reasons.push(
      `DATABASE_AUTH_URL is not set: sign-in, sessions and grants must use their own login (${database.authRole}), so the application's login cannot write them`,
    );
  }
  for (const surface of SURFACES) {
    if (http.allowedNetworks[surface] === null) {
      reasons.push(
        `CASUS_ALLOWED_NETWORKS_${surface.toUpperCase()} is not set: name the networks the ${surface} surface may be reached from ` +
          `(comma-separated addresses or CIDR ranges), or 'any' to allow every network deliberately`,
      );
    }
  }
  if (http.publicUrl === null) {
    reasons.push(
      'CASUS_PUBLIC_URL is not set: set-up and reset links, passkeys and single sign-on need the https:// address users reach Casus at',
    );
  }
  if (settings.auth.oidc && !settings.auth.oidc.issuer.startsWith('https://')) {
    reasons.push(`CASUS_OIDC_ISSUER=${settings.auth.oidc.issuer} is not https://: the identity provider must be reached over TLS`);
  }
  if (settings.mail && settings.mail.smtpUrl.startsWith('smtp://') && !/[?&]requireTLS=true/.test(settings.mail.smtpUrl)) {
    const host = databaseHostOf(settings.mail.smtpUrl.replace(/^smtp/, 'postgres')).host;
    if (!isLoopback(host))
      reasons.push(
        'CASUS_SMTP_URL is plain smtp:// to another host: use smtps:// or add ?requireTLS=true, reset links must not travel in clear text',
      );
  }
  const s3 = settings.blobs.s3;
  if (s3 && s3.endpoint.startsWith('http://') && !isLoopback(databaseHostOf(s3.endpoint).host.replace(/^\[|\]$/g, ''))) {
    reasons.push(
      `CASUS_BLOB_S3_ENDPOINT=${s3.endpoint} is plain http:// to another host: documents and the store's credentials must travel over TLS (https://)`,
    );
  }
  reasons.push(...unsafeAuditSettings(settings.audit, isLoopback));
  if (settings.logLevel === 'trace' || settings.logLevel === 'debug') {
    reasons.push(`CASUS_LOG_LEVEL=${settings.logLevel} may write request details to logs: use info or higher`);
  }
  return reasons;
}
