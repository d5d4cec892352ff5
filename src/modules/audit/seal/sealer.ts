// The sealing loop each working instance runs: a round every CASUS_AUDIT_SEAL_INTERVAL_MS seals what
// committed since the last one (seal.repository.ts). Rounds never overlap within an instance.
import { databaseErrorOf, VIOLATIONS } from '../../../kernel/db/sqlstate.ts';
import type { BackgroundWorker } from '../../../kernel/module.ts';
import type { Logger } from '../../../kernel/observability/logger.ts';
import type { AuditSealer } from './seal.repository.ts';

/** Codes of a round that lost to a concurrent one: retried by the next round, not worth an error. */
const LOST_RACE = new Set<string>(['40001', VIOLATIONS.unique]);

export function sealingWorker(sealer: AuditSealer, options: { intervalMs: number; log: Logger }): BackgroundWorker {
  let timer: NodeJS.Timeout | null = null;
  let round: Promise<void> | null = null;
  let stopped = false;
  const run = async () => {
    try {
      await sealer.sealAll();
    } catch (error) {
      const code = databaseErrorOf(error)?.sqlState;
      if (code && LOST_RACE.has(code)) options.log.debug({ code }, 'audit sealing round lost a race; the next round retries');
      else options.log.error({ err: error }, 'audit sealing round failed; the next round retries');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      round = run().finally(() => {
        round = null;
        schedule();
      });
    }, options.intervalMs);
    timer.unref();
  };
  return {
    name: 'audit-sealer',
    async start() {
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await round;
    },
  };
}
