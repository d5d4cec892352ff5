// Scripting the audit trail for the detection tests (src/modules/audit/detection/*.test.ts). The rules
// judge events by when they happened (occurred_at), so a scripted case places its events in time: rows
// written over the owner login keep the time, actor and shape given (the trigger that takes them from
// the sealed transaction spares the owner, kernel migration 0013), exactly as the routes write them.
// `replay` copies events the real API wrote to another moment: a day of real work, placed on a weekday.
import { AuditSealer, AuditStream, drainStream, type StreamHandler } from '../../src/modules/audit/index.ts';
import type { TestSystem } from './build.ts';
import { adminQuery } from './database.ts';

export interface ScriptedEvent {
  at: string | Date;
  actorId: string;
  actorKind?: 'user' | 'service' | 'system' | 'anonymous';
  action: string;
  objectType: string;
  objectId?: string | null;
  dataSubjectId?: string | null;
  result?: 'success' | 'denied' | 'failure';
  details?: Record<string, unknown> | null;
  objectIds?: string[] | null;
  dataSubjectIds?: string[] | null;
}

/** Writes the events (over the owner login, in one statement); their ids, in order. */
export async function script(system: TestSystem, events: readonly ScriptedEvent[]): Promise<string[]> {
  const rows = events.map((e, n) => ({
    n,
    occurred_at: new Date(e.at).toISOString(),
    actor_kind: e.actorKind ?? 'user',
    actor_id: e.actorId,
    action: e.action,
    object_type: e.objectType,
    object_id: e.objectId ?? null,
    data_subject_id: e.dataSubjectId ?? null,
    result: e.result ?? 'success',
    details: e.details ?? null,
    object_ids: e.objectIds ?? null,
    data_subject_ids: e.dataSubjectIds ?? null,
  }));
  const { rows: ids } = await adminQuery<{ id: string }>(
    system.target.ownerUrl,
    `insert into audit_event (occurred_at, actor_kind, actor_id, action, object_type, object_id, data_subject_id, result, details,
       object_ids, data_subject_ids)
     select x.occurred_at, x.actor_kind, x.actor_id, x.action, x.object_type, x.object_id, x.data_subject_id, x.result, x.details,
       x.object_ids, x.data_subject_ids
     from jsonb_to_recordset($1::jsonb) as x(occurred_at timestamptz, actor_kind text, actor_id text, action text,
       object_type text, object_id text, data_subject_id text, result text, details jsonb, object_ids text[], data_subject_ids text[], n int)
     order by n
     returning id::text`,
    [JSON.stringify(rows)],
  );
  return ids.map((r) => r.id);
}

/** Copies the events (as written, by whoever wrote them) to new moments, one each; the copies' ids. */
export async function replay(system: TestSystem, eventIds: readonly string[], moments: readonly Date[]): Promise<string[]> {
  if (eventIds.length !== moments.length) throw new Error('one moment per event');
  const { rows } = await adminQuery<{ id: string }>(
    system.target.ownerUrl,
    `insert into audit_event (occurred_at, actor_kind, actor_id, action, object_type, object_id, data_subject_id, result, reason,
       origin_ip, user_agent, request_id, trace_id, changed_fields, details, object_ids, data_subject_ids)
     select m.at, e.actor_kind, e.actor_id, e.action, e.object_type, e.object_id, e.data_subject_id, e.result, e.reason,
       e.origin_ip, e.user_agent, e.request_id, e.trace_id, e.changed_fields, e.details, e.object_ids, e.data_subject_ids
     from unnest($1::bigint[], $2::timestamptz[]) with ordinality as m(id, at, n) join audit_event e on e.id = m.id
     order by m.n
     returning id::text`,
    [eventIds, moments.map((m) => m.toISOString())],
  );
  return rows.map((r) => r.id);
}

/** The events of an actor the real API wrote, oldest first (what a day of work left in the trail). */
export async function eventsOf(system: TestSystem, actorId: string, afterId = '0'): Promise<{ id: string; action: string }[]> {
  return (
    await adminQuery<{ id: string; action: string }>(
      system.target.ownerUrl,
      `select id::text, action from audit_event where actor_id = $1 and id > $2::bigint order by id`,
      [actorId, afterId],
    )
  ).rows;
}

/** Seals what was written and hands it to the handler through the stream, as the detection worker does. */
export function streamRunner(system: TestSystem) {
  const sealer = new AuditSealer(system.db, { batchSize: 5000 });
  const stream = new AuditStream(system.db);
  return {
    stream,
    async run(handler: StreamHandler, options: { consumer?: string; batchSize?: number } = {}): Promise<number> {
      await sealer.sealAll();
      return drainStream(stream, { consumer: options.consumer ?? 'detection', batchSize: options.batchSize ?? 500, handler });
    },
  };
}

export interface AlertRow {
  id: string;
  rule_id: string;
  severity: string;
  actor_id: string;
  unit_id: string;
  window_start: Date;
  window_end: Date;
  count: number;
  status: string;
  version: number;
  events: string[];
}

/** The alerts about an actor (over the owner login), oldest first, with their kept events' ids. */
export async function alertsAbout(system: TestSystem, actorId: string): Promise<AlertRow[]> {
  return (
    await adminQuery<AlertRow>(
      system.target.ownerUrl,
      `select a.id, a.rule_id, a.severity, a.actor_id, a.unit_id, a.window_start, a.window_end, a.count, a.status, a.version,
         coalesce((select array_agg(e.event_id::text order by e.event_id) from detection_alert_event e where e.alert_id = a.id), '{}') as events
       from detection_alert a where a.actor_id = $1 order by a.created_at, a.id`,
      [actorId],
    )
  ).rows;
}

/** The security-event notices in the outbox for an alert. */
export async function noticesOf(system: TestSystem, alertId: string): Promise<{ payload: Record<string, unknown> }[]> {
  return (
    await adminQuery<{ payload: Record<string, unknown> }>(
      system.target.ownerUrl,
      `select payload from outbox_event where name = 'security.event-raised' and payload->>'objectId' = $1`,
      [alertId],
    )
  ).rows;
}
