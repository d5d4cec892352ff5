// The Kysely table map. Each module adds its own tables by declaration merging:
//   declare module '../../kernel/db/tables.ts' { interface Tables { case: CaseTable } }
// so SQL stays typed while a module only declares what it owns.
import type { ColumnType, Generated } from 'kysely';
import type { Actor } from '../auth/actor.ts';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AuditEventTable {
  id: Generated<string>;
  occurred_at: Generated<Date>;
  actor_kind: Actor['kind'];
  actor_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  data_subject_id: string | null;
  result: 'success' | 'denied' | 'failure';
  reason: string | null;
  origin_ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  trace_id: string | null;
  changed_fields: string[] | null;
  details: unknown;
  object_ids: string[] | null;
  data_subject_ids: string[] | null;
  /** The writing transaction (xid8, as text), set by a trigger (migrations/0015). */
  xact_id: Generated<string>;
}

export interface OutboxEventTable {
  id: string;
  name: string;
  payload: unknown;
  occurred_at: Generated<Date>;
  actor_kind: string;
  actor_id: string | null;
  request_id: string | null;
  trace_id: string | null;
  relayed_at: Date | null;
}

export interface ProcessedEventTable {
  handler: string;
  event_id: string;
  processed_at: Generated<Date>;
}

export interface Tables {
  audit_event: AuditEventTable;
  outbox_event: OutboxEventTable;
  processed_event: ProcessedEventTable;
}
