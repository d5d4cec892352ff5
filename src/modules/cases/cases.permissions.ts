// The permissions the cases module owns, and which seeded roles start with them.
import type { PermissionDefinition } from '../../kernel/auth/permissions.ts';

export const casePermissions: PermissionDefinition[] = [
  { name: 'cases.read-unit', description: 'Read every case of the unit (except shielded cases): team leads and unit-wide readers.' },
  { name: 'cases.create', description: 'Open cases and record incidents in the unit.' },
  { name: 'cases.update', description: 'Change the cases of the unit one can see: status, tracks, participants, custom fields.' },
  { name: 'cases.assign', description: 'Assign and unassign case workers and volunteers in the unit.' },
  { name: 'cases.grant-access', description: 'Give a named person explicit access to a (shielded) case of the unit.', privileged: true },
  {
    name: 'cases.break-glass',
    description: 'Open a case outside one’s own scope after giving a reason; time-limited, raises a security event.',
    privileged: true,
  },
  { name: 'cases.review-access', description: 'Review break-the-glass accesses and explicit grants.', privileged: true },
  {
    name: 'cases.legal-hold',
    description: 'Put a case of the unit on legal hold, or lift the hold, with a reason: a held case is neither destroyed nor erased.',
    privileged: true,
  },
];

export const CASE_ROLE_GRANTS: Record<string, string[]> = {
  'case-worker': ['cases.create', 'cases.update', 'cases.break-glass'],
  'team-lead': [
    'cases.read-unit',
    'cases.create',
    'cases.update',
    'cases.assign',
    'cases.grant-access',
    'cases.break-glass',
    'cases.legal-hold',
  ],
  'security-officer': ['cases.review-access'],
  'privacy-officer': ['cases.review-access', 'cases.legal-hold'],
};
