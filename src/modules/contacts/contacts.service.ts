// Contact moments: log contact on a case, list a case's contact newest first, read one, correct one.
// Authorisation is the first line of each operation (contacts.policy.ts), row-level security holds
// underneath; every read and write is audited in the same transaction, with the contacted person (or
// the case's primary client) as data subject. The summary is encrypted before it reaches SQL.
import { randomUUID } from 'node:crypto';
import type { ActorContext } from '../../kernel/auth/actor.ts';
import { allowedActions } from '../../kernel/auth/policy.ts';
import type { KeyRing } from '../../kernel/crypto/keyring.ts';
import type { Database, Tx } from '../../kernel/db/database.ts';
import { pageOf, type KeysetCursor } from '../../kernel/db/keyset.ts';
import { AppError } from '../../kernel/errors.ts';
import { recordAudit } from '../../kernel/audit/audit.ts';
import { withIdempotency, type IdempotencyClaim } from '../../kernel/http/idempotency.ts';
import { caseContactPolicy, contactMomentPolicy, isOwnRecentContact, type ContactMomentResource } from './contacts.policy.ts';
import { presentContactMoment, SUMMARY_PURPOSE } from './contacts.presenter.ts';
import { isCaseParticipant } from '../cases/index.ts';
import {
  correctContactMoment,
  insertContactMoment,
  listContactMoments,
  loadContactCase,
  loadContactMoment,
  type ContactCaseRecord,
  type ContactMomentRow,
} from './contacts.repository.ts';
import type { ContactChannel, ContactDirection, ContactOutcome } from './contacts.tables.ts';

export interface LogContactInput {
  personId?: string | null;
  channel: ContactChannel;
  direction: ContactDirection;
  /** ISO 8601; default: now. */
  occurredAt?: string;
  durationMinutes?: number | null;
  outcome: ContactOutcome;
  summary: string;
}

export type CorrectContactInput = Partial<LogContactInput> & {
  /** Why: required unless the author corrects within her 24-hour window. */
  reason?: string;
};

/** Clocks of mobile clients run a little ahead; more than this in the future is a mistake. */
const FUTURE_SKEW_MS = 5 * 60_000;
/** The fields a correction may change, in the order the audit lists them. */
const FIELDS = ['personId', 'channel', 'direction', 'occurredAt', 'durationMinutes', 'outcome', 'summary'] as const;

function occurredAtOf(value: string | undefined): Date {
  const at = value === undefined ? new Date() : new Date(value);
  if (at.getTime() > Date.now() + FUTURE_SKEW_MS) throw AppError.invalid('/body/occurredAt', 'lies in the future');
  return at;
}

export class ContactsService {
  readonly #db: Database;
  readonly #keys: KeyRing;

  constructor(db: Database, keys: KeyRing) {
    this.#db = db;
    this.#keys = keys;
  }

  #present(tx: Tx, row: ContactMomentRow, kase: ContactCaseRecord) {
    const resource: ContactMomentResource = { kase, createdBy: row.created_by, createdAt: row.created_at };
    return { ...presentContactMoment(row, this.#keys), allowedActions: allowedActions(tx.ctx.actor, contactMomentPolicy, resource) };
  }

  /** The case, if the actor may see it (404 otherwise: existence does not leak). */
  async #visibleCase(tx: Tx, caseId: string): Promise<ContactCaseRecord> {
    const kase = await loadContactCase(tx, caseId);
    if (!kase || !caseContactPolicy.read(tx.ctx.actor, kase)) throw AppError.notFound();
    return kase;
  }

  /** The contact moment and its case, if the actor may see them. */
  async #visibleMoment(tx: Tx, id: string): Promise<{ row: ContactMomentRow; kase: ContactCaseRecord }> {
    const row = await loadContactMoment(tx, id);
    const kase = row ? await loadContactCase(tx, row.case_id) : undefined;
    if (!row || !kase || !contactMomentPolicy.read(tx.ctx.actor, { kase, createdBy: row.created_by, createdAt: row.created_at }))
      throw AppError.notFound();
    return { row, kase };
  }

  async list(ctx: ActorContext, caseId: string, page: { after?: KeysetCursor; limit: number }) {
    return this.#db.transaction(ctx, async (tx) => {
      const kase = await this.#visibleCase(tx, caseId);
      const { items, next } = pageOf(await listContactMoments(tx, caseId, page), page.limit);
      const contacted = [...new Set(items.map((r) => r.person_id).filter((p): p is string => p !== null && p !== kase.primaryClientId))];
      await recordAudit(tx, {
        action: 'contact-moment.list',
        objectType: 'case',
        objectId: caseId,
        dataSubjectId: kase.primaryClientId,
        details: { count: items.length, contactedPersonIds: contacted },
        objectIds: items.map((r) => r.id),
        dataSubjectIds: [...(kase.primaryClientId ? [kase.primaryClientId] : []), ...contacted],
      });
      return {
        items: items.map((row) => this.#present(tx, row, kase)),
        next,
      };
    });
  }

  async create(ctx: ActorContext, caseId: string, input: LogContactInput, claim: IdempotencyClaim | null = null) {
    const occurredAt = occurredAtOf(input.occurredAt);
    return this.#db.transaction(ctx, async (tx) => {
      const kase = await this.#visibleCase(tx, caseId);
      if (!caseContactPolicy.log(ctx.actor, kase)) {
        throw AppError.forbidden(
          kase.closed
            ? 'The case is closed: reopen it to log contact.'
            : 'Logging contact needs you to work on the case or to hold cases.update in its unit.',
        );
      }
      if (input.personId && !(await isCaseParticipant(tx, caseId, input.personId)))
        throw AppError.invalid('/body/personId', 'does not take part in this case');
      const { id } = await withIdempotency(tx, claim, async () => {
        // The id is made here: it is the summary's encryption context, so it must exist before the row.
        const id = randomUUID();
        await insertContactMoment(tx, {
          id,
          case_id: caseId,
          person_id: input.personId ?? null,
          channel: input.channel,
          direction: input.direction,
          occurred_at: occurredAt,
          duration_minutes: input.durationMinutes ?? null,
          outcome: input.outcome,
          summary_encrypted: this.#keys.encrypt(SUMMARY_PURPOSE, input.summary, id),
          created_by: ctx.actor.kind === 'user' || ctx.actor.kind === 'service' ? ctx.actor.id : null,
        });
        await recordAudit(tx, {
          action: 'contact-moment.create',
          objectType: 'contact-moment',
          objectId: id,
          dataSubjectId: input.personId ?? kase.primaryClientId,
          details: { caseId },
        });
        return { id };
      });
      return this.#present(tx, (await loadContactMoment(tx, id))!, kase);
    });
  }

  async get(ctx: ActorContext, id: string) {
    return this.#db.transaction(ctx, async (tx) => {
      const { row, kase } = await this.#visibleMoment(tx, id);
      await recordAudit(tx, {
        action: 'contact-moment.read',
        objectType: 'contact-moment',
        objectId: id,
        dataSubjectId: row.person_id ?? kase.primaryClientId,
        details: { caseId: row.case_id },
      });
      return this.#present(tx, row, kase);
    });
  }

  /**
   * Corrects a contact moment: the author within 24 hours of logging it, later (or someone else's)
   * only with contacts.correct in the case's unit and a reason. Only the fields that really change
   * are written and named in the audit; a stale version gets 412.
   */
  async update(ctx: ActorContext, id: string, expectedVersion: number, input: CorrectContactInput) {
    const occurredAt = input.occurredAt === undefined ? undefined : occurredAtOf(input.occurredAt);
    return this.#db.transaction(ctx, async (tx) => {
      const { row, kase } = await this.#visibleMoment(tx, id);
      const resource: ContactMomentResource = { kase, createdBy: row.created_by, createdAt: row.created_at };
      if (!contactMomentPolicy.update(ctx.actor, resource)) {
        throw AppError.forbidden(
          'Only the author corrects a contact moment, within 24 hours of logging it; later corrections need contacts.correct (team leads).',
        );
      }
      const own = isOwnRecentContact(ctx.actor, resource);
      if (!own && !input.reason)
        throw AppError.invalid('/body/reason', 'correcting someone else’s contact moment, or after 24 hours, needs a reason');
      if (row.version !== expectedVersion) throw AppError.preconditionFailed();
      if (input.personId && input.personId !== row.person_id && !(await isCaseParticipant(tx, row.case_id, input.personId))) {
        throw AppError.invalid('/body/personId', 'does not take part in this case');
      }
      const current = presentContactMoment(row, this.#keys);
      const next = { ...input, ...(occurredAt ? { occurredAt: occurredAt.toISOString() } : {}) };
      const changed = FIELDS.filter((f) => next[f] !== undefined && next[f] !== current[f]);
      if (changed.length === 0) {
        await recordAudit(tx, {
          action: 'contact-moment.read',
          objectType: 'contact-moment',
          objectId: id,
          dataSubjectId: row.person_id ?? kase.primaryClientId,
          details: { caseId: row.case_id, unchanged: true },
        });
        return this.#present(tx, row, kase);
      }
      const set = (field: (typeof FIELDS)[number]) => changed.includes(field);
      const updated = await correctContactMoment(tx, id, expectedVersion, {
        ...(set('personId') ? { person_id: input.personId ?? null } : {}),
        ...(set('channel') ? { channel: input.channel! } : {}),
        ...(set('direction') ? { direction: input.direction! } : {}),
        ...(set('occurredAt') ? { occurred_at: occurredAt! } : {}),
        ...(set('durationMinutes') ? { duration_minutes: input.durationMinutes ?? null } : {}),
        ...(set('outcome') ? { outcome: input.outcome! } : {}),
        ...(set('summary') ? { summary_encrypted: this.#keys.encrypt(SUMMARY_PURPOSE, input.summary!, id) } : {}),
      });
      await recordAudit(tx, {
        action: 'contact-moment.update',
        objectType: 'contact-moment',
        objectId: id,
        dataSubjectId: updated.person_id ?? kase.primaryClientId,
        changedFields: [...changed],
        reason: input.reason ?? null,
        details: { caseId: row.case_id, via: own ? 'author' : 'contacts.correct' },
      });
      return this.#present(tx, updated, kase);
    });
  }
}
