// The permissions the privacy module owns (the privacy officer's, the FG's, tools under the GDPR/AVG).
import type { PermissionDefinition } from '../../kernel/auth/permissions.ts';

export const PRIVACY_REGISTER_MANAGE = 'privacy.register-manage';
export const PRIVACY_SUBJECT_ACCESS = 'privacy.subject-access';
export const PRIVACY_ERASURE = 'privacy.erasure';
export const PRIVACY_DESTRUCTION = 'privacy.destruction';

export const privacyPermissions: PermissionDefinition[] = [
  {
    name: PRIVACY_REGISTER_MANAGE,
    description: 'Keep the processing register (verwerkingsregister): add and change processing activities.',
  },
  {
    name: PRIVACY_SUBJECT_ACCESS,
    description: 'Answer data-subject requests: export everything held about one person, and see their rectification history.',
    privileged: true,
  },
  {
    name: PRIVACY_ERASURE,
    description: 'Erase or anonymise a person when the law allows it (refused under a legal hold or an open case).',
    privileged: true,
  },
  {
    name: PRIVACY_DESTRUCTION,
    description: 'Draw up, approve (a second person) and carry out destruction lists of cases past their retention period.',
    privileged: true,
  },
];
