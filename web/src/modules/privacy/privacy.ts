// What the privacy officer's screens share: the permissions that open them (a permission holds in the
// units listed and their subtrees; the API decides) and the sections of /privacy. Kept out of the .tsx
// files: permission names are dotted strings the catalogue test would take for message keys.
import type { SectionLink } from '../../app/SectionList.tsx';
import type { SignedInSession } from '../identity/session.ts';

type Permissions = SignedInSession['permissions'] | undefined;

export const PRIVACY_PERMISSION = {
  registerManage: 'privacy.register-manage',
  subjectAccess: 'privacy.subject-access',
  erasure: 'privacy.erasure',
  destruction: 'privacy.destruction',
} as const;

/** "Who looked at this client" for every person one may see (the audit module's permission). */
export const SUBJECT_VIEWS = 'audit.subject-views';

/** Who reads the processing register: every privacy and every audit permission (the API's REGISTER_READERS). */
const REGISTER_READERS = [
  ...Object.values(PRIVACY_PERMISSION),
  'audit.read',
  'audit.export',
  'audit.verify',
  'audit.alerts',
  'audit.subject-views',
] as const;

export const holds = (permissions: Permissions, permission: string): boolean => (permissions?.[permission]?.length ?? 0) > 0;

/** The sections of /privacy, each opened by one of its permissions. */
export const PRIVACY_SECTIONS: (SectionLink & { permissions: readonly string[] })[] = [
  {
    to: '/privacy/persons',
    title: 'privacy.subjects.title',
    about: 'privacy.subjects.about',
    permissions: [PRIVACY_PERMISSION.subjectAccess, PRIVACY_PERMISSION.erasure, SUBJECT_VIEWS],
  },
  { to: '/privacy/register', title: 'privacy.register.title', about: 'privacy.register.about', permissions: REGISTER_READERS },
  {
    to: '/privacy/destruction',
    title: 'privacy.destruction.title',
    about: 'privacy.destruction.about',
    permissions: [PRIVACY_PERMISSION.destruction],
  },
];

export const opensPrivacySection = (permissions: Permissions, section: (typeof PRIVACY_SECTIONS)[number]): boolean =>
  section.permissions.some((permission) => holds(permissions, permission));

/** The main menu's "Privacy": any section of /privacy open (the register is read by every audit permission too). */
export const anyPrivacySection = (permissions: Permissions): boolean =>
  PRIVACY_SECTIONS.some((section) => opensPrivacySection(permissions, section));
