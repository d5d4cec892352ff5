// The scheduled verification (ADR 0025): every hour an incremental run (from where the last successful run
// ended, plus the checks over the whole trail), every night a full one from the retention boundary. Each
// run is recorded (audit_verify_run, the metrics and the verification screen read it). A failed run is a
// security event, told to the holders of audit.alerts, once per distinct failure: the first failing run,
// and again when the first bad position changes, not every hour while the same damage stands.
import { sql } from 'kysely';
import { systemContext } from '../../../kernel/auth/actor.ts';
import { recordSecurityEvent } from '../../../kernel/audit/security-events.ts';
import type { Database } from '../../../kernel/db/database.ts';
import type { JobQueue } from '../../../kernel/jobs/jobs.ts';
import type { Logger } from '../../../kernel/observability/logger.ts';
import { rootUnitId } from '../../identity/index.ts';
import { AUDIT_ALERTS } from '../audit.permissions.ts';
import type { AuditKeys } from './keys.ts';
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
    const previous = await sql<{ ok: boolean; first_bad_leaf: string | null; first_bad_event: string | null }>`select ok,
      first_bad_leaf::text, first_bad_event::text from audit_verify_run order by id desc limit 1`.execute(tx.db);
    const bad = report.firstBad;
    await sql`insert into audit_verify_run (started_at, mode, ok, from_leaf, to_leaf, boundary, anchor_size, anchor_root, checkpoints,
        first_bad_leaf, first_bad_event, first_bad_exact, findings, warnings)
      values (${report.startedAt}::timestamptz, ${report.mode}, ${report.ok}, ${report.from}::bigint, ${report.to}::bigint,
        ${report.boundary}::bigint, ${report.anchor?.size ?? null}::bigint,
        ${report.anchor ? Buffer.from(report.anchor.root, 'base64') : null}::bytea, ${report.checkpoints},
        ${bad?.leafIndex ?? null}::bigint, ${bad?.eventId ?? null}::bigint, ${bad?.exact ?? null}::boolean,
        ${JSON.stringify(report.findings)}::jsonb, ${JSON.stringify(report.warnings)}::jsonb)`.execute(tx.db);
    if (report.ok) return;
    const last = previous.rows[0];
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
