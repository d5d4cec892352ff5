// The rule engine: a consumer of the sealed stream ('detection') that runs the configured rules over
// each batch of audit events, in the batch's transaction. Rules are data (default-rules.ts, the rules
// file); the engine knows two kinds:
//   - match: every event passing the filter and conditions is a hit; hits of one actor within
//     `dedupeMinutes` of an open alert of the rule join it, others raise a new one;
//   - threshold: events passing are stored (detection_hit) with what they count; a window of
//     `windowMinutes` ending at any of the actor's hits that holds `threshold` or more events (or
//     distinct values) fires. Overlapping firing windows are one alert; they extend an alert of the
//     rule and actor that is not closed and overlaps them.
// A new alert is a security event (recordSecurityEvent: the audit event and the outbox event that
// tells audit.alerts holders), in the same transaction as the stream's cursor: a batch that fails
// leaves neither alert nor notice nor moved cursor, and is handled again, so each alert is raised once.
// Only users' and service accounts' events are judged: the system acts for nobody, and an anonymous
// caller is nobody to name (sign-in throttling deals with those).
import { recordSecurityEvent } from '../../../kernel/audit/security-events.ts';
import type { WorkingCalendar } from '../../../kernel/calendar/working-days.ts';
import type { DetectionCondition, DetectionRule, MatchRule, ThresholdRule, WorkingHours } from '../../../kernel/config-detection.ts';
import type { Tx } from '../../../kernel/db/database.ts';
import { AUDIT_ALERTS } from '../audit.permissions.ts';
import type { SealedEvent } from '../stream/stream.repository.ts';
import { attachEvents, extendAlert, insertAlert, MAX_EVENTS_PER_ALERT, mergeableAlert, type NewAlert } from './alerts.repository.ts';
import { eventsOfWindows, firingWindows, insertHits, purgeHits, type FiringWindow, type Hit, type HitEvent } from './hits.repository.ts';
import { BatchLookups } from './lookups.ts';
import { caseOf, isAfterHours, matchesFilter, subjectsOf, valuesOf } from './rules.ts';

export const DETECTION_CONSUMER = 'detection';
/** How long hits are kept beyond the longest window: events commit, and so reach the stream, a little out of time order. */
const LATE_MINUTES = 60;
/** Conditions cheapest first: the clock, then one case, then the persons of the event. */
const CONDITION_ORDER: DetectionCondition[] = ['outsideWorkingHours', 'shieldedCase', 'outsideOwnCases'];

export interface EngineOptions {
  rules: readonly DetectionRule[];
  workingHours: WorkingHours;
  calendar: WorkingCalendar;
}

type Judged = SealedEvent & { actorKind: 'user' | 'service'; actorId: string };

const MINUTE_US = 60_000_000;

export class DetectionEngine {
  readonly #rules: readonly DetectionRule[];
  readonly #thresholds: readonly ThresholdRule[];
  readonly #hours: WorkingHours;
  readonly #calendar: WorkingCalendar;
  /** How far back a threshold window can reach. */
  readonly #keepMinutes: number;

  constructor(options: EngineOptions) {
    this.#rules = options.rules.map((r) => ({
      ...r,
      conditions: CONDITION_ORDER.filter((c) => r.conditions?.includes(c)),
    }));
    this.#thresholds = this.#rules.filter((r): r is ThresholdRule => r.kind === 'threshold');
    this.#hours = options.workingHours;
    this.#calendar = options.calendar;
    this.#keepMinutes = Math.max(0, ...this.#thresholds.map((r) => r.windowMinutes)) + LATE_MINUTES;
  }

  get rules(): readonly DetectionRule[] {
    return this.#rules;
  }

  /** The stream handler: judges the batch, in the stream's transaction. */
  readonly handle = async (tx: Tx, events: readonly SealedEvent[]): Promise<void> => {
    const lookups = new BatchLookups(tx);
    const matched: { rule: MatchRule; event: Judged }[] = [];
    const hits: Hit[] = [];
    // Hits older than the batch's earliest event by more than a window (and the lateness allowed) can be
    // needed by no window this or a later batch closes. The earliest, not the latest: one batch may hold
    // a backlog's old events and new ones.
    let earliest = Infinity;
    for (const event of events) {
      earliest = Math.min(earliest, event.occurredAt.getTime());
      if ((event.actorKind !== 'user' && event.actorKind !== 'service') || !event.actorId) continue;
      const judged = event as Judged;
      for (const rule of this.#rules) {
        if (!matchesFilter(rule.filter, judged)) continue;
        const held = this.#conditionsHold(rule.conditions, judged, lookups);
        if (!(typeof held === 'boolean' ? held : await held)) continue;
        if (rule.kind === 'match') {
          matched.push({ rule, event: judged });
          continue;
        }
        const values = rule.count === 'events' ? [judged.id] : valuesOf(judged, rule.field!);
        for (const value of values)
          hits.push({
            ruleId: rule.id,
            actorId: judged.actorId,
            occurredAt: judged.occurredAt,
            eventId: judged.id,
            action: judged.action,
            value,
          });
      }
    }
    for (const run of runsOf(matched)) await this.#matched(tx, lookups, run.rule, run.events);
    await insertHits(tx, hits);
    for (const rule of this.#thresholds) {
      const own = hits.filter((h) => h.ruleId === rule.id);
      if (own.length > 0) await this.#evaluate(tx, lookups, rule, own, events);
    }
    if (earliest < Infinity && this.#thresholds.length > 0) await purgeHits(tx, new Date(earliest - this.#keepMinutes * 60_000));
  };

  /** The conditions, cheapest first; a promise only when one asks another module (most events never get that far). */
  #conditionsHold(conditions: readonly DetectionCondition[] | undefined, event: Judged, lookups: BatchLookups): boolean | Promise<boolean> {
    for (const [i, condition] of (conditions ?? []).entries()) {
      if (condition === 'outsideWorkingHours') {
        if (!isAfterHours(event.occurredAt, this.#hours, this.#calendar)) return false;
      } else return this.#lookupsHold(conditions!.slice(i), event, lookups);
    }
    return true;
  }

  async #lookupsHold(conditions: readonly DetectionCondition[], event: Judged, lookups: BatchLookups): Promise<boolean> {
    for (const condition of conditions) {
      if (condition === 'shieldedCase') {
        const caseId = caseOf(event);
        if (!caseId || !(await lookups.isShielded(caseId))) return false;
      }
      if (condition === 'outsideOwnCases' && !(await lookups.outsideOwnCases(event.actorId, subjectsOf(event)))) return false;
    }
    return true;
  }

  /**
   * A run of one actor's hits of a match rule (runsOf): each within `dedupeMinutes` of the one before. It
   * joins the open alert of the rule and actor within reach, or raises one: one lookup, one change and
   * one insert of its events per run, however many events it holds (a script opening a person a second
   * is one run a batch, not a thousand alerts' worth of statements).
   */
  async #matched(tx: Tx, lookups: BatchLookups, rule: MatchRule, run: readonly Judged[]): Promise<void> {
    const first = run[0]!;
    const last = run.at(-1)!;
    const reach = rule.dedupeMinutes * 60_000;
    const start = first.occurredAt.toISOString();
    const end = last.occurredAt.toISOString();
    const existing = await mergeableAlert(
      tx,
      rule.id,
      first.actorId,
      new Date(first.occurredAt.getTime() - reach).toISOString(),
      new Date(last.occurredAt.getTime() + reach).toISOString(),
    );
    const triggering = run.map((event) => ({ eventId: event.id, occurredAt: event.occurredAt, action: event.action }));
    if (existing) {
      await extendAlert(tx, existing.id, { start, end, count: { add: run.length } });
      await attachEvents(tx, existing.id, triggering);
      return;
    }
    await this.#raise(tx, lookups, rule, first, { windowStart: start, windowEnd: end, count: run.length }, triggering);
  }

  async #evaluate(tx: Tx, lookups: BatchLookups, rule: ThresholdRule, hits: Hit[], events: readonly SealedEvent[]): Promise<void> {
    const spans = new Map<string, { actorId: string; from: Date; to: Date }>();
    for (const h of hits) {
      const span = spans.get(h.actorId);
      if (!span) spans.set(h.actorId, { actorId: h.actorId, from: h.occurredAt, to: h.occurredAt });
      else {
        if (h.occurredAt < span.from) span.from = h.occurredAt;
        if (h.occurredAt > span.to) span.to = h.occurredAt;
      }
    }
    const windows = await firingWindows(tx, rule, [...spans.values()]);
    for (const cluster of clustersOf(windows, rule.windowMinutes * MINUTE_US)) {
      const { events: triggering, start } = await eventsOfWindows(
        tx,
        rule,
        cluster.actorId,
        cluster.first.at,
        cluster.last.at,
        MAX_EVENTS_PER_ALERT,
      );
      const existing = await mergeableAlert(tx, rule.id, cluster.actorId, start.at, cluster.last.at);
      if (existing) {
        await extendAlert(tx, existing.id, { start: start.at, end: cluster.last.at, count: { peak: cluster.peak } });
        await attachEvents(tx, existing.id, triggering);
        continue;
      }
      const actorKind = events.find((e) => e.actorId === cluster.actorId)?.actorKind === 'service' ? 'service' : 'user';
      await this.#raise(
        tx,
        lookups,
        rule,
        { actorId: cluster.actorId, actorKind },
        { windowStart: start.at, windowEnd: cluster.last.at, count: cluster.peak },
        triggering,
      );
    }
  }

  async #raise(
    tx: Tx,
    lookups: BatchLookups,
    rule: DetectionRule,
    actor: { actorId: string; actorKind: 'user' | 'service' },
    window: { windowStart: string; windowEnd: string; count: number },
    triggering: readonly HitEvent[],
  ): Promise<void> {
    const unitId = await lookups.unitOf(actor.actorId);
    const alert: NewAlert = {
      ruleId: rule.id,
      ruleKind: rule.kind,
      description: rule.description,
      severity: rule.severity,
      actorKind: actor.actorKind,
      actorId: actor.actorId,
      unitId,
      ...window,
      windowMinutes: rule.kind === 'threshold' ? rule.windowMinutes : null,
      threshold: rule.kind === 'threshold' ? rule.threshold : null,
    };
    const id = await insertAlert(tx, alert);
    await attachEvents(tx, id, triggering);
    // Ids and facts only: who is suspected is a staff member's id; the persons looked at stay in the trail.
    await recordSecurityEvent(tx, {
      action: 'audit.alert-raise',
      objectType: 'detection-alert',
      objectId: id,
      unitId,
      notify: [{ permission: AUDIT_ALERTS, unitId }],
      details: {
        rule: rule.id,
        severity: rule.severity,
        actorKind: actor.actorKind,
        actorId: actor.actorId,
        count: window.count,
        windowStart: window.windowStart,
        windowEnd: window.windowEnd,
        events: triggering.length,
      },
    });
  }
}

/**
 * The hits of match rules as runs: per rule and actor, in time order, split where two hits lie further
 * apart than the rule's `dedupeMinutes` (those would not join one alert).
 */
export function runsOf(matched: readonly { rule: MatchRule; event: Judged }[]): { rule: MatchRule; events: Judged[] }[] {
  const byRuleAndActor = new Map<string, { rule: MatchRule; events: Judged[] }>();
  for (const { rule, event } of matched) {
    const key = `${rule.id}\u0000${event.actorId}`;
    const group = byRuleAndActor.get(key) ?? { rule, events: [] };
    group.events.push(event);
    byRuleAndActor.set(key, group);
  }
  const runs: { rule: MatchRule; events: Judged[] }[] = [];
  for (const { rule, events } of byRuleAndActor.values()) {
    const reach = rule.dedupeMinutes * 60_000;
    const sorted = [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || Number(BigInt(a.id) - BigInt(b.id)));
    let run: Judged[] = [];
    for (const event of sorted) {
      if (run.length > 0 && event.occurredAt.getTime() - run.at(-1)!.occurredAt.getTime() > reach) {
        runs.push({ rule, events: run });
        run = [];
      }
      run.push(event);
    }
    if (run.length > 0) runs.push({ rule, events: run });
  }
  return runs;
}

/** Firing windows of one actor that overlap, chained: each chain is one alert, with its highest count. */
export function clustersOf(
  windows: readonly FiringWindow[],
  windowUs: number,
): { actorId: string; first: FiringWindow['end']; last: FiringWindow['end']; peak: number }[] {
  const clusters: { actorId: string; first: FiringWindow['end']; last: FiringWindow['end']; peak: number }[] = [];
  for (const w of windows) {
    const current = clusters.at(-1);
    // (e1 − w, e1] and (e2 − w, e2] overlap when e2 − w < e1.
    if (current && current.actorId === w.actorId && w.end.us - windowUs < current.last.us) {
      current.last = w.end;
      current.peak = Math.max(current.peak, w.count);
    } else clusters.push({ actorId: w.actorId, first: w.end, last: w.end, peak: w.count });
  }
  return clusters;
}
