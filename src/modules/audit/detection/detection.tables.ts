// The detection tables (migrations/0020_detection.ts), for typed SQL (see kernel/db/tables.ts).
import type { Generated } from 'kysely';

export const ALERT_STATUSES = ['open', 'acknowledged', 'closed'] as const;
export const ALERT_SEVERITIES = ['low', 'medium', 'high'] as const;
export const RULE_KINDS = ['match', 'threshold'] as const;
export const ALERT_ACTOR_KINDS = ['user', 'service'] as const;

export type AlertStatus = (typeof ALERT_STATUSES)[number];
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export type RuleKind = (typeof RULE_KINDS)[number];
export type AlertActorKind = (typeof ALERT_ACTOR_KINDS)[number];

/** An event a threshold rule counts, while a window may still need it. */
export interface DetectionHitTable {
  rule_id: string;
  actor_id: string;
  occurred_at: Date;
  event_id: string;
  action: string;
  /** What is counted: a distinct value of the rule's field, or the event id when events are counted. */
  value: string;
}

export interface DetectionAlertTable {
  id: Generated<string>;
  rule_id: string;
  rule_kind: RuleKind;
  /** The rule's description when it fired. */
  description: string;
  severity: AlertSeverity;
  actor_kind: AlertActorKind;
  actor_id: string;
  /** The acting user's home unit (else the organisation's root): whose audit.alerts holders are told. */
  unit_id: string;
  window_start: Date;
  window_end: Date;
  /** A threshold rule's window and threshold when it fired; null for match rules. */
  window_minutes: number | null;
  threshold: number | null;
  /** Threshold rules: the most counted within one window; match rules: the matching events. */
  count: number;
  status: Generated<AlertStatus>;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  closed_by: string | null;
  closed_at: Date | null;
  close_reason: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
}

/** An event that triggered an alert (at most MAX_EVENTS_PER_ALERT of them). */
export interface DetectionAlertEventTable {
  alert_id: string;
  event_id: string;
  occurred_at: Date;
  action: string;
}

/** A threshold rule's distinct value of one actor and its latest hit (whether she can reach the threshold). */
export interface DetectionValueTable {
  rule_id: string;
  actor_id: string;
  value: string;
  last_at: Date;
}

declare module '../../../kernel/db/tables.ts' {
  interface Tables {
    detection_hit: DetectionHitTable;
    detection_value: DetectionValueTable;
    detection_alert: DetectionAlertTable;
    detection_alert_event: DetectionAlertEventTable;
  }
}
