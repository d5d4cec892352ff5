// The processing register (verwerkingsregister): read by everyone who works with privacy or audit,
// kept by the privacy officer (privacy.register-manage): add, change and retire activities, each change
// with its history (triggers, migrations/0001) and its audit event in the same transaction. The policy
// is the first line of every operation; row-level security holds underneath.
import type { ActorContext } from '../../../kernel/auth/actor.ts';
import { authorize } from '../../../kernel/auth/policy.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import { onViolation } from '../../../kernel/db/sqlstate.ts';
import { AppError } from '../../../kernel/errors.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import type { ActivityStatus, LegalBasis } from '../privacy.tables.ts';
import { activityPolicy, keepsRegister, readsRegister } from './register.policy.ts';
import { FIELD_COLUMNS, presentActivity, presentHistory, type ActivityField } from './register.presenter.ts';
import {
  changeActivity,
  historyOf,
  insertActivity,
  listActivities,
  loadActivity,
  patternsHeldElsewhere,
  type ActivityChanges,
  type ActivityRow,
} from './register.repository.ts';
import { processingActivityIdFor } from './register.resolver.ts';

export interface ActivityFields {
  name: string;
  purpose: string;
  legalBasis: LegalBasis;
  legalBasisDetail?: string;
  dataSubjectCategories?: string[];
  personalDataCategories?: string[];
  specialCategories?: string[];
  recipients?: string[];
  processors?: string[];
  thirdCountryTransfers?: string;
  retention: string;
  securityMeasures?: string[];
  controller: string;
  dpoContact?: string;
  auditActions?: string[];
}

const OBJECT = 'processing-activity';

const notReader = () => AppError.forbidden('Reading the processing register needs a privacy or audit permission.');

/** The unique constraints of the register, answered as what they mean. */
const taken = onViolation({
  unique: (e) => {
    if (e.constraint === 'processing_activity_key_key') return conflict('processing-activity-key-taken', 'Another activity has this key.');
    if (e.constraint === 'processing_activity_name_key')
      return conflict('processing-activity-name-taken', 'Another activity has this name.');
    if (e.constraint === 'processing_activity_action_pkey')
      return conflict('audit-action-pattern-taken', 'Another activity covers one of these audit actions (it changed meanwhile).');
    return undefined;
  },
});

function conflict(code: string, detail: string, extensions?: Record<string, unknown>): AppError {
  return new AppError({ status: 409, code, title: 'Conflict', detail, ...(extensions ? { extensions } : {}) });
}

export class RegisterService {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async #visible(tx: Tx, id: string): Promise<ActivityRow> {
    const row = await loadActivity(tx, id);
    if (!row) throw AppError.notFound();
    return row;
  }

  /** A pattern covered by another activity would give an action two: refused, naming them. */
  async #patternsFree(tx: Tx, id: string | null, patterns: readonly string[]): Promise<void> {
    const held = await patternsHeldElsewhere(tx, id, patterns);
    if (held.length > 0)
      throw conflict(
        'audit-action-pattern-taken',
        `Another activity already covers ${held.map((h) => `${h.pattern} (${h.key})`).join(', ')}: take it out there first.`,
        { patterns: held.map((h) => ({ pattern: h.pattern, activityKey: h.key })) },
      );
  }

  async list(ctx: ActorContext, filter: { status: ActivityStatus | 'all'; auditAction?: string | undefined }) {
    if (!readsRegister(ctx.actor)) throw notReader();
    return this.#db.transaction(ctx, async (tx) => {
      let rows = await listActivities(tx, filter.status === 'all' ? null : filter.status);
      if (filter.auditAction !== undefined) {
        const id = await processingActivityIdFor(tx, filter.auditAction);
        rows = rows.filter((r) => r.id === id);
      }
      await recordAudit(tx, {
        action: 'privacy.register-list',
        objectType: OBJECT,
        details: { status: filter.status, auditAction: filter.auditAction ?? null, count: rows.length },
        objectIds: rows.map((r) => r.id),
      });
      return rows.map((row) => presentActivity(ctx.actor, row));
    });
  }

  async get(ctx: ActorContext, id: string) {
    if (!readsRegister(ctx.actor)) throw notReader();
    return this.#db.transaction(ctx, async (tx) => {
      const row = await this.#visible(tx, id);
      await recordAudit(tx, { action: 'privacy.register-read', objectType: OBJECT, objectId: id });
      return presentActivity(ctx.actor, row);
    });
  }

  async history(ctx: ActorContext, id: string) {
    if (!readsRegister(ctx.actor)) throw notReader();
    return this.#db.transaction(ctx, async (tx) => {
      await this.#visible(tx, id);
      const rows = await historyOf(tx, id);
      await recordAudit(tx, { action: 'privacy.register-history', objectType: OBJECT, objectId: id, details: { versions: rows.length } });
      return presentHistory(rows);
    });
  }

  async create(ctx: ActorContext, input: ActivityFields & { key: string }) {
    if (!keepsRegister(ctx.actor)) throw AppError.forbidden();
    return this.#db.transaction(ctx, async (tx) => {
      await this.#patternsFree(tx, null, input.auditActions ?? []);
      const row = await insertActivity(tx, {
        key: input.key,
        ...columnsOf(input),
      } as Parameters<typeof insertActivity>[1]).catch(taken);
      await recordAudit(tx, {
        action: 'privacy.register-create',
        objectType: OBJECT,
        objectId: row.id,
        changedFields: ['key', ...Object.keys(input).filter((k) => k !== 'key')],
        details: { key: row.key },
      });
      return presentActivity(ctx.actor, row);
    });
  }

  /** Changes the fields whose value really changes; a stale version gets 412, a retired activity 409. */
  async update(ctx: ActorContext, id: string, expectedVersion: number, input: Partial<ActivityFields>) {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await this.#visible(tx, id);
      if (row.status === 'retired') throw conflict('processing-activity-retired', 'A retired activity is kept as it was.');
      authorize(ctx.actor, activityPolicy, 'update', { status: row.status, auditActions: row.audit_actions });
      if (row.version !== expectedVersion) throw AppError.preconditionFailed();
      const changed = (Object.keys(input) as ActivityField[]).filter(
        (field) => input[field] !== undefined && JSON.stringify(input[field]) !== JSON.stringify(row[FIELD_COLUMNS[field]]),
      );
      if (changed.length === 0) {
        await recordAudit(tx, { action: 'privacy.register-read', objectType: OBJECT, objectId: id, details: { unchanged: true } });
        return presentActivity(ctx.actor, row);
      }
      if (changed.includes('auditActions')) await this.#patternsFree(tx, id, input.auditActions ?? []);
      const updated = await changeActivity(
        tx,
        id,
        expectedVersion,
        Object.fromEntries(changed.map((field) => [FIELD_COLUMNS[field], input[field]])) as ActivityChanges,
      ).catch(taken);
      await recordAudit(tx, { action: 'privacy.register-update', objectType: OBJECT, objectId: id, changedFields: changed });
      return presentActivity(ctx.actor, updated);
    });
  }

  /** Retires an activity that stopped: kept with its reason and history; it must cover no audit action any more. */
  async retire(ctx: ActorContext, id: string, expectedVersion: number, reason: string) {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await this.#visible(tx, id);
      if (row.status === 'retired') throw conflict('processing-activity-retired', 'The activity is retired already.');
      if (!keepsRegister(ctx.actor)) throw AppError.forbidden();
      if (row.audit_actions.length > 0)
        throw conflict(
          'processing-activity-covers-audit-actions',
          `The activity still covers ${row.audit_actions.join(', ')}: give them to another activity first, so every audit event keeps one.`,
        );
      if (row.version !== expectedVersion) throw AppError.preconditionFailed();
      const updated = await changeActivity(tx, id, expectedVersion, { status: 'retired', retire_reason: reason });
      await recordAudit(tx, { action: 'privacy.register-retire', objectType: OBJECT, objectId: id, reason, changedFields: ['status'] });
      return presentActivity(ctx.actor, updated);
    });
  }
}

/** The table's columns for the fields given (arrays and texts as sent). */
function columnsOf(input: Partial<ActivityFields>): ActivityChanges {
  const out: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(FIELD_COLUMNS)) {
    const value = input[field as ActivityField];
    if (value !== undefined) out[column] = value;
  }
  return out;
}
