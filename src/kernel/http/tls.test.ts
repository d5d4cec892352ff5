// Built-in HTTPS for deployments without a TLS-terminating proxy: TLS 1.2 and 1.3 only, forward-secret
// suites, and HSTS on every response once TLS is on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from 'node:tls';
import { request } from 'node:https';
import { build } from '../../../test/helpers/build.ts';

function selfSignedCertificate(): { certFile: string; keyFile: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'casus-tls-'));
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function handshake(
  port: number,
  options: {
    minVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
    maxVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
    ciphers?: string;
  },
): Promise<{ protocol: string | null; cipher: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...options }, () => {
      const result = { protocol: socket.getProtocol(), cipher: socket.getCipher().name };
      socket.end();
      resolve(result);
    });
    socket.on('error', reject);
  });
}

function get(port: number, pathname: string): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, rejectUnauthorized: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('built-in HTTPS serves TLS 1.2/1.3 with forward secrecy and sends HSTS', async (t) => {
  const cert = selfSignedCertificate();
  t.after(cert.cleanup);
  const system = await build(t, { listen: true, env: { CASUS_TLS_CERT_FILE: cert.certFile, CASUS_TLS_KEY_FILE: cert.keyFile } });
  assert.match(system.address ?? '', /^https:\/\/127\.0\.0\.1:\d+$/);
  const port = Number(new URL(system.address!).port);

  const res = await get(port, '/api/v1');
  assert.equal(res.status, 200);
  assert.match(String(res.headers['strict-transport-security']), /max-age=\d{8}; includeSubDomains/);

  const tls13 = await handshake(port, {});
  assert.equal(tls13.protocol, 'TLSv1.3');
  const tls12 = await handshake(port, { maxVersion: 'TLSv1.2' });
  assert.equal(tls12.protocol, 'TLSv1.2');
  assert.match(tls12.cipher, /^ECDHE-/, 'TLS 1.2 only with ephemeral (forward-secret) key exchange');

  // Old protocols and non-forward-secret suites are refused at the handshake.
  await assert.rejects(handshake(port, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }));
  await assert.rejects(handshake(port, { maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256:AES256-GCM-SHA384' }));
});
