// Prometheus metrics: per-route request counts, error counts and latency histograms, event-loop lag
// (from prom-client's default collectors), connection-pool usage and job-queue depth. Gauges that
// need a lookup are computed when Prometheus scrapes, not on a timer.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type pg from 'pg';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status_code'>;
  httpErrors: Counter<'method' | 'route' | 'status_code'>;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** Registers a pool whose usage is reported under the given name. */
  observePool(name: string, pool: pg.Pool): void;
  /** Registers the source of job-queue depth. */
  observeJobQueue(depth: () => Promise<{ queue: string; queued: number; active: number; failed: number }[]>): void;
  /** Registers the source of the outbox backlog (events committed but not yet relayed). */
  observeOutbox(pending: () => Promise<{ count: number; oldestAgeSeconds: number }>): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'casus' });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  const labelNames = ['method', 'route', 'status_code'] as const;
  const httpRequests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered', labelNames, registers: [registry] });
  const httpErrors = new Counter({
    name: 'http_request_errors_total',
    help: 'HTTP requests answered with an error status (>= 400); split by status_code',
    labelNames,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    registers: [registry],
  });

  const pools = new Map<string, pg.Pool>();
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections by state (total, idle, waiting clients)',
    labelNames: ['pool', 'state'],
    registers: [registry],
    collect() {
      for (const [name, pool] of pools) {
        this.set({ pool: name, state: 'total' }, pool.totalCount);
        this.set({ pool: name, state: 'idle' }, pool.idleCount);
        this.set({ pool: name, state: 'waiting' }, pool.waitingCount);
      }
    },
  });

  let depthSource: Parameters<Metrics['observeJobQueue']>[0] | null = null;
  new Gauge({
    name: 'job_queue_jobs',
    help: 'Jobs per queue and state (queued = waiting to run)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      if (!depthSource) return;
      const depth = await depthSource().catch(() => []);
      for (const q of depth) {
        this.set({ queue: q.queue, state: 'queued' }, q.queued);
        this.set({ queue: q.queue, state: 'active' }, q.active);
        this.set({ queue: q.queue, state: 'failed' }, q.failed);
      }
    },
  });

  let outboxSource: Parameters<Metrics['observeOutbox']>[0] | null = null;
  new Gauge({
    name: 'outbox_events_pending',
    help: 'Events committed but not yet relayed to their subscribers',
    registers: [registry],
    async collect() {
      if (outboxSource) this.set((await outboxSource().catch(() => ({ count: NaN }))).count);
    },
  });
  new Gauge({
    name: 'outbox_oldest_pending_seconds',
    help: 'Age of the oldest event not yet relayed (0 when none): grows when no worker relays',
    registers: [registry],
    async collect() {
      if (outboxSource) this.set((await outboxSource().catch(() => ({ oldestAgeSeconds: NaN }))).oldestAgeSeconds);
    },
  });

  return {
    registry,
    httpRequests,
    httpErrors,
    httpDuration,
    observePool: (name, pool) => void pools.set(name, pool),
    observeJobQueue: (source) => {
      depthSource = source;
    },
    observeOutbox: (source) => {
      outboxSource = source;
    },
  };
}
