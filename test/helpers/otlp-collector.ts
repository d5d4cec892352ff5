// A stand-in OTLP/HTTP collector on 127.0.0.1 for tests: it checks that every request is an OTLP JSON
// export (ExportLogsServiceRequest on /v1/logs, ExportTraceServiceRequest on /v1/traces) field by field
// against opentelemetry-proto (logs/v1/logs.proto, trace/v1/trace.proto, common/v1/common.proto, in
// the JSON mapping of its docs/specification.md: lowerCamelCase keys, hex trace and span ids, enums as
// integers, 64-bit integers as decimal strings), keeps what it got, and answers as the test tells it.
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

const ANY_VALUE = new Set(['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue']);
const LOG_RECORD = new Set([
  'timeUnixNano',
  'observedTimeUnixNano',
  'severityNumber',
  'severityText',
  'body',
  'attributes',
  'droppedAttributesCount',
  'flags',
  'traceId',
  'spanId',
  'eventName',
]);
const SPAN = new Set([
  'traceId',
  'spanId',
  'traceState',
  'parentSpanId',
  'flags',
  'name',
  'kind',
  'startTimeUnixNano',
  'endTimeUnixNano',
  'attributes',
  'droppedAttributesCount',
  'events',
  'droppedEventsCount',
  'links',
  'droppedLinksCount',
  'status',
]);
const FIXED64 = /^\d+$/;

function keysWithin(value: object, allowed: Set<string>, where: string): void {
  for (const key of Object.keys(value)) assert.ok(allowed.has(key), `${where}: ${key} is no field of the message`);
}

function anyValue(value: unknown, where: string): void {
  assert.ok(value && typeof value === 'object', `${where}: AnyValue`);
  const keys = Object.keys(value);
  assert.equal(keys.length, 1, `${where}: one member of AnyValue's oneof`);
  assert.ok(ANY_VALUE.has(keys[0]!), `${where}: ${keys[0]} is no AnyValue member`);
  const v = value as Record<string, unknown>;
  if ('stringValue' in v) assert.equal(typeof v.stringValue, 'string');
  if ('boolValue' in v) assert.equal(typeof v.boolValue, 'boolean');
  if ('intValue' in v) assert.match(String(v.intValue), /^-?\d+$/, `${where}: int64 as decimal`);
  if ('arrayValue' in v) (v.arrayValue as { values: unknown[] }).values.forEach((item, i) => anyValue(item, `${where}[${i}]`));
}

export function attributesOf(list: unknown, where: string): Record<string, unknown> {
  assert.ok(Array.isArray(list), `${where}: attributes is a list of KeyValue`);
  const found: Record<string, unknown> = {};
  for (const kv of list as { key: string; value: Record<string, unknown> }[]) {
    keysWithin(kv, new Set(['key', 'value']), `${where} KeyValue`);
    assert.equal(typeof kv.key, 'string');
    anyValue(kv.value, `${where}.${kv.key}`);
    assert.ok(!(kv.key in found), `${where}: ${kv.key} twice`);
    found[kv.key] = Object.values(kv.value)[0];
  }
  return found;
}

function resourceAndScope(resource: unknown, scope: unknown, where: string): void {
  keysWithin(resource as object, new Set(['attributes', 'droppedAttributesCount', 'entityRefs']), `${where}.resource`);
  const attributes = attributesOf((resource as { attributes: unknown }).attributes, `${where}.resource`);
  assert.equal(attributes['service.name'], 'casus');
  keysWithin(scope as object, new Set(['name', 'version', 'attributes', 'droppedAttributesCount']), `${where}.scope`);
}

export function validateLogs(body: unknown): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  keysWithin(body as object, new Set(['resourceLogs']), 'ExportLogsServiceRequest');
  for (const rl of (
    body as { resourceLogs: { resource: unknown; scopeLogs: { scope: unknown; logRecords: Record<string, unknown>[] }[] }[] }
  ).resourceLogs) {
    keysWithin(rl, new Set(['resource', 'scopeLogs', 'schemaUrl']), 'ResourceLogs');
    for (const sl of rl.scopeLogs) {
      keysWithin(sl, new Set(['scope', 'logRecords', 'schemaUrl']), 'ScopeLogs');
      resourceAndScope(rl.resource, sl.scope, 'ResourceLogs');
      for (const record of sl.logRecords) {
        keysWithin(record, LOG_RECORD, 'LogRecord');
        assert.match(String(record.timeUnixNano), FIXED64);
        assert.match(String(record.observedTimeUnixNano), FIXED64);
        assert.ok(
          Number.isInteger(record.severityNumber) && (record.severityNumber as number) >= 1 && (record.severityNumber as number) <= 24,
        );
        if (record.traceId !== undefined) assert.match(record.traceId as string, /^[0-9a-fA-F]{32}$/);
        if (record.spanId !== undefined) assert.match(record.spanId as string, /^[0-9a-fA-F]{16}$/);
        anyValue(record.body, 'LogRecord.body');
        records.push({ ...record, attributes: attributesOf(record.attributes, 'LogRecord') });
      }
    }
  }
  return records;
}

export function validateTraces(body: unknown): Record<string, unknown>[] {
  const spans: Record<string, unknown>[] = [];
  keysWithin(body as object, new Set(['resourceSpans']), 'ExportTraceServiceRequest');
  for (const rs of (body as { resourceSpans: { resource: unknown; scopeSpans: { scope: unknown; spans: Record<string, unknown>[] }[] }[] })
    .resourceSpans) {
    keysWithin(rs, new Set(['resource', 'scopeSpans', 'schemaUrl']), 'ResourceSpans');
    for (const ss of rs.scopeSpans) {
      keysWithin(ss, new Set(['scope', 'spans', 'schemaUrl']), 'ScopeSpans');
      resourceAndScope(rs.resource, ss.scope, 'ResourceSpans');
      for (const span of ss.spans) {
        keysWithin(span, SPAN, 'Span');
        assert.match(String(span.traceId), /^[0-9a-fA-F]{32}$/);
        assert.match(String(span.spanId), /^[0-9a-fA-F]{16}$/);
        assert.equal(typeof span.name, 'string');
        assert.ok(Number.isInteger(span.kind) && (span.kind as number) >= 0 && (span.kind as number) <= 5, 'SpanKind as an integer');
        assert.match(String(span.startTimeUnixNano), FIXED64);
        assert.match(String(span.endTimeUnixNano), FIXED64);
        const status = span.status as Record<string, unknown>;
        keysWithin(status, new Set(['message', 'code']), 'Status');
        assert.ok([0, 1, 2].includes(status.code as number), 'StatusCode as an integer');
        spans.push({ ...span, attributes: attributesOf(span.attributes, 'Span') });
      }
    }
  }
  return spans;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer (the client's timeout must end it). */
  hang?: boolean;
}

export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
  /** The validated records (logs) or spans (traces). */
  items: Record<string, unknown>[];
}

export interface StandInCollector {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** How the next requests are answered (then 200 with an empty ExportServiceResponse). */
  answers: Answer[];
  close(): Promise<void>;
}

export async function standInCollector(
  options: { tls?: { cert: Buffer; key: Buffer; ca?: Buffer; requestCert?: boolean }; port?: number } = {},
): Promise<StandInCollector> {
  const requests: ReceivedRequest[] = [];
  const answers: Answer[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answer = answers.shift() ?? { status: 200, body: {} };
      try {
        assert.equal(req.method, 'POST');
        assert.equal(req.headers['content-type'], 'application/json');
        const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const items =
          req.url === '/v1/logs' ? validateLogs(body) : req.url === '/v1/traces' ? validateTraces(body) : assert.fail(`path ${req.url}`);
        // The collector keeps what it acknowledges (2xx), and what it answered with an error too: a collector
        // that stored a batch and then failed to answer is how duplicates come about.
        requests.push({ path: req.url!, headers: req.headers, body, items });
      } catch (error) {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ message: (error as Error).message }));
        return;
      }
      if (answer.hang) return;
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body ?? {}));
    });
  };
  const server = options.tls
    ? createHttpsServer(
        {
          cert: options.tls.cert,
          key: options.tls.key,
          ...(options.tls.ca ? { ca: options.tls.ca } : {}),
          requestCert: options.tls.requestCert ?? false,
          rejectUnauthorized: options.tls.requestCert ?? false,
        },
        handler,
      )
    : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
