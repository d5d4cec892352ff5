// Contact moments as the API shows them: the summary decrypted, times in UTC.
import type { KeyRing } from '../../kernel/crypto/keyring.ts';
import type { ContactMomentRow } from './contacts.repository.ts';

export const SUMMARY_PURPOSE = 'contacts.summary';

export interface ContactMomentView {
  id: string;
  caseId: string;
  personId: string | null;
  channel: string;
  direction: string;
  occurredAt: string;
  durationMinutes: number | null;
  outcome: string;
  /** The decrypted summary; null only from latestContactMoments() called without a key ring. */
  summary: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export function presentContactMoment(row: ContactMomentRow, keyRing: KeyRing): ContactMomentView & { summary: string };
export function presentContactMoment(row: ContactMomentRow, keyRing: KeyRing | null): ContactMomentView;
export function presentContactMoment(row: ContactMomentRow, keyRing: KeyRing | null): ContactMomentView {
  return {
    id: row.id,
    caseId: row.case_id,
    personId: row.person_id,
    channel: row.channel,
    direction: row.direction,
    occurredAt: row.occurred_at.toISOString(),
    durationMinutes: row.duration_minutes,
    outcome: row.outcome,
    summary: keyRing ? keyRing.decryptText(SUMMARY_PURPOSE, row.summary_encrypted, row.id) : null,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}
