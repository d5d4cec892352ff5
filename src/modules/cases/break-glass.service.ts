// Breaking the glass: time-limited access to a case outside one's scope, after giving a reason.
//   - a case that is not shielded opens at once (a break-the-glass grant for CASUS_BREAK_GLASS_HOURS);
//   - a shielded case never opens without a second person: breaking the glass asks (a pending request,
//     two hours to decide), the case's team lead (cases.grant-access in its unit) or a security officer
//     (cases.review-access there), not the one who asked, approves or refuses; an approval is the grant;
//   - every request, access, approval and refusal is a security event naming the case's team lead and
//     security officers; reviewers mark the accesses reviewed afterwards;
//   - look-ups by an unknown number are counted in PostgreSQL: after five in an hour the next is refused
//     (429) before any number is looked at.
// Authorisation first (break-glass.policy.ts), the database holding the same underneath; audited in
// the same transaction. Refusals that must leave a trace (an unknown number, the limit) are answers,
// not exceptions, so that their audit commits; the route turns them into 404 and 429.
import type { ActorContext } from '../../kernel/auth/actor.ts';
import { allowedActions, authorize } from '../../kernel/auth/policy.ts';
import type { Database, Tx } from '../../kernel/db/database.ts';
import { AppError } from '../../kernel/errors.ts';
import { recordAudit } from '../../kernel/audit/audit.ts';
import { recordSecurityEvent } from '../../kernel/audit/security-events.ts';
import { describeUsers, rootUnitId } from '../identity/index.ts';
import {
  breakGlassRequestPolicy,
  mayBreakGlass,
  type BreakGlassRequestResource,
  type BreakGlassRequestStatus,
} from './break-glass.policy.ts';
import {
  breakGlassAccesses,
  breakGlassRequests,
  decideBreakGlass,
  insertBreakGlassGrant,
  insertBreakGlassRequest,
  lookUpForBreakGlass,
  reviewBreakGlass,
  type BreakGlassRequestRow,
} from './break-glass.repository.ts';
import { notifyOfCase } from './cases.policy.ts';

export type BreakGlassOutcome =
  | { kind: 'granted'; caseId: string; grantId: string; expiresAt: string }
  | { kind: 'requested'; requestId: string; status: 'pending'; expiresAt: string }
  | { kind: 'unknown' }
  | { kind: 'limited' };

/**
 * The display names of the staff a list names (requester, decider, reviewer): who broke the glass is what
 * the second person decides on and reviews, and she need not be able to read that colleague's unit
 * (the night line is another team). Names only, from identity's directory; null for an unknown id.
 */
async function namesOf(tx: Tx, ids: (string | null)[]): Promise<(id: string | null) => string | null> {
  const people = await describeUsers(
    tx,
    ids.filter((id): id is string => id !== null),
  );
  return (id) => (id === null ? null : (people.get(id)?.displayName ?? null));
}

const present = (actor: ActorContext['actor'], r: BreakGlassRequestRow, nameOf: (id: string | null) => string | null) => ({
  id: r.id,
  caseId: r.caseId,
  caseNumber: r.caseNumber,
  unitId: r.unitId,
  requestedBy: r.requestedBy,
  requestedByName: nameOf(r.requestedBy),
  reason: r.reason,
  requestedAt: r.requestedAt.toISOString(),
  expiresAt: r.expiresAt.toISOString(),
  status: r.status,
  decidedBy: r.decidedBy,
  decidedByName: nameOf(r.decidedBy),
  decidedAt: r.decidedAt?.toISOString() ?? null,
  decisionComment: r.decisionComment,
  grantId: r.grantId,
  allowedActions: allowedActions(actor, breakGlassRequestPolicy, resourceOf(r)),
});
const resourceOf = (r: BreakGlassRequestRow): BreakGlassRequestResource => ({
  unitId: r.unitId,
  requestedBy: r.requestedBy,
  status: r.status,
});
/** How far down the reviewer's list of unreviewed accesses a review looks for the one it reviews (for its audit). */
const REVIEW_LOOKUP = 1000;

const subjectsOf = (rows: { primaryClientId: string | null }[]) =>
  rows.map((r) => r.primaryClientId).filter((p): p is string => p !== null);

export class BreakGlassService {
  readonly #db: Database;
  readonly #grantHours: number;

  constructor(db: Database, options: { grantHours: number }) {
    this.#db = db;
    this.#grantHours = options.grantHours;
  }

  async breakGlass(ctx: ActorContext, input: { caseNumber: string; reason: string }): Promise<BreakGlassOutcome> {
    if (!mayBreakGlass(ctx.actor)) throw AppError.forbidden('Breaking the glass needs the permission cases.break-glass.');
    return this.#db.transaction(ctx, async (tx) => {
      const target = await lookUpForBreakGlass(tx, input.caseNumber);
      if (target?.outcome === 'limited') {
        await recordSecurityEvent(tx, {
          action: 'case.break-glass',
          objectType: 'case',
          result: 'denied',
          reason: input.reason,
          unitId: null,
          notify: [{ permission: 'cases.review-access', unitId: await rootUnitId(tx) }],
          details: { caseNumber: input.caseNumber, outcome: 'too many unknown numbers' },
        });
        return { kind: 'limited' };
      }
      if (!target?.caseId || !target.unitId) {
        await recordAudit(tx, {
          action: 'case.break-glass',
          objectType: 'case',
          result: 'failure',
          reason: input.reason,
          details: { caseNumber: input.caseNumber, outcome: 'no such case' },
        });
        return { kind: 'unknown' };
      }
      const event = {
        objectType: 'case',
        objectId: target.caseId,
        dataSubjectId: target.primaryClientId,
        reason: input.reason,
        unitId: target.unitId,
        notify: notifyOfCase(target.unitId),
      };
      if (target.shielded) {
        const request = await insertBreakGlassRequest(tx, { caseId: target.caseId, reason: input.reason });
        await recordSecurityEvent(tx, {
          ...event,
          action: 'case.break-glass-request',
          details: { requestId: request.id, expiresAt: request.expiresAt.toISOString(), decision: 'required' },
        });
        return { kind: 'requested', requestId: request.id, status: 'pending', expiresAt: request.expiresAt.toISOString() };
      }
      const expiresAt = new Date(Date.now() + this.#grantHours * 3_600_000);
      const grantId = await insertBreakGlassGrant(tx, { caseId: target.caseId, reason: input.reason, expiresAt });
      await recordSecurityEvent(tx, {
        ...event,
        action: 'case.break-glass',
        details: { grantId, expiresAt: expiresAt.toISOString(), review: 'required' },
      });
      return { kind: 'granted', caseId: target.caseId, grantId, expiresAt: expiresAt.toISOString() };
    });
  }

  /** Requests the actor made or may decide, newest first (audited with the requests and the clients they concern). */
  async requests(ctx: ActorContext, filter: { status?: BreakGlassRequestStatus; limit: number }) {
    return this.#db.transaction(ctx, async (tx) => {
      const rows = await breakGlassRequests(tx, filter);
      await recordAudit(tx, {
        action: 'case.break-glass-request-list',
        objectType: 'case-break-glass-request',
        details: { status: filter.status ?? null, count: rows.length },
        objectIds: rows.map((r) => r.id),
        dataSubjectIds: subjectsOf(rows),
      });
      const nameOf = await namesOf(
        tx,
        rows.flatMap((r) => [r.requestedBy, r.decidedBy]),
      );
      return rows.map((r) => present(ctx.actor, r, nameOf));
    });
  }

  /** Approves (the requester gets break-the-glass access from now) or refuses a pending request. */
  async decide(ctx: ActorContext, requestId: string, approve: boolean, comment: string) {
    return this.#db.transaction(ctx, async (tx) => {
      const request = await this.#request(tx, requestId);
      const action = approve ? 'approve' : 'refuse';
      if (request.requestedBy === ctx.actor.id) throw AppError.forbidden('A second person decides: you cannot decide your own request.');
      if (request.status !== 'pending') throw AppError.conflict(`The request is ${request.status} already.`, { status: request.status });
      authorize(ctx.actor, breakGlassRequestPolicy, action, resourceOf(request));
      const decision = await decideBreakGlass(tx, requestId, approve, comment, this.#grantHours);
      // Decided or expired between the read and the decision: the database's answer stands.
      if (!decision || decision.outcome === 'own') throw AppError.notFound();
      if (decision.outcome === 'decided' || decision.outcome === 'expired')
        throw AppError.conflict(`The request is ${decision.outcome === 'decided' ? 'decided' : 'expired'} already.`);
      await recordSecurityEvent(tx, {
        action: approve ? 'case.break-glass-approve' : 'case.break-glass-refuse',
        objectType: 'case',
        objectId: request.caseId,
        dataSubjectId: request.primaryClientId,
        reason: comment,
        unitId: request.unitId,
        notify: notifyOfCase(request.unitId),
        details: {
          requestId,
          requestedBy: request.requestedBy,
          ...(decision.outcome === 'approved'
            ? { grantId: decision.grantId, expiresAt: decision.expiresAt.toISOString(), review: 'required' }
            : {}),
        },
      });
      const decided = await this.#request(tx, requestId);
      return present(ctx.actor, decided, await namesOf(tx, [decided.requestedBy, decided.decidedBy]));
    });
  }

  async #request(tx: Tx, id: string): Promise<BreakGlassRequestRow> {
    const [row] = await breakGlassRequests(tx, { id, limit: 1 });
    if (!row) throw AppError.notFound('No break-the-glass request with that id that you made or may decide.');
    return row;
  }

  /** Break-the-glass accesses for review (cases.review-access in the case's unit). */
  async accesses(ctx: ActorContext, filter: { reviewed: boolean; limit: number }) {
    return this.#db.transaction(ctx, async (tx) => {
      const rows = await breakGlassAccesses(tx, filter);
      await recordAudit(tx, {
        action: 'case.break-glass-list',
        objectType: 'case-access-grant',
        details: { reviewed: filter.reviewed, count: rows.length },
        objectIds: rows.map((r) => r.id),
        dataSubjectIds: subjectsOf(rows),
      });
      const nameOf = await namesOf(
        tx,
        rows.flatMap((r) => [r.userId, r.reviewedBy, r.grantedBy]),
      );
      return rows.map((r) => ({
        id: r.id,
        caseId: r.caseId,
        caseNumber: r.caseNumber,
        userId: r.userId,
        userName: nameOf(r.userId),
        reason: r.reason,
        grantedAt: r.grantedAt.toISOString(),
        expiresAt: r.expiresAt?.toISOString() ?? null,
        reviewedAt: r.reviewedAt?.toISOString() ?? null,
        reviewedBy: r.reviewedBy,
        reviewedByName: nameOf(r.reviewedBy),
        grantedBy: r.grantedBy,
        grantedByName: nameOf(r.grantedBy),
      }));
    });
  }

  /** Marks a break-the-glass access reviewed (not one's own), with the reviewer's comment. */
  async review(ctx: ActorContext, grantId: string, comment: string): Promise<void> {
    await this.#db.transaction(ctx, async (tx) => {
      // The case and its client, for the audit: the reviewer sees the access in her list, not the case.
      // Unreviewed accesses are few; one beyond the list's first REVIEW_LOOKUP is reviewed all the same.
      const access = (await breakGlassAccesses(tx, { reviewed: false, limit: REVIEW_LOOKUP })).find((a) => a.id === grantId);
      if (!(await reviewBreakGlass(tx, grantId)))
        throw AppError.notFound('No unreviewed break-the-glass access with that id that you may review (your own you cannot).');
      await recordAudit(tx, {
        action: 'case.break-glass-review',
        objectType: 'case-access-grant',
        objectId: grantId,
        dataSubjectId: access?.primaryClientId ?? null,
        reason: comment,
        details: { caseId: access?.caseId ?? null },
      });
    });
  }
}
