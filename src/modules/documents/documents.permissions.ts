// The permissions the documents module owns, and which seeded roles start with them. Reading and
// adding ordinary documents needs no permission of its own: it follows the case (see documents.policy.ts).
import type { PermissionDefinition } from '../../kernel/auth/permissions.ts';

export const documentPermissions: PermissionDefinition[] = [
  {
    name: 'documents.read-restricted',
    description:
      'See and add documents marked restricted (medical, identity papers…) on the cases one can see in the unit; volunteers do not.',
  },
  {
    name: 'documents.manage-quarantine',
    description: 'See and remove documents the virus scanner quarantined, on any case (without seeing the case).',
    privileged: true,
  },
];

export const DOCUMENT_ROLE_GRANTS: Record<string, string[]> = {
  'case-worker': ['documents.read-restricted'],
  'team-lead': ['documents.read-restricted'],
  'security-officer': ['documents.manage-quarantine'],
};
