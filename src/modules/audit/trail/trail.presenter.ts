// Audit events as the API and the exports present them: the actor by name where it is an account,
// times to the microsecond (the cursor's moment), ids as text. The CSV is safe to open in a
// spreadsheet: a cell that would start a formula gets a leading apostrophe.
import type { UserSummary } from '../../identity/index.ts';
import { isAccountId } from './trail.policy.ts';
import type { SubjectEventRow, TrailRow } from './trail.repository.ts';

export interface ActorView {
  kind: string;
  id: string | null;
  /** The account's display name; null for a system component or an account that no longer exists. */
  displayName: string | null;
}

const actorOf = (kind: string, id: string | null, names: ReadonlyMap<string, UserSummary>): ActorView => ({
  kind,
  id,
  displayName: isAccountId(id) ? (names.get(id)?.displayName ?? null) : null,
});

/** The account ids among the rows' actors, to look their names up once. */
export const accountIdsOf = (rows: readonly { actor_id: string | null }[]): string[] => [
  ...new Set(rows.map((r) => r.actor_id).filter(isAccountId)),
];

export function presentEvent(row: TrailRow, names: ReadonlyMap<string, UserSummary>) {
  return {
    id: row.id,
    occurredAt: row.cursor_at,
    actor: actorOf(row.actor_kind, row.actor_id, names),
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    objectIds: row.object_ids,
    dataSubjectId: row.data_subject_id,
    dataSubjectIds: row.data_subject_ids,
    result: row.result,
    reason: row.reason,
    changedFields: row.changed_fields,
    details: (row.details ?? null) as Record<string, unknown> | null,
    origin: { ip: row.origin_ip, userAgent: row.user_agent },
    requestId: row.request_id,
    traceId: row.trace_id,
  };
}

export type EventView = ReturnType<typeof presentEvent>;

export function presentSubjectEvent(row: SubjectEventRow, names: ReadonlyMap<string, UserSummary>) {
  return {
    id: row.id,
    occurredAt: row.cursor_at,
    actor: actorOf(row.actor_kind, row.actor_id, names),
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    result: row.result,
    listed: row.listed,
  };
}

/** The persons an event names: its data subject and those a list read showed. */
export const personsOf = (row: Pick<TrailRow, 'data_subject_id' | 'data_subject_ids'>): string[] => [
  ...(row.data_subject_id ? [row.data_subject_id] : []),
  ...(row.data_subject_ids ?? []),
];

export const CSV_HEADER = [
  'id',
  'occurredAt',
  'actorKind',
  'actorId',
  'actorName',
  'action',
  'objectType',
  'objectId',
  'objectIds',
  'dataSubjectId',
  'dataSubjectIds',
  'result',
  'reason',
  'changedFields',
  'details',
  'originIp',
  'userAgent',
  'requestId',
  'traceId',
] as const;

/**
 * One CSV field (RFC 4180 quoting). A cell a spreadsheet would take for a formula (= + - @, or a
 * leading tab or carriage return) gets a leading apostrophe (OWASP CSV injection): an actor's user
 * agent, a reason or a details value are what others typed.
 */
export function csvField(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (cells: readonly (string | null)[]): string => `${cells.map(csvField).join(',')}\r\n`;

const list = (values: readonly string[] | null) => (values ? values.join(' ') : null);

export function csvCells(event: EventView): (string | null)[] {
  return [
    event.id,
    event.occurredAt,
    event.actor.kind,
    event.actor.id,
    event.actor.displayName,
    event.action,
    event.objectType,
    event.objectId,
    list(event.objectIds),
    event.dataSubjectId,
    list(event.dataSubjectIds),
    event.result,
    event.reason,
    list(event.changedFields),
    event.details === null ? null : JSON.stringify(event.details),
    event.origin.ip,
    event.origin.userAgent,
    event.requestId,
    event.traceId,
  ];
}
