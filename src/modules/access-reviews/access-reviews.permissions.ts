// The permissions the access-reviews module owns, and which seeded roles start with them.
import type { PermissionDefinition } from '../../kernel/auth/permissions.ts';

export const MANAGE = 'access-reviews.manage';
export const READ = 'access-reviews.read';

export const accessReviewPermissions: PermissionDefinition[] = [
  {
    name: MANAGE,
    description: 'Start and close access review campaigns; decide reviews escalated to the review managers.',
    privileged: true,
  },
  { name: READ, description: 'See access review campaigns, their progress and their reports.' },
];

/** Seeded roles' share of these permissions (migrations/0002). */
export const ACCESS_REVIEW_ROLE_GRANTS: Record<string, string[]> = {
  'security-officer': [MANAGE, READ],
  'privacy-officer': [READ],
  'functional-administrator': [READ],
};
