// The audit module's tables, for typed SQL (see kernel/db/tables.ts).

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

declare module '../../kernel/db/tables.ts' {
  interface Tables {
    audit_leaf: AuditLeafTable;
    audit_stream_cursor: AuditStreamCursorTable;
  }
}
