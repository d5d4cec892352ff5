// The persons module: clients (victims, next of kin, witnesses) with Dutch name parts, encrypted BSN
// with a blind index, contact details, address, language, vulnerabilities and consent. Visibility
// follows the cases a person participates in (row-level security, migrations/0001_persons.ts).
import type { CasusModule } from '../../kernel/module.ts';
import { persons } from './migrations/0001_persons.ts';
import { seedPersonPermissions } from './migrations/0002_seed_permissions.ts';
import { personPermissions } from './persons.permissions.ts';

export function createPersonsModule(): CasusModule {
  return {
    name: 'persons',
    migrations: [persons, seedPersonPermissions],
    permissions: personPermissions,
  };
}

export const personsModule = createPersonsModule();
