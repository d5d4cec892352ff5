// The shipping consumers' metrics, computed when Prometheus scrapes: per consumer the lag (sealed
// leaves it has not handled yet, from the database, the same in every instance), and from this
// instance's own rounds the last success, failures, and what went out.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Database } from '../../../kernel/db/database.ts';
import type { Logger } from '../../../kernel/observability/logger.ts';
import type { AuditStream } from '../stream/stream.repository.ts';
import { sealedHead } from './processing-log.repository.ts';
import type { Shipper } from './shipper.ts';

export function registerShippingMetrics(
  registry: Registry,
  deps: { shippers: Shipper[]; stream: AuditStream; db: Database; log: Logger },
): void {
  const { shippers } = deps;
  const labelNames = ['consumer'] as const;
  new Gauge({
    name: 'casus_audit_shipping_lag_leaves',
    help: 'Sealed audit events a shipping consumer (a sink, or the processing log writer) has not handled yet',
    labelNames,
    registers: [registry],
    async collect() {
      try {
        const [head, cursors] = await Promise.all([sealedHead(deps.db), deps.stream.cursors()]);
        for (const { sink } of shippers) {
          const at = BigInt(cursors.find((c) => c.consumer === sink.consumer)?.leafIndex ?? '-1');
          this.set({ consumer: sink.consumer }, Number(head > at ? head - at : 0n));
        }
      } catch (error) {
        // A scrape must not fail because the database is away; the gauge keeps its last values.
        deps.log.warn({ err: error }, 'audit shipping lag could not be read');
      }
    },
  });
  const perShipper = (name: string, help: string, value: (s: Shipper) => number) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        for (const s of shippers) this.set({ consumer: s.sink.consumer }, value(s));
      },
    });
  const counted = (name: string, help: string, value: (s: Shipper) => number) =>
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        // The shipper's own counts only grow; the counter shows them as they are.
        this.reset();
        for (const s of shippers) this.inc({ consumer: s.sink.consumer }, value(s));
      },
    });
  perShipper(
    'casus_audit_shipping_last_success_timestamp_seconds',
    'When this instance last had a batch acknowledged by the consumer (0: not yet since start)',
    (s) => (s.state.lastSuccessAt ?? 0) / 1000,
  );
  perShipper(
    'casus_audit_shipping_consecutive_failures',
    'Failed deliveries in a row (0 once one succeeds)',
    (s) => s.state.consecutiveFailures,
  );
  counted(
    'casus_audit_shipping_failures_total',
    'Deliveries that failed in this instance (the batch stays and is sent again)',
    (s) => s.state.failures,
  );
  counted('casus_audit_shipping_events_total', 'Sealed audit events handled (acknowledged) in this instance', (s) => s.state.events);
  counted(
    'casus_audit_shipping_records_total',
    'Records sent (syslog messages, OTLP log records or spans, processing log entries)',
    (s) => s.state.records,
  );
  counted(
    'casus_audit_shipping_rejected_total',
    'Records an OTLP collector accepted the request with but rejected (partial success)',
    (s) => (s.sink.rejectedRecords ? s.sink.rejectedRecords() : 0),
  );
}
