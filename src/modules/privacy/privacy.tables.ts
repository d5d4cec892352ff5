// The privacy module's tables, for typed SQL (see kernel/db/tables.ts): the processing register, then the
// destruction rounds.
import type { ColumnType, Generated } from 'kysely';

/** The lawful bases of GDPR (AVG) art. 6(1), a to f. */
export const LEGAL_BASES = ['consent', 'contract', 'legal-obligation', 'vital-interests', 'public-task', 'legitimate-interests'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];
export const ACTIVITY_STATUSES = ['active', 'retired'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
export const ACTIVITY_CHANGES = ['create', 'update', 'retire'] as const;
export type ActivityChange = (typeof ACTIVITY_CHANGES)[number];

/** Set by the database (triggers of migrations/0001_processing_register.ts): never written by the application. */
type Stamped<T> = ColumnType<T, never, never>;

/** One processing activity (verwerking) of the register of GDPR art. 30(1). */
export interface ProcessingActivityTable {
  id: Generated<string>;
  /** Stable, readable identifier ('slachtofferhulp'): what logs and the shipped audit stream name. */
  key: string;
  name: string;
  purpose: string;
  legal_basis: LegalBasis;
  legal_basis_detail: Generated<string>;
  data_subject_categories: Generated<string[]>;
  personal_data_categories: Generated<string[]>;
  /** Special categories (art. 9) and criminal-offence data (art. 10), with the exception relied on. */
  special_categories: Generated<string[]>;
  recipients: Generated<string[]>;
  processors: Generated<string[]>;
  third_country_transfers: Generated<string>;
  retention: string;
  security_measures: Generated<string[]>;
  controller: string;
  dpo_contact: Generated<string>;
  /**
   * The audit actions this activity covers: whole actions ('person.bsn-reveal') or prefixes ending in a
   * dot ('person.'); an action belongs to its longest matching pattern. Kept apart in
   * processing_activity_action (one activity per pattern) by a trigger.
   */
  audit_actions: Generated<string[]>;
  status: Generated<ActivityStatus>;
  retired_at: Stamped<Date | null>;
  retire_reason: string | null;
  created_at: Stamped<Date>;
  created_by: Stamped<string | null>;
  updated_at: Stamped<Date>;
  updated_by: Stamped<string | null>;
  version: Generated<number>;
}

/** Who changed which fields of an activity when, with the activity as it was after the change. */
export interface ProcessingActivityHistoryTable {
  id: Generated<string>;
  activity_id: string;
  version: number;
  change: ActivityChange;
  changed_fields: string[];
  changed_at: Date;
  changed_by: string | null;
  snapshot: Record<string, unknown>;
}

/** Audit action pattern -> activity: the look-up side of audit_actions (a pattern belongs to one activity). */
export interface ProcessingActivityActionTable {
  pattern: string;
  activity_id: string;
}

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
    processing_activity: ProcessingActivityTable;
    processing_activity_history: ProcessingActivityHistoryTable;
    processing_activity_action: ProcessingActivityActionTable;
    destruction_round: DestructionRoundTable;
    destruction_item: DestructionItemTable;
  }
}
