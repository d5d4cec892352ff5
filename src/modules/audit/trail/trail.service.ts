// Reading the audit trail: search (audit.read), export (audit.export), and "who looked at this
// client" (audit.subject-views, or working on a case of the client). Authorisation first, row-level
// security underneath (migration 0011); every read of the trail is itself an audit event, naming the
// persons whose events it showed, never their data: a search or export records its filter, "who
// looked" is recorded by the database function that answers it. A refusal is recorded too, in a
// transaction of its own (the refused one rolls back).
import type { Readable } from 'node:stream';
import type { ActorContext } from '../../../kernel/auth/actor.ts';
import { can } from '../../../kernel/auth/policy.ts';
import { recordAudit, type AuditEvent } from '../../../kernel/audit/audit.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import { pageOf } from '../../../kernel/db/keyset.ts';
import { AppError } from '../../../kernel/errors.ts';
import { describeUsers, rootUnitId } from '../../identity/index.ts';
import { exportStream } from './trail.export.ts';
import { accountIdsOf, personsOf, presentEvent, presentSubjectEvent } from './trail.presenter.ts';
import { SUBJECT_VIEW_REFUSED, subjectViewAnswer, TRAIL_REFUSED, trailPolicy } from './trail.policy.ts';
import { boundExport, searchEvents, subjectAccess, subjectEvents, type TrailFilter, type TrailPageRequest } from './trail.repository.ts';
import type { TrailCursor } from './trail.cursor.ts';

export type ExportFormat = 'csv' | 'json';

export interface TrailSettings {
  /** The most events one export may hold (CASUS_AUDIT_EXPORT_MAX_ROWS). */
  exportMaxRows: number;
}

/** The filter as the audit event records it: only what was given, moments as ISO text; ids, never names. */
export function describeFilter(filter: TrailFilter): Record<string, string> {
  const described: Record<string, string> = {};
  for (const [key, value] of Object.entries(filter) as [keyof TrailFilter, TrailFilter[keyof TrailFilter]][]) {
    if (value !== undefined) described[key] = value instanceof Date ? value.toISOString() : value;
  }
  return described;
}

/** A filter that cannot be meant: an empty or reversed time range, an action and a prefix at once. */
export function checkFilter(filter: TrailFilter): void {
  if (filter.from && filter.to && filter.from.getTime() > filter.to.getTime())
    throw AppError.invalid('/query/from', 'lies after `to`: the range runs from `from` (inclusive) to `to` (exclusive)');
  if (filter.action !== undefined && filter.actionPrefix !== undefined)
    throw AppError.invalid('/query/actionPrefix', 'give either `action` (one action) or `actionPrefix` (a family), not both');
}

/**
 * Whether the transaction's actor may see who looked at this person: the answer GET
 * /audit/persons/{id}/accesses would give (audit_subject_access, the rule the database holds), asked
 * without reading the trail or recording anything. For screens that offer the view only where it opens.
 */
export async function subjectViewsAllowed(tx: Tx, personId: string): Promise<boolean> {
  return subjectViewAnswer(await subjectAccess(tx, personId)) === 'allowed';
}

export class TrailService {
  readonly #db: Database;
  readonly #settings: TrailSettings;

  constructor(db: Database, settings: TrailSettings) {
    this.#db = db;
    this.#settings = settings;
  }

  /** Throws 403 after recording the refusal in its own transaction, unless the actor may `action` the trail. */
  async #authorized(ctx: ActorContext, action: 'search' | 'export', refused: AuditEvent): Promise<void> {
    const allowed = await this.#db.transaction(ctx, async (tx) =>
      can(ctx.actor, trailPolicy, action, { rootUnitId: await rootUnitId(tx) }),
    );
    if (allowed) return;
    await this.#db.transaction(ctx, (tx) => recordAudit(tx, { ...refused, result: 'denied' }));
    throw AppError.forbidden(TRAIL_REFUSED);
  }

  /** One page of the events the filter matches, newest first, the actors by name; audited as audit.search. */
  async search(ctx: ActorContext, filter: TrailFilter, page: TrailPageRequest) {
    checkFilter(filter);
    const audit = {
      action: 'audit.search',
      objectType: 'audit-event',
      dataSubjectId: filter.personId ?? null,
      details: { filter: describeFilter(filter), page: page.after !== undefined },
    };
    await this.#authorized(ctx, 'search', audit);
    return this.#db.transaction(ctx, async (tx) => {
      const { items, next } = pageOf(await searchEvents(tx, filter, page), page.limit);
      const names = await describeUsers(tx, accountIdsOf(items));
      await recordAudit(tx, {
        ...audit,
        details: { ...audit.details, count: items.length },
        objectIds: items.map((r) => r.id),
        // The events shown say something of every person they name (that she is a client here, who read her).
        dataSubjectIds: [...new Set([...(filter.personId ? [filter.personId] : []), ...items.flatMap(personsOf)])],
      });
      return { items: items.map((row) => presentEvent(row, names)), next: next };
    });
  }

  /**
   * The events the filter matches as a CSV or JSON file, streamed, at most exportMaxRows (more is a
   * 400: narrow the filter). The export's audit event (audit.export: the filter, the format, how many
   * events, every person they name) is committed before the first event leaves the server; the events
   * are then read in a second transaction, bounded to what was counted.
   */
  async export(ctx: ActorContext, filter: TrailFilter, format: ExportFormat): Promise<{ filename: string; body: Readable }> {
    checkFilter(filter);
    const audit = { action: 'audit.export', objectType: 'audit-event', dataSubjectId: filter.personId ?? null };
    await this.#authorized(ctx, 'export', { ...audit, details: { filter: describeFilter(filter), format } });
    const max = this.#settings.exportMaxRows;
    const bound = await this.#db.transaction(ctx, async (tx) => {
      const counted = await boundExport(tx, filter, max);
      if (counted.count > max) {
        throw AppError.badRequest(
          `The export would hold more than ${max} events (CASUS_AUDIT_EXPORT_MAX_ROWS): narrow it with a shorter time range, a person, a case, a user or an action.`,
          [{ pointer: '/query', detail: `matches more than ${max} events` }],
        );
      }
      await recordAudit(tx, {
        ...audit,
        details: { filter: describeFilter(filter), format, count: counted.count, throughEventId: counted.maxId },
        dataSubjectIds: counted.personIds,
      });
      return counted;
    });
    const stamp = new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    return {
      filename: `audit-events-${stamp}.${format}`,
      body: exportStream(this.#db, ctx, { filter, described: describeFilter(filter), format, bound, exportedAt: new Date() }),
    };
  }

  /**
   * Who read or changed one person's data, and when, newest first, the actors by name: to holders of
   * audit.subject-views and to those who work on a case of the person, when they may see the person
   * (404 otherwise). The database function that answers also records the view.
   */
  async subjectViews(ctx: ActorContext, personId: string, page: TrailPageRequest) {
    const outcome = await this.#db.transaction(ctx, async (tx) => {
      const access = await subjectAccess(tx, personId);
      const answer = subjectViewAnswer(access);
      if (answer !== 'allowed') return { answer } as const;
      return { answer, page: await this.#subjectPage(tx, personId, page) } as const;
    });
    if (outcome.answer === 'allowed') return outcome.page;
    await this.#db.transaction(ctx, (tx) =>
      recordAudit(tx, {
        action: 'audit.subject-view',
        objectType: 'person',
        objectId: personId,
        dataSubjectId: personId,
        result: 'denied',
        details: { answer: outcome.answer },
      }),
    );
    throw outcome.answer === 'not-found' ? AppError.notFound() : AppError.forbidden(SUBJECT_VIEW_REFUSED);
  }

  async #subjectPage(tx: Tx, personId: string, page: TrailPageRequest) {
    const rows = await subjectEvents(tx, personId, page);
    const items = rows.slice(0, page.limit);
    const last = items.at(-1);
    const names = await describeUsers(tx, accountIdsOf(items));
    return {
      items: items.map((row) => presentSubjectEvent(row, names)),
      next: rows.some((r) => r.more) && last ? ({ at: last.cursor_at, id: last.id } satisfies TrailCursor) : null,
    };
  }
}
