// Texts in English. The privacy officer's tools (GDPR): data-subject requests, the processing register
// and destruction lists.
import type { privacyNl } from './messages.nl.ts';

export const privacyEn: Record<keyof typeof privacyNl, string> = {
  'privacy.menu': 'Privacy',
  'privacy.title': 'Privacy (GDPR)',
  'privacy.intro':
    'Requests from data subjects (access, rectification, erasure), the processing register and the destruction of cases after their retention period. Everything you do here is recorded.',
  'privacy.sections': 'Sections',
  'privacy.nothing': 'You have no permissions on the privacy tools.',
  'privacy.subjects.title': 'Data-subject requests',
  'privacy.subjects.about': 'Find the person; access (JSON or PDF), the history of changes, who looked at her data, and erasure.',
  'privacy.register.title': 'Processing register',
  'privacy.register.about': 'The processing activities (GDPR art. 30) the audit trail points to.',
  'privacy.destruction.title': 'Destruction lists',
  'privacy.destruction.about':
    'Cases past their retention period: draw up a list, have a second person approve it, destroy and account for it.',
};
