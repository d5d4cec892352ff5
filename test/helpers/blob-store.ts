// The encrypted blob store's tests (src/kernel/blobs/store*.test.ts): a store over a backend with a key ring
// of the test process, "PDF" bytes carrying a plaintext marker (to prove only ciphertext is stored), and
// stream readers that keep what was released before a failure.
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../../src/kernel/errors.ts';
import { createKeyRing } from '../../src/kernel/crypto/keyring.ts';
import { EncryptedBlobStore, type BlobStoreOptions } from '../../src/kernel/blobs/store.ts';
import { KNOWN_DOCUMENT_TYPES } from '../../src/kernel/blobs/content-types.ts';

export const keyRing = createKeyRing({ keys: [{ id: 'k1', key: randomBytes(32) }], activeKeyId: 'k1', blindIndexKey: randomBytes(32) });
export const MARKER = 'CASUS-PLAINTEXT-MARKER-7f3a';

export const newId = () => randomUUID();

/** A "PDF" of `size` bytes: the magic number, then random bytes with the marker repeated in them. */
export function pdfBytes(size: number): Buffer {
  const body = randomBytes(Math.max(size, 16));
  Buffer.from('%PDF-1.7\n').copy(body, 0);
  for (let at = 64; at + MARKER.length < size; at += 100_000) body.write(MARKER, at, 'latin1');
  return body.subarray(0, size);
}

export async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Reads until the stream fails; returns what was released before the failure. Uses 'data' events, as
 * pipe() to an HTTP response does, so every chunk pushed before the error is seen.
 */
export function collectFailure(stream: Readable): Promise<{ released: Buffer; error: unknown }> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', (error) => resolve({ released: Buffer.concat(chunks), error }));
    stream.on('end', () => reject(new Error('the stream ended without an error')));
  });
}

export function store(backend: BlobStoreOptions['backend'], options: Partial<BlobStoreOptions> = {}): EncryptedBlobStore {
  return new EncryptedBlobStore({
    backend,
    keyRing,
    maxBytes: 25 * 1024 * 1024,
    allowedTypes: KNOWN_DOCUMENT_TYPES,
    clamd: null,
    ...options,
  });
}

export function filesUnder(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

export const isProblem = (code: string, status?: number) => (error: unknown) =>
  error instanceof AppError && error.code === code && (status === undefined || error.status === status);
