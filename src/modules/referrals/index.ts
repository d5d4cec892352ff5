// The referrals module: referrals (aanmeldingen) from chain partners and staff intake, the team queue
// in first-contact deadline order, contact attempts, conversion to a case, closing as duplicate or
// declined. Visibility by row-level security (migrations/0001_referrals.ts) and referralPolicy.
import type { CasusModule } from '../../kernel/module.ts';
import { PersonsService } from '../persons/index.ts';
import { referrals } from './migrations/0001_referrals.ts';
import { seedReferralPermissions } from './migrations/0002_seed_permissions.ts';
import { convertedFollowCase } from './migrations/0003_converted_follow_case.ts';
import { referralSubjectAccessFunction } from './migrations/0004_subject_access.ts';
import { erasure } from './migrations/0005_erasure.ts';
import { PAYLOAD_PURPOSE, ReferralsService } from './referrals.service.ts';
import { integrationRoutes, referralsRoutes } from './referrals.routes.ts';
import { referralPermissions } from './referrals.permissions.ts';
import { subscribeReferralEvents } from './referrals.events.ts';
import './referrals.tables.ts';

export { referralsErasure, type ReferralErasureFact } from './referrals.erasure.ts';

export { NOT_REACHED_TASK } from './referrals.service.ts';
export { personsOfReferrals, referralUnitOf } from './referrals.repository.ts';
export { referralSubjectAccess, type SubjectReferral } from './referrals.subject-access.ts';

export function createReferralsModule(): CasusModule {
  return {
    name: 'referrals',
    migrations: [referrals, seedReferralPermissions, convertedFollowCase, referralSubjectAccessFunction, erasure],
    permissions: referralPermissions,
    register(ctx) {
      ctx.encryption.register({
        name: 'referrals.payload',
        table: 'referral',
        idColumn: 'id',
        column: 'raw_payload',
        kind: 'field',
        purpose: PAYLOAD_PURPOSE,
        context: 'id',
      });
      const service = new ReferralsService(ctx.db, ctx.keyRing, new PersonsService(ctx.db, ctx.keyRing), {
        ...ctx.settings.referrals,
        calendar: ctx.settings.calendar,
      });
      ctx.addRoutes(
        { prefix: '/referrals', plugin: referralsRoutes(service) },
        { prefix: '/integration/referrals', plugin: integrationRoutes(service) },
      );
      subscribeReferralEvents(ctx.events);
    },
  };
}

export const referralsModule = createReferralsModule();
