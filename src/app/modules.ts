// The composition root's list of modules, in dependency order: a module's migrations may refer to
// tables of modules listed before it. The kernel's own tables come first.
import type { ModuleMigrations } from '../kernel/db/migrator.ts';
import type { CasusModule } from '../kernel/module.ts';
import { kernelMigrations } from '../kernel/migrations/index.ts';
import { identityModule } from '../modules/identity/index.ts';
import { accessReviewsModule } from '../modules/access-reviews/index.ts';
import { casesModule } from '../modules/cases/index.ts';
import { createPersonsModule } from '../modules/persons/index.ts';
import { referralsModule } from '../modules/referrals/index.ts';
import { tasksModule } from '../modules/tasks/index.ts';
import { contactsModule } from '../modules/contacts/index.ts';
import { documentsModule } from '../modules/documents/index.ts';
import { caseOverviewModule } from '../modules/case-overview/index.ts';
import { searchModule } from '../modules/search/index.ts';
import { createAuditModule, subjectViewsAllowed, type ShippingOptions } from '../modules/audit/index.ts';
import { privacyModule, processingActivityIdFor } from '../modules/privacy/index.ts';

/** The processing log names each event's processing activity from the privacy module's register. */
export const auditShipping: ShippingOptions = { processingActivityOf: processingActivityIdFor };

// cases before persons: a person's visibility follows the cases they participate in.
export const modules: CasusModule[] = [
  identityModule,
  accessReviewsModule,
  casesModule,
  // A person's allowedActions offer "who looked at her" by the audit trail's own rule.
  createPersonsModule({ accessesVisible: subjectViewsAllowed }),
  referralsModule,
  tasksModule,
  contactsModule,
  documentsModule,
  caseOverviewModule,
  searchModule,
  createAuditModule(auditShipping),
  privacyModule,
];

export function allMigrations(list: CasusModule[] = modules): ModuleMigrations[] {
  return [kernelMigrations, ...list.map((m) => ({ module: m.name, migrations: m.migrations ?? [] }))];
}
