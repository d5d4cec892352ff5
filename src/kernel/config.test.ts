// Settings: defaults, conversion of environment strings, validation errors that name the variable,
// the optional JSON file, and the production safety checks (each refusal on its own).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadSettings } from './config.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'casus-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function configFile(content: unknown): string {
  const file = path.join(dir, `${randomBytes(4).toString('hex')}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** The reasons of the ConfigError that loading `env` throws. */
function refusal(env: NodeJS.ProcessEnv): string[] {
  try {
    loadSettings(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.reasons;
  }
  assert.fail('the settings were accepted');
}

/** A production configuration that passes every check. */
const SAFE_PRODUCTION: NodeJS.ProcessEnv = {
  CASUS_ENV: 'production',
  HOST: '0.0.0.0',
  CASUS_TRUST_PROXY: '10.0.0.0/8',
  CASUS_SECRET_KEY: randomBytes(48).toString('base64'),
  CASUS_ENCRYPTION_KEYS: `k2026a:${randomBytes(32).toString('base64')},k2025:${randomBytes(32).toString('base64url')}`,
  CASUS_ENCRYPTION_ACTIVE_KEY: 'k2026a',
  CASUS_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  DATABASE_URL: 'postgres://casus_owner:pw@db.internal:5432/casus?sslmode=verify-full',
  DATABASE_APP_URL: 'postgres://casus_app:pw@db.internal:5432/casus?sslmode=verify-full',
  DATABASE_AUTH_URL: 'postgres://casus_auth:pw@db.internal:5432/casus?sslmode=verify-full',
  CASUS_LOG_LEVEL: 'info',
  CASUS_ALLOWED_NETWORKS_STAFF: '10.0.0.0/8',
  CASUS_ALLOWED_NETWORKS_INTEGRATION: '172.16.0.0/12',
  CASUS_ALLOWED_NETWORKS_OPERATIONS: 'any',
  CASUS_PUBLIC_URL: 'https://casus.example.org',
  CASUS_SMTP_URL: 'smtps://mail.example.org:465',
  CASUS_OIDC_ISSUER: 'https://login.example.org/tenant/v2.0',
  CASUS_OIDC_CLIENT_ID: 'casus',
  CASUS_AUDIT_WITNESS_S3_ENDPOINT: 'https://s3.eu-central-1.amazonaws.com',
  CASUS_AUDIT_WITNESS_S3_BUCKET: 'casus-audit-witness',
  CASUS_AUDIT_WITNESS_S3_ACCESS_KEY_ID: 'AKIAWITNESS',
  CASUS_AUDIT_WITNESS_S3_SECRET_ACCESS_KEY: 'witness-secret',
};

// Proves: with an empty environment Casus runs safely on loopback in development.
test('defaults', () => {
  const settings = loadSettings({});
  assert.equal(settings.env, 'development');
  assert.equal(settings.http.host, '127.0.0.1');
  assert.equal(settings.http.port, 3000);
  assert.equal(settings.database.url, null);
  assert.equal(settings.database.appRole, 'casus_app');
  assert.equal(settings.logLevel, 'info');
  assert.equal(settings.dataDir, path.resolve('./var'));
  assert.deepEqual(settings.http.trustProxy, []);
  assert.equal(settings.http.tls, null);
});

// Proves: migrations run on start in development and test, never implicitly in production.
test('migrateOnStart defaults by environment and can be overridden', () => {
  assert.equal(loadSettings({ CASUS_ENV: 'development' }).migrateOnStart, true);
  assert.equal(loadSettings({ CASUS_ENV: 'test' }).migrateOnStart, true);
  assert.equal(loadSettings(SAFE_PRODUCTION).migrateOnStart, false);
  assert.equal(loadSettings({ ...SAFE_PRODUCTION, CASUS_MIGRATE_ON_START: 'true' }).migrateOnStart, true);
});

// Proves: environment strings are converted to the schema's types; empty strings count as unset.
test('environment strings are converted', () => {
  const settings = loadSettings({
    PORT: '3001',
    CASUS_MIGRATE_ON_START: 'false',
    CASUS_RUN_WORKER: 'false',
    CASUS_DB_POOL_MAX: '7',
    HOST: '',
  });
  assert.equal(settings.http.port, 3001);
  assert.equal(settings.migrateOnStart, false);
  assert.equal(settings.runWorker, false);
  assert.equal(settings.database.poolMax, 7);
  assert.equal(settings.http.host, '127.0.0.1');
  assert.deepEqual(loadSettings({ CASUS_TRUST_PROXY: '10.0.0.1, fd00::/8' }).http.trustProxy, ['10.0.0.1', 'fd00::/8']);
});

// Proves: a bad value is refused with a message that names the variable.
test('invalid values produce a ConfigError naming the variable', () => {
  assert.match(refusal({ PORT: 'abc' }).join('\n'), /^PORT: /m);
  assert.match(refusal({ PORT: '70000' }).join('\n'), /^PORT: /m);
  assert.match(refusal({ CASUS_ENV: 'staging' }).join('\n'), /^CASUS_ENV: /m);
  assert.match(refusal({ CASUS_TRUST_PROXY: 'not-an-ip' }).join('\n'), /CASUS_TRUST_PROXY .*not-an-ip/);
  assert.match(refusal({ CASUS_TRUST_PROXY: '10.0.0.0/33' }).join('\n'), /CASUS_TRUST_PROXY .*10\.0\.0\.0\/33/);
  assert.match(refusal({ DATABASE_URL: 'mysql://x' }).join('\n'), /^DATABASE_URL: /m);
  assert.match(refusal({ CASUS_TLS_CERT_FILE: '/etc/cert.pem' }).join('\n'), /CASUS_TLS_CERT_FILE and CASUS_TLS_KEY_FILE/);
  assert.match(refusal({ CASUS_API_CONTACT_EMAIL: 'helpdesk' }).join('\n'), /^CASUS_API_CONTACT_EMAIL: /m);
  assert.match(refusal({ CASUS_API_CONTACT_URL: 'casus.example.nl' }).join('\n'), /^CASUS_API_CONTACT_URL: /m);
  assert.throws(
    () => loadSettings({ PORT: 'abc' }),
    (error: Error) => error.name === 'ConfigError' && /PORT/.test(error.message),
  );
});

// Proves: retention and destruction rounds default to six years, 1,000 cases a list, 50 a batch;
// values outside their bounds are refused by name.
test('retention and destruction settings', () => {
  const defaults = loadSettings({});
  assert.deepEqual(
    [defaults.cases.retentionYears, defaults.privacy.destructionRoundMaxCases, defaults.privacy.destructionBatchSize],
    [6, 1000, 50],
  );
  const set = loadSettings({ CASUS_RETENTION_YEARS: '10', CASUS_DESTRUCTION_ROUND_MAX_CASES: '250', CASUS_DESTRUCTION_BATCH_SIZE: '5' });
  assert.deepEqual([set.cases.retentionYears, set.privacy.destructionRoundMaxCases, set.privacy.destructionBatchSize], [10, 250, 5]);
  assert.match(refusal({ CASUS_RETENTION_YEARS: '0' }).join('\n'), /^CASUS_RETENTION_YEARS: /m);
  assert.match(refusal({ CASUS_RETENTION_YEARS: '101' }).join('\n'), /^CASUS_RETENTION_YEARS: /m);
  assert.match(refusal({ CASUS_DESTRUCTION_ROUND_MAX_CASES: '0' }).join('\n'), /^CASUS_DESTRUCTION_ROUND_MAX_CASES: /m);
  assert.match(refusal({ CASUS_DESTRUCTION_BATCH_SIZE: '1001' }).join('\n'), /^CASUS_DESTRUCTION_BATCH_SIZE: /m);
});

// Proves: the JSON file is read, and the environment wins over it.
test('CASUS_CONFIG_FILE is read and the environment wins over it', () => {
  const file = configFile({ PORT: 4000, HOST: '127.0.0.2', CASUS_LOG_LEVEL: 'warn' });
  const settings = loadSettings({ CASUS_CONFIG_FILE: file, PORT: '4001' });
  assert.equal(settings.http.port, 4001, 'environment wins');
  assert.equal(settings.http.host, '127.0.0.2', 'file value used');
  assert.equal(settings.logLevel, 'warn');
});

// Proves: a typo in the file is an error rather than silently ignored; unreadable and non-object
// files are refused too.
test('the config file must be a JSON object of known settings', () => {
  assert.match(
    refusal({ CASUS_CONFIG_FILE: configFile({ PORT: 4000, PROT: 4001 }) }).join('\n'),
    /unknown settings in CASUS_CONFIG_FILE: PROT/,
  );
  assert.match(refusal({ CASUS_CONFIG_FILE: configFile('[1, 2]') }).join('\n'), /not a JSON object/);
  assert.match(refusal({ CASUS_CONFIG_FILE: configFile('{ not json') }).join('\n'), /not a JSON object/);
  assert.match(refusal({ CASUS_CONFIG_FILE: path.join(dir, 'missing.json') }).join('\n'), /cannot be read/);
  assert.match(refusal({ CASUS_CONFIG_FILE: configFile({ PORT: 'abc' }) }).join('\n'), /^PORT: /m);
});

// Proves: a fully safe production configuration loads (so the refusals below are each caused by
// the one thing they change).
test('a safe production configuration loads', () => {
  const settings = loadSettings(SAFE_PRODUCTION);
  assert.equal(settings.env, 'production');
  assert.equal(settings.http.host, '0.0.0.0');
  assert.equal(
    loadSettings({ ...SAFE_PRODUCTION, CASUS_TRUST_PROXY: '', CASUS_TLS_CERT_FILE: '/c.pem', CASUS_TLS_KEY_FILE: '/k.pem' }).http.tls
      ?.certFile,
    '/c.pem',
  );
  assert.equal(loadSettings({ ...SAFE_PRODUCTION, HOST: '127.0.0.1', CASUS_TRUST_PROXY: '' }).http.host, '127.0.0.1');
});

// Proves: allowlists are parsed (CIDR ranges, single addresses, or a deliberate 'any') and bad entries refused.
test('network allowlists', () => {
  const settings = loadSettings({
    CASUS_ALLOWED_NETWORKS_STAFF: '10.0.0.0/8, 192.0.2.1 ,2001:db8::/32',
    CASUS_ALLOWED_NETWORKS_OPERATIONS: 'ANY',
  });
  assert.deepEqual(settings.http.allowedNetworks, {
    staff: ['10.0.0.0/8', '192.0.2.1', '2001:db8::/32'],
    integration: null,
    operations: 'any',
  });
  assert.throws(
    () => loadSettings({ CASUS_ALLOWED_NETWORKS_INTEGRATION: '10.0.0.0/33' }),
    /CASUS_ALLOWED_NETWORKS_INTEGRATION holds entries that are not IP addresses or CIDR ranges: 10\.0\.0\.0\/33/,
  );
  assert.throws(() => loadSettings({ CASUS_ALLOWED_NETWORKS_STAFF: 'intranet' }), /CASUS_ALLOWED_NETWORKS_STAFF holds entries/);
});

// Proves: each unsafe production setting is refused on its own, with its reason.
test('unsafe production settings are refused, each with its reason', () => {
  const cases: [string, NodeJS.ProcessEnv, RegExp][] = [
    ['plain HTTP on a public address', { CASUS_TRUST_PROXY: '' }, /HOST=0\.0\.0\.0 would serve plain HTTP/],
    ['no secret key', { CASUS_SECRET_KEY: '' }, /CASUS_SECRET_KEY is not set/],
    [
      'a short secret key',
      { CASUS_SECRET_KEY: randomBytes(16).toString('base64') },
      /CASUS_SECRET_KEY is a default\/example value or shorter/,
    ],
    ['an example secret key', { CASUS_SECRET_KEY: 'changeme' }, /CASUS_SECRET_KEY is a default\/example value/],
    [
      'the embedded database',
      { DATABASE_URL: '', DATABASE_APP_URL: '', DATABASE_AUTH_URL: '' },
      /DATABASE_URL is not set: the embedded PostgreSQL is for development only/,
    ],
    [
      'a remote database without TLS',
      { DATABASE_URL: 'postgres://o:pw@db.internal/casus' },
      /DATABASE_URL points at db\.internal without sslmode/,
    ],
    ['no application login', { DATABASE_APP_URL: '' }, /DATABASE_APP_URL is not set/],
    [
      'no authentication login',
      { DATABASE_AUTH_URL: '' },
      /DATABASE_AUTH_URL is not set: sign-in, sessions and grants must use their own login \(casus_auth\)/,
    ],
    [
      'an authentication login without TLS',
      { DATABASE_AUTH_URL: 'postgres://casus_auth:pw@db.internal/casus' },
      /DATABASE_AUTH_URL points at db\.internal without sslmode/,
    ],
    ['debug logging', { CASUS_LOG_LEVEL: 'debug' }, /CASUS_LOG_LEVEL=debug/],
    ['trace logging', { CASUS_LOG_LEVEL: 'trace' }, /CASUS_LOG_LEVEL=trace/],
    [
      'a public URL without https',
      { CASUS_PUBLIC_URL: 'http://casus.example.org' },
      /CASUS_PUBLIC_URL=http:\/\/casus\.example\.org is not https/,
    ],
    ['no public URL', { CASUS_PUBLIC_URL: '' }, /CASUS_PUBLIC_URL is not set/],
    [
      'an identity provider without https',
      { CASUS_OIDC_ISSUER: 'http://login.example.org' },
      /CASUS_OIDC_ISSUER=http:\/\/login\.example\.org is not https/,
    ],
    ['mail in clear text to another host', { CASUS_SMTP_URL: 'smtp://mail.example.org:25' }, /CASUS_SMTP_URL is plain smtp/],
    ['no staff allowlist', { CASUS_ALLOWED_NETWORKS_STAFF: '' }, /CASUS_ALLOWED_NETWORKS_STAFF is not set/],
    ['no integration allowlist', { CASUS_ALLOWED_NETWORKS_INTEGRATION: '' }, /CASUS_ALLOWED_NETWORKS_INTEGRATION is not set/],
    ['no operations allowlist', { CASUS_ALLOWED_NETWORKS_OPERATIONS: '' }, /CASUS_ALLOWED_NETWORKS_OPERATIONS is not set/],
    [
      'no encryption keys',
      { CASUS_ENCRYPTION_KEYS: '', CASUS_ENCRYPTION_ACTIVE_KEY: '', CASUS_BLIND_INDEX_KEY: '' },
      /CASUS_ENCRYPTION_KEYS, CASUS_ENCRYPTION_ACTIVE_KEY and CASUS_BLIND_INDEX_KEY are not set/,
    ],
    [
      'the blind index key reusing the secret key',
      { CASUS_BLIND_INDEX_KEY: SAFE_PRODUCTION.CASUS_SECRET_KEY },
      /CASUS_BLIND_INDEX_KEY equals CASUS_SECRET_KEY/,
    ],
  ];
  for (const [what, change, reason] of cases) {
    const reasons = refusal({ ...SAFE_PRODUCTION, ...change });
    assert.equal(reasons.length, 1, `${what}: ${reasons.join(' | ')}`);
    assert.match(reasons[0]!, reason, what);
  }
  // Acceptance gets the same checks; all reasons are reported at once.
  assert.equal(refusal({ ...SAFE_PRODUCTION, CASUS_ENV: 'acceptance', CASUS_SECRET_KEY: '', CASUS_LOG_LEVEL: 'debug' }).length, 2);
  // Mail with STARTTLS required, or to a relay on loopback, is fine.
  assert.doesNotThrow(() => loadSettings({ ...SAFE_PRODUCTION, CASUS_SMTP_URL: 'smtp://mail.example.org:587?requireTLS=true' }));
  assert.doesNotThrow(() => loadSettings({ ...SAFE_PRODUCTION, CASUS_SMTP_URL: 'smtp://127.0.0.1:25' }));
  assert.throws(
    () => loadSettings({ CASUS_OIDC_ISSUER: 'https://login.example.org' }),
    /CASUS_OIDC_ISSUER and CASUS_OIDC_CLIENT_ID must be set together/,
  );
  // Loopback database hosts need no TLS.
  assert.doesNotThrow(() =>
    loadSettings({
      ...SAFE_PRODUCTION,
      DATABASE_URL: 'postgres://o:pw@127.0.0.1/casus',
      DATABASE_APP_URL: 'postgres://a:pw@127.0.0.1/casus',
      DATABASE_AUTH_URL: 'postgres://u:pw@127.0.0.1/casus',
    }),
  );
  // The two logins are separate roles, and neither comes without the owner's.
  assert.throws(() => loadSettings({ CASUS_DB_AUTH_ROLE: 'casus_app' }), /CASUS_DB_AUTH_ROLE and CASUS_DB_APP_ROLE are both casus_app/);
  assert.throws(
    () => loadSettings({ DATABASE_AUTH_URL: 'postgres://u:pw@127.0.0.1/casus' }),
    /DATABASE_AUTH_URL is set without DATABASE_URL/,
  );
});

// Proves: the key ring settings are parsed (ids, base64 or base64url keys of exactly 32 bytes), are
// optional in development and test (null: dev keys), and every malformed value is refused in every
// environment, naming the entry but never echoing key material.
test('encryption key settings', async () => {
  assert.equal(loadSettings({}).encryption, null);
  const production = loadSettings(SAFE_PRODUCTION).encryption!;
  assert.deepEqual(
    production.keys.map((k) => k.id),
    ['k2026a', 'k2025'],
  );
  assert.ok(production.keys.every((k) => k.key.length === 32));
  assert.equal(production.activeKeyId, 'k2026a');
  assert.equal(production.blindIndexKey.length, 32);
  const { keyRingFromSettings } = await import('./crypto/keyring.ts');
  assert.deepEqual(keyRingFromSettings(loadSettings(SAFE_PRODUCTION)).keyIds, ['k2026a', 'k2025']);

  const key = () => randomBytes(32).toString('base64');
  const index = key();
  const secretLooking = randomBytes(32).toString('base64');
  const ok = { CASUS_ENCRYPTION_KEYS: `a:${key()}, b:${key()}`, CASUS_ENCRYPTION_ACTIVE_KEY: 'b', CASUS_BLIND_INDEX_KEY: index };
  assert.equal(loadSettings(ok).encryption?.activeKeyId, 'b');
  const dataKey = key();
  const bad: [string, NodeJS.ProcessEnv, RegExp][] = [
    [
      'only one of the three',
      { CASUS_ENCRYPTION_KEYS: ok.CASUS_ENCRYPTION_KEYS, CASUS_ENCRYPTION_ACTIVE_KEY: '', CASUS_BLIND_INDEX_KEY: '' },
      /must be set together/,
    ],
    [
      'a key of 16 bytes',
      { ...ok, CASUS_ENCRYPTION_KEYS: `a:${randomBytes(16).toString('base64')}`, CASUS_ENCRYPTION_ACTIVE_KEY: 'a' },
      /key a is 16 bytes once decoded; each key must be exactly 32/,
    ],
    ['an entry without an id', { ...ok, CASUS_ENCRYPTION_KEYS: secretLooking }, /entry 1 is not <id>:<base64 key>/],
    [
      'an id with a space',
      { ...ok, CASUS_ENCRYPTION_KEYS: `k 1:${key()}`, CASUS_ENCRYPTION_ACTIVE_KEY: 'k 1' },
      /entry 1 is not <id>:<base64 key>/,
    ],
    ['a key that is not base64', { ...ok, CASUS_ENCRYPTION_KEYS: 'a:not*base64', CASUS_ENCRYPTION_ACTIVE_KEY: 'a' }, /entry 1 is not/],
    ['an id twice', { ...ok, CASUS_ENCRYPTION_KEYS: `a:${key()},a:${key()}`, CASUS_ENCRYPTION_ACTIVE_KEY: 'a' }, /key id a appears twice/],
    [
      'one key under two ids',
      { ...ok, CASUS_ENCRYPTION_KEYS: `a:${dataKey},b:${dataKey}`, CASUS_ENCRYPTION_ACTIVE_KEY: 'a' },
      /key b repeats the key of a/,
    ],
    ['an active key not in the list', { ...ok, CASUS_ENCRYPTION_ACTIVE_KEY: 'c' }, /CASUS_ENCRYPTION_ACTIVE_KEY=c is not one of the ids/],
    [
      'a short blind index key',
      { ...ok, CASUS_BLIND_INDEX_KEY: randomBytes(24).toString('base64') },
      /CASUS_BLIND_INDEX_KEY must be base64 of at least 32 bytes/,
    ],
    [
      'the blind index key equal to a data key',
      { ...ok, CASUS_ENCRYPTION_KEYS: `a:${dataKey}`, CASUS_ENCRYPTION_ACTIVE_KEY: 'a', CASUS_BLIND_INDEX_KEY: dataKey },
      /CASUS_BLIND_INDEX_KEY equals encryption key a/,
    ],
  ];
  for (const [what, env, reason] of bad) {
    for (const environment of ['development', 'production']) {
      const reasons = refusal(environment === 'production' ? { ...SAFE_PRODUCTION, ...env } : env);
      assert.match(reasons.join('\n'), reason, `${what} (${environment})`);
      assert.ok(!reasons.join('\n').includes(secretLooking), `${what}: key material echoed`);
    }
  }
  // A key pasted as the active key id is not echoed.
  assert.doesNotMatch(
    refusal({ ...ok, CASUS_ENCRYPTION_ACTIVE_KEY: dataKey }).join('\n'),
    new RegExp(dataKey.slice(0, 12).replace(/[+/]/g, '.')),
  );
});
