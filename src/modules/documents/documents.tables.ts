// The documents module's table, for typed SQL (see kernel/db/tables.ts).
import type { ColumnType, Generated } from 'kysely';

export const DOCUMENT_TYPE_KEYS = ['correspondence', 'police-report', 'medical', 'legal', 'financial', 'identity', 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPE_KEYS)[number];

export interface DocumentTable {
  id: string;
  case_id: string;
  filename: string;
  /** The type found in the content (kernel/blobs/sniff.ts), never the declared one. */
  content_type: string;
  size: number | string;
  sha256: string;
  /** The per-file data key wrapped under the key ring; null once the document is deleted (crypto-shredded). */
  wrapped_key: Buffer | null;
  /** Generated from wrapped_key. */
  key_id: ColumnType<string | null, never, never>;
  format_version: number;
  document_type: Generated<DocumentType>;
  restricted: Generated<boolean>;
  quarantined: Generated<boolean>;
  signature: string | null;
  uploaded_by: string | null;
  uploaded_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
  deleted_by: string | null;
  delete_reason: string | null;
  version: Generated<number>;
}

declare module '../../kernel/db/tables.ts' {
  interface Tables {
    document: DocumentTable;
  }
}
