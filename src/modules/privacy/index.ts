// The privacy module: the privacy officer's tools under the GDPR (AVG): the processing register
// (verwerkingsregister), data-subject access exports, rectification history, erasure and
// anonymisation, and destruction of cases past their retention period. Other modules use only what
// this file exports.
import type { CasusModule } from '../../kernel/module.ts';
import { createBlobStore } from '../../kernel/blobs/store.ts';
import { privacyMigrations } from './migrations/index.ts';
import { privacyPermissions } from './privacy.permissions.ts';
import { registerRoutes } from './register/register.routes.ts';
import { RegisterService } from './register/register.service.ts';
import { subjectAccessRoutes } from './subject-access/subject-access.routes.ts';
import { SubjectAccessService } from './subject-access/subject-access.service.ts';
import { carryOutRound, proposeScheduledRound, roundsToResume } from './destruction/destruction.jobs.ts';
import { destructionRoutes } from './destruction/destruction.routes.ts';
import { DestructionService } from './destruction/destruction.service.ts';
import { erasureRoutes } from './erasure/erasure.routes.ts';
import { ErasureService } from './erasure/erasure.service.ts';
import './privacy.tables.ts';

export { processingActivityIdFor, processingActivityResolver, type ActivityRef } from './register/register.resolver.ts';
export { carryOutRound, proposeScheduledRound, DESTRUCTION_ACTOR } from './destruction/destruction.jobs.ts';

/** Jobs of the destruction rounds (destruction/destruction.jobs.ts). */
export const DESTRUCTION_JOBS = {
  propose: 'privacy.destruction-propose',
  execute: 'privacy.destruction-execute',
  resume: 'privacy.destruction-resume',
} as const;
/** One run carries out cases for at most this long, then leaves the rest to the next (pg-boss expires a job after 15 minutes). */
const RUN_MINUTES = 10;

export function createPrivacyModule(): CasusModule {
  return {
    name: 'privacy',
    migrations: privacyMigrations,
    permissions: privacyPermissions,
    register(ctx) {
      ctx.addRoutes(
        { prefix: '/privacy/processing-activities', plugin: registerRoutes(new RegisterService(ctx.db)) },
        { prefix: '/privacy/persons', plugin: subjectAccessRoutes(new SubjectAccessService(ctx.db, ctx.keyRing)) },
      );
      // Documents' blobs removed after erasure and destruction (their id is the document's).
      const blobs = createBlobStore(ctx.settings, ctx.keyRing);
      const { destructionRoundMaxCases: maxCases, destructionBatchSize: batchSize } = ctx.settings.privacy;
      const run = (roundId: string, signal?: AbortSignal) =>
        carryOutRound(ctx.db, blobs, roundId, {
          batchSize,
          log: ctx.log,
          deadline: Date.now() + RUN_MINUTES * 60_000,
          ...(signal ? { signal } : {}),
        });
      const destruction = new DestructionService(ctx.db, {
        maxCases,
        // After the approval committed; should the job not be sent, the resume job starts it within ten minutes.
        onApproved: async (roundId) => {
          await ctx.jobs.send(DESTRUCTION_JOBS.execute, { roundId }).catch((error: unknown) => {
            ctx.log.warn({ err: error, roundId }, 'destruction round approved; its job was not sent (the resume job starts it)');
          });
        },
      });
      ctx.addRoutes(
        { prefix: '/privacy/destruction-lists', plugin: destructionRoutes(destruction) },
        { prefix: '/privacy/persons/:personId/erasure', plugin: erasureRoutes(new ErasureService(ctx.db, blobs, ctx.log)) },
      );
      // Monthly, on the first at 04:30 (Amsterdam): a new list when none is open and cases are due.
      ctx.jobs.define({
        name: DESTRUCTION_JOBS.propose,
        schedule: { cron: '30 4 1 * *' },
        handler: async () => {
          const id = await proposeScheduledRound(ctx.db, maxCases);
          ctx.log.info(
            { roundId: id },
            id ? 'destruction list drawn up for review' : 'no destruction list drawn up (one is open, or none is due)',
          );
        },
      });
      ctx.jobs.define<{ roundId: string }>({
        name: DESTRUCTION_JOBS.execute,
        expireInSeconds: (RUN_MINUTES + 5) * 60,
        handler: async ({ roundId }, job) => {
          const summary = await run(roundId, job.signal);
          if (summary.failed > 0) throw new Error(`${summary.failed} listed case(s) could not be destroyed yet; retried`);
          if (summary.unfinished) await ctx.jobs.send(DESTRUCTION_JOBS.execute, { roundId });
        },
      });
      // Every ten minutes: an approved round not yet (or no longer) being carried out is picked up, so a
      // crash or a lost job never leaves one half done unnoticed.
      ctx.jobs.define({
        name: DESTRUCTION_JOBS.resume,
        schedule: { cron: '*/10 * * * *' },
        handler: async (_data, job) => {
          for (const roundId of await roundsToResume(ctx.db)) await run(roundId, job.signal);
        },
      });
    },
  };
}

export const privacyModule = createPrivacyModule();
