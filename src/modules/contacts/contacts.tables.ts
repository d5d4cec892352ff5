// The contacts module's table, for typed SQL (see kernel/db/tables.ts).
import type { Generated } from 'kysely';

export const CONTACT_CHANNELS = ['phone', 'video', 'email', 'letter', 'chat', 'visit'] as const;
export const CONTACT_DIRECTIONS = ['inbound', 'outbound'] as const;
export const CONTACT_OUTCOMES = ['reached', 'no-answer', 'voicemail', 'cancelled', 'completed'] as const;

export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export type ContactDirection = (typeof CONTACT_DIRECTIONS)[number];
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export interface ContactMomentTable {
  id: string;
  case_id: string;
  person_id: string | null;
  channel: ContactChannel;
  direction: ContactDirection;
  occurred_at: Date;
  duration_minutes: number | null;
  outcome: ContactOutcome;
  /** Key ring purpose 'contacts.summary', the row id as context. */
  summary_encrypted: Buffer;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
}

declare module '../../kernel/db/tables.ts' {
  interface Tables {
    contact_moment: ContactMomentTable;
  }
}
