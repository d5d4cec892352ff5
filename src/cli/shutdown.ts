// Graceful shutdown on SIGTERM/SIGINT: stop taking new work, finish accepted requests and running jobs,
// close pools, stop the embedded PostgreSQL. Bounded: after `timeoutMs` we exit anyway (non-zero), and
// a second signal exits at once.
import type { Logger } from '../kernel/observability/logger.ts';

export function handleShutdownSignals(options: { log: Logger; timeoutMs: number; stop: () => Promise<void> }): void {
  const { log, timeoutMs, stop } = options;
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    shuttingDown = true;
    log.info({ signal, timeoutMs }, 'shutting down: finishing accepted requests and running jobs');
    const timer = setTimeout(() => {
      log.error({ timeoutMs }, 'shutdown took too long: exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    stop().then(
      () => {
        log.info('shutdown complete');
        log.flush?.();
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
