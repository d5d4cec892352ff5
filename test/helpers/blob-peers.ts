// Test peers for the blob store, on 127.0.0.1: a fake S3 that verifies every request's SigV4 signature
// (and the signed payload hash) with the shared secret and keeps objects in memory, and a fake clamd
// that speaks INSTREAM and flags the EICAR test string. The fake recomputes each signature with
// aws4fetch over exactly the headers the request says it signed (the way S3 does it), so it holds
// the client to SigV4 as such; blobs.test.ts checks that this computation matches AWS's own example.
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { AwsV4Signer } from 'aws4fetch';

export interface FakeS3 {
  endpoint: string;
  bucket: string;
  objects: Map<string, Buffer>;
  requests: { method: string; path: string; status: number }[];
  /** Answer the next N requests with 503 (the client must retry). */
  failNext: number;
  close(): Promise<void>;
}

export const S3_CREDENTIALS = { accessKeyId: 'CASUSTESTKEY', secretAccessKey: 'test-secret-access-key-0123456789', region: 'eu-west-1' };

function s3Error(response: http.ServerResponse, status: number, code: string): void {
  response.writeHead(status, { 'content-type': 'application/xml' });
  response.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
}

interface ParsedAuthorization {
  accessKeyId: string;
  day: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Reads an `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` header. */
function parseAuthorization(value: string | undefined): ParsedAuthorization | null {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/.exec(
      value ?? '',
    );
  if (!match) return null;
  return {
    accessKeyId: match[1]!,
    day: match[2]!,
    region: match[3]!,
    service: match[4]!,
    signedHeaders: match[5]!.split(';'),
    signature: match[6]!,
  };
}

/**
 * The SigV4 signature of a request as a server computes it: over the headers the request names as signed
 * (all of them, even those a client library would leave out), at the request's own x-amz-date.
 */
export function serverSideSignature(
  request: { method: string; url: string; headers: Record<string, string>; signedHeaders: string[] },
  date: string,
  credentials: typeof S3_CREDENTIALS,
): Promise<string> {
  const signedHeaders = request.signedHeaders
    .filter((name) => name !== 'host')
    .map((name) => [name, request.headers[name] ?? ''] as [string, string]);
  return new AwsV4Signer({
    method: request.method,
    url: request.url,
    headers: signedHeaders,
    datetime: date,
    allHeaders: true,
    service: 's3',
    ...credentials,
  }).signature();
}

/** Why the request's signature is not valid, or null when it is. */
export async function signatureProblem(request: http.IncomingMessage, url: URL): Promise<string | null> {
  const auth = parseAuthorization(request.headers.authorization);
  if (!auth) return 'missing or malformed Authorization';
  if (auth.accessKeyId !== S3_CREDENTIALS.accessKeyId) return 'unknown access key';
  if (auth.region !== S3_CREDENTIALS.region || auth.service !== 's3') return 'wrong scope';
  for (const required of ['host', 'x-amz-date', 'x-amz-content-sha256'])
    if (!auth.signedHeaders.includes(required)) return `${required} not signed`;
  const date = String(request.headers['x-amz-date'] ?? '');
  const at = Date.parse(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  if (!Number.isFinite(at) || Math.abs(Date.now() - at) > 15 * 60 * 1000 || !date.startsWith(auth.day)) return 'stale or inconsistent date';
  const headers = Object.fromEntries(auth.signedHeaders.map((h) => [h, String(request.headers[h] ?? '')]));
  const signed = {
    method: request.method ?? '',
    url: `http://${request.headers.host ?? ''}${url.pathname}${url.search}`,
    headers,
    signedHeaders: auth.signedHeaders,
  };
  const expected = Buffer.from(await serverSideSignature(signed, date, S3_CREDENTIALS), 'hex');
  return timingSafeEqual(expected, Buffer.from(auth.signature, 'hex')) ? null : 'signature does not match';
}

export async function startFakeS3(bucket = 'casus-documents'): Promise<FakeS3> {
  const objects = new Map<string, Buffer>();
  const fake: FakeS3 = { endpoint: '', bucket, objects, requests: [], failNext: 0, close: async () => undefined };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const record = (status: number) => fake.requests.push({ method: request.method ?? '', path: url.pathname, status });
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    const answer = async () => {
      if (fake.failNext > 0) {
        fake.failNext -= 1;
        record(503);
        return s3Error(response, 503, 'SlowDown');
      }
      const problem = await signatureProblem(request, url);
      if (problem) {
        record(403);
        return s3Error(response, 403, 'SignatureDoesNotMatch');
      }
      const [, bucketName, ...rest] = url.pathname.split('/');
      if (bucketName !== bucket) {
        record(404);
        return s3Error(response, 404, 'NoSuchBucket');
      }
      const key = rest.join('/');
      const body = Buffer.concat(chunks);
      if (request.method === 'HEAD' && key === '') {
        record(200);
        return response.end();
      }
      switch (request.method) {
        case 'PUT': {
          const hash = createHash('sha256').update(body).digest('hex');
          if (hash !== request.headers['x-amz-content-sha256'] || Number(request.headers['content-length']) !== body.length) {
            record(400);
            return s3Error(response, 400, 'XAmzContentSHA256Mismatch');
          }
          if (request.headers['if-none-match'] === '*' && objects.has(key)) {
            record(412);
            return s3Error(response, 412, 'PreconditionFailed');
          }
          objects.set(key, body);
          record(200);
          response.writeHead(200, { etag: `"${hash.slice(0, 32)}"` });
          return response.end();
        }
        case 'GET':
        case 'HEAD': {
          const object = objects.get(key);
          if (!object) {
            record(404);
            return request.method === 'HEAD' ? (response.writeHead(404), response.end()) : s3Error(response, 404, 'NoSuchKey');
          }
          record(200);
          response.writeHead(200, { 'content-length': object.length, 'content-type': 'application/octet-stream' });
          return response.end(request.method === 'GET' ? object : undefined);
        }
        case 'DELETE':
          objects.delete(key);
          record(204);
          response.writeHead(204);
          return response.end();
        default:
          record(405);
          return s3Error(response, 405, 'MethodNotAllowed');
      }
    };
    request.on('end', () => void answer());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

/** EICAR, assembled at run time so no virus scanner quarantines this source file. */
export const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-', 'TEST-FILE!$H+H*'].join('');

export interface FakeClamd {
  url: string;
  scans: number;
  close(): Promise<void>;
}

/**
 * mode `scan`: INSTREAM as clamd does it; `hang`: accept and never answer; `limit`: refuse streams over
 * `limit` bytes as clamd does with StreamMaxLength.
 */
export async function startFakeClamd(options: { mode?: 'scan' | 'hang'; limit?: number } = {}): Promise<FakeClamd> {
  const needle = Buffer.from(EICAR);
  const sockets = new Set<net.Socket>();
  const fake: FakeClamd = { url: '', scans: 0, close: async () => undefined };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (options.mode === 'hang') return;
    let buffer = Buffer.alloc(0);
    let command: string | null = null;
    let tail = Buffer.alloc(0);
    let total = 0;
    let found = false;
    socket.on('data', (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      if (command === null) {
        const end = buffer.indexOf(0);
        if (end < 0) return;
        command = buffer.subarray(0, end).toString();
        buffer = buffer.subarray(end + 1);
        if (command !== 'zINSTREAM') return socket.end('UNKNOWN COMMAND\0');
      }
      while (buffer.length >= 4) {
        const length = buffer.readUInt32BE(0);
        if (length === 0) {
          fake.scans += 1;
          return socket.end(found ? 'stream: Eicar-Test-Signature FOUND\0' : 'stream: OK\0');
        }
        if (buffer.length < 4 + length) return;
        const chunk = buffer.subarray(4, 4 + length);
        buffer = buffer.subarray(4 + length);
        total += length;
        if (options.limit !== undefined && total > options.limit) return socket.end('INSTREAM size limit exceeded. ERROR\0');
        const window = Buffer.concat([tail, chunk]);
        if (window.includes(needle)) found = true;
        tail = window.subarray(Math.max(0, window.length - needle.length));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return fake;
}
