// A sink takes a batch of sealed audit events and returns once the other side has acknowledged them
// (or, for the processing log, once they are written in the same transaction). It runs inside the
// stream consumer's transaction (stream/stream.repository.ts): the consumer's cursor moves past the
// batch only when deliver() returned, so a batch whose acknowledgement never came is sent again.
import type { Tx } from '../../../kernel/db/database.ts';
import type { SealedEvent } from '../stream/stream.repository.ts';

export interface Sink {
  /** The stream consumer's name: its own cursor (`audit_stream_cursor`), metrics label. */
  readonly consumer: string;
  /**
   * How many events the next batch may hold (at most `batchSize`); 0: nothing to do yet. For a sink that
   * follows another consumer (the processing log's shipping follows its writer). Default: `batchSize`.
   */
  limit?(batchSize: number): Promise<number>;
  /** Records a collector accepted the request with but rejected (OTLP partial success), since start. */
  rejectedRecords?(): number;
  /** Delivers the batch; returns the records sent. Throws DeliveryError (or any error) when not acknowledged. */
  deliver(tx: Tx, events: SealedEvent[], signal: AbortSignal): Promise<number>;
}

/** A delivery that was not acknowledged; the batch stays and comes again after a backoff. */
export class DeliveryError extends Error {
  /** The collector asked for this wait (Retry-After). */
  readonly retryAfterMs: number | null;
  /** The collector refused the batch itself (OTLP 4xx): trying again soon will not help, so wait the longest. */
  readonly refused: boolean;

  constructor(message: string, options: { retryAfterMs?: number | null; refused?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'DeliveryError';
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.refused = options.refused ?? false;
  }
}

/** Not a failure: the batch is not ready yet (another consumer has not caught up); try next round. */
export class NotYet extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotYet';
  }
}
