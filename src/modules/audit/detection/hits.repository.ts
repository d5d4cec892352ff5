// The working state of the threshold rules: the events each rule counts, per actor, kept in PostgreSQL
// (so windows survive restarts and any instance can continue) and only as long as a window can still
// need them. Windows are evaluated in SQL in event time (occurred_at), so a backlog processed late
// counts as it happened. Moments go to and from SQL as text with microseconds: JavaScript dates stop at
// milliseconds, and a window's edge must not move.
import { sql } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';

export interface Hit {
  ruleId: string;
  actorId: string;
  occurredAt: Date;
  eventId: string;
  action: string;
  /** What is counted: a distinct value, or the event id when events are counted. */
  value: string;
}

/** A moment as SQL keeps it: ISO 8601 UTC text with microseconds, and microseconds since the epoch. */
export interface Moment {
  at: string;
  us: number;
}

export interface FiringWindow {
  actorId: string;
  /** The window is (end − windowMinutes, end]: it ends at one of the actor's hits. */
  end: Moment;
  /** Distinct values counted in it. */
  count: number;
}

const ISO_US = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

/** Keeps the hits, and each (rule, actor, value)'s latest hit in detection_value (what firingWindows counts first). */
export async function insertHits(tx: Tx, hits: readonly Hit[]): Promise<void> {
  if (hits.length === 0) return;
  const rules = hits.map((h) => h.ruleId);
  const actors = hits.map((h) => h.actorId);
  const times = hits.map((h) => h.occurredAt.toISOString());
  const values = hits.map((h) => h.value);
  await sql`insert into detection_hit (rule_id, actor_id, occurred_at, event_id, action, value)
    select * from unnest(${rules}::text[], ${actors}::text[], ${times}::timestamptz[], ${hits.map((h) => h.eventId)}::bigint[],
      ${hits.map((h) => h.action)}::text[], ${values}::text[])`.execute(tx.db);
  // Grouped first: one statement may not update the same row twice. Ordered, so two transactions lock rows alike.
  await sql`insert into detection_value (rule_id, actor_id, value, last_at)
    select r, a, v, max(t) from unnest(${rules}::text[], ${actors}::text[], ${values}::text[], ${times}::timestamptz[]) as x(r, a, v, t)
    group by r, a, v order by r, a, v
    on conflict (rule_id, actor_id, value) do update set last_at = excluded.last_at
    where excluded.last_at > detection_value.last_at`.execute(tx.db);
}

/**
 * The windows of a rule that reach its threshold, for each actor between `from` and `to` (the span of
 * her new hits, plus one window after them: an event committed late may complete a window that ends
 * at a later hit). A window ends at each of her hits in that span.
 *
 * The distinct values of every such window in one sorted pass, however many hits a window holds (a
 * look-up by script keeps tens of thousands in one): a hit at t counts in the windows (e − w, e] that
 * hold it and in which its value did not occur before, that is for the ends e in
 * [max(t, prev + w), t + w), prev being the value's previous hit. Each hit adds +1 at the start of that
 * range and −1 at its end; the running sum at an end is its window's distinct count.
 *
 * Only for actors who can reach the threshold at all: fewer distinct values over the whole span than
 * the threshold means no window in it fires. That is everybody on an ordinary day (a case worker opens
 * her own few clients again and again). The count is over detection_value, one row per value with its
 * latest hit, not over the hits: a value with a hit in the span has its latest hit after the span's
 * start, so the count can only be too high (a later hit of a value whose hits lie before the span),
 * which costs a sweep and never misses a window. Counting the hits themselves read an hour of everyone's
 * hits on every batch (44 ms a batch for the hour-long rule with 50 people at work, growing all day).
 */
export async function firingWindows(
  tx: Tx,
  rule: { id: string; windowMinutes: number; threshold: number },
  spans: readonly { actorId: string; from: Date; to: Date }[],
): Promise<FiringWindow[]> {
  if (spans.length === 0) return [];
  const width = sql`make_interval(mins => ${rule.windowMinutes})`;
  const { rows } = await sql<{ actor_id: string; end_at: string; end_us: string; n: number }>`
    with span (actor_id, from_at, to_at) as (
      select * from unnest(${spans.map((s) => s.actorId)}::text[], ${spans.map((s) => s.from.toISOString())}::timestamptz[],
        ${spans.map((s) => s.to.toISOString())}::timestamptz[])
    ), reachable as (
      select s.actor_id, s.from_at, s.to_at
      from span s join detection_value v on v.actor_id = s.actor_id
      where v.rule_id = ${rule.id} and v.last_at > s.from_at - ${width}
      group by s.actor_id, s.from_at, s.to_at
      having count(*) >= ${rule.threshold}
    ), scanned as (
      select h.actor_id, h.occurred_at as t, s.from_at,
             lag(h.occurred_at) over (partition by h.actor_id, h.value order by h.occurred_at, h.event_id) as prev
      from detection_hit h join reachable s on s.actor_id = h.actor_id
      where h.rule_id = ${rule.id} and h.occurred_at > s.from_at - ${width} and h.occurred_at <= s.to_at + ${width}
    ), steps (actor_id, at, delta, is_end) as (
      select actor_id, greatest(t, prev + ${width}), 1, false from scanned where prev is null or prev < t
      union all
      select actor_id, t + ${width}, -1, false from scanned where prev is null or prev < t
      union all
      select actor_id, t, 0, true from scanned where t >= from_at
    ), swept as (
      select actor_id, at, is_end,
             sum(delta) over (partition by actor_id order by at range between unbounded preceding and current row) as n
      from steps
    )
    select distinct actor_id, to_char(at at time zone 'UTC', ${sql.raw(ISO_US)}) as end_at,
           (extract(epoch from at) * 1000000)::bigint::text as end_us, n::int as n
    from swept
    where is_end and n >= ${rule.threshold}
    order by actor_id, end_us`.execute(tx.db);
  return rows
    .map((r) => ({ actorId: r.actor_id, end: { at: r.end_at, us: Number(r.end_us) }, count: r.n }))
    .sort((a, b) => (a.actorId < b.actorId ? -1 : a.actorId > b.actorId ? 1 : a.end.us - b.end.us));
}

export interface HitEvent {
  eventId: string;
  occurredAt: Date;
  action: string;
}

/**
 * The earliest events counted in (firstEnd − windowMinutes, lastEnd] (what made the windows ending in
 * [firstEnd, lastEnd] fire), at most `limit`: an alert keeps only its earliest MAX_EVENTS_PER_ALERT, and
 * those are among the window's earliest that many whatever it already holds. An alert that keeps going
 * holds tens of thousands of hits in its window; reading them all on every batch cost more than the
 * rest of detection. In time order, so the index on (rule, actor, occurred_at) stops after `limit`.
 */
export async function eventsOfWindows(
  tx: Tx,
  rule: { id: string; windowMinutes: number },
  actorId: string,
  firstEnd: string,
  lastEnd: string,
  limit: number,
): Promise<{ events: HitEvent[]; start: Moment }> {
  const { rows } = await sql<{ event_id: string; occurred_at: Date; action: string; at: string; us: string }>`
    select e.event_id::text as event_id, e.occurred_at, e.action,
           to_char(e.occurred_at at time zone 'UTC', ${sql.raw(ISO_US)}) as at, (extract(epoch from e.occurred_at) * 1000000)::bigint::text as us
    from (select distinct on (h.occurred_at, h.event_id) h.event_id, h.occurred_at, h.action
          from detection_hit h
          where h.rule_id = ${rule.id} and h.actor_id = ${actorId}
            and h.occurred_at > ${firstEnd}::timestamptz - make_interval(mins => ${rule.windowMinutes}) and h.occurred_at <= ${lastEnd}::timestamptz
          order by h.occurred_at, h.event_id
          limit ${limit}) e
    order by e.occurred_at, e.event_id`.execute(tx.db);
  const first = rows[0]!;
  return {
    events: rows.map((r) => ({ eventId: r.event_id, occurredAt: r.occurred_at, action: r.action })),
    start: { at: first.at, us: Number(first.us) },
  };
}

/** Removes hits, and values whose latest hit is among them, that no window can need any more; the number of hits removed. */
export async function purgeHits(tx: Tx, before: Date): Promise<number> {
  const result = await sql`delete from detection_hit where occurred_at < ${before.toISOString()}::timestamptz`.execute(tx.db);
  await sql`delete from detection_value where last_at < ${before.toISOString()}::timestamptz`.execute(tx.db);
  return Number(result.numAffectedRows ?? 0);
}
