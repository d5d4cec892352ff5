// The permissions the audit module owns, and which seeded roles start with them. Reading the trail is
// itself audited: an auditor's search is an audit event like any other.
import type { PermissionDefinition } from '../../kernel/auth/permissions.ts';

export const AUDIT_READ = 'audit.read';
export const AUDIT_EXPORT = 'audit.export';
export const AUDIT_VERIFY = 'audit.verify';
export const AUDIT_ALERTS = 'audit.alerts';
export const AUDIT_SUBJECT_VIEWS = 'audit.subject-views';

export const auditPermissions: PermissionDefinition[] = [
  {
    name: AUDIT_READ,
    description: 'Search the audit trail by person, case, user, action, result and time (every search is itself audited).',
    privileged: true,
  },
  { name: AUDIT_EXPORT, description: 'Export audit events (CSV, JSON) for an investigation.', privileged: true },
  { name: AUDIT_VERIFY, description: "See the audit trail's verification status, its signed checkpoints and retention boundaries." },
  { name: AUDIT_ALERTS, description: 'See detection alerts (possible snooping, misuse) and acknowledge or close them.', privileged: true },
  {
    name: AUDIT_SUBJECT_VIEWS,
    description: 'See who looked at a client (every read and change of one person’s data), for data-subject requests.',
    privileged: true,
  },
];
