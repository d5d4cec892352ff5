// What the audit screens share: the permissions that open them (a permission holds in the units listed
// and their subtrees; reading the trail needs it at the root unit, the API decides), and the sections of
// /audit. Kept out of the .tsx files: permission names are dotted strings the catalogue test would take
// for message keys.
import type { SectionLink } from '../../app/SectionList.tsx';
import type { SignedInSession } from '../identity/session.ts';

type Permissions = SignedInSession['permissions'] | undefined;

export const AUDIT_PERMISSION = {
  read: 'audit.read',
  export: 'audit.export',
  verify: 'audit.verify',
  alerts: 'audit.alerts',
  subjectViews: 'audit.subject-views',
} as const;

const holds = (permissions: Permissions, permission: string): boolean => (permissions?.[permission]?.length ?? 0) > 0;

/** The sections of /audit, each opened by one of its permissions. */
export const AUDIT_SECTIONS: (SectionLink & { permissions: readonly string[] })[] = [
  {
    to: '/audit/events',
    title: 'audit.events.title',
    about: 'audit.events.about',
    permissions: [AUDIT_PERMISSION.read, AUDIT_PERMISSION.export],
  },
  { to: '/audit/alerts', title: 'audit.alerts.title', about: 'audit.alerts.about', permissions: [AUDIT_PERMISSION.alerts] },
  {
    to: '/audit/verification',
    title: 'audit.verification.title',
    about: 'audit.verification.about',
    permissions: [AUDIT_PERMISSION.verify],
  },
];

export const opensAuditSection = (permissions: Permissions, section: (typeof AUDIT_SECTIONS)[number]): boolean =>
  section.permissions.some((permission) => holds(permissions, permission));

/** The main menu's "Audit": any section of /audit open. */
export const anyAuditSection = (permissions: Permissions): boolean =>
  AUDIT_SECTIONS.some((section) => opensAuditSection(permissions, section));

/** "Who looked at this client" as a permission (holders see it for every person they may see). */
export const seesSubjectViews = (permissions: Permissions): boolean => holds(permissions, AUDIT_PERMISSION.subjectViews);

/** Whether the session holds an audit permission in any unit (the API decides whether at the root). */
export const holdsAuditPermission = (permissions: Permissions, permission: string): boolean => holds(permissions, permission);
