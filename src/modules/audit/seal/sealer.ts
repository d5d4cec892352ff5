// The sealing loop each working instance runs: a round every CASUS_AUDIT_SEAL_INTERVAL_MS seals what
// committed since the last one (seal.repository.ts), then issues a checkpoint when one is due and copies
// it to the witness store (checkpointer.ts).
import { databaseErrorOf, VIOLATIONS } from '../../../kernel/db/sqlstate.ts';
import { intervalWorker } from '../../../kernel/jobs/interval-worker.ts';
import type { BackgroundWorker } from '../../../kernel/module.ts';
import type { Logger } from '../../../kernel/observability/logger.ts';
import type { Checkpointer } from './checkpointer.ts';
import type { AuditSealer } from './seal.repository.ts';

/** Codes of a round that lost to a concurrent one (another instance): the next round retries, no error. */
const LOST_RACE = new Set<string>(['40001', VIOLATIONS.unique]);

export function sealingWorker(
  sealer: AuditSealer,
  options: { intervalMs: number; log: Logger; checkpointer?: Checkpointer },
): BackgroundWorker {
  const worker = intervalWorker('audit-sealer', {
    intervalMs: options.intervalMs,
    round: async () => {
      const sealed = await sealer.sealAll();
      await options.checkpointer?.round(sealed);
    },
    onError: (error) => {
      const code = databaseErrorOf(error)?.sqlState;
      if (code && LOST_RACE.has(code)) options.log.debug({ code }, 'audit sealing round lost a race; the next round retries');
      else options.log.error({ err: error }, 'audit sealing round failed; the next round retries');
    },
  });
  return {
    ...worker,
    async stop() {
      await worker.stop();
      options.checkpointer?.witness?.close();
    },
  };
}
