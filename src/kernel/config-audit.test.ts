// The audit settings: shipping's targets parsed from their URLs, facilities by name or number, the
// OTLP headers, files that must come together, retention per category; and the production refusal of
// audit events in clear text to another host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadSettings, unsafeProductionSettings } from './config.ts';

const base = { CASUS_ENV: 'test' } as const;

function refusal(env: NodeJS.ProcessEnv): string[] {
  try {
    loadSettings(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.reasons;
  }
  assert.fail('the settings were accepted');
}

test('defaults: nothing shipped, the processing log kept by category', () => {
  const { audit } = loadSettings(base);
  assert.equal(audit.shipping.syslog, null);
  assert.equal(audit.shipping.otlp, null);
  assert.equal(audit.shipping.events, 'all');
  assert.equal(audit.shipping.batchSize, 500);
  assert.deepEqual(audit.retention, { securityDays: 2557, accessDays: 1826, changeDays: 2557 });
});

test('syslog: tls:// with the RFC 5425 port by default, facility by name or number, SD-ID with an enterprise number', () => {
  const tls = loadSettings({ ...base, CASUS_AUDIT_SYSLOG_URL: 'tls://siem.example.nl', CASUS_AUDIT_SYSLOG_CA_FILE: '/etc/ca.pem' }).audit
    .shipping.syslog!;
  assert.deepEqual(
    [tls.transport, tls.host, tls.port, tls.facility, tls.sdId, tls.caFile],
    ['tls', 'siem.example.nl', 6514, 13, 'casus@32473', '/etc/ca.pem'],
  );
  const tcp = loadSettings({ ...base, CASUS_AUDIT_SYSLOG_URL: 'tcp://[::1]:1514', CASUS_AUDIT_SYSLOG_FACILITY: 'local4' }).audit.shipping
    .syslog!;
  assert.deepEqual([tcp.transport, tcp.host, tcp.port, tcp.facility], ['tcp', '::1', 1514, 20]);
  assert.equal(
    loadSettings({ ...base, CASUS_AUDIT_SYSLOG_URL: 'tls://h', CASUS_AUDIT_SYSLOG_FACILITY: '10' }).audit.shipping.syslog!.facility,
    10,
  );
  assert.match(
    refusal({ ...base, CASUS_AUDIT_SYSLOG_URL: 'tls://h', CASUS_AUDIT_SYSLOG_FACILITY: 'security' })[0]!,
    /not a syslog facility/,
  );
  assert.match(refusal({ ...base, CASUS_AUDIT_SYSLOG_URL: 'tls://h', CASUS_AUDIT_SYSLOG_FACILITY: '24' })[0]!, /not a syslog facility/);
  assert.match(refusal({ ...base, CASUS_AUDIT_SYSLOG_URL: 'udp://h:514' })[0]!, /CASUS_AUDIT_SYSLOG_URL/);
  assert.match(refusal({ ...base, CASUS_AUDIT_SYSLOG_URL: 'tls://h', CASUS_AUDIT_SYSLOG_SD_ID: 'casus' })[0]!, /CASUS_AUDIT_SYSLOG_SD_ID/);
  assert.match(
    refusal({ ...base, CASUS_AUDIT_SYSLOG_URL: 'tls://h', CASUS_AUDIT_SYSLOG_SD_ID: 'ca"sus@1' })[0]!,
    /CASUS_AUDIT_SYSLOG_SD_ID/,
  );
  assert.equal(
    loadSettings({ ...base, CASUS_AUDIT_SYSLOG_URL: 'tls://h', CASUS_AUDIT_SYSLOG_SD_ID: 'audit@54321.1' }).audit.shipping.syslog!.sdId,
    'audit@54321.1',
  );
});

test('a client certificate comes with its key; TLS files need a TLS target', () => {
  assert.match(refusal({ ...base, CASUS_AUDIT_SYSLOG_URL: 'tls://h', CASUS_AUDIT_SYSLOG_CERT_FILE: '/c.pem' })[0]!, /must be set together/);
  assert.match(refusal({ ...base, CASUS_AUDIT_SYSLOG_CA_FILE: '/ca.pem' })[0]!, /without CASUS_AUDIT_SYSLOG_URL/);
  assert.match(refusal({ ...base, CASUS_AUDIT_SYSLOG_URL: 'tcp://h', CASUS_AUDIT_SYSLOG_CA_FILE: '/ca.pem' })[0]!, /use tls:\/\//);
  assert.match(refusal({ ...base, CASUS_AUDIT_OTLP_ENDPOINT: 'http://h:4318', CASUS_AUDIT_OTLP_CA_FILE: '/ca.pem' })[0]!, /use https:\/\//);
  assert.match(refusal({ ...base, CASUS_AUDIT_OTLP_HEADERS: 'a=b' })[0]!, /without CASUS_AUDIT_OTLP_ENDPOINT/);
});

test('OTLP: endpoint without trailing slash, signals, headers in the OTEL format; a bad header is named by position only', () => {
  const otlp = loadSettings({
    ...base,
    CASUS_AUDIT_OTLP_ENDPOINT: 'https://collector.example.nl:4318/',
    CASUS_AUDIT_OTLP_HEADERS: 'Authorization=Bearer%20s3cret,x-scope=audit',
    CASUS_AUDIT_OTLP_SIGNALS: 'traces',
  }).audit.shipping.otlp!;
  assert.equal(otlp.endpoint, 'https://collector.example.nl:4318');
  assert.deepEqual(otlp.headers, { authorization: 'Bearer s3cret', 'x-scope': 'audit' });
  assert.deepEqual([otlp.logs, otlp.traces], [false, true]);
  const reasons = refusal({ ...base, CASUS_AUDIT_OTLP_ENDPOINT: 'https://c', CASUS_AUDIT_OTLP_HEADERS: 'ok=1,bad header=topsecret' });
  assert.deepEqual(reasons, ['CASUS_AUDIT_OTLP_HEADERS: entry 2 is not key=value (the value percent-encoded)']);
  assert.ok(!reasons.join().includes('topsecret'));
  assert.match(
    refusal({ ...base, CASUS_AUDIT_OTLP_ENDPOINT: 'https://c', CASUS_AUDIT_OTLP_SIGNALS: 'metrics' })[0]!,
    /CASUS_AUDIT_OTLP_SIGNALS/,
  );
});

test('retention days are bounded', () => {
  assert.match(refusal({ ...base, CASUS_AUDIT_RETENTION_ACCESS_DAYS: '7' })[0]!, /CASUS_AUDIT_RETENTION_ACCESS_DAYS/);
  assert.equal(loadSettings({ ...base, CASUS_AUDIT_RETENTION_CHANGE_DAYS: '3650' }).audit.retention.changeDays, 3650);
});

test('production refuses audit events in clear text to another host, and allows them to loopback', () => {
  const reasonsFor = (env: Record<string, string>) => unsafeProductionSettings(loadSettings({ ...base, ...env }));
  const syslog = (reasons: string[]) => reasons.filter((r) => r.includes('CASUS_AUDIT_SYSLOG') || r.includes('CASUS_AUDIT_OTLP'));
  assert.deepEqual(syslog(reasonsFor({ CASUS_AUDIT_SYSLOG_URL: 'tcp://siem.example.nl:514' })), [
    'CASUS_AUDIT_SYSLOG_URL=tcp://siem.example.nl:514 is plain TCP to another host: audit events must travel over TLS (tls://, RFC 5425)',
  ]);
  assert.deepEqual(syslog(reasonsFor({ CASUS_AUDIT_SYSLOG_URL: 'tcp://127.0.0.1:514' })), []);
  assert.deepEqual(syslog(reasonsFor({ CASUS_AUDIT_SYSLOG_URL: 'tls://siem.example.nl' })), []);
  assert.deepEqual(syslog(reasonsFor({ CASUS_AUDIT_OTLP_ENDPOINT: 'http://collector.example.nl:4318' })), [
    'CASUS_AUDIT_OTLP_ENDPOINT=http://collector.example.nl:4318 is plain http:// to another host: audit events and the processing log must travel over TLS (https://)',
  ]);
  assert.deepEqual(syslog(reasonsFor({ CASUS_AUDIT_OTLP_ENDPOINT: 'http://localhost:4318' })), []);
  assert.deepEqual(syslog(reasonsFor({ CASUS_AUDIT_OTLP_ENDPOINT: 'https://collector.example.nl:4318' })), []);
});
