// The encrypted blob store: round trips through the local directory and a fake S3 (which verifies
// every SigV4 signature), ciphertext on disk only, every kind of damage detected and never answered
// with wrong data, the size limit while streaming, clean and failed uploads leaving nothing behind,
// clamd verdicts and failures, bounded memory, and the settings.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../errors.ts';
import { ConfigError, loadSettings, unsafeProductionSettings } from '../config.ts';
import { createKeyRing } from '../crypto/keyring.ts';
import { LocalDirectoryBackend } from './local.ts';
import { S3Backend } from './s3.ts';
import { encryptedSize, SEGMENT_SIZE } from './segmented.ts';
import { EncryptedBlobStore, type BlobStoreOptions } from './store.ts';
import { KNOWN_DOCUMENT_TYPES } from './content-types.ts';
import { EICAR, S3_CREDENTIALS, serverSideSignature, startFakeClamd, startFakeS3, type FakeS3 } from '../../../test/helpers/blob-peers.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'casus-blobs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const keyRing = createKeyRing({ keys: [{ id: 'k1', key: randomBytes(32) }], activeKeyId: 'k1', blindIndexKey: randomBytes(32) });
const MARKER = 'CASUS-PLAINTEXT-MARKER-7f3a';
const PDF = 'application/pdf';

const newId = () => randomUUID();

/** A "PDF" of `size` bytes: the magic number, then random bytes with the marker repeated in them. */
function pdfBytes(size: number): Buffer {
  const body = randomBytes(Math.max(size, 16));
  Buffer.from('%PDF-1.7\n').copy(body, 0);
  for (let at = 64; at + MARKER.length < size; at += 100_000) body.write(MARKER, at, 'latin1');
  return body.subarray(0, size);
}

/** Streams `total` bytes of a PDF-looking file without ever holding it, counting what was pulled. */
function generatedPdf(total: number, chunkSize = 64 * 1024): { stream: Readable; pulled: () => number } {
  let sent = 0;
  const stream = new Readable({
    read() {
      if (sent >= total) return this.push(null);
      const chunk = randomBytes(Math.min(chunkSize, total - sent));
      if (sent === 0) Buffer.from('%PDF-1.7\n').copy(chunk, 0);
      sent += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, pulled: () => sent };
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Reads until the stream fails; returns what was released before the failure. Uses 'data' events, as
 * pipe() to an HTTP response does, so every chunk pushed before the error is seen.
 */
function collectFailure(stream: Readable): Promise<{ released: Buffer; error: unknown }> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', (error) => resolve({ released: Buffer.concat(chunks), error }));
    stream.on('end', () => reject(new Error('the stream ended without an error')));
  });
}

function store(backend: BlobStoreOptions['backend'], options: Partial<BlobStoreOptions> = {}): EncryptedBlobStore {
  return new EncryptedBlobStore({
    backend,
    keyRing,
    maxBytes: 25 * 1024 * 1024,
    allowedTypes: KNOWN_DOCUMENT_TYPES,
    clamd: null,
    ...options,
  });
}

function filesUnder(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

const isProblem = (code: string, status?: number) => (error: unknown) =>
  error instanceof AppError && error.code === code && (status === undefined || error.status === status);

// Proves: the fake S3's signature check (aws4fetch over the headers a request names as signed) reproduces
// the worked GET example of the S3 SigV4 documentation, so the S3 tests below hold the backend's
// aws4fetch-signed requests to real SigV4, not to a dialect shared by signer and checker.
test('the fake S3 checks SigV4 as the S3 documentation example does', async () => {
  const emptyHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
  const request = {
    method: 'GET',
    url: 'https://examplebucket.s3.amazonaws.com/test.txt',
    headers: {
      host: 'examplebucket.s3.amazonaws.com',
      range: 'bytes=0-9',
      'x-amz-content-sha256': emptyHash,
      'x-amz-date': '20130524T000000Z',
    },
    signedHeaders: ['host', 'range', 'x-amz-content-sha256', 'x-amz-date'],
  };
  const credentials = {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    region: 'us-east-1',
  };
  assert.equal(
    await serverSideSignature(request, '20130524T000000Z', credentials),
    'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
  );
});

describe('local directory backend', () => {
  const root = path.join(dir, 'local');
  const backend = new LocalDirectoryBackend(root);
  const blobs = store(backend);

  // Proves: small, empty and multi-segment files come back byte for byte; the result carries what the
  // documents table needs; the file on disk is ciphertext of the documented size, 0600, fanned out.
  test('round trip of small, empty and multi-segment files; ciphertext only on disk', async () => {
    const cases = [
      { name: 'note.txt', type: 'text/plain', bytes: Buffer.from(`Gesprek met cliënt. ${MARKER}\n`) },
      { name: 'empty.txt', type: 'text/plain', bytes: Buffer.alloc(0) },
      { name: 'exact.pdf', type: PDF, bytes: pdfBytes(2 * SEGMENT_SIZE) },
      { name: 'scan.pdf', type: PDF, bytes: pdfBytes(5 * 1024 * 1024 + 17) },
    ];
    for (const { name, type, bytes } of cases) {
      const id = newId();
      const stored = await blobs.put(id, Readable.from(bytes.length ? [bytes] : []), { filename: name, contentType: type });
      assert.equal(stored.size, bytes.length, name);
      assert.equal(stored.sha256, createHash('sha256').update(bytes).digest('hex'));
      assert.equal(stored.contentType, type);
      assert.equal(stored.keyId, 'k1');
      assert.equal(stored.formatVersion, 1);
      assert.equal(stored.quarantined, false);
      assert.deepEqual(stored.scan, { status: 'off' });
      const file = backend.pathOf('objects', id);
      const relative = path.relative(root, file).split(path.sep);
      assert.equal(relative.length, 4, 'objects/<2 hex>/<2 hex>/<id>');
      assert.match(relative[1]!, /^[0-9a-f]{2}$/);
      const raw = readFileSync(file);
      assert.equal(raw.length, encryptedSize(bytes.length), name);
      assert.equal(raw.indexOf(MARKER), -1, `${name}: the marker is not on disk`);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.deepEqual(await collect(blobs.get(id, stored.wrappedKey)), bytes, name);
      assert.deepEqual(await collect(await blobs.open(id, stored.wrappedKey)), bytes, name);
    }
    assert.deepEqual(filesUnder(path.join(root, 'tmp')), [], 'no upload left in tmp/');
  });

  // Proves: every kind of damage ends the stream with blob-integrity, and nothing released before the
  // failure differs from the original (no wrong data, ever).
  test('tampering, truncation, reordering, a foreign key or a moved file all fail', async () => {
    const bytes = pdfBytes(4 * SEGMENT_SIZE + 1000);
    const id = newId();
    const stored = await blobs.put(id, Readable.from([bytes]), { filename: 'a.pdf', contentType: PDF });
    const other = await blobs.put(newId(), Readable.from([pdfBytes(1000)]), { filename: 'b.pdf', contentType: PDF });
    const file = backend.pathOf('objects', id);
    const pristine = readFileSync(file);
    const sealed = SEGMENT_SIZE + 16;
    const damage: Record<string, () => void> = {
      'one byte flipped in segment 2': () => {
        const copy = Buffer.from(pristine);
        copy[20 + 2 * sealed + 100]! ^= 0x01;
        writeFileSync(file, copy);
      },
      'one byte flipped in the header': () => {
        const copy = Buffer.from(pristine);
        copy[15]! ^= 0x80;
        writeFileSync(file, copy);
      },
      'last segment cut short': () => truncateSync(file, pristine.length - 10),
      'last segment removed (cut at a segment boundary)': () => truncateSync(file, 20 + 4 * sealed),
      'segments 1 and 2 swapped': () => {
        const head = pristine.subarray(0, 20 + sealed);
        const one = pristine.subarray(20 + sealed, 20 + 2 * sealed);
        const two = pristine.subarray(20 + 2 * sealed, 20 + 3 * sealed);
        writeFileSync(file, Buffer.concat([head, two, one, pristine.subarray(20 + 3 * sealed)]));
      },
      'a segment appended twice': () => writeFileSync(file, Buffer.concat([pristine, pristine.subarray(20, 20 + sealed)])),
    };
    for (const [name, act] of Object.entries(damage)) {
      act();
      const { released, error } = await collectFailure(blobs.get(id, stored.wrappedKey));
      assert.ok(isProblem('blob-integrity', 500)(error), `${name}: ${String(error)}`);
      assert.deepEqual(released, bytes.subarray(0, released.length), `${name}: only authentic plaintext was released`);
      writeFileSync(file, pristine);
    }
    const foreign = await collectFailure(blobs.get(id, other.wrappedKey));
    assert.ok(isProblem('blob-integrity')(foreign.error), 'another blob’s data key');
    assert.equal(foreign.released.length, 0);

    // The same ciphertext under another id (with its own wrapped key) does not open: the id is in the AAD.
    const movedId = newId();
    mkdirSync(path.dirname(backend.pathOf('objects', movedId)), { recursive: true });
    copyFileSync(file, backend.pathOf('objects', movedId));
    assert.ok(isProblem('blob-integrity')((await collectFailure(blobs.get(movedId, stored.wrappedKey))).error));
    assert.deepEqual(await collect(blobs.get(id, stored.wrappedKey)), bytes, 'the original still reads');
  });

  // Proves: the limit is enforced while streaming (the reader stops early, long before the end), the
  // answer is a 413 problem, and nothing is left on disk.
  test('size limit while streaming', async () => {
    const small = store(backend, { maxBytes: 1024 * 1024 });
    const { stream, pulled } = generatedPdf(20 * 1024 * 1024);
    const id = newId();
    await assert.rejects(small.put(id, stream, { filename: 'big.pdf', contentType: PDF }), (error: unknown) => {
      assert.ok(isProblem('payload-too-large', 413)(error));
      assert.equal((error as AppError).extensions?.maxBytes, 1024 * 1024);
      return true;
    });
    assert.ok(pulled() < 4 * 1024 * 1024, `stopped reading after ${pulled()} bytes`);
    assert.equal(stream.destroyed, false, 'the body is left to the caller (an HTTP handler still answers on it)');
    stream.destroy();
    assert.equal(await small.exists(id), false);
    assert.deepEqual(filesUnder(path.join(root, 'tmp')), []);
    // A per-call limit can only be lower.
    await assert.rejects(
      blobs.put(newId(), Readable.from([pdfBytes(3000)]), { filename: 'x.pdf', maxBytes: 2000 }),
      isProblem('payload-too-large'),
    );
    const exact = await small.put(newId(), Readable.from([pdfBytes(1024 * 1024)]), { filename: 'x.pdf' });
    assert.equal(exact.size, 1024 * 1024, 'exactly the limit is accepted');
  });

  // Proves: an upload that breaks off, or is refused after it started, leaves no file anywhere; an id
  // that exists is never overwritten.
  test('atomic: failed uploads leave nothing, existing blobs are not replaced', async () => {
    const before = filesUnder(root).length;
    const id = newId();
    let sent = 0;
    const broken = new Readable({
      read() {
        if (sent === 0) this.push(pdfBytes(300_000));
        else if (sent > 600_000) this.destroy(new Error('client went away'));
        else this.push(randomBytes(100_000));
        sent += 100_000;
      },
    });
    await assert.rejects(blobs.put(id, broken, { filename: 'a.pdf' }), /client went away/);
    await assert.rejects(
      blobs.put(id, Readable.from([Buffer.from('MZ\x90\x00'), randomBytes(200_000)]), { filename: 'a.pdf' }),
      isProblem('document-refused'),
    );
    const late = Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(300_000)]);
    await assert.rejects(blobs.put(id, Readable.from([late]), { filename: 'a.docx' }), isProblem('document-refused'));
    assert.equal(await blobs.exists(id), false);
    assert.equal(filesUnder(root).length, before, 'no file was added');

    const stored = await blobs.put(id, Readable.from([Buffer.from('first')]), { filename: 'a.txt' });
    await assert.rejects(blobs.put(id, Readable.from([Buffer.from('second')]), { filename: 'a.txt' }), isProblem('conflict', 409));
    assert.equal((await collect(blobs.get(id, stored.wrappedKey))).toString(), 'first');
    assert.deepEqual(filesUnder(path.join(root, 'tmp')), []);
  });

  // Proves: delete removes the blob (from either area), is idempotent, and a missing blob is a 404.
  test('delete, exists and not found', async () => {
    const id = newId();
    const stored = await blobs.put(id, Readable.from([Buffer.from('weg ermee')]), { filename: 'a.txt' });
    assert.equal(await blobs.exists(id), true);
    await blobs.delete(id);
    await blobs.delete(id);
    assert.equal(await blobs.exists(id), false);
    await assert.rejects(blobs.open(id, stored.wrappedKey), isProblem('not-found', 404));
    assert.ok(isProblem('not-found')((await collectFailure(blobs.get(id, stored.wrappedKey))).error));
    assert.throws(() => blobs.get('../../../etc/passwd', stored.wrappedKey), /invalid blob id/);
    assert.deepEqual(await blobs.check(), { ok: true, detail: `local directory ${root} is writable` });
  });

  // Proves: a 40 MB document streams in and out without the process holding it. Memory is measured
  // as live memory (heap plus Buffers) after forced garbage collections, with a turn of the event loop
  // between them because V8 frees Buffer memory in a later sweep; collectable garbage then neither
  // hides nor fakes a leak. Keeping the file in memory anywhere would add 40 MiB.
  test('memory stays bounded for a 40 MB document', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const live = async () => {
      gc();
      await setImmediate();
      gc();
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    const big = store(backend, { maxBytes: 64 * 1024 * 1024 });
    const total = 40 * 1024 * 1024;
    const baseline = await live();
    let peak = baseline;
    let running = true;
    const sampler = (async () => {
      for (let i = 0; running && i < 10_000; i += 1) {
        peak = Math.max(peak, await live());
        await sleep(10);
      }
    })();
    try {
      const { stream } = generatedPdf(total);
      const stored = await big.put(newId(), stream, { filename: 'big.pdf', contentType: PDF });
      assert.equal(stored.size, total);
      const hash = createHash('sha256');
      let read = 0;
      for await (const chunk of big.get(stored.id, stored.wrappedKey)) {
        hash.update(chunk as Buffer);
        read += (chunk as Buffer).length;
      }
      assert.equal(read, total);
      assert.equal(hash.digest('hex'), stored.sha256);
    } finally {
      running = false;
      await sampler;
    }
    const growth = peak - baseline;
    assert.ok(growth < 8 * 1024 * 1024, `live memory grew by ${(growth / 1048576).toFixed(1)} MiB while streaming a 40 MiB file`);
  });
});

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
