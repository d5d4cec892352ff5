// Detection alerts for the people who handle them (audit.alerts): list, read, acknowledge, close.
// Policy first (alerts.policy.ts), row-level security underneath; every read and change is audited in
// its transaction. The triggering events are shown by id and action: their details are in the audit
// trail, for those who may search it.
import type { ActorContext } from '../../../kernel/auth/actor.ts';
import { requireUserId } from '../../../kernel/auth/actor.ts';
import { allowedActions, can } from '../../../kernel/auth/policy.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import { pageOf } from '../../../kernel/db/keyset.ts';
import { AppError } from '../../../kernel/errors.ts';
import { describeUsers } from '../../identity/index.ts';
import { alertPolicy, type AlertResource } from './alerts.policy.ts';
import { alertEvents, changeAlertStatus, listAlerts, loadAlert, type AlertFilter, type AlertRow } from './alerts.repository.ts';
import { isUuid } from './rules.ts';

const OBJECT_TYPE = 'detection-alert';

const resourceOf = (row: AlertRow): AlertResource => ({ unitId: row.unit_id, actorId: row.actor_id, status: row.status });
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function present(tx: Tx, row: AlertRow, names: Map<string, { displayName: string }>) {
  return {
    id: row.id,
    rule: row.rule_id,
    kind: row.rule_kind,
    description: row.description,
    severity: row.severity,
    actor: { kind: row.actor_kind, id: row.actor_id, displayName: names.get(row.actor_id)?.displayName ?? null },
    unitId: row.unit_id,
    windowStart: row.window_start.toISOString(),
    windowEnd: row.window_end.toISOString(),
    windowMinutes: row.window_minutes,
    threshold: row.threshold,
    count: row.count,
    status: row.status,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: iso(row.acknowledged_at),
    closedBy: row.closed_by,
    closedAt: iso(row.closed_at),
    closeReason: row.close_reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    allowedActions: allowedActions(tx.ctx.actor, alertPolicy, resourceOf(row)).filter((a) => a !== 'read'),
  };
}

export type AlertAnswer = ReturnType<typeof present>;

async function namesOf(tx: Tx, rows: readonly AlertRow[]) {
  return describeUsers(tx, rows.map((r) => r.actor_id).filter(isUuid));
}

export class AlertsService {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async list(ctx: ActorContext, filter: AlertFilter) {
    return this.#db.transaction(ctx, async (tx) => {
      const page = pageOf(await listAlerts(tx, filter), filter.limit);
      const items = page.items.filter((row) => can(ctx.actor, alertPolicy, 'read', resourceOf(row)));
      await recordAudit(tx, {
        action: 'audit.alert-list',
        objectType: OBJECT_TYPE,
        objectIds: items.map((r) => r.id),
        details: {
          count: items.length,
          ...(filter.status ? { status: filter.status } : {}),
          ...(filter.ruleId ? { rule: filter.ruleId } : {}),
          ...(filter.severity ? { severity: filter.severity } : {}),
        },
      });
      const names = await namesOf(tx, items);
      return { items: items.map((row) => present(tx, row, names)), next: page.next };
    });
  }

  /** The alert, if the actor may see it (404 otherwise: existence does not leak). */
  async #visible(tx: Tx, id: string): Promise<AlertRow> {
    const row = await loadAlert(tx, id);
    if (!row || !can(tx.ctx.actor, alertPolicy, 'read', resourceOf(row))) throw AppError.notFound();
    return row;
  }

  async #answer(tx: Tx, row: AlertRow) {
    const events = await alertEvents(tx, row.id);
    return {
      ...present(tx, row, await namesOf(tx, [row])),
      events: events.map((e) => ({ id: e.event_id, action: e.action, occurredAt: e.occurred_at.toISOString() })),
    };
  }

  async get(ctx: ActorContext, id: string) {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await this.#visible(tx, id);
      await recordAudit(tx, { action: 'audit.alert-read', objectType: OBJECT_TYPE, objectId: id, details: { rule: row.rule_id } });
      return this.#answer(tx, row);
    });
  }

  /** Someone looks into it: open → acknowledged. 412 on a stale version, 409 when it is no longer open. */
  async acknowledge(ctx: ActorContext, id: string, expectedVersion: number) {
    const by = requireUserId(ctx.actor, 'Only a person acknowledges an alert.');
    return this.#db.transaction(ctx, async (tx) => {
      const row = await this.#visible(tx, id);
      if (row.version !== expectedVersion) throw AppError.preconditionFailed();
      if (!can(ctx.actor, alertPolicy, 'acknowledge', resourceOf(row))) throw AppError.conflict(`The alert is ${row.status}.`);
      const changed = await changeAlertStatus(tx, id, expectedVersion, { status: 'acknowledged', by });
      await recordAudit(tx, {
        action: 'audit.alert-acknowledge',
        objectType: OBJECT_TYPE,
        objectId: id,
        changedFields: ['status'],
        details: { rule: row.rule_id, from: row.status },
      });
      return this.#answer(tx, changed);
    });
  }

  /** Done with it, with the reason (a finding, or a false alarm and why): open or acknowledged → closed. */
  async close(ctx: ActorContext, id: string, expectedVersion: number, reason: string) {
    const by = requireUserId(ctx.actor, 'Only a person closes an alert.');
    return this.#db.transaction(ctx, async (tx) => {
      const row = await this.#visible(tx, id);
      if (row.version !== expectedVersion) throw AppError.preconditionFailed();
      if (!can(ctx.actor, alertPolicy, 'close', resourceOf(row))) throw AppError.conflict('The alert is closed already.');
      const changed = await changeAlertStatus(tx, id, expectedVersion, { status: 'closed', by, reason });
      await recordAudit(tx, {
        action: 'audit.alert-close',
        objectType: OBJECT_TYPE,
        objectId: id,
        changedFields: ['status'],
        reason,
        details: { rule: row.rule_id, from: row.status },
      });
      return this.#answer(tx, changed);
    });
  }
}
