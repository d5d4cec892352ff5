// Grants as the API shows them (AssignmentSchema): dates as ISO 8601 text.
import type { RoleAssignment } from './assignments.repository.ts';

export const presentAssignment = (g: RoleAssignment) => ({
  ...g,
  startsAt: g.startsAt.toISOString(),
  endsAt: g.endsAt?.toISOString() ?? null,
  grantedAt: g.grantedAt.toISOString(),
  revokedAt: g.revokedAt?.toISOString() ?? null,
});
