// The SQL of shipping: the processing log's rows, the cursors the shipping consumers keep in the
// stream's cursor table, and the sealed trail's head (for the lag).
import { sql } from 'kysely';
import { systemContext } from '../../../kernel/auth/actor.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import type { ProcessingLogTable } from '../audit.tables.ts';
import type { AuditCategory } from './category.ts';
import type { ProcessingLogEntry, StatusCode } from './processing-log.ts';

/**
 * Adds the entries; an entry already there (the same leaf and subject) is left as it is. One statement
 * of one text whatever the number of entries, its columns as arrays: a multi-row VALUES list was a new
 * statement text for every batch size, parsed and planned each time, and (below the prepared-statement
 * layer's length limit) took a place among the connection's prepared statements for good, crowding out
 * the casework's (kernel/db/prepared.ts).
 */
export async function addEntries(tx: Tx, entries: ProcessingLogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const column = <T>(pick: (e: ProcessingLogEntry) => T): T[] => entries.map(pick);
  await sql`insert into processing_log (leaf_index, subject_ordinal, audit_event_id, trace_id, span_id, name, kind, status_code,
      status_message, start_time, end_time, processing_activity_id, data_subject_pseudonym, pseudonym_key_id, category)
    select * from unnest(${column((e) => e.leafIndex)}::bigint[], ${column((e) => e.subjectOrdinal)}::int[],
      ${column((e) => e.auditEventId)}::bigint[], ${column((e) => e.traceId)}::text[], ${column((e) => e.spanId)}::text[],
      ${column((e) => e.name)}::text[], ${column((e) => e.kind)}::text[], ${column((e) => e.statusCode)}::smallint[],
      ${column((e) => e.statusMessage)}::text[], ${column((e) => e.startTime.toISOString())}::timestamptz[],
      ${column((e) => e.endTime.toISOString())}::timestamptz[], ${column((e) => e.processingActivityId)}::text[],
      ${column((e) => e.dataSubjectPseudonym)}::text[], ${column((e) => e.pseudonymKeyId)}::text[], ${column((e) => e.category)}::text[])
    on conflict (leaf_index, subject_ordinal) do nothing`.execute(tx.db);
}

type Row = Omit<ProcessingLogTable, 'recorded_at'>;

function entryOf(r: Row): ProcessingLogEntry {
  return {
    leafIndex: r.leaf_index,
    auditEventId: r.audit_event_id,
    subjectOrdinal: r.subject_ordinal,
    traceId: r.trace_id,
    spanId: r.span_id,
    name: r.name,
    kind: r.kind,
    statusCode: r.status_code as StatusCode,
    statusMessage: r.status_message,
    startTime: r.start_time,
    endTime: r.end_time,
    processingActivityId: r.processing_activity_id,
    dataSubjectPseudonym: r.data_subject_pseudonym,
    pseudonymKeyId: r.pseudonym_key_id,
    category: r.category,
  };
}

/** The entries of the leaves from `first` to `last`, in leaf and subject order. */
export async function entriesOfLeaves(tx: Tx, first: string, last: string): Promise<ProcessingLogEntry[]> {
  const rows = await tx.db
    .selectFrom('processing_log')
    .select([
      'leaf_index',
      'subject_ordinal',
      'audit_event_id',
      'trace_id',
      'span_id',
      'name',
      'kind',
      'status_code',
      'status_message',
      'start_time',
      'end_time',
      'processing_activity_id',
      'data_subject_pseudonym',
      'pseudonym_key_id',
      'category',
    ])
    .where(sql<boolean>`leaf_index between ${first}::bigint and ${last}::bigint`)
    .orderBy('leaf_index')
    .orderBy('subject_ordinal')
    .execute();
  return rows.map(entryOf);
}

/** A stream consumer's last processed leaf (-1 before its first), read in the caller's transaction; null when it never ran. */
export async function consumerCursor(tx: Tx, consumer: string): Promise<bigint | null> {
  const rows = await sql<{ leaf_index: string }>`select leaf_index::text from audit_stream_cursor where consumer = ${consumer}`.execute(
    tx.db,
  );
  const found = rows.rows[0];
  return found ? BigInt(found.leaf_index) : null;
}

/** The last sealed leaf (-1 when nothing is sealed yet). */
export async function sealedHead(db: Database): Promise<bigint> {
  return db.transaction(systemContext('audit-shipping'), async (tx) => {
    const rows = await sql<{ head: string }>`select coalesce(max(leaf_index), -1)::text as head from audit_leaf`.execute(tx.db);
    return BigInt(rows.rows[0]!.head);
  });
}

/**
 * Deletes, in batches of `batchSize`, the entries of `category` that started before `before` and whose
 * leaf is at or below `shippedUpTo` (what every consumer of the log has handled). Returns how many went.
 */
export async function expireEntries(
  db: Database,
  category: AuditCategory,
  before: Date,
  shippedUpTo: bigint,
  batchSize: number,
): Promise<number> {
  let total = 0;
  for (;;) {
    const removed = await db.transaction(systemContext('audit-processing-log-retention'), async (tx) => {
      const result = await sql`delete from processing_log where (leaf_index, subject_ordinal) in (
          select leaf_index, subject_ordinal from processing_log
          where category = ${category} and start_time < ${before} and leaf_index <= ${shippedUpTo.toString()}::bigint
          order by start_time limit ${batchSize})`.execute(tx.db);
      return Number(result.numAffectedRows ?? 0n);
    });
    total += removed;
    if (removed < batchSize) return total;
  }
}
