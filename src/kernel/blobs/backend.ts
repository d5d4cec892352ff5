// What the blob store needs from a place to keep bytes. Backends only ever see ciphertext. Writing is
// two-step so nothing is visible under a blob's name before the upload was complete, checked and scanned:
// stage() takes the whole stream into a temporary place, then commit() puts it under its name in one
// area (or discard() removes it). Names never exist half-written.
import type { Readable } from 'node:stream';
import { AppError } from '../errors.ts';

/** `objects` holds accepted blobs; `quarantine` what the virus scanner flagged. */
export type BlobArea = 'objects' | 'quarantine';
export const BLOB_AREAS: readonly BlobArea[] = ['objects', 'quarantine'];

export interface StagedObject {
  /** Bytes staged (ciphertext). */
  readonly size: number;
  /** Makes the object visible under (area, id), durably; refuses to replace an existing one (409). */
  commit(area: BlobArea, id: string): Promise<void>;
  /** Removes the staged bytes; safe to call after a failed commit. */
  discard(): Promise<void>;
}

export interface BlobBackend {
  readonly kind: 'local' | 's3';
  /** Consumes `source` completely; rejects with the source's error if it fails. */
  stage(source: Readable): Promise<StagedObject>;
  /** The stored bytes; rejects with `blobNotFound()` when there is no such object. */
  read(area: BlobArea, id: string): Promise<Readable>;
  exists(area: BlobArea, id: string): Promise<boolean>;
  /** Idempotent: removing what is not there succeeds. */
  remove(area: BlobArea, id: string): Promise<void>;
  /** For `casus doctor` and readiness: can we write, read and delete? Never throws. */
  check(): Promise<{ ok: boolean; detail: string }>;
}

// Ids become file names and object keys: a strict lower-case alphabet rules out traversal ("../"),
// separators, and two ids that one case-insensitive file system would take for the same name. UUIDs fit.
const BLOB_ID = /^[a-z0-9][a-z0-9_-]{7,127}$/;

export function assertBlobId(id: string): void {
  if (!BLOB_ID.test(id)) throw new Error('invalid blob id: use 8-128 lower-case letters, digits, "-" or "_" (e.g. a UUID)');
}

export function blobNotFound(): AppError {
  return AppError.notFound('The stored document does not exist.');
}

export function blobExists(): AppError {
  return AppError.conflict('A stored document with this id already exists.');
}

export function blobStoreFailed(cause: unknown): AppError {
  return new AppError({
    status: 503,
    code: 'blob-store-unavailable',
    title: 'Document storage is unavailable',
    detail: 'The document storage did not respond as expected. Try again later.',
    cause,
  });
}
