// The audit module's tables, for typed SQL (see kernel/db/tables.ts).
import type { Generated } from 'kysely';

export interface AuditLeafTable {
  leaf_index: string;
  event_id: string;
  leaf_hash: Buffer;
  sealed_at: Date;
}

export interface AuditStreamCursorTable {
  consumer: string;
  leaf_index: string;
  updated_at: Date;
}

/** The processing log (shipping/processing-log.ts): one row per processing of one data subject's data. */
export interface ProcessingLogTable {
  leaf_index: string;
  subject_ordinal: number;
  audit_event_id: string;
  trace_id: string;
  span_id: string;
  name: string;
  kind: 'server' | 'internal';
  status_code: number;
  status_message: string | null;
  start_time: Date;
  end_time: Date;
  processing_activity_id: string | null;
  data_subject_pseudonym: string;
  pseudonym_key_id: string;
  category: 'security' | 'access' | 'change';
  recorded_at: Generated<Date>;
}

declare module '../../kernel/db/tables.ts' {
  interface Tables {
    audit_leaf: AuditLeafTable;
    audit_stream_cursor: AuditStreamCursorTable;
    processing_log: ProcessingLogTable;
  }
}
