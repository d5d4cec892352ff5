// Blobs as objects in an S3-compatible bucket (production with several instances):
//   <bucket>/objects/<id>   accepted blobs          <bucket>/quarantine/<id>   flagged by the virus scanner
// S3 needs the length of a PutObject up front, and we learn it (and the virus verdict that decides the
// key) only at the end of an upload, so stage() spools the ciphertext to a local temporary file
// (0600, never plaintext) and commit() sends it in one signed PUT. The payload hash is signed too
// (not UNSIGNED-PAYLOAD), so the store rejects any byte changed in transit. `If-None-Match: *` makes
// the PUT refuse to replace an existing object where the store supports it (S3, MinIO).
// The requests are signed and sent by s3-client.ts (AWS Signature V4 by aws4fetch, node:http).
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertBlobId, blobExists, blobNotFound, blobStoreFailed, type BlobArea, type BlobBackend, type StagedObject } from './backend.ts';
import { S3Client, s3ErrorOf, type S3Location } from './s3-client.ts';

export type S3Settings = S3Location;

export class S3Backend implements BlobBackend {
  readonly kind = 's3' as const;
  readonly #settings: S3Settings;
  readonly #spool: string;
  readonly #client: S3Client;

  constructor(settings: S3Settings, spoolDirectory: string) {
    this.#settings = settings;
    this.#spool = path.resolve(spoolDirectory);
    this.#client = new S3Client(settings, { failed: blobStoreFailed });
  }

  #objectUrl(area: BlobArea, id: string): URL {
    assertBlobId(id);
    return this.#client.url(`${area}/${id}`);
  }

  async stage(source: Readable): Promise<StagedObject> {
    await mkdir(this.#spool, { recursive: true, mode: 0o700 });
    const file = path.join(this.#spool, `${randomUUID()}.s3.part`);
    const hash = createHash('sha256');
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(source, hashing, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
    const { size } = await stat(file);
    const payloadHash = hash.digest('hex');
    return {
      size,
      commit: async (area, id) => {
        const headers = { 'content-length': String(size), 'content-type': 'application/octet-stream', 'if-none-match': '*' };
        const sent = await this.#client.sendWithRetry('PUT', this.#objectUrl(area, id), {
          headers,
          payloadHash,
          body: () => createReadStream(file),
        });
        if (sent.status === 412) {
          sent.response.resume();
          throw blobExists();
        }
        if (sent.status !== 200) throw blobStoreFailed(await s3ErrorOf('PUT', sent));
        sent.response.resume();
        await rm(file, { force: true });
      },
      discard: () => rm(file, { force: true }),
    };
  }

  async read(area: BlobArea, id: string): Promise<Readable> {
    const sent = await this.#client.sendWithRetry('GET', this.#objectUrl(area, id));
    if (sent.status === 200) return sent.response;
    if (sent.status === 404) {
      sent.response.resume();
      throw blobNotFound();
    }
    throw blobStoreFailed(await s3ErrorOf('GET', sent));
  }

  async exists(area: BlobArea, id: string): Promise<boolean> {
    const sent = await this.#client.sendWithRetry('HEAD', this.#objectUrl(area, id));
    sent.response.resume();
    if (sent.status === 200) return true;
    if (sent.status === 404) return false;
    throw blobStoreFailed(new Error(`S3 HEAD answered ${sent.status}`));
  }

  async remove(area: BlobArea, id: string): Promise<void> {
    const sent = await this.#client.sendWithRetry('DELETE', this.#objectUrl(area, id));
    if (sent.status === 204 || sent.status === 200 || sent.status === 404) {
      sent.response.resume();
      return;
    }
    throw blobStoreFailed(await s3ErrorOf('DELETE', sent));
  }

  async check(): Promise<{ ok: boolean; detail: string }> {
    const where = `bucket ${this.#settings.bucket} at ${this.#client.host}`;
    try {
      const sent = await this.#client.send('HEAD', this.#client.url(''));
      sent.response.resume();
      return sent.status === 200
        ? { ok: true, detail: `${where} is reachable` }
        : { ok: false, detail: `${where} answered ${sent.status}` };
    } catch (error) {
      return { ok: false, detail: `${where} is unreachable: ${(error as Error).message}` };
    }
  }

  close(): void {
    this.#client.close();
  }
}
