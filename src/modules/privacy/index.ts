// The privacy module: the privacy officer's tools under the GDPR (AVG): the processing register
// (verwerkingsregister), data-subject access exports, rectification history, erasure and
// anonymisation, and destruction of cases past their retention period. Other modules use only what
// this file exports.
import type { CasusModule } from '../../kernel/module.ts';
import { privacyMigrations } from './migrations/index.ts';
import { privacyPermissions } from './privacy.permissions.ts';
import { registerRoutes } from './register/register.routes.ts';
import { RegisterService } from './register/register.service.ts';
import { subjectAccessRoutes } from './subject-access/subject-access.routes.ts';
import { SubjectAccessService } from './subject-access/subject-access.service.ts';
import './privacy.tables.ts';

export { processingActivityIdFor, processingActivityResolver, type ActivityRef } from './register/register.resolver.ts';

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
    },
  };
}

export const privacyModule = createPrivacyModule();
