// OTLP's JSON encoding (opentelemetry-proto, docs/specification.md "JSON Protobuf Encoding"): the
// proto3 JSON mapping with lowerCamelCase keys, trace and span ids as hex, enums as integers, 64-bit
// integers (times in nanoseconds) as decimal strings. Written by hand rather than with
// @opentelemetry/otlp-transformer: that package brings the SDK's logs, traces and metrics packages and
// wants the SDK's own record objects; these two request shapes are small and fixed by the proto.
//
//   audit and security events -> ExportLogsServiceRequest (POST /v1/logs), one LogRecord each;
//   the processing log        -> ExportTraceServiceRequest (POST /v1/traces), one Span per entry, as
//                                the Logboek Dataverwerkingen standard does (trace_id, operation_id =
//                                span id, name, start/end, status, dpl.core.* attributes).
import type { ProcessingLogEntry } from './processing-log.ts';
import type { ShippedEvent } from './shipped-event.ts';
import { summaryOf } from './shipped-event.ts';

export type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } };
export interface KeyValue {
  key: string;
  value: AnyValue;
}
export interface Resource {
  attributes: KeyValue[];
}
export interface InstrumentationScope {
  name: string;
  version: string;
}
export interface LogRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: AnyValue;
  attributes: KeyValue[];
  eventName: string;
  traceId?: string;
}
export interface ExportLogsServiceRequest {
  resourceLogs: { resource: Resource; scopeLogs: { scope: InstrumentationScope; logRecords: LogRecord[] }[] }[];
}
export interface Span {
  traceId: string;
  spanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: KeyValue[];
  status: { code: number; message?: string };
}
export interface ExportTraceServiceRequest {
  resourceSpans: { resource: Resource; scopeSpans: { scope: InstrumentationScope; spans: Span[] }[] }[];
}

/** What the records come from (OpenTelemetry resource semantic conventions). */
export interface ResourceInfo {
  serviceVersion: string;
  environment: string;
  hostName: string;
}

const SCOPE_VERSION = '1';
/** SeverityNumber by RFC 5424 severity: error 17 (ERROR), warning 13 (WARN), notice 10 (INFO2), informational 9 (INFO). */
const SEVERITY = { 3: [17, 'ERROR'], 4: [13, 'WARN'], 5: [10, 'NOTICE'], 6: [9, 'INFO'] } as const;
/** Span.SpanKind: INTERNAL 1, SERVER 2. */
const SPAN_KIND = { internal: 1, server: 2 } as const;

export const str = (key: string, value: string): KeyValue => ({ key, value: { stringValue: value } });
const int = (key: string, value: number | string): KeyValue => ({ key, value: { intValue: String(value) } });
const bool = (key: string, value: boolean): KeyValue => ({ key, value: { boolValue: value } });
const strings = (key: string, values: string[]): KeyValue => ({
  key,
  value: { arrayValue: { values: values.map((v) => ({ stringValue: v })) } },
});

export function nanos(at: Date): string {
  return `${BigInt(at.getTime()) * 1_000_000n}`;
}

export function resourceOf(info: ResourceInfo): Resource {
  return {
    attributes: [
      str('service.name', 'casus'),
      str('service.version', info.serviceVersion),
      str('deployment.environment.name', info.environment),
      str('host.name', info.hostName),
    ],
  };
}

function logRecordOf(event: ShippedEvent, observedAt: Date): LogRecord {
  const [severityNumber, severityText] = SEVERITY[event.severity];
  const optional: (KeyValue | null)[] = [
    event.unitId ? str('casus.audit.unit_id', event.unitId) : null,
    event.actorId ? str('casus.audit.actor.id', event.actorId) : null,
    event.object ? str('casus.audit.object.id', event.object) : null,
    event.objectCount > 1 ? int('casus.audit.object.count', event.objectCount) : null,
    event.subject ? str('casus.audit.data_subject', event.subject) : null,
    event.subjects.length > 1 ? strings('casus.audit.data_subjects', event.subjects) : null,
    event.changedFields.length > 0 ? strings('casus.audit.changed_fields', event.changedFields) : null,
    event.originIp ? str('client.address', event.originIp) : null,
    event.userAgent ? str('user_agent.original', event.userAgent) : null,
    event.requestId ? str('casus.request_id', event.requestId) : null,
  ];
  return {
    timeUnixNano: nanos(event.occurredAt),
    observedTimeUnixNano: nanos(observedAt),
    severityNumber,
    severityText,
    body: { stringValue: summaryOf(event) },
    eventName: event.securityEvent ? 'casus.security' : 'casus.audit',
    attributes: [
      int('casus.audit.event_id', event.id),
      int('casus.audit.leaf_index', event.leafIndex),
      str('casus.audit.action', event.action),
      str('casus.audit.result', event.result),
      str('casus.audit.category', event.category),
      bool('casus.audit.security_event', event.securityEvent),
      str('casus.audit.actor.kind', event.actorKind),
      str('casus.audit.object.type', event.objectType),
      ...optional.filter((kv): kv is KeyValue => kv !== null),
    ],
    traceId: event.traceId,
  };
}

export function logsRequest(events: ShippedEvent[], info: ResourceInfo, observedAt: Date): ExportLogsServiceRequest {
  return {
    resourceLogs: [
      {
        resource: resourceOf(info),
        scopeLogs: [{ scope: { name: 'casus.audit', version: SCOPE_VERSION }, logRecords: events.map((e) => logRecordOf(e, observedAt)) }],
      },
    ],
  };
}

/** A processing log entry as the Logboek Dataverwerkingen's span: its fields and its dpl.core.* attributes. */
export function spanOf(entry: ProcessingLogEntry): Span {
  return {
    traceId: entry.traceId,
    spanId: entry.spanId,
    name: entry.name,
    kind: SPAN_KIND[entry.kind],
    startTimeUnixNano: nanos(entry.startTime),
    endTimeUnixNano: nanos(entry.endTime),
    attributes: [
      ...(entry.processingActivityId ? [str('dpl.core.processing_activity_id', entry.processingActivityId)] : []),
      str('dpl.core.data_subject_id', entry.dataSubjectPseudonym),
    ],
    status: entry.statusMessage ? { code: entry.statusCode, message: entry.statusMessage } : { code: entry.statusCode },
  };
}

export function tracesRequest(entries: ProcessingLogEntry[], info: ResourceInfo): ExportTraceServiceRequest {
  return {
    resourceSpans: [
      {
        resource: resourceOf(info),
        scopeSpans: [{ scope: { name: 'casus.processing-log', version: SCOPE_VERSION }, spans: entries.map(spanOf) }],
      },
    ],
  };
}
