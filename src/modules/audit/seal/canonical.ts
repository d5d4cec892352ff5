// The bytes of an audit event that its leaf hash covers, and the leaf hash itself (RFC 6962 §2.1:
// SHA-256 of 0x00 followed by the leaf's data). Every column is covered, each read as PostgreSQL's
// own text output, so the sealer and any later verifier read the same bytes from the same row and a
// change to any column, however made, changes the hash. The prefix names the serialisation: a new
// one can start at a checkpoint without making old leaves unverifiable.
import { createHash } from 'node:crypto';

export const CANONICAL_VERSION = 'casus-audit-event/v1';

/** One event as text, column by column (timestamps in UTC with microseconds, jsonb as PostgreSQL prints it). */
export interface CanonicalEventRow {
  id: string;
  occurred_at: string;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  data_subject_id: string | null;
  result: string;
  reason: string | null;
  origin_ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  trace_id: string | null;
  changed_fields: string[] | null;
  details: string | null;
  object_ids: string[] | null;
  data_subject_ids: string[] | null;
  xact_id: string;
}

const KEYS = [
  'action',
  'actor_id',
  'actor_kind',
  'changed_fields',
  'data_subject_id',
  'data_subject_ids',
  'details',
  'id',
  'object_id',
  'object_ids',
  'object_type',
  'occurred_at',
  'origin_ip',
  'reason',
  'request_id',
  'result',
  'trace_id',
  'user_agent',
  'xact_id',
] as const satisfies readonly (keyof CanonicalEventRow)[];

/** The version line, then one JSON object with the keys in a fixed (sorted) order. */
export function canonicalBytes(row: CanonicalEventRow): Buffer {
  const ordered: Record<string, unknown> = {};
  for (const key of KEYS) ordered[key] = row[key] ?? null;
  return Buffer.from(`${CANONICAL_VERSION}\n${JSON.stringify(ordered)}`, 'utf8');
}

const LEAF_PREFIX = Buffer.from([0x00]);

export function leafHash(row: CanonicalEventRow): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(canonicalBytes(row)).digest();
}
