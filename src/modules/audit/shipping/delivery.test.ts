// Delivery through the sealed trail as outbox, end to end on the database: a collector that is down
// makes events pile up (the cursor stays, the lag grows, attempts back off), and once it is back every
// event arrives, none lost, duplicates only of the batch whose acknowledgement was lost; a dead syslog
// does not hold back OTLP; a collector that hangs holds up neither a user's request nor another instance.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import type { ActorContext } from '../../../kernel/auth/actor.ts';
import type { OtlpSettings, SyslogSettings } from '../../../kernel/config-audit.ts';
import { freeLoopbackPort } from '../../../kernel/db/embedded.ts';
import { createLogger } from '../../../kernel/observability/logger.ts';
import { build, testSettings } from '../../../../test/helpers/build.ts';
import { standInCollector, type StandInCollector } from '../../../../test/helpers/otlp-collector.ts';
import { AuditSealer } from '../seal/seal.repository.ts';
import { AuditStream } from '../stream/stream.repository.ts';
import { OtlpClient, OtlpLogsSink } from './otlp-sink.ts';
import { sealedHead } from './processing-log.repository.ts';
import { subjectPseudonyms } from './pseudonym.ts';
import { sinksOf } from './register.ts';
import { Shipper } from './shipper.ts';
import { registerShippingMetrics } from './shipping-metrics.ts';
import type { Sink } from './sink.ts';
import { SyslogSink } from './syslog-sink.ts';

const fileScope = { after: (cleanup) => after(cleanup as () => Promise<void>) } satisfies Pick<TestContext, 'after'>;
const system = await build(fileScope);
const sealer = new AuditSealer(system.db, { batchSize: 1000 });
const stream = new AuditStream(system.db);
const log = createLogger({ level: 'silent' });
const pseudonyms = subjectPseudonyms(system.keyRing);
const resource = { serviceVersion: '0.1.0', environment: 'test', hostName: 'app-1' };
const clients: OtlpClient[] = [];
after(() => clients.forEach((c) => c.close()));

function user(): ActorContext {
  return {
    actor: { kind: 'user', id: randomUUID() },
    origin: { requestId: randomUUID(), traceId: null, ip: '192.0.2.1', userAgent: null },
  };
}

/** Writes and seals `n` events, each about its own object; their object ids. */
async function writeSealed(n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  for (const objectId of ids)
    await system.db.transaction(user(), (tx) => recordAudit(tx, { action: 'case.update', objectType: 'case', objectId }));
  await sealer.sealAll();
  return ids;
}

/** The OTLP logs sink under a consumer name of the test's own (each test its own cursor). */
function otlpSink(consumer: string, endpoint: string): Sink {
  const settings: OtlpSettings = { endpoint, headers: {}, caFile: null, certFile: null, keyFile: null, logs: true, traces: false };
  const client = new OtlpClient(settings);
  clients.push(client);
  const inner = new OtlpLogsSink({ client, resource, log, pseudonyms, events: 'all' });
  return { consumer, deliver: (tx, events, signal) => inner.deliver(tx, events, signal), rejectedRecords: () => inner.rejectedRecords() };
}

/** The objects of the case.update records the collector got (with repeats). */
function objectsReceived(collector: StandInCollector): string[] {
  return collector.requests.flatMap((r) =>
    r.items
      .map((item) => (item.attributes as Record<string, unknown>)['casus.audit.object.id'])
      .filter((id): id is string => typeof id === 'string'),
  );
}

async function cursorOf(consumer: string): Promise<bigint> {
  return BigInt((await stream.cursors()).find((c) => c.consumer === consumer)?.leafIndex ?? '-1');
}

// Proves: collector down -> events pile up, the cursor stays, attempts back off exponentially with jitter;
// collector back -> every event delivered, none lost, and the only duplicates are the batch the collector
// stored but did not acknowledge.
test('collector down, events pile up; collector back, all delivered, none lost, duplicates bounded to one batch', async () => {
  const port = await freeLoopbackPort();
  let clock = Date.now();
  const shipper = new Shipper(stream, otlpSink('test-outage', `http://127.0.0.1:${port}`), {
    batchSize: 10,
    timeoutMs: 5000,
    baseDelayMs: 1000,
    maxDelayMs: 4000,
    log,
    now: () => clock,
    random: () => 0.5,
  });
  const written = await writeSealed(25);

  assert.equal(await shipper.round(), 0, 'nothing acknowledged while the collector is down');
  assert.deepEqual([shipper.state.failures, shipper.state.consecutiveFailures], [1, 1]);
  assert.equal(await cursorOf('test-outage'), -1n, 'the cursor stays');
  assert.equal(shipper.state.nextAttemptAt - clock, 750, 'first wait: half of 1 s fixed, half jittered (0.5)');

  written.push(...(await writeSealed(10)));
  assert.equal(await shipper.round(), 0);
  assert.equal(shipper.state.failures, 1, 'no attempt during the backoff');
  clock += 1000;
  await shipper.round();
  assert.equal(shipper.state.consecutiveFailures, 2);
  assert.equal(shipper.state.nextAttemptAt - clock, 1500, 'the wait doubles: 2 s, half of it jittered');
  for (let i = 3; i <= 5; i++) {
    clock = shipper.state.nextAttemptAt;
    await shipper.round();
  }
  assert.equal(shipper.state.nextAttemptAt - clock, 3000, 'capped at the maximum (4 s, jittered)');
  const head = await sealedHead(system.db);
  assert.ok(head - (await cursorOf('test-outage')) >= 35n, 'the lag covers everything written');

  const collector = await standInCollector({ port });
  // Back, but the first batch is stored and then answered with an error: its acknowledgement is lost.
  collector.answers.push({ status: 503 });
  clock = shipper.state.nextAttemptAt;
  assert.equal(await shipper.round(), 0);
  assert.equal(collector.requests.length, 1);
  clock = shipper.state.nextAttemptAt;
  const delivered = await shipper.round();
  assert.ok(delivered >= 35, `the backlog went in one round (${delivered})`);
  assert.equal(shipper.state.consecutiveFailures, 0);
  assert.equal(await cursorOf('test-outage'), head, 'caught up with the sealed head');

  const received = objectsReceived(collector);
  for (const id of written) assert.ok(received.includes(id), `event about ${id} delivered`);
  const repeats = received.length - new Set(received).size;
  const firstBatch = collector.requests[0]!.items.length;
  assert.ok(firstBatch <= 10);
  assert.equal(
    repeats,
    collector.requests[0]!.items.filter((i) => (i.attributes as Record<string, unknown>)['casus.audit.object.id']).length,
  );
  assert.ok(repeats <= 10, 'duplicates only of the unacknowledged batch');
  await collector.close();
});

// Proves: each sink is its own consumer: a syslog collector that is down does not hold back OTLP.
test('a dead syslog does not hold back OTLP', async () => {
  const collector = await standInCollector();
  const deadPort = await freeLoopbackPort();
  const syslogSettings: SyslogSettings = {
    transport: 'tcp',
    host: '127.0.0.1',
    port: deadPort,
    caFile: null,
    certFile: null,
    keyFile: null,
    facility: 13,
    sdId: 'casus@32473',
    hostname: null,
  };
  const syslog = new Shipper(stream, new SyslogSink(syslogSettings, { pseudonyms, events: 'all' }), {
    batchSize: 50,
    timeoutMs: 2000,
    baseDelayMs: 1000,
    maxDelayMs: 4000,
    log,
  });
  const otlp = new Shipper(stream, otlpSink('test-independent', collector.url), {
    batchSize: 50,
    timeoutMs: 2000,
    baseDelayMs: 1000,
    maxDelayMs: 4000,
    log,
  });
  const written = await writeSealed(5);
  await Promise.all([syslog.round(), otlp.round()]);
  assert.equal(syslog.state.failures, 1);
  assert.equal(await cursorOf('ship-syslog'), -1n);
  const received = objectsReceived(collector);
  for (const id of written) assert.ok(received.includes(id));
  assert.equal(await cursorOf('test-independent'), await sealedHead(system.db));

  const registry = new Registry();
  registerShippingMetrics(registry, { shippers: [syslog, otlp], stream, db: system.db, log });
  const metrics = await registry.getMetricsAsJSON();
  const value = (name: string, consumer: string) =>
    metrics.find((m) => m.name === name)!.values.find((v) => v.labels.consumer === consumer)?.value;
  assert.equal(value('casus_audit_shipping_lag_leaves', 'test-independent'), 0);
  assert.equal(value('casus_audit_shipping_lag_leaves', 'ship-syslog'), Number(await sealedHead(system.db)) + 1);
  assert.equal(value('casus_audit_shipping_failures_total', 'ship-syslog'), 1);
  assert.equal(value('casus_audit_shipping_consecutive_failures', 'ship-syslog'), 1);
  assert.equal(value('casus_audit_shipping_last_success_timestamp_seconds', 'ship-syslog'), 0);
  assert.ok(value('casus_audit_shipping_last_success_timestamp_seconds', 'test-independent')! > Date.now() / 1000 - 60);
  assert.ok(value('casus_audit_shipping_events_total', 'test-independent')! >= 5);
  await collector.close();
});

// Proves: while a delivery waits for a collector that does not answer, users' requests record their audit
// events and commit, and another instance skips the batch rather than waiting for it.
test('a hanging collector blocks neither a user’s request nor another instance', async () => {
  const collector = await standInCollector();
  collector.answers.push({ status: 200, hang: true });
  await writeSealed(3);
  const options = { batchSize: 50, timeoutMs: 3000, baseDelayMs: 1000, maxDelayMs: 4000, log };
  const shipper = new Shipper(stream, otlpSink('test-hang', collector.url), options);
  let finished = false;
  const round = shipper.round().then((n) => {
    finished = true;
    return n;
  });
  while (collector.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));

  const objectId = randomUUID();
  await system.db.transaction(user(), (tx) => recordAudit(tx, { action: 'case.update', objectType: 'case', objectId }));
  assert.equal(finished, false, "the user's transaction committed while the delivery still waits");
  await sealer.sealAll();
  const other = new Shipper(stream, otlpSink('test-hang', collector.url), options);
  assert.equal(await other.round(), 0, 'another instance skips the locked batch');
  assert.equal(other.state.failures, 0);

  assert.equal(await round, 0);
  assert.equal(shipper.state.failures, 1, 'the timeout ends the wait as a failure');
  assert.match(shipper.state.lastError ?? '', /OTLP/);
  await collector.close();
});

// Proves: the processing log's writer always runs; a sink per configured target, each with its own cursor.
test('the sinks the settings ask for', () => {
  const consumers = (env: Record<string, string>) => {
    const made = sinksOf({ settings: testSettings(env), keyRing: system.keyRing, log }, stream, {});
    made.close();
    return made.sinks.map((sink) => sink.consumer);
  };
  assert.deepEqual(consumers({}), ['processing-log']);
  assert.deepEqual(
    consumers({ CASUS_AUDIT_SYSLOG_URL: 'tls://siem.example.nl', CASUS_AUDIT_OTLP_ENDPOINT: 'https://otel.example.nl:4318' }),
    ['processing-log', 'ship-syslog', 'ship-otlp-logs', 'ship-otlp-processing-log'],
  );
  assert.deepEqual(consumers({ CASUS_AUDIT_OTLP_ENDPOINT: 'https://otel.example.nl:4318', CASUS_AUDIT_OTLP_SIGNALS: 'traces' }), [
    'processing-log',
    'ship-otlp-processing-log',
  ]);
});
