// Request ids and W3C Trace Context. An incoming `traceparent` keeps its trace id, so our log lines,
// problem details and audit events join the caller's trace; this server's span gets a fresh id and
// is returned in `traceparent` on the response. An incoming `X-Request-Id` (from a proxy or client) is
// kept only when well-formed (8-128 of [A-Za-z0-9._:-]), so it can be neither log injection nor huge.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface TraceContext {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  flags: string;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function parseTraceparent(header: string | string[] | undefined): TraceContext | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? TRACEPARENT.exec(value.trim().toLowerCase()) : null;
  if (!match) return null;
  const [, traceId, parentSpanId, flags] = match as unknown as [string, string, string, string];
  if (/^0+$/.test(traceId) || /^0+$/.test(parentSpanId)) return null;
  return { traceId, parentSpanId, spanId: randomBytes(8).toString('hex'), flags };
}

export function traceFor(req: IncomingMessage): TraceContext {
  return (
    parseTraceparent(req.headers.traceparent) ?? {
      traceId: randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
      parentSpanId: null,
      flags: '01',
    }
  );
}

export function formatTraceparent(trace: TraceContext): string {
  return `00-${trace.traceId}-${trace.spanId}-${trace.flags}`;
}

export function requestIdFor(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value && REQUEST_ID.test(value) ? value : randomUUID();
}

const TRACE = Symbol('casus.trace');
type TracedMessage = IncomingMessage & { [TRACE]?: TraceContext };

/** The trace of a raw request, computed once (the logger factory and the hooks both need it). */
export function traceOf(req: IncomingMessage): TraceContext {
  const traced = req as TracedMessage;
  traced[TRACE] ??= traceFor(req);
  return traced[TRACE];
}
