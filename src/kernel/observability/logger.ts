// Structured JSON logs to stdout (pino). Secrets and personal data are redacted by field name, up to
// four levels deep, so a careless `log.info({ person })` does not leak a BSN into the log pipeline.
// Names are matched exactly (pino's redaction is path-based): name fields as the API does.
import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/** Field names whose values never reach a log line. Lower camelCase as in our API and code. */
export const REDACTED_FIELDS = [
  // secrets
  'password', 'newPassword', 'currentPassword', 'secret', 'secretKey', 'token', 'accessToken', 'refreshToken', 'idToken',
  'apiKey', 'authorization', 'Authorization', 'cookie', 'Cookie', 'set-cookie', 'totp', 'otp', 'totpCode', 'recoveryCode', 'privateKey', 'connectionString',
  // personal data (AVG/GDPR): identifiers, contact details and free text about clients
  'bsn', 'firstNames', 'givenName', 'callName', 'infix', 'lastName', 'surname', 'familyName', 'fullName', 'dateOfBirth', 'birthDate',
  'email', 'emailAddress', 'phone', 'phoneNumber', 'mobile', 'address', 'street', 'postcode', 'postalCode', 'houseNumber',
  'summary', 'notes', 'description',
];

function redactionPaths(): string[] {
  const paths: string[] = [];
  for (const field of REDACTED_FIELDS) {
    const key = /^[A-Za-z_$][\w$]*$/.test(field) ? field : `["${field}"]`;
    const join = (prefix: string) => (key.startsWith('[') ? `${prefix}${key}` : `${prefix}.${key}`);
    paths.push(key, join('*'), join('*.*'), join('*.*.*'), join('*.*.*.*'));
  }
  paths.push('req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]');
  return paths;
}

export function createLogger(options: { level: LevelWithSilent; name?: string; destination?: NodeJS.WritableStream }): Logger {
  return pino(
    {
      level: options.level,
      name: options.name ?? 'casus',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactionPaths(), censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? process.stdout,
  );
}
