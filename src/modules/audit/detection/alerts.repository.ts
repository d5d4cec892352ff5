// The SQL of detection alerts: raised and extended by the rule engine (as the system actor), listed,
// read, acknowledged and closed by the holders of audit.alerts (row-level security decides which,
// migrations/0020_detection.ts).
import { sql, type Selectable } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';
import { keyset, keysetPage, type KeysetCursor } from '../../../kernel/db/keyset.ts';
import { updateWithVersion } from '../../../kernel/db/versioned.ts';
import type { AlertSeverity, AlertStatus, DetectionAlertTable, RuleKind } from './detection.tables.ts';

/** The events kept with one alert: enough to investigate from, bounded however long the misuse goes on. */
export const MAX_EVENTS_PER_ALERT = 500;

export type AlertRow = Selectable<DetectionAlertTable>;

export interface NewAlert {
  ruleId: string;
  ruleKind: RuleKind;
  description: string;
  severity: AlertSeverity;
  actorKind: 'user' | 'service';
  actorId: string;
  unitId: string;
  windowStart: string;
  windowEnd: string;
  windowMinutes: number | null;
  threshold: number | null;
  count: number;
}

/**
 * The alert later hits of the rule and actor join: not closed, and its window overlapping or touching
 * [from, to]; locked, the newest if several.
 */
export async function mergeableAlert(
  tx: Tx,
  ruleId: string,
  actorId: string,
  from: string,
  to: string,
): Promise<{ id: string } | undefined> {
  const { rows } = await sql<{ id: string }>`select id from detection_alert
    where rule_id = ${ruleId} and actor_id = ${actorId} and status <> 'closed'
      and window_end >= ${from}::timestamptz and window_start <= ${to}::timestamptz
    order by window_end desc limit 1 for update`.execute(tx.db);
  return rows[0];
}

export async function insertAlert(tx: Tx, alert: NewAlert): Promise<string> {
  const { rows } = await sql<{ id: string }>`insert into detection_alert (rule_id, rule_kind, description, severity, actor_kind, actor_id,
      unit_id, window_start, window_end, window_minutes, threshold, count)
    values (${alert.ruleId}, ${alert.ruleKind}, ${alert.description}, ${alert.severity}, ${alert.actorKind}, ${alert.actorId},
      ${alert.unitId}::uuid, ${alert.windowStart}::timestamptz, ${alert.windowEnd}::timestamptz, ${alert.windowMinutes},
      ${alert.threshold}, ${alert.count})
    returning id`.execute(tx.db);
  return rows[0]!.id;
}

/** Widens the alert's window to [start, end]; its count becomes the larger (`peak`) or grows by `n` (`add`). */
export async function extendAlert(
  tx: Tx,
  id: string,
  change: { start: string; end: string; count: { peak: number } | { add: number } },
): Promise<void> {
  const count = 'peak' in change.count ? sql`greatest(count, ${change.count.peak})` : sql`count + ${change.count.add}`;
  await sql`update detection_alert set window_start = least(window_start, ${change.start}::timestamptz),
      window_end = greatest(window_end, ${change.end}::timestamptz), count = ${count}, updated_at = now(), version = version + 1
    where id = ${id}::uuid`.execute(tx.db);
}

/** Keeps the events with the alert, each once, up to MAX_EVENTS_PER_ALERT (the earliest kept). */
export async function attachEvents(
  tx: Tx,
  alertId: string,
  events: readonly { eventId: string; occurredAt: Date; action: string }[],
): Promise<void> {
  if (events.length === 0) return;
  await sql`insert into detection_alert_event (alert_id, event_id, occurred_at, action)
    select ${alertId}::uuid, e.event_id, e.occurred_at, e.action
    from unnest(${events.map((e) => e.eventId)}::bigint[], ${events.map((e) => e.occurredAt.toISOString())}::timestamptz[],
      ${events.map((e) => e.action)}::text[]) as e (event_id, occurred_at, action)
    where not exists (select 1 from detection_alert_event k where k.alert_id = ${alertId}::uuid and k.event_id = e.event_id)
    order by e.occurred_at, e.event_id
    limit greatest(0, ${MAX_EVENTS_PER_ALERT} - (select count(*) from detection_alert_event k where k.alert_id = ${alertId}::uuid))
    on conflict do nothing`.execute(tx.db);
}

/** Alerts not yet looked at, per severity (for /metrics). */
export async function openAlertCounts(tx: Tx): Promise<Map<AlertSeverity, number>> {
  const { rows } = await sql<{ severity: AlertSeverity; n: number }>`select severity, count(*)::int as n from detection_alert
    where status = 'open' group by severity`.execute(tx.db);
  return new Map(rows.map((r) => [r.severity, r.n]));
}

export interface AlertFilter {
  status?: AlertStatus;
  ruleId?: string;
  severity?: AlertSeverity;
  after?: KeysetCursor;
  limit: number;
}

const NEWEST_FIRST = keyset('created_at', 'desc');

/** The alerts the actor may see, newest first, keyset-paginated. */
export function listAlerts(tx: Tx, filter: AlertFilter) {
  let query = tx.db.selectFrom('detection_alert').selectAll().select(NEWEST_FIRST.cursorAt);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.ruleId) query = query.where('rule_id', '=', filter.ruleId);
  if (filter.severity) query = query.where('severity', '=', filter.severity);
  return keysetPage(query, NEWEST_FIRST, filter).execute();
}

export function loadAlert(tx: Tx, id: string): Promise<AlertRow | undefined> {
  return tx.db.selectFrom('detection_alert').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The kept events of an alert, in the order they happened. */
export function alertEvents(tx: Tx, alertId: string) {
  return tx.db
    .selectFrom('detection_alert_event')
    .select(['event_id', 'occurred_at', 'action'])
    .where('alert_id', '=', alertId)
    .orderBy('occurred_at')
    .orderBy('event_id')
    .execute();
}

/** Moves the alert to `acknowledged` or `closed` in the actor's name, if it still has the expected version (412 otherwise). */
export function changeAlertStatus(
  tx: Tx,
  id: string,
  expectedVersion: number,
  change: { status: 'acknowledged'; by: string } | { status: 'closed'; by: string; reason: string },
): Promise<AlertRow> {
  // The transaction's time, as Kysely's typed changes take it (contacts.repository.ts does the same).
  const now = sql<Date>`now()` as unknown as Date;
  return updateWithVersion(
    tx,
    'detection_alert',
    id,
    expectedVersion,
    change.status === 'acknowledged'
      ? { status: 'acknowledged', acknowledged_by: change.by, acknowledged_at: now, updated_at: now }
      : { status: 'closed', closed_by: change.by, closed_at: now, close_reason: change.reason, updated_at: now },
  );
}
