// The contacts module: contact moments (contactmomenten) on cases — channel, direction, time,
// duration, outcome and an encrypted summary. Visibility follows the case (row-level security,
// migrations/0001_contact_moments.ts, as well as the services).
import type { CasusModule } from '../../kernel/module.ts';
import { contactMoments } from './migrations/0001_contact_moments.ts';
import { seedContactPermissions } from './migrations/0002_seed_permissions.ts';
import { logThroughCaseRule } from './migrations/0003_log_through_case_rule.ts';
import { contactSubjectAccessFunction } from './migrations/0004_subject_access.ts';
import { erasure } from './migrations/0005_erasure.ts';
import { contactPermissions } from './contacts.permissions.ts';
import { SUMMARY_PURPOSE } from './contacts.presenter.ts';
import { caseContactRoutes, contactMomentRoutes } from './contacts.routes.ts';
import { ContactsService } from './contacts.service.ts';
import { subscribeContactEvents } from './contacts.events.ts';
import './contacts.tables.ts';

export { latestContactMoments } from './contacts.lookup.ts';
export type { ContactMomentView } from './contacts.presenter.ts';
export { ContactMomentAnswer, ContactMomentSchema } from './contacts.routes.ts';
export { contactSubjectAccess, type SubjectContactMoment } from './contacts.subject-access.ts';
export { contactsErasure } from './contacts.erasure.ts';

export function createContactsModule(): CasusModule {
  return {
    name: 'contacts',
    migrations: [contactMoments, seedContactPermissions, logThroughCaseRule, contactSubjectAccessFunction, erasure],
    permissions: contactPermissions,
    register(ctx) {
      ctx.encryption.register({
        name: 'contacts.summary',
        table: 'contact_moment',
        idColumn: 'id',
        column: 'summary_encrypted',
        kind: 'field',
        purpose: SUMMARY_PURPOSE,
        context: 'id',
      });
      const contacts = new ContactsService(ctx.db, ctx.keyRing);
      ctx.addRoutes(
        { prefix: '/cases/:caseId/contact-moments', plugin: caseContactRoutes(contacts) },
        { prefix: '/contact-moments', plugin: contactMomentRoutes(contacts) },
      );
      subscribeContactEvents(ctx.events);
    },
  };
}

export const contactsModule = createContactsModule();
