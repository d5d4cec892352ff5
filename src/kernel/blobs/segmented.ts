// Streaming authenticated encryption of one blob (format version 1), after the STREAM construction
// (Hoang, Reyhanitabar, Rogaway, Vizár 2015). One AES-256-GCM over a whole file cannot be checked until
// its last byte, so a reader would release unverified plaintext; here every 64 KiB segment has its own
// tag and is only released after it verifies.
//
//   header  (20 bytes) = "CSB1" | version 0x01 | 3 zero bytes | segment size (u32 BE) | nonce prefix (8 random bytes)
//   segment i          = AES-256-GCM(key, nonce = prefix | i (u32 BE), aad = header | final flag | blob id)
//                        ciphertext (segment size bytes; the final one 0..segment size) | 16-byte tag
//
// - The final flag (0x01 on the last segment, 0x00 before) is authenticated, so cutting the file at a
//   segment boundary fails: the new last segment was sealed as "not final". Exactly one segment is final;
//   an empty blob is one empty final segment.
// - The counter in the nonce fixes each segment's position: swapping or repeating segments fails.
// - The header is in every segment's AAD, so its segment size and version cannot be altered.
// - The blob id is in the AAD: a file moved under another id (with that id's wrapped key) does not open.
// - The key is a fresh data key per blob; the random prefix keeps nonces unique even if one were reused.
// A reader that hits a failure destroys its stream with `blob-integrity` before releasing that segment;
// segments before it were authentic, but the consumer must treat the stream as failed (an HTTP download
// is cut off, never completed).
// Why a format of our own rather than a library's (libsodium secretstream, age, OpenPGP): docs/adr/0022.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../errors.ts';

export const FORMAT_VERSION = 1;
export const SEGMENT_SIZE = 64 * 1024;
const MAGIC = Buffer.from('CSB1', 'latin1');
const HEADER_BYTES = 20;
const TAG_BYTES = 16;
/** A header that asks for more is refused before any allocation (it is not authenticated until segment 0). */
const MAX_SEGMENT_SIZE = 4 * 1024 * 1024;

export function blobIntegrityFailed(reason: string): AppError {
  return new AppError({
    status: 500,
    code: 'blob-integrity',
    title: 'Stored document is damaged',
    detail: 'The stored document failed its integrity check and cannot be returned.',
    cause: new Error(reason),
  });
}

/** Encrypted size of a plaintext of `size` bytes: header, one tag per segment, at least one segment. */
export function encryptedSize(size: number, segmentSize = SEGMENT_SIZE): number {
  return HEADER_BYTES + size + Math.max(1, Math.ceil(size / segmentSize)) * TAG_BYTES;
}

function nonceFor(prefix: Buffer, counter: number): Buffer {
  if (counter > 0xffffffff) throw new Error('blob too large for one nonce space');
  const nonce = Buffer.alloc(12);
  prefix.copy(nonce, 0);
  nonce.writeUInt32BE(counter, 8);
  return nonce;
}

function aadFor(header: Buffer, final: boolean, id: string): Buffer {
  return Buffer.concat([header, Buffer.from([final ? 1 : 0]), Buffer.from(id, 'utf8')]);
}

/** Plaintext in, format-1 ciphertext out. Holds at most one segment plus one incoming chunk. */
export class SegmentEncryptor extends Transform {
  readonly #key: Buffer;
  readonly #id: string;
  readonly #segmentSize: number;
  readonly #header: Buffer;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #counter = 0;

  constructor(key: Buffer, id: string, segmentSize = SEGMENT_SIZE) {
    super();
    if (key.length !== 32) throw new Error('a blob data key is 32 bytes (AES-256)');
    this.#key = key;
    this.#id = id;
    this.#segmentSize = segmentSize;
    this.#header = Buffer.alloc(HEADER_BYTES);
    MAGIC.copy(this.#header, 0);
    this.#header[4] = FORMAT_VERSION;
    this.#header.writeUInt32BE(segmentSize, 8);
    randomBytes(8).copy(this.#header, 12);
    this.push(this.#header);
  }

  #seal(plaintext: Buffer, final: boolean): Buffer {
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonceFor(this.#header.subarray(12, 20), this.#counter++));
    cipher.setAAD(aadFor(this.#header, final, this.#id));
    return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    try {
      // Strictly more than one segment: the last full segment may turn out to be the final one.
      if (this.#pendingBytes > this.#segmentSize) {
        let buffer = Buffer.concat(this.#pending);
        while (buffer.length > this.#segmentSize) {
          this.push(this.#seal(buffer.subarray(0, this.#segmentSize), false));
          buffer = buffer.subarray(this.#segmentSize);
        }
        this.#pending = [Buffer.from(buffer)];
        this.#pendingBytes = buffer.length;
      }
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      callback(null, this.#seal(Buffer.concat(this.#pending), true));
    } catch (error) {
      callback(error as Error);
    }
  }
}

/** Format-1 ciphertext in, verified plaintext out; any damage destroys the stream with `blob-integrity`. */
export class SegmentDecryptor extends Transform {
  readonly #key: Buffer;
  readonly #id: string;
  #header: Buffer | null = null;
  #segmentSize = 0;
  #buffer: Buffer = Buffer.alloc(0);
  #counter = 0;

  constructor(key: Buffer, id: string) {
    super();
    this.#key = key;
    this.#id = id;
  }

  #open(sealed: Buffer, final: boolean): Buffer {
    const header = this.#header!;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, nonceFor(header.subarray(12, 20), this.#counter++));
      decipher.setAAD(aadFor(header, final, this.#id));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      // update() returns plaintext before the tag is checked: release nothing until final() passed.
      const plaintext = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
      return plaintext;
    } catch (error) {
      throw blobIntegrityFailed(`segment ${this.#counter - 1}${final ? ' (final)' : ''} did not authenticate: ${(error as Error).message}`);
    }
  }

  #readHeader(): void {
    const header = this.#buffer.subarray(0, HEADER_BYTES);
    if (!header.subarray(0, 4).equals(MAGIC)) throw blobIntegrityFailed('not a Casus blob (magic)');
    if (header[4] !== FORMAT_VERSION) throw blobIntegrityFailed(`unknown blob format version ${header[4]}`);
    const segmentSize = header.readUInt32BE(8);
    if (segmentSize < 1024 || segmentSize > MAX_SEGMENT_SIZE) throw blobIntegrityFailed(`implausible segment size ${segmentSize}`);
    this.#header = Buffer.from(header);
    this.#segmentSize = segmentSize;
    this.#buffer = this.#buffer.subarray(HEADER_BYTES);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      if (!this.#header) {
        if (this.#buffer.length < HEADER_BYTES) return callback();
        this.#readHeader();
      }
      const sealedSize = this.#segmentSize + TAG_BYTES;
      // A full segment followed by more bytes cannot be the final one.
      while (this.#buffer.length > sealedSize) {
        this.push(this.#open(this.#buffer.subarray(0, sealedSize), false));
        this.#buffer = this.#buffer.subarray(sealedSize);
      }
      this.#buffer = Buffer.from(this.#buffer);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (!this.#header) throw blobIntegrityFailed('truncated before the end of the header');
      if (this.#buffer.length < TAG_BYTES) throw blobIntegrityFailed('truncated: no final segment');
      callback(null, this.#open(this.#buffer, true));
    } catch (error) {
      callback(error as Error);
    }
  }
}
