// Texts in English. The audit trail: search and export, "who looked at this client", detection alerts and
// the trail's verification.
import type { auditNl } from './messages.nl.ts';
import { auditAlertsEn } from './messages.alerts.en.ts';

export const auditEn: Record<keyof typeof auditNl, string> = {
  'audit.menu': 'Audit',
  'audit.title': 'Audit trail',
  'audit.intro':
    'Every action on personal data is in the audit trail, which nobody can change unseen. Searching or exporting here is recorded too.',
  'audit.sections': 'Sections',
  'audit.nothing': 'You have no permissions on the audit trail.',
  'audit.events.title': 'Search the audit trail',
  'audit.events.about': 'Who did what, when, with which person or case; export for an investigation.',
  'audit.alerts.title': 'Alerts',
  'audit.alerts.about':
    'Possible misuse the detection rules saw (many persons looked up, shielded cases at night, …): take them up and close them.',
  'audit.verification.title': 'Verification of the audit trail',
  'audit.verification.about': 'Whether the audit trail is intact: verification runs, signed checkpoints and retention.',
  ...auditAlertsEn,
};
