// Shipping, wired: the processing log's writer always; a syslog sink, an OTLP logs sink and an OTLP
// processing-log sink when configured (CASUS_AUDIT_SYSLOG_URL, CASUS_AUDIT_OTLP_ENDPOINT). Each is a
// consumer of the sealed stream with its own cursor and its own loop, so a collector that is down holds
// back only its own sink. Plus their metrics and the processing log's retention job.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { BackgroundWorker, ModuleContext } from '../../../kernel/module.ts';
import type { AuditStream } from '../stream/stream.repository.ts';
import { OtlpClient, OtlpLogsSink, OtlpProcessingLogSink, OTLP_PROCESSING_LOG_CONSUMER } from './otlp-sink.ts';
import type { ResourceInfo } from './otlp-format.ts';
import { NO_PROCESSING_ACTIVITY, type ProcessingActivityOf } from './processing-log.ts';
import { PROCESSING_LOG_CONSUMER, ProcessingLogWriter } from './processing-log-writer.ts';
import { subjectPseudonyms } from './pseudonym.ts';
import { expireProcessingLog, PROCESSING_LOG_RETENTION_JOB } from './retention.ts';
import { Shipper, shipperWorker } from './shipper.ts';
import { registerShippingMetrics } from './shipping-metrics.ts';
import type { Sink } from './sink.ts';
import { SyslogSink } from './syslog-sink.ts';

export interface ShippingOptions {
  /** Where an audit action's processing activity comes from (the privacy module's register); none: no activity. */
  processingActivityOf?: ProcessingActivityOf;
}

function casusVersion(): string {
  const file = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '0.0.0';
}

/** The sinks these settings ask for, the processing log's writer first; close() lets go of their connections. */
export function sinksOf(
  ctx: Pick<ModuleContext, 'settings' | 'keyRing' | 'log'>,
  stream: AuditStream,
  options: ShippingOptions,
): { sinks: Sink[]; close(): void } {
  const settings = ctx.settings.audit.shipping;
  const pseudonyms = subjectPseudonyms(ctx.keyRing);
  const sinks: Sink[] = [new ProcessingLogWriter(pseudonyms, options.processingActivityOf ?? NO_PROCESSING_ACTIVITY)];
  if (settings.syslog) sinks.push(new SyslogSink(settings.syslog, { pseudonyms, events: settings.events }));
  let client: OtlpClient | null = null;
  if (settings.otlp) {
    client = new OtlpClient(settings.otlp);
    const resource: ResourceInfo = { serviceVersion: casusVersion(), environment: ctx.settings.env, hostName: hostname() };
    if (settings.otlp.logs) sinks.push(new OtlpLogsSink({ client, resource, log: ctx.log, pseudonyms, events: settings.events }));
    if (settings.otlp.traces) sinks.push(new OtlpProcessingLogSink({ client, resource, log: ctx.log, stream }));
  }
  return { sinks, close: () => client?.close() };
}

export function registerShipping(ctx: ModuleContext, stream: AuditStream, options: ShippingOptions = {}): Shipper[] {
  const settings = ctx.settings.audit.shipping;
  const log = ctx.log.child({ component: 'audit-shipping' });
  const made = sinksOf({ ...ctx, log }, stream, options);
  const sinks = made.sinks;
  // Added before the shippers, so it stops after them (workers stop in reverse): kept-alive collector connections go last.
  const closer: BackgroundWorker = { name: 'audit-shipping-connections', start: async () => undefined, stop: async () => made.close() };
  ctx.addWorker(closer);
  const shippers = sinks.map(
    (sink) =>
      new Shipper(stream, sink, {
        batchSize: settings.batchSize,
        timeoutMs: settings.timeoutMs,
        baseDelayMs: settings.intervalMs,
        maxDelayMs: settings.backoffMaxMs,
        log,
      }),
  );
  for (const shipper of shippers) ctx.addWorker(shipperWorker(shipper, settings.intervalMs, log));
  ctx.addMetrics((registry) => registerShippingMetrics(registry, { shippers, stream, db: ctx.db, log }));
  const logConsumers = [
    PROCESSING_LOG_CONSUMER,
    ...sinks.filter((s) => s.consumer === OTLP_PROCESSING_LOG_CONSUMER).map((s) => s.consumer),
  ];
  ctx.jobs.define({
    name: PROCESSING_LOG_RETENTION_JOB,
    schedule: { cron: '47 3 * * *' },
    handler: async () => {
      const report = await expireProcessingLog(ctx.db, stream, { retention: ctx.settings.audit.retention, consumers: logConsumers });
      log.info(report, 'processing log retention done');
    },
  });
  return shippers;
}
