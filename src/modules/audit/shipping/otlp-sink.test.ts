// OTLP over HTTP against a stand-in collector that checks every request against opentelemetry-proto's
// JSON encoding: audit events as log records (POST /v1/logs), the processing log as spans (POST
// /v1/traces); the collector's answers as OTLP defines them (retry with Retry-After, refusal, partial
// success); HTTPS with the collector verified against our CA, and our client certificate.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { OtlpSettings } from '../../../kernel/config-audit.ts';
import { createKeyRing } from '../../../kernel/crypto/keyring.ts';
import { createLogger } from '../../../kernel/observability/logger.ts';
import type { Tx } from '../../../kernel/db/database.ts';
import { standInCollector } from '../../../../test/helpers/otlp-collector.ts';
import { sealedEvent } from '../../../../test/helpers/sealed-events.ts';
import { makeCertificates } from '../../../../test/helpers/tls-certificates.ts';
import { tracesRequest } from './otlp-format.ts';
import { OtlpClient, OtlpLogsSink, retryAfterMs } from './otlp-sink.ts';
import { processingEntriesOf } from './processing-log.ts';
import { subjectPseudonyms } from './pseudonym.ts';
import { DeliveryError } from './sink.ts';

const certs = makeCertificates();
after(() => certs.cleanup());
const pseudonyms = subjectPseudonyms(
  createKeyRing({ keys: [{ id: 'k1', key: Buffer.alloc(32, 1) }], activeKeyId: 'k1', blindIndexKey: Buffer.alloc(32, 2) }),
);
const noTx = null as unknown as Tx;
const log = createLogger({ level: 'silent' });
const resource = { serviceVersion: '0.1.0', environment: 'test', hostName: 'app-1' };

function settings(endpoint: string, overrides: Partial<OtlpSettings> = {}): OtlpSettings {
  return { endpoint, headers: {}, caFile: null, certFile: null, keyFile: null, logs: true, traces: true, ...overrides };
}

/** Every client a test made, closed at the end (their kept-alive connections would hold the process). */
const clients: OtlpClient[] = [];
after(() => clients.forEach((c) => c.close()));
function client(s: OtlpSettings): OtlpClient {
  const made = new OtlpClient(s);
  clients.push(made);
  return made;
}

function logsSink(s: OtlpSettings, events: 'all' | 'security' = 'all') {
  return new OtlpLogsSink({ client: client(s), resource, log, pseudonyms, events });
}

// Proves: a batch of audit events is one valid ExportLogsServiceRequest with the event's fields, its trace and the subject's pseudonym.
test('audit events as OTLP log records: valid JSON encoding, headers, trace id, pseudonym, no person id', async () => {
  const collector = await standInCollector();
  const event = sealedEvent();
  const security = sealedEvent({ action: 'case.break-glass', objectType: 'case', details: { securityEvent: true, unitId: 'unit-1' } });
  const sink = logsSink(settings(collector.url, { headers: { authorization: 'Bearer t0ken' } }));
  assert.equal(await sink.deliver(noTx, [event, security], AbortSignal.timeout(5000)), 2);
  assert.equal(collector.requests.length, 1);
  const [request] = collector.requests;
  assert.equal(request!.path, '/v1/logs');
  assert.equal(request!.headers.authorization, 'Bearer t0ken');
  const [read, broken] = request!.items as { attributes: Record<string, unknown>; [k: string]: unknown }[];
  assert.equal(read!.traceId, event.traceId);
  assert.equal(read!.timeUnixNano, '1772619072345000000');
  assert.deepEqual([read!.severityNumber, read!.severityText, read!.eventName], [9, 'INFO', 'casus.audit']);
  assert.deepEqual(
    {
      action: read!.attributes['casus.audit.action'],
      result: read!.attributes['casus.audit.result'],
      category: read!.attributes['casus.audit.category'],
      subject: read!.attributes['casus.audit.data_subject'],
      object: read!.attributes['casus.audit.object.id'],
      event: read!.attributes['casus.audit.event_id'],
      ip: read!.attributes['client.address'],
    },
    {
      action: 'person.read',
      result: 'success',
      category: 'access',
      subject: pseudonyms.of(event.dataSubjectId!),
      object: pseudonyms.of(event.dataSubjectId!),
      event: event.id,
      ip: '192.0.2.10',
    },
  );
  assert.deepEqual(
    [broken!.severityNumber, broken!.eventName, broken!.attributes['casus.audit.security_event']],
    [13, 'casus.security', true],
  );
  assert.ok(!JSON.stringify(request!.body).includes(event.dataSubjectId!), 'the person id never leaves');
  await collector.close();
});

// Proves: processing log entries make a valid ExportTraceServiceRequest with the standard's dpl.core attributes.
test('the processing log as OTLP spans: the standard’s fields and dpl.core attributes', async () => {
  const collector = await standInCollector();
  const persons = [randomUUID(), randomUUID()];
  const event = sealedEvent({ action: 'case.list', objectType: 'case', objectId: null, dataSubjectId: null, dataSubjectIds: persons });
  const entries = processingEntriesOf(event, 'https://register.example.nl/activities/slachtofferhulp', pseudonyms);
  await client(settings(collector.url)).post('/v1/traces', tracesRequest(entries, resource), AbortSignal.timeout(5000));
  const spans = collector.requests[0]!.items as { attributes: Record<string, unknown>; [k: string]: unknown }[];
  assert.equal(spans.length, 2, 'one span per data subject');
  for (const [i, span] of spans.entries()) {
    assert.equal(span.traceId, event.traceId, 'linked to the audit event by its trace');
    assert.equal(span.name, 'case.list');
    assert.equal(span.kind, 2, 'SERVER: done for a request');
    assert.deepEqual(span.status, { code: 1 });
    assert.deepEqual(span.attributes, {
      'dpl.core.processing_activity_id': 'https://register.example.nl/activities/slachtofferhulp',
      'dpl.core.data_subject_id': pseudonyms.of(persons[i]!),
    });
  }
  assert.notEqual(spans[0]!.spanId, spans[1]!.spanId);
  await collector.close();
});

// Proves: 429/502/503/504 are retryable, with the wait the collector asked for; other errors are refusals.
test('the collector’s answers: retryable with Retry-After, refused, partial success counted', async () => {
  const collector = await standInCollector();
  const sink = logsSink(settings(collector.url));
  collector.answers.push({ status: 503, headers: { 'retry-after': '7' } });
  const retry = await sink.deliver(noTx, [sealedEvent()], AbortSignal.timeout(5000)).catch((e: unknown) => e);
  assert.ok(retry instanceof DeliveryError);
  assert.deepEqual([retry.retryAfterMs, retry.refused], [7000, false]);
  collector.answers.push({ status: 401, body: { message: 'token expired' } });
  const refused = await sink.deliver(noTx, [sealedEvent()], AbortSignal.timeout(5000)).catch((e: unknown) => e);
  assert.ok(refused instanceof DeliveryError);
  assert.equal(refused.refused, true);
  assert.match(refused.message, /answered 401: .*token expired/);
  collector.answers.push({ status: 200, body: { partialSuccess: { rejectedLogRecords: '2', errorMessage: 'too old' } } });
  assert.equal(await sink.deliver(noTx, [sealedEvent(), sealedEvent(), sealedEvent()], AbortSignal.timeout(5000)), 3);
  assert.equal(sink.rejectedRecords(), 2);
  assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 30_000);
  assert.equal(retryAfterMs('soon'), null);
  await collector.close();
});

// Proves: a collector that does not answer in time leaves the batch unacknowledged.
test('no answer within the timeout is a failure', async () => {
  const collector = await standInCollector();
  collector.answers.push({ status: 200, hang: true });
  await assert.rejects(logsSink(settings(collector.url)).deliver(noTx, [sealedEvent()], AbortSignal.timeout(500)), DeliveryError);
  await collector.close();
});

// Proves: HTTPS verifies the collector against our CA and presents our client certificate.
test('HTTPS with mutual TLS; a collector with a certificate of another CA gets nothing', async () => {
  const collector = await standInCollector({ tls: { cert: certs.server.cert, key: certs.server.key, ca: certs.ca, requestCert: true } });
  const mutual = settings(collector.url, { caFile: certs.caFile, certFile: certs.client.certFile, keyFile: certs.client.keyFile });
  assert.equal(await logsSink(mutual).deliver(noTx, [sealedEvent()], AbortSignal.timeout(5000)), 1);
  await assert.rejects(
    logsSink(settings(collector.url, { caFile: certs.caFile })).deliver(noTx, [sealedEvent()], AbortSignal.timeout(5000)),
  );
  assert.equal(collector.requests.length, 1, 'without our certificate no request got through');
  await collector.close();
  const rogue = await standInCollector({ tls: { cert: certs.rogueServer.cert, key: certs.rogueServer.key } });
  await assert.rejects(
    logsSink(settings(rogue.url, { caFile: certs.caFile })).deliver(noTx, [sealedEvent()], AbortSignal.timeout(5000)),
    /certificate/,
  );
  assert.equal(rogue.requests.length, 0);
  await rogue.close();
});
