// The cases module: incidents (gebeurtenissen), cases with their type, status, owning unit,
// confidentiality, workers, explicit and break-the-glass access, and participants. Case visibility
// is enforced by row-level security (migrations/0001_cases.ts) as well as by the services.
import type { CasusModule } from '../../kernel/module.ts';
import { cases } from './migrations/0001_cases.ts';
import { seedCasePermissions } from './migrations/0002_seed_permissions.ts';
import { casePermissions } from './cases.permissions.ts';

export function createCasesModule(): CasusModule {
  return {
    name: 'cases',
    migrations: [cases, seedCasePermissions],
    permissions: casePermissions,
  };
}

export const casesModule = createCasesModule();
