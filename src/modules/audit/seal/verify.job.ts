// The scheduled verification (ADR 0025): every hour an incremental run (from where the last successful run
// ended, plus the checks over the whole trail), every night a full one from the retention boundary. Each
// run is recorded (audit_verify_run, the metrics and the verification screen read it). A failed run is a
// security event, told to the holders of audit.alerts, once per distinct failure: the first failing run,
// and again when the first bad position changes, not every hour while the same damage stands.
import { systemContext } from '../../../kernel/auth/actor.ts';
import { recordSecurityEvent } from '../../../kernel/audit/security-events.ts';
import type { Database } from '../../../kernel/db/database.ts';
import type { JobQueue } from '../../../kernel/jobs/jobs.ts';
import type { Logger } from '../../../kernel/observability/logger.ts';
import { rootUnitId } from '../../identity/index.ts';
import { AUDIT_ALERTS } from '../audit.permissions.ts';
import type { AuditKeys } from './keys.ts';
import { latestRun, recordRun } from './status.repository.ts';
import { verifyTrail } from './verifier.ts';
import type { VerificationReport } from './verify-report.ts';
import type { WitnessStore } from './witness.ts';

export const VERIFY_JOB = 'audit.verify';
export const VERIFY_FULL_JOB = 'audit.verify-full';
const ACTOR = systemContext('audit-verify');

export interface VerificationDeps {
  db: Database;
  keys: AuditKeys;
  witness: WitnessStore | null;
  log: Logger;
}

/** Runs a verification and records it; a failure raises the security event (see above). */
export async function runVerification(deps: VerificationDeps, mode: 'incremental' | 'full'): Promise<VerificationReport> {
  const report = await verifyTrail(deps.db, { mode, keys: deps.keys, witness: deps.witness, actor: ACTOR });
  await deps.db.transaction(ACTOR, async (tx) => {
    const last = await latestRun(tx);
    const bad = report.firstBad;
    await recordRun(tx, report);
    if (report.ok) return;
    const same = last && !last.ok && last.first_bad_leaf === (bad?.leafIndex ?? null) && last.first_bad_event === (bad?.eventId ?? null);
    if (same) return;
    await recordSecurityEvent(tx, {
      action: 'audit.verification-failed',
      objectType: 'audit-trail',
      objectId: bad?.leafIndex ?? bad?.eventId ?? null,
      result: 'failure',
      details: {
        mode: report.mode,
        firstBadLeaf: bad?.leafIndex ?? null,
        firstBadEvent: bad?.eventId ?? null,
        exact: bad?.exact ?? null,
        kinds: [...new Set(report.findings.map((f) => f.kind))],
      },
      unitId: null,
      notify: [{ permission: AUDIT_ALERTS, unitId: await rootUnitId(tx) }],
    });
  });
  if (!report.ok)
    deps.log.error(
      { mode, firstBad: report.firstBad, kinds: [...new Set(report.findings.map((f) => f.kind))] },
      'the audit trail does not verify: see the runbook (docs/operations/runbook.md#audit-verification-failed)',
    );
  return report;
}

export function defineVerificationJobs(jobs: JobQueue, deps: VerificationDeps): void {
  jobs.define({
    name: VERIFY_JOB,
    schedule: { cron: '7 * * * *' },
    retryLimit: 1,
    expireInSeconds: 3600,
    concurrency: 1,
    handler: async () => void (await runVerification(deps, 'incremental')),
  });
  jobs.define({
    name: VERIFY_FULL_JOB,
    schedule: { cron: '47 2 * * *' },
    retryLimit: 1,
    expireInSeconds: 4 * 3600,
    concurrency: 1,
    handler: async () => void (await runVerification(deps, 'full')),
  });
}
