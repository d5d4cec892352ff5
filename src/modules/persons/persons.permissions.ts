// The permissions the persons module owns, and which seeded roles start with them.
import type { PermissionDefinition } from '../../kernel/auth/permissions.ts';

export const personPermissions: PermissionDefinition[] = [
  { name: 'persons.create', description: 'Register persons (clients) at intake.' },
  { name: 'persons.update', description: 'Change the persons one can see (through their cases), record consent.' },
  { name: 'persons.read-bsn', description: 'See the BSN (citizen service number) of the persons one can see.' },
  { name: 'persons.read-confidential-address', description: 'See addresses marked confidential.', privileged: true },
  { name: 'persons.merge', description: 'Merge duplicate person records (keeps history).', privileged: true },
];

export const PERSON_ROLE_GRANTS: Record<string, string[]> = {
  'case-worker': ['persons.create', 'persons.update', 'persons.read-bsn'],
  volunteer: ['persons.update'],
  'team-lead': ['persons.create', 'persons.update', 'persons.read-bsn', 'persons.read-confidential-address', 'persons.merge'],
};
