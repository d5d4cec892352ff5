// The referral as GET /referrals/{referralId} answers it, its query, and the labels of its values.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import type { MessageId } from '../../i18n/messages.nl.ts';

export type Referral = paths['/referrals/{referralId}']['get']['responses'][200]['content']['application/json'];
export type Attempt = Referral['attempts'][number];

export const referralKey = (referralId: string) => ['referrals', 'one', referralId] as const;

// Behind forms (attempt, convert, close): no refetch on focus, which would send the page to sign-in on a
// 401 while the form still holds the input (web/README.md).
export const referralQuery = (referralId: string) =>
  queryOptions({
    queryKey: referralKey(referralId),
    queryFn: async () => unwrap(await api.GET('/referrals/{referralId}', { params: { path: { referralId } } })),
    refetchOnWindowFocus: false,
  });

export const SOURCES: Record<Referral['source'], MessageId> = {
  police: 'casework.source.police',
  'public-prosecutor': 'casework.source.publicProsecutor',
  zsm: 'casework.source.zsm',
  self: 'casework.source.self',
  partner: 'casework.source.partner',
};

export const CHANNELS: Record<string, MessageId> = {
  api: 'casework.channel.api',
  phone: 'casework.channel.phone',
  email: 'casework.channel.email',
  'web-form': 'casework.channel.webForm',
  letter: 'casework.channel.letter',
  'in-person': 'casework.channel.inPerson',
};

export const STATUSES: Record<Referral['status'], MessageId> = {
  open: 'referrals.status.open',
  'in-contact': 'referrals.status.inContact',
  'not-reached': 'referrals.status.notReached',
  converted: 'referrals.status.converted',
  duplicate: 'referrals.status.duplicate',
  declined: 'referrals.status.declined',
};

export const ATTEMPT_CHANNELS: Record<Attempt['channel'], MessageId> = {
  phone: 'referrals.attempts.channel.phone',
  sms: 'referrals.attempts.channel.sms',
  email: 'referrals.attempts.channel.email',
  letter: 'referrals.attempts.channel.letter',
  visit: 'referrals.attempts.channel.visit',
};

export const ATTEMPT_OUTCOMES: Record<Attempt['outcome'], MessageId> = {
  reached: 'referrals.attempts.outcome.reached',
  'no-answer': 'referrals.attempts.outcome.noAnswer',
  voicemail: 'referrals.attempts.outcome.voicemail',
  'wrong-number': 'referrals.attempts.outcome.wrongNumber',
  declined: 'referrals.attempts.outcome.declined',
};

export const INCIDENT_CATEGORIES: Record<string, MessageId> = {
  violence: 'referrals.incident.category.violence',
  property: 'referrals.incident.category.property',
  traffic: 'referrals.incident.category.traffic',
  'sexual-offence': 'referrals.incident.category.sexualOffence',
  homicide: 'referrals.incident.category.homicide',
  calamity: 'referrals.incident.category.calamity',
  'missing-person': 'referrals.incident.category.missingPerson',
  other: 'referrals.incident.category.other',
};

/** The person as the referrer described them, from the payload (its shape is POST /referrals' `person`). */
export interface ReferredPerson {
  voornamen?: string;
  roepnaam?: string;
  tussenvoegsel?: string;
  achternaam?: string;
  dateOfBirth?: string;
  bsn?: string;
  bsnHidden?: boolean;
  phones?: string[];
  emails?: string[];
  [field: string]: unknown;
}

export interface ReferredIncident {
  category?: string;
  occurredOn?: string;
  place?: string;
  policeReference?: string;
  description?: string;
}

export function payloadOf(referral: Referral): { person?: ReferredPerson; incident?: ReferredIncident; note?: string } {
  return referral.payload ?? {};
}

/** Call name or first given name, tussenvoegsel, surname: the rule the API's displayName follows. */
export function nameOf(person: ReferredPerson): string {
  const first = person.roepnaam ?? person.voornamen?.split(' ')[0];
  return [first, person.tussenvoegsel, person.achternaam].filter(Boolean).join(' ');
}
