// A fake S3 bucket with versioning and Object Lock in compliance mode, on 127.0.0.1, for the audit witness
// store's tests: every request's SigV4 signature is checked (blob-peers.ts), a PUT must carry the lock
// (COMPLIANCE, a retain-until date in the future) and a matching Content-MD5; `If-None-Match: *` refuses an
// existing key; a PUT without it adds a version; DELETE without a version id adds a delete marker; a locked
// version cannot be deleted. ListObjectVersions (?versions, prefix, key-marker, max-keys) lists versions newest
// first per key, as S3 does. `tamper` plays someone holding the bucket's credentials.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signatureProblem } from './blob-peers.ts';

interface Version {
  versionId: string;
  body: Buffer | null;
  retainUntil: number;
}

export interface FakeWitnessS3 {
  endpoint: string;
  bucket: string;
  keys: Map<string, Version[]>;
  requests: { method: string; path: string; status: number }[];
  /** What someone with the credentials could do: overwrite (a new version) or hide (a delete marker). */
  tamper(key: string, action: { overwrite: string } | 'hide'): void;
  close(): Promise<void>;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function error(response: http.ServerResponse, status: number, code: string): void {
  response.writeHead(status, { 'content-type': 'application/xml' });
  response.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code></Error>`);
}

export async function startFakeWitnessS3(bucket = 'casus-witness'): Promise<FakeWitnessS3> {
  const keys = new Map<string, Version[]>();
  let serial = 0;
  const add = (key: string, version: Omit<Version, 'versionId'>) => {
    const list = keys.get(key) ?? [];
    list.push({ ...version, versionId: `v${++serial}` });
    keys.set(key, list);
  };
  const fake: FakeWitnessS3 = {
    endpoint: '',
    bucket,
    keys,
    requests: [],
    tamper(key, action) {
      add(key, action === 'hide' ? { body: null, retainUntil: 0 } : { body: Buffer.from(action.overwrite), retainUntil: 0 });
    },
    close: async () => undefined,
  };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const answer = (status: number) => fake.requests.push({ method: request.method ?? '', path: url.pathname, status });
        if (await signatureProblem(request, url)) return (answer(403), error(response, 403, 'SignatureDoesNotMatch'));
        const [, bucketName, ...rest] = url.pathname.split('/');
        if (bucketName !== bucket) return (answer(404), error(response, 404, 'NoSuchBucket'));
        const key = rest.map(decodeURIComponent).join('/');
        const body = Buffer.concat(chunks);
        if (request.method === 'GET' && key === '' && url.searchParams.has('versions')) {
          const prefix = url.searchParams.get('prefix') ?? '';
          const marker = url.searchParams.get('key-marker') ?? '';
          const max = Number(url.searchParams.get('max-keys') ?? 1000);
          const names = [...keys.keys()].filter((k) => k.startsWith(prefix) && k > marker).sort();
          const page = names.slice(0, max);
          const entries = page.flatMap((k) =>
            [...keys.get(k)!].reverse().map((v) => {
              const tag = v.body === null ? 'DeleteMarker' : 'Version';
              return `<${tag}><Key>${escape(k)}</Key><VersionId>${v.versionId}</VersionId></${tag}>`;
            }),
          );
          const truncated = names.length > page.length;
          answer(200);
          response.writeHead(200, { 'content-type': 'application/xml' });
          return response.end(
            `<?xml version="1.0" encoding="UTF-8"?><ListVersionsResult><IsTruncated>${truncated}</IsTruncated>` +
              (truncated ? `<NextKeyMarker>${escape(page.at(-1)!)}</NextKeyMarker>` : '') +
              `${entries.join('')}</ListVersionsResult>`,
          );
        }
        const versions = keys.get(key) ?? [];
        switch (request.method) {
          case 'PUT': {
            if (createHash('sha256').update(body).digest('hex') !== request.headers['x-amz-content-sha256'])
              return (answer(400), error(response, 400, 'XAmzContentSHA256Mismatch'));
            if (request.headers['content-md5'] !== createHash('md5').update(body).digest('base64'))
              return (answer(400), error(response, 400, 'InvalidDigest'));
            const until = Date.parse(String(request.headers['x-amz-object-lock-retain-until-date'] ?? ''));
            if (request.headers['x-amz-object-lock-mode'] !== 'COMPLIANCE' || !(until > Date.now()))
              return (answer(400), error(response, 400, 'InvalidRequest'));
            if (request.headers['if-none-match'] === '*' && versions.some((v) => v.body !== null))
              return (answer(412), error(response, 412, 'PreconditionFailed'));
            add(key, { body, retainUntil: until });
            answer(200);
            response.writeHead(200);
            return response.end();
          }
          case 'GET': {
            const id = url.searchParams.get('versionId');
            const version = id ? versions.find((v) => v.versionId === id) : versions.at(-1);
            if (!version?.body) return (answer(404), error(response, 404, 'NoSuchKey'));
            answer(200);
            response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
            return response.end(version.body);
          }
          case 'DELETE': {
            const id = url.searchParams.get('versionId');
            if (!id) {
              add(key, { body: null, retainUntil: 0 });
              answer(204);
              response.writeHead(204);
              return response.end();
            }
            const version = versions.find((v) => v.versionId === id);
            if (version && version.retainUntil > Date.now()) return (answer(403), error(response, 403, 'AccessDenied'));
            keys.set(
              key,
              versions.filter((v) => v.versionId !== id),
            );
            answer(204);
            response.writeHead(204);
            return response.end();
          }
          default:
            return (answer(405), error(response, 405, 'MethodNotAllowed'));
        }
      })();
    });
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
