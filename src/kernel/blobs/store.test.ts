// The encrypted blob store: round trips through the local directory and a fake S3 (which verifies
// every SigV4 signature), ciphertext on disk only, every kind of damage detected and never answered
// with wrong data, the size limit while streaming, clean and failed uploads leaving nothing behind,
// clamd verdicts and failures, bounded memory, and the settings.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import type { AppError } from '../errors.ts';
import { LocalDirectoryBackend } from './local.ts';
import { encryptedSize, SEGMENT_SIZE } from './segmented.ts';
import { serverSideSignature } from '../../../test/helpers/blob-peers.ts';
import { collect, collectFailure, filesUnder, isProblem, MARKER, newId, pdfBytes, store } from '../../../test/helpers/blob-store.ts';

const PDF = 'application/pdf';

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

const dir = mkdtempSync(path.join(tmpdir(), 'casus-blobs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

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
