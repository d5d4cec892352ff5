// AWS Signature Version 4 for the few S3 requests Casus makes (PUT, GET, HEAD, DELETE of one object).
// Written out rather than taken from @aws-sdk/client-s3: that SDK brings some hundred packages for four
// requests, while the algorithm is a page, is checked in the tests against the worked example in the
// S3 documentation, and is what every S3-compatible store (MinIO, Ceph RGW, Garage, ...) accepts.
import { createHash, createHmac } from 'node:crypto';

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service?: string;
}

export const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');

/** `YYYYMMDDTHHMMSSZ`. */
export function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** RFC 3986 unreserved characters stay, everything else is %XX (upper case), as SigV4 requires. */
export function uriEncode(value: string, keepSlash: boolean): string {
  return Array.from(Buffer.from(value, 'utf8'))
    .map((byte) => {
      const char = String.fromCharCode(byte);
      if (/[A-Za-z0-9\-._~]/.test(char) || (keepSlash && char === '/')) return char;
      return `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

export interface CanonicalParts {
  method: string;
  /** The request path as sent (percent-encoded or not); S3 signs each segment encoded once. */
  path: string;
  query: URLSearchParams;
  /** Header names in any case; only `signedHeaders` are used. */
  headers: Record<string, string>;
  signedHeaders: string[];
  payloadHash: string;
}

export function canonicalRequest(parts: CanonicalParts): string {
  const path = parts.path.split('/').map((segment) => uriEncode(decodeURIComponent(segment), false)).join('/') || '/';
  const query = [...parts.query.entries()]
    .map(([k, v]) => [uriEncode(k, false), uriEncode(v, false)] as const)
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : 1) : ak < bk ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const lower = new Map(Object.entries(parts.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const names = [...parts.signedHeaders].map((h) => h.toLowerCase()).sort();
  const headers = names.map((name) => `${name}:${(lower.get(name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  return [parts.method.toUpperCase(), path, query, headers, names.join(';'), parts.payloadHash].join('\n');
}

/** The hex signature of a canonical request at `date` (`YYYYMMDDTHHMMSSZ`). */
export function signatureOf(canonical: string, date: string, credentials: SigV4Credentials): string {
  const service = credentials.service ?? 's3';
  const day = date.slice(0, 8);
  const scope = `${day}/${credentials.region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, sha256Hex(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), credentials.region), service), 'aws4_request');
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

export interface RequestToSign {
  method: string;
  url: URL;
  /** Headers to send and sign besides host, x-amz-date and x-amz-content-sha256 (e.g. content-length). */
  headers?: Record<string, string>;
  payloadHash: string;
}

/** The headers to send: the given ones plus host, x-amz-date, x-amz-content-sha256 and authorization. */
export function signRequest(request: RequestToSign, credentials: SigV4Credentials, now = new Date()): Record<string, string> {
  const date = amzDate(now);
  const headers: Record<string, string> = {
    ...request.headers,
    host: request.url.host,
    'x-amz-date': date,
    'x-amz-content-sha256': request.payloadHash,
  };
  const signedHeaders = Object.keys(headers).map((h) => h.toLowerCase()).sort();
  const canonical = canonicalRequest({
    method: request.method,
    path: request.url.pathname,
    query: request.url.searchParams,
    headers,
    signedHeaders,
    payloadHash: request.payloadHash,
  });
  const signature = signatureOf(canonical, date, credentials);
  const scope = `${date.slice(0, 8)}/${credentials.region}/${credentials.service ?? 's3'}/aws4_request`;
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
  return headers;
}

export interface ParsedAuthorization {
  accessKeyId: string;
  day: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Reads an `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` header (for servers and tests). */
export function parseAuthorization(value: string | undefined): ParsedAuthorization | null {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/.exec(value ?? '');
  if (!match) return null;
  return { accessKeyId: match[1]!, day: match[2]!, region: match[3]!, service: match[4]!, signedHeaders: match[5]!.split(';'), signature: match[6]! };
}
