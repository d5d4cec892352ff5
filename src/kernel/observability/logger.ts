// Structured JSON logs to stdout (pino). Secrets and personal data are redacted by field name at any
// depth (case-insensitive), so a careless `log.info({ person })` does not leak a BSN into the log
// pipeline. We walk the logged object once with a set lookup instead of using pino's path-based
// `redact`: that one evaluates every path for every child logger (one per request), which cost about
// 30% of the server's CPU in the benchmark, and it only reaches the depths it was given.
import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/** Field names whose values never reach a log line (matched case-insensitively). */
export const REDACTED_FIELDS = [
  // secrets
  'password',
  'newPassword',
  'currentPassword',
  'secret',
  'secretKey',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'apiKey',
  'x-api-key',
  'authorization',
  'cookie',
  'set-cookie',
  'totp',
  'otp',
  'totpCode',
  'recoveryCode',
  'privateKey',
  'connectionString',
  // key material: the settings' names (`encryption` holds the key ring) and the variables themselves
  'encryption',
  'blindIndexKey',
  'dataKey',
  'masterKey',
  'CASUS_SECRET_KEY',
  'CASUS_ENCRYPTION_KEYS',
  'CASUS_BLIND_INDEX_KEY',
  'secretAccessKey',
  'CASUS_BLOB_S3_SECRET_ACCESS_KEY',
  // personal data (AVG/GDPR): identifiers, contact details and free text about clients
  'bsn',
  'firstNames',
  'givenName',
  'callName',
  'infix',
  'lastName',
  'surname',
  'familyName',
  'fullName',
  'dateOfBirth',
  'birthDate',
  'email',
  'emailAddress',
  'phone',
  'phoneNumber',
  'mobile',
  'address',
  'street',
  'postcode',
  'postalCode',
  'houseNumber',
  'summary',
  'notes',
  'description',
];

const SENSITIVE = new Set(REDACTED_FIELDS.map((f) => f.toLowerCase()));
const CENSOR = '[redacted]';
const MAX_DEPTH = 12;

/** A copy of `value` with sensitive fields censored; objects without any are returned as they are. */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (!Array.isArray(value)) {
    // Only plain data is walked. Class instances (errors, requests, sockets, buffers) are left to
    // pino's serializers, which turn them into a few known fields; walking their object graphs
    // would be slow and could reach anything.
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
  } else {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const scrubbed = redact(item, depth + 1);
      if (scrubbed !== item) (copy ??= [...(value as unknown[])])[i] = scrubbed;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | null = null;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    const scrubbed = SENSITIVE.has(key.toLowerCase()) ? CENSOR : redact(item, depth + 1);
    if (scrubbed !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = scrubbed;
  }
  return copy ?? value;
}

export function createLogger(options: { level: LevelWithSilent; name?: string; destination?: NodeJS.WritableStream }): Logger {
  return pino(
    {
      level: options.level,
      name: options.name ?? 'casus',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => redact(bindings) as Record<string, unknown>,
        log: (object) => redact(object) as Record<string, unknown>,
      },
    },
    options.destination ?? process.stdout,
  );
}
