// The encrypted blob store against its peers: the S3 backend (a fake S3 verifying SigV4), the virus scan
// (a fake clamd), and its settings. (The local directory backend: store.test.ts.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ConfigError, loadSettings, unsafeProductionSettings } from '../config.ts';
import { LocalDirectoryBackend } from './local.ts';
import { S3Backend } from './s3.ts';
import { encryptedSize, SEGMENT_SIZE } from './segmented.ts';
import type { EncryptedBlobStore } from './store.ts';
import { KNOWN_DOCUMENT_TYPES } from './content-types.ts';
import { collect, collectFailure, filesUnder, isProblem, MARKER, newId, pdfBytes, store } from '../../../test/helpers/blob-store.ts';
import { EICAR, S3_CREDENTIALS, startFakeClamd, startFakeS3, type FakeS3 } from '../../../test/helpers/blob-peers.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'casus-blobs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Proves: the fake S3's signature check (aws4fetch over the headers a request names as signed) reproduces
// the worked GET example of the S3 SigV4 documentation, so the S3 tests below hold the backend's
// aws4fetch-signed requests to real SigV4, not to a dialect shared by signer and checker.
describe('S3 backend (fake S3 verifying SigV4)', () => {
  let s3: FakeS3;
  let backend: S3Backend;
  let blobs: EncryptedBlobStore;
  const spool = path.join(dir, 's3-spool');
  before(async () => {
    s3 = await startFakeS3();
    backend = new S3Backend({ endpoint: s3.endpoint, bucket: s3.bucket, pathStyle: true, ...S3_CREDENTIALS }, spool);
    blobs = store(backend);
  });
  after(async () => {
    await blobs.close();
    await s3.close();
  });

  // Proves: the same round trips through S3: signed requests accepted, objects are ciphertext under
  // objects/<id>, the upload spool is emptied, and an existing object is not replaced.
  test('round trip of small, empty and multi-segment files', async () => {
    for (const bytes of [Buffer.from(`kort ${MARKER}`), Buffer.alloc(0), pdfBytes(5 * 1024 * 1024)]) {
      const id = newId();
      const stored = await blobs.put(id, Readable.from(bytes.length ? [bytes] : []), { filename: bytes.length > 100 ? 'x.pdf' : 'x.txt' });
      const object = s3.objects.get(`objects/${id}`);
      assert.ok(object, 'stored under objects/<id>');
      assert.equal(object.length, encryptedSize(bytes.length));
      assert.equal(object.indexOf(MARKER), -1);
      assert.equal(await blobs.exists(id), true);
      assert.deepEqual(await collect(blobs.get(id, stored.wrappedKey)), bytes);
    }
    assert.deepEqual(filesUnder(spool), [], 'the spool holds nothing after the PUT');
    assert.ok(
      s3.requests.every((r) => r.status !== 403),
      'every request was correctly signed',
    );

    const id = newId();
    await blobs.put(id, Readable.from([Buffer.from('one')]), { filename: 'a.txt' });
    await assert.rejects(blobs.put(id, Readable.from([Buffer.from('two')]), { filename: 'a.txt' }), isProblem('conflict', 409));
    await blobs.delete(id);
    assert.equal(await blobs.exists(id), false);
    assert.equal(s3.objects.has(`objects/${id}`), false);
    assert.deepEqual(await blobs.check(), { ok: true, detail: `bucket ${s3.bucket} at ${new URL(s3.endpoint).host} is reachable` });
  });

  // Proves: tampering with the stored object is detected through S3 as well.
  test('a tampered object fails', async () => {
    const bytes = pdfBytes(3 * SEGMENT_SIZE);
    const id = newId();
    const stored = await blobs.put(id, Readable.from([bytes]), { filename: 'x.pdf' });
    const object = s3.objects.get(`objects/${id}`)!;
    object[object.length - 40]! ^= 0x01;
    const { released, error } = await collectFailure(blobs.get(id, stored.wrappedKey));
    assert.ok(isProblem('blob-integrity')(error));
    assert.deepEqual(released, bytes.subarray(0, released.length));
  });

  // Proves: a 503 from the store is retried; wrong credentials are refused by the server's signature
  // check and surface as 503 blob-store-unavailable, leaving no object and no spool file.
  test('retries, and refusal of a wrong signature', async () => {
    s3.failNext = 1;
    const id = newId();
    await blobs.put(id, Readable.from([Buffer.from('na een storing')]), { filename: 'a.txt' });
    assert.ok(s3.objects.has(`objects/${id}`));
    const puts = s3.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(id));
    assert.deepEqual(
      puts.map((r) => r.status),
      [503, 200],
    );

    const wrong = store(
      new S3Backend(
        { endpoint: s3.endpoint, bucket: s3.bucket, pathStyle: true, ...S3_CREDENTIALS, secretAccessKey: 'not-the-secret' },
        spool,
      ),
    );
    const refusedId = newId();
    await assert.rejects(
      wrong.put(refusedId, Readable.from([Buffer.from('x')]), { filename: 'a.txt' }),
      isProblem('blob-store-unavailable', 503),
    );
    await wrong.close();
    assert.equal(s3.objects.has(`objects/${refusedId}`), false);
    assert.deepEqual(filesUnder(spool), []);
  });
});

describe('virus scan (fake clamd)', () => {
  const root = path.join(dir, 'scan');
  const backend = new LocalDirectoryBackend(root);

  // Proves: clean files are stored normally with a clean verdict; EICAR goes to quarantine, the result
  // says so with the signature, and it is readable only from the quarantine area.
  test('clean and infected', async () => {
    const clamd = await startFakeClamd();
    try {
      const blobs = store(backend, { clamd: { url: clamd.url, onError: 'reject', timeoutMs: 5000 } });
      const clean = await blobs.put(newId(), Readable.from([pdfBytes(3 * SEGMENT_SIZE)]), { filename: 'clean.pdf' });
      assert.deepEqual(clean.scan, { status: 'clean' });
      assert.equal(clean.quarantined, false);

      const id = newId();
      // EICAR split across chunks, after more than a segment: the scan sees the stream, not one chunk.
      const text = Buffer.from(`${'x'.repeat(70_000)}${EICAR}\n`);
      const infected = await blobs.put(id, Readable.from([text.subarray(0, 70_010), text.subarray(70_010)]), {
        filename: 'eicar.txt',
        contentType: 'text/plain',
      });
      assert.equal(infected.quarantined, true);
      assert.equal(infected.signature, 'Eicar-Test-Signature');
      assert.deepEqual(infected.scan, { status: 'infected', signature: 'Eicar-Test-Signature' });
      assert.equal(await blobs.exists(id), false);
      assert.equal(await blobs.exists(id, { quarantined: true }), true);
      assert.ok(backend.pathOf('quarantine', id).startsWith(path.join(root, 'quarantine')));
      assert.equal(readFileSync(backend.pathOf('quarantine', id)).indexOf('EICAR'), -1, 'quarantined files are encrypted too');
      assert.deepEqual(await collect(blobs.get(id, infected.wrappedKey, { quarantined: true })), text);
      await blobs.delete(id);
      assert.equal(await blobs.exists(id, { quarantined: true }), false);
      assert.equal(clamd.scans, 2);
    } finally {
      await clamd.close();
    }
  });

  // Proves: when clamd cannot give a verdict (unreachable, silent past the timeout, or refusing a
  // stream over its limit), `reject` fails with 503 and stores nothing; `accept` stores it as unscanned.
  test('unreachable, timeout and clamd errors follow CASUS_CLAMD_ON_ERROR', async () => {
    const closed = await startFakeClamd();
    await closed.close(); // a port nobody listens on any more
    const hanging = await startFakeClamd({ mode: 'hang' });
    const limited = await startFakeClamd({ limit: 100_000 });
    try {
      for (const [name, url] of [
        ['unreachable', closed.url],
        ['timeout', hanging.url],
        ['limit', limited.url],
      ] as const) {
        const rejecting = store(backend, { clamd: { url, onError: 'reject', timeoutMs: 1000 } });
        const id = newId();
        await assert.rejects(
          rejecting.put(id, Readable.from([pdfBytes(300_000)]), { filename: 'a.pdf' }),
          isProblem('virus-scanner-unavailable', 503),
          name,
        );
        assert.equal(await rejecting.exists(id), false, name);
        assert.equal(await rejecting.exists(id, { quarantined: true }), false, name);

        const accepting = store(backend, { clamd: { url, onError: 'accept', timeoutMs: 1000 } });
        const bytes = pdfBytes(300_000);
        const stored = await accepting.put(newId(), Readable.from([bytes]), { filename: 'a.pdf' });
        assert.equal(stored.scan.status, 'unscanned', name);
        assert.equal(stored.quarantined, false);
        assert.deepEqual(await collect(accepting.get(stored.id, stored.wrappedKey)), bytes);
      }
    } finally {
      await hanging.close();
      await limited.close();
    }
    assert.deepEqual(filesUnder(path.join(root, 'tmp')), []);
  });
});

describe('settings', () => {
  // Proves: defaults (local directory under the data dir, 25 MiB, every known type, no scanner) and
  // the environment-dependent default of CASUS_CLAMD_ON_ERROR.
  test('defaults', () => {
    const settings = loadSettings({ CASUS_DATA_DIR: '/srv/casus/var' });
    assert.deepEqual(settings.blobs, {
      dir: '/srv/casus/var/blobs',
      s3: null,
      maxBytes: 26214400,
      allowedTypes: [...KNOWN_DOCUMENT_TYPES],
      clamd: null,
    });
    assert.equal(loadSettings({ CASUS_BLOB_DIR: '/data/blobs' }).blobs.dir, '/data/blobs');
    assert.equal(loadSettings({ CASUS_CLAMD_URL: 'tcp://127.0.0.1:3310' }).blobs.clamd?.onError, 'accept');
    assert.equal(
      loadSettings({ CASUS_CLAMD_URL: 'unix:/run/clamav/clamd.ctl', CASUS_CLAMD_ON_ERROR: 'reject' }).blobs.clamd?.onError,
      'reject',
    );
    assert.deepEqual(loadSettings({ CASUS_DOCUMENT_ALLOWED_TYPES: 'application/pdf, image/jpg' }).blobs.allowedTypes, [
      'application/pdf',
      'image/jpeg',
    ]);
  });

  // Proves: incomplete S3 settings, unknown types and malformed URLs are refused in every environment;
  // plain http:// to a non-loopback S3 host is refused for production.
  test('refusals', () => {
    const reasons = (env: NodeJS.ProcessEnv) => {
      try {
        loadSettings(env);
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.reasons.join('\n');
      }
      assert.fail('accepted');
    };
    assert.match(reasons({ CASUS_BLOB_S3_ENDPOINT: 'https://s3.example.org' }), /needs CASUS_BLOB_S3_BUCKET/);
    assert.match(reasons({ CASUS_BLOB_S3_BUCKET: 'docs' }), /without CASUS_BLOB_S3_ENDPOINT/);
    assert.match(reasons({ CASUS_DOCUMENT_ALLOWED_TYPES: 'application/pdf,text/html' }), /cannot recognise from their content: text\/html/);
    assert.match(reasons({ CASUS_CLAMD_URL: 'http://clamd:3310' }), /CASUS_CLAMD_URL/);
    assert.match(reasons({ CASUS_DOCUMENT_MAX_BYTES: '10' }), /CASUS_DOCUMENT_MAX_BYTES/);

    const s3 = { CASUS_BLOB_S3_BUCKET: 'casus-docs', CASUS_BLOB_S3_ACCESS_KEY_ID: 'id', CASUS_BLOB_S3_SECRET_ACCESS_KEY: 'secret' };
    const plain = unsafeProductionSettings(loadSettings({ ...s3, CASUS_BLOB_S3_ENDPOINT: 'http://minio.internal:9000' }));
    assert.ok(plain.some((r) => r.startsWith('CASUS_BLOB_S3_ENDPOINT=http://minio.internal:9000 is plain http://')));
    for (const endpoint of ['https://minio.internal:9000', 'http://127.0.0.1:9000', 'http://[::1]:9000']) {
      assert.ok(
        !unsafeProductionSettings(loadSettings({ ...s3, CASUS_BLOB_S3_ENDPOINT: endpoint })).some((r) => r.includes('CASUS_BLOB_S3')),
        endpoint,
      );
    }
    const settings = loadSettings({ ...s3, CASUS_BLOB_S3_ENDPOINT: 'https://s3.example.org', CASUS_ENV: 'test' });
    assert.equal(settings.blobs.s3?.pathStyle, true);
    assert.equal(settings.blobs.s3?.region, 'us-east-1');
  });
});
