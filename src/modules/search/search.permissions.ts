// The permission the search module owns, and which seeded roles start with it.
import type { PermissionDefinition } from '../../kernel/auth/permissions.ts';

export const SEARCH = 'search.use';

export const searchPermissions: PermissionDefinition[] = [
  {
    name: SEARCH,
    description:
      'Search persons and cases by name, date of birth, BSN, phone, e-mail, address, case number or police reference; only what one may see is found.',
  },
];

/** Everyone who works with clients and cases searches them; row-level security decides what they find. */
export const SEARCH_ROLE_GRANTS: Record<string, string[]> = {
  'case-worker': [SEARCH],
  volunteer: [SEARCH],
  'team-lead': [SEARCH],
};
