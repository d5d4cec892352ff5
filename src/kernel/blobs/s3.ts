// Blobs as objects in an S3-compatible bucket (production with several instances):
//   <bucket>/objects/<id>   accepted blobs          <bucket>/quarantine/<id>   flagged by the virus scanner
// S3 needs the length of a PutObject up front, and we learn it (and the virus verdict that decides the
// key) only at the end of an upload, so stage() spools the ciphertext to a local temporary file
// (0600, never plaintext) and commit() sends it in one signed PUT. The payload hash is signed too
// (not UNSIGNED-PAYLOAD), so the store rejects any byte changed in transit. `If-None-Match: *` makes
// the PUT refuse to replace an existing object where the store supports it (S3, MinIO).
// aws4fetch signs (AWS Signature V4, what every S3-compatible store accepts); the requests themselves
// go through node:http, which streams the spooled file with its length and keeps connections alive.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { AwsV4Signer } from 'aws4fetch';
import { assertBlobId, blobExists, blobNotFound, blobStoreFailed, type BlobArea, type BlobBackend, type StagedObject } from './backend.ts';

export interface S3Settings {
  /** `https://s3.eu-central-1.amazonaws.com`, `https://minio.internal:9000`, ... (a path prefix is kept). */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `https://host/bucket/key` (most S3-compatible stores) instead of `https://bucket.host/key`. */
  pathStyle: boolean;
}

const TIMEOUT_MS = 30_000;
const ATTEMPTS = 3;
const RETRY_STATUSES = new Set([500, 502, 503, 504]);
const EMPTY_SHA256 = createHash('sha256').digest('hex');

interface SendOptions {
  headers?: Record<string, string>;
  payloadHash?: string;
  /** A fresh body stream per attempt. */
  body?: () => Readable;
}

interface Sent {
  status: number;
  response: IncomingMessage;
}

/** The store's error code (`<Code>SignatureDoesNotMatch</Code>`) without the rest of its body. */
async function errorOf(method: string, sent: Sent): Promise<Error> {
  let body = '';
  for await (const chunk of sent.response) {
    if (body.length < 4096) body += (chunk as Buffer).toString('utf8');
  }
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(body)?.[1] ?? 'no error code';
  return new Error(`S3 ${method} answered ${sent.status} (${code})`);
}

export class S3Backend implements BlobBackend {
  readonly kind = 's3' as const;
  readonly #settings: S3Settings;
  readonly #credentials: Pick<S3Settings, 'accessKeyId' | 'secretAccessKey' | 'region'>;
  readonly #spool: string;
  readonly #agent: http.Agent;
  readonly #base: URL;

  constructor(settings: S3Settings, spoolDirectory: string) {
    this.#settings = settings;
    this.#credentials = { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey, region: settings.region };
    this.#spool = path.resolve(spoolDirectory);
    this.#base = new URL(settings.endpoint);
    this.#agent = this.#base.protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  }

  /** The object's URL, or the bucket's when `key` is empty. */
  #url(key: string): URL {
    const prefix = this.#base.pathname.replace(/\/$/, '');
    const url = new URL(this.#base.href);
    const suffix = key === '' ? '' : `/${key}`;
    if (this.#settings.pathStyle) {
      url.pathname = `${prefix}/${encodeURIComponent(this.#settings.bucket)}${suffix}`;
    } else {
      url.hostname = `${this.#settings.bucket}.${url.hostname}`;
      url.pathname = `${prefix}${suffix}` || '/';
    }
    return url;
  }

  #objectUrl(area: BlobArea, id: string): URL {
    assertBlobId(id);
    return this.#url(`${area}/${id}`);
  }

  /** The headers to send: the given ones, the payload hash, x-amz-date and the authorization, signed now. */
  async #signedHeaders(method: string, url: URL, options: SendOptions): Promise<Record<string, string>> {
    const headers = { ...options.headers, 'x-amz-content-sha256': options.payloadHash ?? EMPTY_SHA256 };
    const signed = await new AwsV4Signer({ method, url: url.href, headers, service: 's3', ...this.#credentials }).sign();
    return { ...Object.fromEntries(signed.headers), host: url.host };
  }

  /** One signed request; the response body is left for the caller to read or discard. */
  async #send(method: string, url: URL, options: SendOptions = {}): Promise<Sent> {
    const headers = await this.#signedHeaders(method, url, options);
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<Sent>((resolve, reject) => {
      const request = client.request(url, { method, headers, agent: this.#agent, timeout: TIMEOUT_MS }, (response) => {
        resolve({ status: response.statusCode ?? 0, response });
      });
      request.on('timeout', () => request.destroy(new Error(`S3 ${method} timed out after ${TIMEOUT_MS} ms`)));
      request.on('error', reject);
      if (options.body) {
        const body = options.body();
        body.on('error', (error) => request.destroy(error));
        body.pipe(request);
      } else {
        request.end();
      }
    });
  }

  /** Retries network failures and 5xx a bounded number of times; the body factory gives a fresh stream each try. */
  async #sendWithRetry(method: string, url: URL, options: SendOptions = {}): Promise<Sent> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      if (attempt > 1) await sleep(200 * 4 ** (attempt - 2));
      try {
        const sent = await this.#send(method, url, options);
        if (!RETRY_STATUSES.has(sent.status) || attempt === ATTEMPTS) return sent;
        lastError = await errorOf(method, sent);
      } catch (error) {
        lastError = error;
      }
    }
    throw blobStoreFailed(lastError);
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
        const sent = await this.#sendWithRetry('PUT', this.#objectUrl(area, id), {
          headers,
          payloadHash,
          body: () => createReadStream(file),
        });
        if (sent.status === 412) {
          sent.response.resume();
          throw blobExists();
        }
        if (sent.status !== 200) throw blobStoreFailed(await errorOf('PUT', sent));
        sent.response.resume();
        await rm(file, { force: true });
      },
      discard: () => rm(file, { force: true }),
    };
  }

  async read(area: BlobArea, id: string): Promise<Readable> {
    const sent = await this.#sendWithRetry('GET', this.#objectUrl(area, id));
    if (sent.status === 200) return sent.response;
    if (sent.status === 404) {
      sent.response.resume();
      throw blobNotFound();
    }
    throw blobStoreFailed(await errorOf('GET', sent));
  }

  async exists(area: BlobArea, id: string): Promise<boolean> {
    const sent = await this.#sendWithRetry('HEAD', this.#objectUrl(area, id));
    sent.response.resume();
    if (sent.status === 200) return true;
    if (sent.status === 404) return false;
    throw blobStoreFailed(new Error(`S3 HEAD answered ${sent.status}`));
  }

  async remove(area: BlobArea, id: string): Promise<void> {
    const sent = await this.#sendWithRetry('DELETE', this.#objectUrl(area, id));
    if (sent.status === 204 || sent.status === 200 || sent.status === 404) {
      sent.response.resume();
      return;
    }
    throw blobStoreFailed(await errorOf('DELETE', sent));
  }

  async check(): Promise<{ ok: boolean; detail: string }> {
    const where = `bucket ${this.#settings.bucket} at ${this.#base.host}`;
    try {
      const sent = await this.#send('HEAD', this.#url(''));
      sent.response.resume();
      return sent.status === 200
        ? { ok: true, detail: `${where} is reachable` }
        : { ok: false, detail: `${where} answered ${sent.status}` };
    } catch (error) {
      return { ok: false, detail: `${where} is unreachable: ${(error as Error).message}` };
    }
  }

  close(): void {
    this.#agent.destroy();
  }
}
