// The persons module: clients (victims, next of kin, witnesses) with Dutch name parts, encrypted BSN
// with a blind index, contact details, address, language, vulnerabilities and consent. Visibility
// follows the cases a person participates in (row-level security, migrations/0001_persons.ts).
import type { CasusModule } from '../../kernel/module.ts';
import { persons } from './migrations/0001_persons.ts';
import { seedPersonPermissions } from './migrations/0002_seed_permissions.ts';
import { duplicateCandidates } from './migrations/0003_duplicate_candidates.ts';
import { nameWords } from './migrations/0004_name_words.ts';
import { visibleAmong } from './migrations/0005_visible_among.ts';
import { hiddenDuplicates } from './migrations/0006_hidden_duplicates.ts';
import { personSubjectAccessFunctions } from './migrations/0007_subject_access.ts';
import { erasure } from './migrations/0008_erasure.ts';
import { pruneNameWords } from './persons.jobs.ts';
import { BSN_PURPOSE, PersonsService, type PersonsOptions } from './persons.service.ts';
import { personsRoutes } from './persons.routes.ts';
import { personPermissions } from './persons.permissions.ts';
import './persons.tables.ts';

export { displayNameOf, livePersonId, personSummaries, visiblePersonIds, wasMergedInto, type PersonSummary } from './persons.lookup.ts';
export { isValidBsn, normaliseBsn } from './bsn.ts';
export { pruneNameWords } from './persons.jobs.ts';
export { followPersonMerges, repointMergedPerson, type PersonMergedEvent, type PersonReferences } from './persons.events.ts';
export { addPersonMergeStep, type PersonMergeStep } from './persons.merge-steps.ts';
export { BSN_PURPOSE, normalisePhone } from './persons.service.ts';
export { PersonsService, type AccessesVisible, type DuplicateCheck, type PersonInput, type PersonsOptions } from './persons.service.ts';
export {
  findDataSubjects,
  personRedactionTerms,
  personSubjectAccess,
  type PersonHoldings,
  type PersonTerms,
  type SubjectConsent,
  type SubjectMatch,
  type SubjectPerson,
  type SubjectQuery,
} from './persons.subject-access.ts';
export { personsErasure, type PersonErasureFacts } from './persons.erasure.ts';

/** `accessesVisible`: the audit module's answer to "may she see who looked at this person" (allowedActions' viewAccesses). */
export function createPersonsModule(options: PersonsOptions = {}): CasusModule {
  return {
    name: 'persons',
    migrations: [
      persons,
      seedPersonPermissions,
      duplicateCandidates,
      nameWords,
      visibleAmong,
      hiddenDuplicates,
      personSubjectAccessFunctions,
      erasure,
    ],
    permissions: personPermissions,
    register(ctx) {
      ctx.encryption.register({
        name: 'persons.bsn',
        table: 'person',
        idColumn: 'id',
        column: 'bsn_encrypted',
        kind: 'field',
        purpose: BSN_PURPOSE,
        context: 'id',
      });
      ctx.addRoutes({ prefix: '/persons', plugin: personsRoutes(new PersonsService(ctx.db, ctx.keyRing, options)) });
      ctx.jobs.define({
        name: 'persons.prune-name-words',
        schedule: { cron: '40 2 * * *' },
        handler: async () => {
          const removed = await pruneNameWords(ctx.db);
          ctx.log.info({ removed }, 'name words no person carries any more removed from the search dictionary');
        },
      });
    },
  };
}

export const personsModule = createPersonsModule();
