// Signed requests to an S3-compatible service, without an SDK: AWS Signature V4 by aws4fetch (what every
// S3-compatible store accepts), the requests themselves through node:http(s) with keep-alive, so a body
// streams with its length. The payload hash is signed (never UNSIGNED-PAYLOAD): the store rejects a byte
// changed in transit. Used by the blob store (s3.ts) and by the audit module's witness store.
import { createHash } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { AwsV4Signer } from 'aws4fetch';

export interface S3Location {
  /** `https://s3.eu-central-1.amazonaws.com`, `https://minio.internal:9000`, ... (a path prefix is kept). */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `https://host/bucket/key` (most S3-compatible stores) instead of `https://bucket.host/key`. */
  pathStyle: boolean;
}

export interface S3Request {
  headers?: Record<string, string>;
  /** Hex SHA-256 of the body; the empty body's when omitted. */
  payloadHash?: string;
  /** A fresh body stream per attempt. */
  body?: () => Readable;
}

export interface S3Sent {
  status: number;
  response: IncomingMessage;
}

const TIMEOUT_MS = 30_000;
const ATTEMPTS = 3;
const RETRY_STATUSES = new Set([500, 502, 503, 504]);
export const EMPTY_SHA256 = createHash('sha256').digest('hex');

/** The response body, up to `limit` bytes (a longer one is an error: we only read small objects and listings). */
export async function bodyOf(sent: S3Sent, limit = 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of sent.response) {
    length += (chunk as Buffer).length;
    if (length > limit) {
      sent.response.destroy();
      throw new Error(`S3 answered more than ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The store's error code (`<Code>SignatureDoesNotMatch</Code>`) without the rest of its body. */
export async function s3ErrorOf(method: string, sent: S3Sent): Promise<Error> {
  let body = '';
  for await (const chunk of sent.response) {
    if (body.length < 4096) body += (chunk as Buffer).toString('utf8');
  }
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(body)?.[1] ?? 'no error code';
  return new Error(`S3 ${method} answered ${sent.status} (${code})`);
}

export class S3Client {
  readonly #location: S3Location;
  readonly #credentials: Pick<S3Location, 'accessKeyId' | 'secretAccessKey' | 'region'>;
  readonly #agent: http.Agent;
  readonly #base: URL;
  readonly #failed: (cause: unknown) => Error;

  /** `failed` turns the last error of a request that kept failing into the caller's error. */
  constructor(location: S3Location, options: { failed: (cause: unknown) => Error }) {
    this.#location = location;
    this.#credentials = { accessKeyId: location.accessKeyId, secretAccessKey: location.secretAccessKey, region: location.region };
    this.#base = new URL(location.endpoint);
    this.#agent = this.#base.protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    this.#failed = options.failed;
  }

  get host(): string {
    return this.#base.host;
  }

  /** The object's URL, or the bucket's when `key` is empty; `query` for sub-resources and listings. */
  url(key: string, query?: Record<string, string>): URL {
    const prefix = this.#base.pathname.replace(/\/$/, '');
    const url = new URL(this.#base.href);
    const suffix = key === '' ? '' : `/${key}`;
    if (this.#location.pathStyle) {
      url.pathname = `${prefix}/${encodeURIComponent(this.#location.bucket)}${suffix}`;
    } else {
      url.hostname = `${this.#location.bucket}.${url.hostname}`;
      url.pathname = `${prefix}${suffix}` || '/';
    }
    for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
    return url;
  }

  /** The headers to send: the given ones, the payload hash, x-amz-date and the authorization, signed now. */
  async #signedHeaders(method: string, url: URL, options: S3Request): Promise<Record<string, string>> {
    const headers = { ...options.headers, 'x-amz-content-sha256': options.payloadHash ?? EMPTY_SHA256 };
    const signed = await new AwsV4Signer({ method, url: url.href, headers, service: 's3', ...this.#credentials }).sign();
    return { ...Object.fromEntries(signed.headers), host: url.host };
  }

  /** One signed request; the response body is left for the caller to read or discard. */
  async send(method: string, url: URL, options: S3Request = {}): Promise<S3Sent> {
    const headers = await this.#signedHeaders(method, url, options);
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<S3Sent>((resolve, reject) => {
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
  async sendWithRetry(method: string, url: URL, options: S3Request = {}): Promise<S3Sent> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      if (attempt > 1) await sleep(200 * 4 ** (attempt - 2));
      try {
        const sent = await this.send(method, url, options);
        if (!RETRY_STATUSES.has(sent.status) || attempt === ATTEMPTS) return sent;
        lastError = await s3ErrorOf(method, sent);
      } catch (error) {
        lastError = error;
      }
    }
    throw this.#failed(lastError);
  }

  close(): void {
    this.#agent.destroy();
  }
}
