// The encrypted blob store: what the documents module keeps files in. One upload streams through
//   size limit -> content check (sniff.ts) -> SHA-256 -> virus scan (clamd.ts, optional) -> encryption (segmented.ts) -> backend stage
// and is committed under its id only when every step passed, in `quarantine` when clamd found something.
// Nothing holds more than a segment or a chunk in memory, whatever the file's size. The caller keeps
// the returned wrapped data key (and the rest of StoredBlob) in its own table; without it the blob
// cannot be read, and rotating the master key only re-wraps that key (keyRing.rewrapDataKey).
import { createHash } from 'node:crypto';
import path from 'node:path';
import { finished, pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import type { Settings } from '../config.ts';
import type { KeyRing } from '../crypto/keyring.ts';
import { AppError } from '../errors.ts';
import { assertBlobId, BLOB_AREAS, blobStoreFailed, type BlobArea, type BlobBackend, type StagedObject } from './backend.ts';
import { ClamdScan, type ClamdSettings, type ScanVerdict } from './clamd.ts';
import { LocalDirectoryBackend } from './local.ts';
import { S3Backend } from './s3.ts';
import { FORMAT_VERSION, SegmentDecryptor, SegmentEncryptor } from './segmented.ts';
import { ContentInspector, type DeclaredDocument } from './sniff.ts';

export type BlobKeyRing = Pick<KeyRing, 'newDataKey' | 'unwrapDataKey' | 'keyIdOf'>;

export interface PutOptions extends DeclaredDocument {
  /** A lower limit for this upload than the store's (never a higher one). */
  maxBytes?: number;
}

export interface StoredBlob {
  id: string;
  /** Plaintext bytes. */
  size: number;
  /** Hex SHA-256 of the plaintext. */
  sha256: string;
  /** The type found in the content (sniff.ts): store and serve this one, not the declared one. */
  contentType: string;
  /** The data key, wrapped under the key ring's active key: keep it, or the blob is lost. */
  wrappedKey: Buffer;
  /** The key ring key that wrapped it (rotation progress). */
  keyId: string;
  formatVersion: number;
  /** Stored in quarantine: the virus scanner found `signature`. Raise a security event; do not serve it. */
  quarantined: boolean;
  signature?: string;
  /** `off`: no scanner configured; `unscanned`: scanner failed and CASUS_CLAMD_ON_ERROR=accept. */
  scan: ScanVerdict | { status: 'off' };
}

export interface ReadOptions {
  /** Read from (or check) the quarantine area instead of the accepted blobs. */
  quarantined?: boolean;
}

export interface BlobStore {
  put(id: string, body: Readable, options: PutOptions): Promise<StoredBlob>;
  /** The decrypted content; failures (missing blob, damage, wrong key) arrive as the stream's error. */
  get(id: string, wrappedKey: Buffer, options?: ReadOptions): Readable;
  /** As get(), but waits until the backend has the blob, so a missing one rejects before anything is sent. */
  open(id: string, wrappedKey: Buffer, options?: ReadOptions): Promise<Readable>;
  /** Removes the blob from both areas; idempotent. */
  delete(id: string): Promise<void>;
  exists(id: string, options?: ReadOptions): Promise<boolean>;
  check(): Promise<{ ok: boolean; detail: string }>;
  close(): Promise<void>;
}

export interface BlobStoreOptions {
  backend: BlobBackend;
  keyRing: BlobKeyRing;
  maxBytes: number;
  allowedTypes: readonly string[];
  clamd: ClamdSettings | null;
}

export function documentTooLarge(maxBytes: number): AppError {
  return new AppError({
    status: 413,
    code: 'payload-too-large',
    title: 'Document too large',
    detail: `The document is larger than the limit of ${maxBytes} bytes (${(maxBytes / 1048576).toFixed(1)} MiB).`,
    extensions: { maxBytes },
  });
}

const areaOf = (options?: ReadOptions): BlobArea => (options?.quarantined ? 'quarantine' : 'objects');

export class EncryptedBlobStore implements BlobStore {
  readonly #backend: BlobBackend;
  readonly #keyRing: BlobKeyRing;
  readonly #maxBytes: number;
  readonly #allowed: ReadonlySet<string>;
  readonly #clamd: ClamdSettings | null;

  constructor(options: BlobStoreOptions) {
    this.#backend = options.backend;
    this.#keyRing = options.keyRing;
    this.#maxBytes = options.maxBytes;
    this.#allowed = new Set(options.allowedTypes);
    this.#clamd = options.clamd;
  }

  get backend(): BlobBackend {
    return this.#backend;
  }

  async put(id: string, body: Readable, options: PutOptions): Promise<StoredBlob> {
    assertBlobId(id);
    const inspector = new ContentInspector(this.#allowed, options); // refuses what the declaration alone rules out
    const maxBytes = Math.min(options.maxBytes ?? this.#maxBytes, this.#maxBytes);
    const hash = createHash('sha256');
    let size = 0;
    let contentType = '';
    const checks = new Transform({
      transform(chunk: Buffer | string, _encoding, callback: TransformCallback) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        size += bytes.length;
        if (size > maxBytes) return callback(documentTooLarge(maxBytes));
        inspector.update(bytes).then(() => {
          hash.update(bytes);
          callback(null, bytes);
        }, callback);
      },
      flush(callback: TransformCallback) {
        inspector.finish().then((found) => {
          contentType = found;
          callback();
        }, callback);
      },
    });
    const { key, wrapped } = this.#keyRing.newDataKey();
    const scan = this.#clamd ? new ClamdScan(this.#clamd) : null;
    const encryptor = new SegmentEncryptor(key, id);
    // The body is piped, not pipelined: on a refusal we stop reading it but leave it to the caller, so
    // an HTTP handler can still answer 413/400 on the request's connection before it is closed.
    let bodyFailed = false;
    const upstream = new Promise<Error | null>((resolve) => {
      pipeline([checks, ...(scan ? [scan] : []), encryptor], (error) => resolve(error ?? null));
    });
    const stopWatching = finished(body, { writable: false }, (error) => {
      if (!error) return;
      bodyFailed = true;
      checks.destroy(error);
    });
    body.pipe(checks);
    let staged: StagedObject | null = null;
    let stageError: unknown = null;
    try {
      staged = await this.#backend.stage(encryptor);
    } catch (error) {
      stageError = error;
    }
    const upstreamError = await upstream;
    stopWatching();
    key.fill(0);
    const failure = upstreamError ?? stageError;
    if (failure !== null) {
      body.unpipe(checks);
      await staged?.discard();
      // The root cause: a refusal, a 413, the scanner's 503, or the client's broken upload as it came.
      if (failure instanceof AppError || bodyFailed) throw failure as Error;
      throw blobStoreFailed(failure);
    }

    const verdict: StoredBlob['scan'] = scan ? (scan.verdict ?? { status: 'unscanned', reason: 'no verdict' }) : { status: 'off' };
    const quarantined = verdict.status === 'infected';
    try {
      await staged!.commit(quarantined ? 'quarantine' : 'objects', id);
    } catch (error) {
      await staged!.discard();
      throw error instanceof AppError ? error : blobStoreFailed(error);
    }
    return {
      id,
      size,
      sha256: hash.digest('hex'),
      contentType,
      wrappedKey: wrapped,
      keyId: this.#keyRing.keyIdOf(wrapped),
      formatVersion: FORMAT_VERSION,
      quarantined,
      ...(verdict.status === 'infected' ? { signature: verdict.signature } : {}),
      scan: verdict,
    };
  }

  #decrypting(id: string, wrappedKey: Buffer): SegmentDecryptor {
    assertBlobId(id);
    const key = this.#keyRing.unwrapDataKey(wrappedKey);
    const decryptor = new SegmentDecryptor(key, id);
    decryptor.once('close', () => key.fill(0));
    return decryptor;
  }

  get(id: string, wrappedKey: Buffer, options?: ReadOptions): Readable {
    const decryptor = this.#decrypting(id, wrappedKey);
    void this.#backend.read(areaOf(options), id).then(
      (source) => pipeline(source, decryptor, () => undefined),
      (error: Error) => decryptor.destroy(error),
    );
    return decryptor;
  }

  async open(id: string, wrappedKey: Buffer, options?: ReadOptions): Promise<Readable> {
    const decryptor = this.#decrypting(id, wrappedKey);
    try {
      const source = await this.#backend.read(areaOf(options), id);
      return pipeline(source, decryptor, () => undefined);
    } catch (error) {
      decryptor.destroy();
      throw error;
    }
  }

  async delete(id: string): Promise<void> {
    assertBlobId(id);
    for (const area of BLOB_AREAS) await this.#backend.remove(area, id);
  }

  exists(id: string, options?: ReadOptions): Promise<boolean> {
    return this.#backend.exists(areaOf(options), id);
  }

  check(): Promise<{ ok: boolean; detail: string }> {
    return this.#backend.check();
  }

  async close(): Promise<void> {
    if (this.#backend instanceof S3Backend) this.#backend.close();
  }
}

/** The backend the settings name: S3 when CASUS_BLOB_S3_ENDPOINT is set, else the local directory. */
export function backendFromSettings(blobs: Settings['blobs']): BlobBackend {
  if (blobs.s3) return new S3Backend(blobs.s3, path.join(blobs.dir, 'tmp'));
  return new LocalDirectoryBackend(blobs.dir);
}

export function createBlobStore(settings: Settings, keyRing: BlobKeyRing): EncryptedBlobStore {
  return new EncryptedBlobStore({
    backend: backendFromSettings(settings.blobs),
    keyRing,
    maxBytes: settings.blobs.maxBytes,
    allowedTypes: settings.blobs.allowedTypes,
    clamd: settings.blobs.clamd,
  });
}
