// Who may read the audit trail, as small rules. The same rules hold in the database (migration 0011):
// the read policy admits audit.read and audit.export at the root unit only, and "who looked at this
// client" is answered only by audit_subject_events(). These refuse early with a clear problem.
import { hasPermissionIn } from '../../../kernel/auth/permissions.ts';
import { definePolicy } from '../../../kernel/auth/policy.ts';
import { AUDIT_EXPORT, AUDIT_READ } from '../audit.permissions.ts';
import type { SubjectAccess } from './trail.repository.ts';

/** The organisation as a whole (the trail has no unit): its root unit's id. */
export interface Organisation {
  rootUnitId: string;
}

/**
 * The trail is the whole organisation's and its events carry no unit: searching and exporting it takes
 * the permission granted at the root unit, never in one team (a team administrator cannot make an
 * auditor of the organisation).
 */
export const trailPolicy = definePolicy<Organisation, 'search' | 'export'>({
  search: (actor, org) => hasPermissionIn(actor, AUDIT_READ, org.rootUnitId),
  export: (actor, org) => hasPermissionIn(actor, AUDIT_EXPORT, org.rootUnitId),
});

export const TRAIL_REFUSED =
  'Reading the audit trail needs audit.read (exporting it audit.export) granted at the root unit: the trail is the whole organisation’s.';

/**
 * "Who looked at this client", from what the database answered for the actor and the person
 * (audit_subject_access): a person she may not see is not found (existence does not leak); one she
 * sees but neither holds audit.subject-views for nor works on a case of is refused.
 */
export function subjectViewAnswer(access: SubjectAccess): 'allowed' | 'not-found' | 'forbidden' {
  if (access === 'hidden') return 'not-found';
  return access === 'refused' ? 'forbidden' : 'allowed';
}

export const SUBJECT_VIEW_REFUSED =
  'Who looked at a client is shown to holders of audit.subject-views and to those who work on a case of the client (not as volunteer).';

/** Whether an actor id is a user's or service account's (a uuid) rather than a system component's name. */
export const isAccountId = (id: string | null): id is string =>
  id !== null && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
