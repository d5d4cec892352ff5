// The access-reviews module: periodic review of who may what (BIO: all rights yearly, privileged
// rights quarterly). Campaigns snapshot the grants in scope, managers keep or revoke each, and what is
// not reviewed by the deadline is escalated or revoked. It reaches identity only through identity's
// index.ts. Other modules use only what this file exports.
import type { CasusModule, ModuleContext } from '../../kernel/module.ts';
import { Mailer } from '../../kernel/mail/mailer.ts';
import { accessReviewMigrations } from './migrations/index.ts';
import { accessReviewPermissions } from './access-reviews.permissions.ts';
import { AccessReviewService } from './access-reviews.service.ts';
import { accessReviewRoutes } from './access-reviews.routes.ts';
import { runDeadlines, runReminders, SCHEDULES, startScheduledCampaign } from './access-reviews.jobs.ts';
import './access-reviews.tables.ts';

export { runDeadlines, runReminders, startScheduledCampaign, SCHEDULES, periodOf, type ReminderMail } from './access-reviews.jobs.ts';
export type { AccessReviewService } from './access-reviews.service.ts';

export interface AccessReviewServices {
  reviews: AccessReviewService;
}

export function createAccessReviewsModule(): CasusModule & { services(): AccessReviewServices } {
  let services: AccessReviewServices | null = null;
  return {
    name: 'access-reviews',
    migrations: accessReviewMigrations,
    permissions: accessReviewPermissions,
    services() {
      if (!services) throw new Error('The access-reviews module is not registered yet');
      return services;
    },
    register(ctx: ModuleContext) {
      // The registry knows every module's permissions, so "privileged" follows what modules declare.
      const reviews = new AccessReviewService(ctx.authDb, ctx.permissions);
      const mailer = new Mailer(ctx.settings.mail);
      services = { reviews };
      ctx.addRoutes({ prefix: '/access-reviews', plugin: accessReviewRoutes(reviews) });
      ctx.jobs.define({
        name: 'access-reviews.deadline',
        schedule: { cron: '15 1 * * *' },
        handler: async () => void (await runDeadlines(ctx.authDb, new Date(), ctx.log)),
      });
      ctx.jobs.define({
        name: 'access-reviews.reminders',
        schedule: { cron: '0 8 * * *' },
        handler: async () => {
          const sent = await runReminders(ctx.authDb, new Date(), { mail: mailer, log: ctx.log, appUrl: ctx.settings.http.publicUrl });
          ctx.log.info({ reviewers: sent.length, mailed: sent.filter((s) => s.mailed).length }, 'access review reminders done');
        },
      });
      for (const schedule of Object.values(SCHEDULES)) {
        ctx.jobs.define({
          name: schedule.job,
          schedule: { cron: schedule.cron },
          handler: async () => {
            const id = await startScheduledCampaign(ctx.authDb, schedule, new Date(), reviews.privileged());
            ctx.log.info(
              { schedule: schedule.job, campaignId: id },
              id ? 'scheduled access review started' : 'scheduled access review already running for this period',
            );
          },
        });
      }
    },
  };
}

export const accessReviewsModule = createAccessReviewsModule();
