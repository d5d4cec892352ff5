// The permissions the contacts module owns, and which seeded roles start with them. Logging contact
// needs none of its own: working on the case (assignment) or cases.update in its unit suffices.
import type { PermissionDefinition } from '../../kernel/auth/permissions.ts';

export const contactPermissions: PermissionDefinition[] = [
  {
    name: 'contacts.correct',
    description:
      'Correct contact moments of the unit’s cases one can see, also after the author’s 24-hour correction window (with a reason).',
  },
];

export const CONTACT_ROLE_GRANTS: Record<string, string[]> = {
  'team-lead': ['contacts.correct'],
};
