// The person as GET /persons/{personId} answers it (never the BSN itself: that is revealed on request,
// audited), its query, and the labels of its values.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import type { MessageId } from '../../i18n/messages.nl.ts';

export type Person = paths['/persons/{personId}']['get']['responses'][200]['content']['application/json'];
type ConsentBody = paths['/persons/{personId}/consents']['post']['requestBody']['content']['application/json'];
export type ConsentSubject = ConsentBody['subject'];
export type ConsentSource = ConsentBody['source'];

export const personKey = (personId: string) => ['persons', 'one', personId] as const;
export const consentsKey = (personId: string) => ['persons', 'consents', personId] as const;
export const personCasesKey = (personId: string) => ['cases', 'of-person', personId] as const;

// Behind forms (consent, merge): no refetch on focus, which would send the page to sign-in on a 401
// while a form still holds the input (web/README.md).
export const personQuery = (personId: string) =>
  queryOptions({
    queryKey: personKey(personId),
    queryFn: async () => unwrap(await api.GET('/persons/{personId}', { params: { path: { personId } } })),
    refetchOnWindowFocus: false,
  });

export const VULNERABILITIES: Record<string, MessageId> = {
  minor: 'persons.vulnerability.minor',
  cognitive: 'persons.vulnerability.cognitive',
  psychological: 'persons.vulnerability.psychological',
  language: 'persons.vulnerability.language',
  dependency: 'persons.vulnerability.dependency',
  other: 'persons.vulnerability.other',
};

export const CONSENT_SUBJECTS: Record<ConsentSubject, MessageId> = {
  support: 'persons.consent.subject.support',
  'data-sharing-police': 'persons.consent.subject.dataSharingPolice',
  'data-sharing-partners': 'persons.consent.subject.dataSharingPartners',
  'contact-by-email': 'persons.consent.subject.contactByEmail',
  'contact-by-sms': 'persons.consent.subject.contactBySms',
  research: 'persons.consent.subject.research',
};

export const CONSENT_SOURCES: Record<ConsentSource, MessageId> = {
  client: 'persons.consent.source.client',
  police: 'persons.consent.source.police',
  prosecutor: 'persons.consent.source.prosecutor',
  'legal-representative': 'persons.consent.source.legalRepresentative',
  'parent-or-guardian': 'persons.consent.source.parentOrGuardian',
  other: 'persons.consent.source.other',
};
