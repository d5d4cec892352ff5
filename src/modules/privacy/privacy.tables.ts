// The privacy module's tables, for typed SQL (see kernel/db/tables.ts).
import type { Generated } from 'kysely';

export const DESTRUCTION_ROUND_STATUSES = ['proposed', 'reviewed', 'approved', 'executing', 'completed', 'cancelled'] as const;
export type DestructionRoundStatus = (typeof DESTRUCTION_ROUND_STATUSES)[number];
export const DESTRUCTION_ITEM_STATUSES = ['pending', 'removed', 'destroyed', 'skipped', 'withdrawn'] as const;
export type DestructionItemStatus = (typeof DESTRUCTION_ITEM_STATUSES)[number];
/** Why a listed case was not destroyed when its turn came (the cases module's answer). */
export const DESTRUCTION_SKIP_REASONS = ['not-found', 'reopened', 'retention', 'legal-hold'] as const;
export type DestructionSkipReason = (typeof DESTRUCTION_SKIP_REASONS)[number];

/** What went with one destroyed case, per kind (destruction_item.counts). */
export interface DestructionCounts {
  contactMoments: number;
  documents: number;
  tasks: number;
  referrals: number;
  participants: number;
  assignments: number;
  incidents: number;
  personsErased: number;
  personsKept: number;
}

export interface DestructionRoundTable {
  id: Generated<string>;
  status: Generated<DestructionRoundStatus>;
  cutoff: string;
  proposed_at: Generated<Date>;
  proposed_by: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  approved_by: string | null;
  approved_at: Date | null;
  cancelled_by: string | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  started_at: Date | null;
  completed_at: Date | null;
  version: Generated<number>;
}

export interface DestructionItemTable {
  id: Generated<string>;
  round_id: string;
  case_id: string;
  case_number: string;
  case_type_key: string;
  owning_unit_id: string;
  retention_until: string;
  status: Generated<DestructionItemStatus>;
  removed_by: string | null;
  removed_at: Date | null;
  removal_reason: string | null;
  skip_reason: DestructionSkipReason | null;
  done_at: Date | null;
  counts: DestructionCounts | null;
  blobs_pending: Generated<string[]>;
}

declare module '../../kernel/db/tables.ts' {
  interface Tables {
    destruction_round: DestructionRoundTable;
    destruction_item: DestructionItemTable;
  }
}
