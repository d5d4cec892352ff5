// One sink as a consumer of the sealed stream: each round drains the sink's backlog in batches, each
// batch in its own transaction that moves the sink's cursor only after the sink acknowledged it. A
// failure leaves the cursor where it was and makes the sink wait before it tries again: exponentially
// longer per consecutive failure (from the round interval up to CASUS_AUDIT_SHIP_BACKOFF_MAX_MS), with
// jitter so that instances and sinks do not knock on a recovering collector in step, and as long as
// the collector asked (Retry-After). Nothing here runs in a user's request: a slow or absent collector
// only makes this sink's lag grow. At most one batch (the one in flight when an acknowledgement was
// lost) is sent twice.
import { intervalWorker } from '../../../kernel/jobs/interval-worker.ts';
import type { BackgroundWorker } from '../../../kernel/module.ts';
import type { Logger } from '../../../kernel/observability/logger.ts';
import type { AuditStream } from '../stream/stream.repository.ts';
import { DeliveryError, NotYet, type Sink } from './sink.ts';

export interface ShipperOptions {
  batchSize: number;
  /** Longest a delivery may take; the sink is handed an AbortSignal that fires then. */
  timeoutMs: number;
  /** The wait after a first failure; it doubles with each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
  log: Logger;
  /** For tests: the clock and the jitter's source. */
  now?: () => number;
  random?: () => number;
}

export interface ShipperState {
  /** Events handed over and acknowledged (or written) since start. */
  events: number;
  /** Records sent (a list read may make several processing log entries; a filtered event none). */
  records: number;
  failures: number;
  consecutiveFailures: number;
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  lastError: string | null;
  /** No attempt before this moment (ms since the epoch): the backoff after a failure. */
  nextAttemptAt: number;
}

export class Shipper {
  readonly sink: Sink;
  readonly state: ShipperState = {
    events: 0,
    records: 0,
    failures: 0,
    consecutiveFailures: 0,
    lastSuccessAt: null,
    lastFailureAt: null,
    lastError: null,
    nextAttemptAt: 0,
  };
  readonly #stream: AuditStream;
  readonly #options: ShipperOptions;
  readonly #now: () => number;
  readonly #random: () => number;

  constructor(stream: AuditStream, sink: Sink, options: ShipperOptions) {
    this.#stream = stream;
    this.sink = sink;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
  }

  /** Drains the backlog unless backing off: the number of events acknowledged this round. */
  async round(): Promise<number> {
    if (this.#now() < this.state.nextAttemptAt) return 0;
    const { batchSize, timeoutMs } = this.#options;
    let total = 0;
    for (;;) {
      const limit = this.sink.limit ? Math.min(batchSize, await this.sink.limit(batchSize)) : batchSize;
      if (limit <= 0) return total;
      let records = 0;
      try {
        const batch = await this.#stream.next(this.sink.consumer, limit, async (tx, events) => {
          records = await this.sink.deliver(tx, events, AbortSignal.timeout(timeoutMs));
        });
        if (batch.processed > 0) this.#succeeded(batch.processed, records);
        total += batch.processed;
        if (batch.processed < limit) return total;
      } catch (error) {
        if (!(error instanceof NotYet)) this.#failed(error);
        return total;
      }
    }
  }

  /** The wait before the next attempt after `failures` consecutive failures (equal jitter: half fixed, half random). */
  backoffMs(failures: number, error: unknown): number {
    const { baseDelayMs, maxDelayMs } = this.#options;
    if (error instanceof DeliveryError && error.retryAfterMs !== null)
      return Math.min(maxDelayMs, Math.max(baseDelayMs, error.retryAfterMs));
    const ceiling =
      error instanceof DeliveryError && error.refused ? maxDelayMs : Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(failures - 1, 30));
    return Math.round(ceiling / 2 + (this.#random() * ceiling) / 2);
  }

  #succeeded(events: number, records: number): void {
    const after = this.state.consecutiveFailures;
    Object.assign(this.state, {
      events: this.state.events + events,
      records: this.state.records + records,
      consecutiveFailures: 0,
      lastSuccessAt: this.#now(),
      nextAttemptAt: 0,
    });
    if (after > 0) this.#options.log.info({ consumer: this.sink.consumer, failuresBefore: after }, 'audit shipping delivers again');
  }

  #failed(error: unknown): void {
    const failures = this.state.consecutiveFailures + 1;
    const waitMs = this.backoffMs(failures, error);
    const now = this.#now();
    Object.assign(this.state, {
      failures: this.state.failures + 1,
      consecutiveFailures: failures,
      lastFailureAt: now,
      lastError: error instanceof Error ? error.message : String(error),
      nextAttemptAt: now + waitMs,
    });
    this.#options.log.error(
      { err: error, consumer: this.sink.consumer, consecutiveFailures: failures, retryInMs: waitMs },
      'audit shipping failed; the batch stays and is sent again after the wait',
    );
  }
}

/** The shipper as a loop in every working instance; the cursor's row lock keeps instances off each other's batch. */
export function shipperWorker(shipper: Shipper, intervalMs: number, log: Logger): BackgroundWorker {
  return intervalWorker(`audit-stream:${shipper.sink.consumer}`, {
    intervalMs,
    round: () => shipper.round(),
    // round() catches the sink's failures; what reaches here is the database failing under it.
    onError: (error) => log.error({ err: error, consumer: shipper.sink.consumer }, 'audit shipping round failed; the next round retries'),
  });
}
