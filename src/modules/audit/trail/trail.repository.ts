// The SQL of reading the audit trail. Searches and exports read audit_event under row-level security
// (audit_event_auditor_read, migration 0011: audit.read or audit.export at the root unit); "who looked
// at this client" goes only through the SECURITY DEFINER functions of that migration, which decide who
// may see what and audit the view themselves. Every list is newest first on (occurred_at, id), one
// range scan of the index that serves the filter (migration 0012 and the kernel's own indexes).
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';
import type { Tables } from '../../../kernel/db/tables.ts';
import type { AuditResult } from '../../../kernel/audit/audit.ts';
import { keyset } from '../../../kernel/db/keyset.ts';
import type { TrailCursor } from './trail.cursor.ts';

/** What an auditor narrows the trail to; every member given must hold (AND). */
export interface TrailFilter {
  /** Events about this person: her as data subject, or among the persons a list read showed. */
  personId?: string;
  /** Events on this case: the case as object, made in it (details.caseId), or among the cases a list of cases showed. */
  caseId?: string;
  /** Events of this actor (a user's or service account's id, or a system component's name). */
  actorId?: string;
  action?: string;
  /** Actions starting with this (`person.`, `case.break-glass`). */
  actionPrefix?: string;
  result?: AuditResult;
  /** From this moment on (inclusive). */
  from?: Date;
  /** Before this moment (exclusive). */
  to?: Date;
}

export interface TrailPageRequest {
  after?: TrailCursor;
  limit: number;
}

/** Every column an auditor sees, named (so the statement stays preparable). */
const COLUMNS = [
  'id',
  'occurred_at',
  'actor_kind',
  'actor_id',
  'action',
  'object_type',
  'object_id',
  'object_ids',
  'data_subject_id',
  'data_subject_ids',
  'result',
  'reason',
  'changed_fields',
  'details',
  'origin_ip',
  'user_agent',
  'request_id',
  'trace_id',
] as const;

const NEWEST_FIRST = keyset('occurred_at', 'desc');

type Where = ExpressionBuilder<Tables, 'audit_event'>;

/** The filter as one condition. Each member is written so that its index can serve it (migration 0012). */
function matches(filter: TrailFilter) {
  return (eb: Where): Expression<SqlBool> => {
    const all: Expression<SqlBool>[] = [];
    if (filter.personId !== undefined) {
      const person = filter.personId;
      // `@>` (not `= any`) so the GIN index on the listed ids answers; the kernel's index the single subject.
      all.push(eb.or([eb('data_subject_id', '=', person), sql<SqlBool>`data_subject_ids @> array[${person}]::text[]`]));
    }
    if (filter.caseId !== undefined) {
      const kase = filter.caseId;
      all.push(
        eb.or([
          eb.and([eb('object_type', '=', 'case'), eb('object_id', '=', kase)]),
          sql<SqlBool>`(details ? 'caseId' and details->>'caseId' = ${kase})`,
          // Lists of cases that showed it (the partial GIN index of 0012 holds only those).
          sql<SqlBool>`(object_type = 'case' and object_ids @> array[${kase}]::text[])`,
        ]),
      );
    }
    if (filter.actorId !== undefined) all.push(eb('actor_id', '=', filter.actorId));
    if (filter.action !== undefined) all.push(eb('action', '=', filter.action));
    // The prefix holds only [a-z0-9.-] (the route's pattern): no LIKE wildcard to escape.
    if (filter.actionPrefix !== undefined) all.push(sql<SqlBool>`action like ${`${filter.actionPrefix}%`}`);
    if (filter.result !== undefined) all.push(eb('result', '=', filter.result));
    if (filter.from !== undefined) all.push(eb('occurred_at', '>=', filter.from));
    if (filter.to !== undefined) all.push(eb('occurred_at', '<', filter.to));
    return eb.and(all);
  };
}

/** The rows after the cursor: the kernel's keyset, but an event's id is a bigint. */
const after = (cursor: TrailCursor) => sql<SqlBool>`(occurred_at, id) < (${cursor.at}::timestamptz, ${cursor.id}::bigint)`;

/** The statement of one page of a search (the benchmark explains it). */
export function searchQuery(tx: Tx, filter: TrailFilter, page: TrailPageRequest) {
  let query = tx.db.selectFrom('audit_event').select(COLUMNS).select(NEWEST_FIRST.cursorAt).where(matches(filter));
  if (page.after) query = query.where(after(page.after));
  return query.orderBy(NEWEST_FIRST.orderBy).limit(page.limit + 1);
}

/** One page of the events the filter matches, newest first: up to limit + 1 rows (the extra one says there is more). */
export function searchEvents(tx: Tx, filter: TrailFilter, page: TrailPageRequest) {
  return searchQuery(tx, filter, page).execute();
}

export type TrailRow = Awaited<ReturnType<typeof searchEvents>>[number];

export interface ExportBound {
  /** How many events the export holds (up to the maximum + 1: more than the maximum is refused). */
  count: number;
  /** The largest event id among them: the export reads no event added later. */
  maxId: string | null;
  /** Every person the events name (as data subject or listed), for the export's own audit event. */
  personIds: string[];
}

/** Counts what an export of the filter would hold (at most `max + 1`), its last id and the persons it names. */
export async function boundExport(tx: Tx, filter: TrailFilter, max: number): Promise<ExportBound> {
  const row = await tx.db
    .with('m', (db) =>
      db
        .selectFrom('audit_event')
        .select(['id', 'data_subject_id', 'data_subject_ids'])
        .where(matches(filter))
        .orderBy(NEWEST_FIRST.orderBy)
        .limit(max + 1),
    )
    .selectNoFrom([
      sql<string>`(select count(*) from m)`.as('count'),
      sql<string | null>`(select max(id) from m)`.as('max_id'),
      sql<string[]>`array(select distinct s from (select data_subject_id as s from m union all select unnest(data_subject_ids) from m) u
        where s is not null order by 1)`.as('person_ids'),
    ])
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), maxId: row.max_id, personIds: row.person_ids };
}

/** One batch of an export: the next `limit` events of the filter up to `maxId`, newest first. */
export function exportBatch(tx: Tx, filter: TrailFilter, maxId: string, page: TrailPageRequest) {
  let query = tx.db.selectFrom('audit_event').select(COLUMNS).select(NEWEST_FIRST.cursorAt).where(matches(filter)).where('id', '<=', maxId);
  if (page.after) query = query.where(after(page.after));
  return query.orderBy(NEWEST_FIRST.orderBy).limit(page.limit).execute();
}

/** What audit_subject_access(person) answers: may the actor see who looked at this person, and how. */
export type SubjectAccess = 'hidden' | 'refused' | 'holder' | 'worker';

export async function subjectAccess(tx: Tx, personId: string): Promise<SubjectAccess> {
  const { rows } = await sql<{ access: SubjectAccess }>`select audit_subject_access(${personId}::uuid) as access`.execute(tx.db);
  return rows[0]!.access;
}

export interface SubjectEventRow {
  id: string;
  occurred_at: Date;
  cursor_at: string;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  result: AuditResult;
  listed: boolean;
  /** There is a next page. */
  more: boolean;
}

/**
 * One page of "who looked at this person" through audit_subject_events (which refuses unless the
 * access above is holder or worker, and records the events it shows): up to `limit` rows, each saying
 * whether more follow.
 */
export async function subjectEvents(tx: Tx, personId: string, page: TrailPageRequest): Promise<SubjectEventRow[]> {
  const { rows } =
    await sql<SubjectEventRow>`select id, occurred_at, cursor_at, actor_kind, actor_id, action, object_type, object_id, result, listed, more
    from audit_subject_events(${personId}::uuid, ${page.after?.at ?? null}::timestamptz, ${page.after?.id ?? null}::bigint, ${page.limit})`.execute(
      tx.db,
    );
  return rows;
}
