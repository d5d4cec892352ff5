// The access-reviews module's tables, for typed SQL in its repository (see kernel/db/tables.ts).
import type { Generated } from 'kysely';

export type ReviewScope = 'all' | 'privileged';
export type OnMissed = 'escalate' | 'revoke';
export type ReviewDecision = 'keep' | 'revoke';
export type ReviewOutcome = 'escalated' | 'revoked-unreviewed';

export interface ReviewCampaignTable {
  id: Generated<string>;
  name: string;
  scope: ReviewScope;
  unit_id: string | null;
  deadline: Date;
  on_missed: OnMissed;
  status: Generated<'open' | 'closed'>;
  /** The user who started it; null when a schedule did. */
  created_by: string | null;
  created_at: Generated<Date>;
  closed_at: Date | null;
  /** Why it closed: by hand, or by the deadline job. */
  closed_by: string | null;
  started_by_schedule: string | null;
  schedule_period: string | null;
  escalated_at: Date | null;
  /** When escalated items not decided by then are left unreviewed and the campaign closes. */
  escalation_deadline: Date | null;
}

export interface ReviewItemTable {
  id: Generated<string>;
  campaign_id: string;
  assignment_id: string;
  user_id: string | null;
  group_id: string | null;
  /** Snapshot at the start: what was reviewed, even if names change later. */
  grantee_name: string;
  grantee_display_name: string;
  role_id: string;
  role_name: string;
  unit_id: string;
  unit_code: string;
  unit_name: string;
  granted_at: Date;
  starts_at: Date;
  ends_at: Date | null;
  reviewer_id: string | null;
  /** Set when the item went to someone other than the reviewer; escalated_to null then means the review managers. */
  escalated_at: Date | null;
  escalated_to: string | null;
  decision: 'keep' | 'revoke' | null;
  comment: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  reminded_at: Date | null;
  outcome: ReviewOutcome | null;
}

declare module '../../kernel/db/tables.ts' {
  interface Tables {
    review_campaign: ReviewCampaignTable;
    review_item: ReviewItemTable;
  }
}
