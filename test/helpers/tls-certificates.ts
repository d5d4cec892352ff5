// Throwaway certificates for tests that need real TLS with verification: a CA, a server certificate it
// signs for 127.0.0.1 and localhost, a client certificate it signs (mutual TLS), and a second CA with a
// server certificate of its own (a collector nobody should trust). Made with openssl (Debian's, as in
// src/kernel/http/tls.test.ts), P-256 keys, valid for two days; the directory is removed by cleanup().
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Pem {
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
}

export interface TestCertificates {
  dir: string;
  caFile: string;
  ca: Buffer;
  server: Pem;
  client: Pem;
  /** Signed by another CA, for 127.0.0.1 and localhost too. */
  rogueServer: Pem;
  /** Signed by the right CA, but for another name only (not 127.0.0.1). */
  otherNameServer: Pem;
  cleanup(): void;
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore' });
}

function keyAndRequest(dir: string, name: string, subject: string): { keyFile: string; csrFile: string } {
  const keyFile = path.join(dir, `${name}.key`);
  const csrFile = path.join(dir, `${name}.csr`);
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', csrFile, '-subj', subject]);
  return { keyFile, csrFile };
}

function selfSignedCa(dir: string, name: string): { caFile: string; caKey: string } {
  const caFile = path.join(dir, `${name}.pem`);
  const caKey = path.join(dir, `${name}.key`);
  openssl([
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
    `/CN=${name}`,
    '-keyout',
    caKey,
    '-out',
    caFile,
  ]);
  return { caFile, caKey };
}

function signed(dir: string, name: string, ca: { caFile: string; caKey: string }, extensions: string): Pem {
  const { keyFile, csrFile } = keyAndRequest(dir, name, `/CN=${name}`);
  const certFile = path.join(dir, `${name}.pem`);
  const extFile = path.join(dir, `${name}.ext`);
  writeFileSync(extFile, extensions);
  openssl([
    'x509',
    '-req',
    '-in',
    csrFile,
    '-CA',
    ca.caFile,
    '-CAkey',
    ca.caKey,
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    certFile,
    '-extfile',
    extFile,
  ]);
  return { certFile, keyFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
}

export function makeCertificates(): TestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), 'casus-certs-'));
  const ca = selfSignedCa(dir, 'test-ca');
  const rogue = selfSignedCa(dir, 'rogue-ca');
  const serverExt = 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n';
  return {
    dir,
    caFile: ca.caFile,
    ca: readFileSync(ca.caFile),
    server: signed(dir, 'server', ca, serverExt),
    client: signed(dir, 'client', ca, 'extendedKeyUsage=clientAuth\n'),
    rogueServer: signed(dir, 'rogue-server', rogue, serverExt),
    otherNameServer: signed(dir, 'other-name', ca, 'subjectAltName=DNS:collector.example.nl\nextendedKeyUsage=serverAuth\n'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
