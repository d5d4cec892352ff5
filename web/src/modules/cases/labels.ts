// Human labels for the keys the API answers with (case status, confidentiality, roles). The statuses of
// the seeded case type have texts in the catalogue; a configured type's own status shows the label the
// API gives (statusLabel, nextStatuses) or, in lists that carry only the key, the key itself.
import { useCallback } from 'react';
import { useT } from '../../i18n/locale.tsx';
import type { MessageId } from '../../i18n/messages.nl.ts';

const STATUS: Record<string, MessageId> = {
  intake: 'cases.status.intake',
  active: 'cases.status.active',
  'on-hold': 'cases.status.onHold',
  closed: 'cases.status.closed',
};
const TYPE: Record<string, MessageId> = { default: 'cases.type.default' };
const CONFIDENTIALITY: Record<string, MessageId> = {
  normal: 'cases.confidentiality.normal',
  sensitive: 'cases.confidentiality.sensitive',
  shielded: 'cases.confidentiality.shielded',
};
const PARTICIPANT_ROLE: Record<string, MessageId> = {
  victim: 'cases.participantRole.victim',
  'next-of-kin': 'cases.participantRole.nextOfKin',
  witness: 'cases.participantRole.witness',
  'legal-representative': 'cases.participantRole.legalRepresentative',
  'contact-person': 'cases.participantRole.contactPerson',
};
const ASSIGNMENT_ROLE: Record<string, MessageId> = {
  worker: 'cases.assignmentRole.worker',
  volunteer: 'cases.assignmentRole.volunteer',
  coordinator: 'cases.assignmentRole.coordinator',
};

export const PARTICIPANT_ROLES = Object.keys(PARTICIPANT_ROLE) as (
  'victim' | 'next-of-kin' | 'witness' | 'legal-representative' | 'contact-person'
)[];
export const ASSIGNMENT_ROLES = Object.keys(ASSIGNMENT_ROLE) as ('worker' | 'volunteer' | 'coordinator')[];

export function useCaseLabels() {
  const t = useT();
  const label = useCallback(
    (map: Record<string, MessageId>, key: string, fallback?: string) => {
      const id = map[key];
      return id ? t(id) : (fallback ?? key);
    },
    [t],
  );
  return {
    status: (key: string, fallback?: string) => label(STATUS, key, fallback),
    type: (key: string, fallback?: string) => label(TYPE, key, fallback),
    confidentiality: (key: string) => label(CONFIDENTIALITY, key),
    participantRole: (key: string) => label(PARTICIPANT_ROLE, key),
    assignmentRole: (key: string) => label(ASSIGNMENT_ROLE, key),
  };
}
