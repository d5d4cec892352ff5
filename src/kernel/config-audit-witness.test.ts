// The audit settings: defaults (retention per category, checkpoint cadence, the origin from the public
// URL), the witness store (a directory, or S3 with all its parts), and the refusals: acceptance and
// production need an S3 witness over TLS, kept locked at least as long as the longest retention.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, loadSettings } from './config.ts';

const S3 = {
  CASUS_AUDIT_WITNESS_S3_ENDPOINT: 'https://s3.eu-central-1.amazonaws.com',
  CASUS_AUDIT_WITNESS_S3_BUCKET: 'casus-audit-witness',
  CASUS_AUDIT_WITNESS_S3_ACCESS_KEY_ID: 'AKIAWITNESS',
  CASUS_AUDIT_WITNESS_S3_SECRET_ACCESS_KEY: 'witness-secret',
};

function reasonsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadSettings(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.reasons;
  }
  assert.fail('accepted');
}

// Proves: without settings, development runs with the documented defaults and no witness.
test('defaults', () => {
  const { audit } = loadSettings({});
  assert.deepEqual(audit.retention, { securityDays: 2557, accessDays: 1826, changeDays: 2557 });
  assert.equal(audit.checkpoints.intervalSeconds, 30);
  assert.equal(audit.checkpoints.maxLeaves, 50_000);
  assert.equal(audit.checkpoints.origin, 'localhost/casus-audit');
  assert.deepEqual(audit.checkpoints.verifierKeys, []);
  assert.equal(audit.witness, null);
  assert.equal(loadSettings({ CASUS_PUBLIC_URL: 'https://casus.example.org' }).audit.checkpoints.origin, 'casus.example.org/casus-audit');
});

// Proves: a directory witness resolves its path; an S3 witness carries every part, and names what is missing.
test('the witness store: a directory, or S3 complete', () => {
  assert.deepEqual(loadSettings({ CASUS_AUDIT_WITNESS_DIR: 'var/w' }).audit.witness, { kind: 'directory', dir: path.resolve('var/w') });
  const s3 = loadSettings(S3).audit.witness;
  assert.equal(s3?.kind, 's3');
  assert.equal(s3?.kind === 's3' && s3.prefix, 'casus-audit/');
  assert.equal(s3?.kind === 's3' && s3.retainDays, 3650);
  assert.match(
    reasonsOf({ CASUS_AUDIT_WITNESS_S3_ENDPOINT: S3.CASUS_AUDIT_WITNESS_S3_ENDPOINT }).join(),
    /needs CASUS_AUDIT_WITNESS_S3_BUCKET/,
  );
  assert.match(reasonsOf({ CASUS_AUDIT_WITNESS_S3_BUCKET: 'b-u-c' }).join(), /without CASUS_AUDIT_WITNESS_S3_ENDPOINT/);
  assert.match(reasonsOf({ ...S3, CASUS_AUDIT_WITNESS_DIR: 'w' }).join(), /choose one witness store/);
  assert.match(
    reasonsOf({ ...S3, CASUS_AUDIT_WITNESS_RETAIN_DAYS: '365' }).join(),
    /shorter than the longest audit retention \(2557 days\)/,
  );
  assert.match(reasonsOf({ CASUS_AUDIT_RETENTION_ACCESS_DAYS: '7' }).join(), /CASUS_AUDIT_RETENTION_ACCESS_DAYS/);
  assert.match(reasonsOf({ CASUS_AUDIT_LOG_ORIGIN: 'has space' }).join(), /CASUS_AUDIT_LOG_ORIGIN/);
  assert.deepEqual(loadSettings({ CASUS_AUDIT_VERIFIER_KEYS: 'a+00000000+x, b+11111111+y' }).audit.checkpoints.verifierKeys, [
    'a+00000000+x',
    'b+11111111+y',
  ]);
});

// Proves: acceptance refuses to run without a witness, with a directory one, or with S3 over plain HTTP
// to another host (the reasons sit among the others the same environment has).
test('acceptance and production need an S3 witness over TLS', () => {
  const acceptance = { CASUS_ENV: 'acceptance' };
  assert.ok(reasonsOf(acceptance).some((r) => /no audit witness store is configured/.test(r)));
  assert.ok(reasonsOf({ ...acceptance, CASUS_AUDIT_WITNESS_DIR: 'w' }).some((r) => /CASUS_AUDIT_WITNESS_DIR is for development/.test(r)));
  const plain = { ...acceptance, ...S3, CASUS_AUDIT_WITNESS_S3_ENDPOINT: 'http://minio.internal:9000' };
  assert.ok(reasonsOf(plain).some((r) => /CASUS_AUDIT_WITNESS_S3_ENDPOINT=http:\/\/minio\.internal:9000 is plain http/.test(r)));
  const withS3 = reasonsOf({ ...acceptance, ...S3 });
  assert.ok(!withS3.some((r) => /witness/i.test(r)), withS3.join(' | '));
  const loopback = reasonsOf({ ...acceptance, ...S3, CASUS_AUDIT_WITNESS_S3_ENDPOINT: 'http://127.0.0.1:9000' });
  assert.ok(!loopback.some((r) => /witness/i.test(r)), loopback.join(' | '));
});
