// The privacy module's tables of the processing register, for typed SQL (see kernel/db/tables.ts).
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

declare module '../../kernel/db/tables.ts' {
  interface Tables {
    processing_activity: ProcessingActivityTable;
    processing_activity_history: ProcessingActivityHistoryTable;
    processing_activity_action: ProcessingActivityActionTable;
  }
}
