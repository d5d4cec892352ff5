// A consumer of the sealed trail as a loop in every working instance: it drains what was sealed since
// its last round, in batches, then waits. The cursor's row lock keeps two instances from handling the
// same batch; a failing handler is retried with the same events next round (logged, never skipped).
import { intervalWorker } from '../../../kernel/jobs/interval-worker.ts';
import type { BackgroundWorker } from '../../../kernel/module.ts';
import type { Logger } from '../../../kernel/observability/logger.ts';
import type { AuditStream, StreamHandler } from './stream.repository.ts';

export interface StreamWorkerOptions {
  consumer: string;
  handler: StreamHandler;
  intervalMs: number;
  batchSize: number;
  log: Logger;
}

/** Drains the consumer's backlog once: the number of events handled. */
export async function drainStream(stream: AuditStream, options: Omit<StreamWorkerOptions, 'intervalMs' | 'log'>): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = await stream.next(options.consumer, options.batchSize, options.handler);
    total += batch.processed;
    if (batch.processed < options.batchSize) return total;
  }
}

export function streamWorker(stream: AuditStream, options: StreamWorkerOptions): BackgroundWorker {
  return intervalWorker(`audit-stream:${options.consumer}`, {
    intervalMs: options.intervalMs,
    round: () => drainStream(stream, options),
    onError: (error) =>
      options.log.error({ err: error, consumer: options.consumer }, 'audit stream consumer failed; the same events come again next round'),
  });
}
