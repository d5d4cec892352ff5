// The referrals module's tables, for typed SQL (see kernel/db/tables.ts).
import type { Generated } from 'kysely';

export const REFERRAL_SOURCES = ['police', 'public-prosecutor', 'zsm', 'self', 'partner'] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];
/** How it came in: 'api' from a chain partner's system, the others registered by staff. */
export const REFERRAL_CHANNELS = ['api', 'phone', 'email', 'web-form', 'letter', 'in-person'] as const;
export type ReferralChannel = (typeof REFERRAL_CHANNELS)[number];
export const REFERRAL_STATUSES = ['open', 'in-contact', 'not-reached', 'converted', 'duplicate', 'declined'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
/** Statuses in which a referral is still being worked (the queue). */
export const LIVE_STATUSES: readonly ReferralStatus[] = ['open', 'in-contact', 'not-reached'];
export const CONSENT_SOURCES = ['client', 'police', 'prosecutor', 'legal-representative', 'parent-or-guardian', 'other'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];
export const ATTEMPT_CHANNELS = ['phone', 'sms', 'email', 'letter', 'visit'] as const;
export type AttemptChannel = (typeof ATTEMPT_CHANNELS)[number];
export const ATTEMPT_OUTCOMES = ['reached', 'no-answer', 'voicemail', 'wrong-number', 'declined'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];
/** Outcomes that count as a failed attempt to reach the client. */
export const FAILED_OUTCOMES: readonly AttemptOutcome[] = ['no-answer', 'voicemail', 'wrong-number'];

export interface ReferralTable {
  id: string;
  source: ReferralSource;
  channel: ReferralChannel;
  received_at: Date;
  source_reference: string | null;
  /** The payload as received, JSON encrypted with the key ring (purpose referrals.payload, the id as context); null once erased. */
  raw_payload: Buffer | null;
  owning_unit_id: string;
  person_id: string | null;
  incident_id: string | null;
  consent_given: boolean;
  consent_source: ConsentSource | null;
  status: Generated<ReferralStatus>;
  first_contact_due_at: Date;
  failed_attempts: Generated<number>;
  assigned_to: string | null;
  converted_case_id: string | null;
  closed_reason: string | null;
  closed_at: Date | null;
  submitted_by: string | null;
  /** When the payload was erased (privacy.erasure, migrations/0005_erasure.ts). */
  payload_erased_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
}

export interface ReferralContactAttemptTable {
  id: Generated<string>;
  referral_id: string;
  at: Date;
  channel: AttemptChannel;
  outcome: AttemptOutcome;
  note: string | null;
  recorded_by: string | null;
  recorded_at: Generated<Date>;
}

declare module '../../kernel/db/tables.ts' {
  interface Tables {
    referral: ReferralTable;
    referral_contact_attempt: ReferralContactAttemptTable;
  }
}
