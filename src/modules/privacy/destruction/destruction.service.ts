// Destruction rounds as holders of privacy.destruction use them: list and read rounds, draw one up now,
// read its cases (with their live legal holds), remove a case with a reason while the list is only
// proposed, review it (the first signature), approve it (the second, another person), cancel it, and
// read its report. The database holds every rule (migrations/0010_destruction_rounds.ts): the
// functions answer a word, turned into the HTTP answer here; the four eyes are a CHECK and a trigger.
// Approving enqueues the carrying out (destruction.jobs.ts); everything is audited in its transaction.
import { requireUserId, type ActorContext } from '../../../kernel/auth/actor.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import { pageOf, type KeysetCursor } from '../../../kernel/db/keyset.ts';
import { encodeCursor } from '../../../kernel/http/cursor.ts';
import { AppError } from '../../../kernel/errors.ts';
import { databaseErrorOf } from '../../../kernel/db/sqlstate.ts';
import { casesErasure } from '../../cases/index.ts';
import { describeUsers } from '../../identity/index.ts';
import type { DestructionItemStatus } from '../privacy.tables.ts';
import {
  allItems,
  approveRound,
  cancelRound,
  findItem,
  findRound,
  listItems,
  listRounds,
  proposeRound,
  removeItem,
  reviewRound,
  tallies,
  type ItemRow,
  type RoundRow,
  type RoundTally,
} from './destruction.repository.ts';
import { reportOf, type DestructionReport } from './destruction.report.ts';

export interface RoundView {
  id: string;
  status: RoundRow['status'];
  cutoff: string;
  proposedAt: string;
  proposedBy: Person | null;
  reviewedBy: Person | null;
  reviewedAt: string | null;
  approvedBy: Person | null;
  approvedAt: string | null;
  cancelledBy: Person | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  startedAt: string | null;
  completedAt: string | null;
  tally: RoundTally;
  allowedActions: string[];
}

interface Person {
  id: string;
  displayName: string | null;
}

export interface ItemView {
  id: string;
  roundId: string;
  caseId: string;
  caseNumber: string;
  caseTypeKey: string;
  owningUnitId: string;
  retentionUntil: string;
  status: DestructionItemStatus;
  legalHold: boolean;
  removedBy: Person | null;
  removedAt: string | null;
  removalReason: string | null;
  skipReason: string | null;
  doneAt: string | null;
  counts: ItemRow['counts'];
}

/** Staff named in rounds and items (reviewers, approvers, removers): their display names. */
async function people(tx: Tx, ids: readonly (string | null)[]): Promise<(id: string | null) => Person | null> {
  const names = await describeUsers(tx, [...new Set(ids.filter((id): id is string => id !== null))]);
  return (id) => (id === null ? null : { id, displayName: names.get(id)?.displayName ?? null });
}

/** What the actor may do with the round now; the database decides again when she does. */
function actionsOf(round: RoundRow, actorId: string): string[] {
  switch (round.status) {
    case 'proposed':
      return ['remove-item', 'review', 'cancel'];
    case 'reviewed':
      return round.reviewed_by === actorId ? ['cancel'] : ['approve', 'cancel'];
    case 'approved':
      return ['cancel'];
    default:
      return [];
  }
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export class DestructionService {
  readonly #db: Database;
  readonly #maxCases: number;
  readonly #onApproved: (roundId: string) => Promise<void>;

  constructor(db: Database, options: { maxCases: number; onApproved: (roundId: string) => Promise<void> }) {
    this.#db = db;
    this.#maxCases = options.maxCases;
    this.#onApproved = options.onApproved;
  }

  async #present(tx: Tx, rounds: RoundRow[]): Promise<RoundView[]> {
    const counted = await tallies(
      tx,
      rounds.map((r) => r.id),
    );
    const who = await people(
      tx,
      rounds.flatMap((r) => [r.proposed_by, r.reviewed_by, r.approved_by, r.cancelled_by]),
    );
    const actor = tx.ctx.actor.id ?? '';
    return rounds.map((r) => ({
      id: r.id,
      status: r.status,
      cutoff: r.cutoff,
      proposedAt: r.proposed_at.toISOString(),
      proposedBy: who(r.proposed_by),
      reviewedBy: who(r.reviewed_by),
      reviewedAt: iso(r.reviewed_at),
      approvedBy: who(r.approved_by),
      approvedAt: iso(r.approved_at),
      cancelledBy: who(r.cancelled_by),
      cancelledAt: iso(r.cancelled_at),
      cancelReason: r.cancel_reason,
      startedAt: iso(r.started_at),
      completedAt: iso(r.completed_at),
      tally: counted.get(r.id)!,
      allowedActions: actionsOf(r, actor),
    }));
  }

  async #round(tx: Tx, id: string): Promise<RoundRow> {
    const round = await findRound(tx, id);
    if (!round) throw AppError.notFound();
    return round;
  }

  async list(ctx: ActorContext, page: { after?: KeysetCursor; limit: number }) {
    return this.#db.transaction(ctx, async (tx) => {
      const { items, next } = pageOf(await listRounds(tx, page), page.limit);
      await recordAudit(tx, {
        action: 'privacy.destruction-round-list',
        objectType: 'destruction-round',
        details: { count: items.length },
        objectIds: items.map((r) => r.id),
      });
      return { items: await this.#present(tx, items), next: next ? encodeCursor(next) : null };
    });
  }

  async get(ctx: ActorContext, id: string): Promise<RoundView> {
    return this.#db.transaction(ctx, async (tx) => {
      const round = await this.#round(tx, id);
      await recordAudit(tx, { action: 'privacy.read-destruction-round', objectType: 'destruction-round', objectId: id });
      return (await this.#present(tx, [round]))[0]!;
    });
  }

  /** Draws up a round now (as the monthly job would); 409 when no case is due that no open list holds. */
  async propose(ctx: ActorContext): Promise<RoundView> {
    requireUserId(ctx.actor);
    return this.#db.transaction(ctx, async (tx) => {
      const id = await proposeRound(tx, this.#maxCases).catch((error: unknown) => {
        // Another list drawn up at the same moment took some of the same cases.
        if (databaseErrorOf(error)?.sqlState === '40001')
          throw AppError.conflict('Another destruction list was drawn up at the same moment: try again.');
        throw error;
      });
      if (!id) throw AppError.conflict('No case is past its retention date that is not on an open list already: nothing to destroy.');
      const round = (await this.#present(tx, [await this.#round(tx, id)]))[0]!;
      await recordAudit(tx, {
        action: 'privacy.destruction-round-propose',
        objectType: 'destruction-round',
        objectId: id,
        details: { cases: round.tally.pending, by: 'user' },
      });
      return round;
    });
  }

  async items(
    ctx: ActorContext,
    roundId: string,
    page: { after?: KeysetCursor; limit: number; status?: DestructionItemStatus },
  ): Promise<{ items: ItemView[]; next: string | null }> {
    return this.#db.transaction(ctx, async (tx) => {
      await this.#round(tx, roundId);
      const { items, next } = pageOf(await listItems(tx, roundId, page), page.limit);
      const held = await casesErasure.legalHoldsAmong(
        tx,
        items.filter((i) => i.status === 'pending').map((i) => i.case_id),
      );
      const who = await people(
        tx,
        items.map((i) => i.removed_by),
      );
      await recordAudit(tx, {
        action: 'privacy.destruction-item-list',
        objectType: 'destruction-round',
        objectId: roundId,
        details: { count: items.length, status: page.status ?? 'all' },
        objectIds: items.map((i) => i.case_id),
      });
      return {
        items: items.map((i) => ({
          id: i.id,
          roundId: i.round_id,
          caseId: i.case_id,
          caseNumber: i.case_number,
          caseTypeKey: i.case_type_key,
          owningUnitId: i.owning_unit_id,
          retentionUntil: i.retention_until,
          status: i.status,
          legalHold: held.has(i.case_id),
          removedBy: who(i.removed_by),
          removedAt: iso(i.removed_at),
          removalReason: i.removal_reason,
          skipReason: i.skip_reason,
          doneAt: iso(i.done_at),
          counts: i.counts,
        })),
        next: next ? encodeCursor(next) : null,
      };
    });
  }

  async removeItem(ctx: ActorContext, roundId: string, itemId: string, reason: string): Promise<RoundView> {
    requireUserId(ctx.actor);
    return this.#db.transaction(ctx, async (tx) => {
      const round = await this.#round(tx, roundId);
      const item = await findItem(tx, itemId);
      if (!item || item.round_id !== roundId) throw AppError.notFound();
      const outcome = await removeItem(tx, itemId, reason);
      if (outcome === 'not-found') throw AppError.notFound();
      if (outcome === 'list-closed')
        throw AppError.conflict(`The list is ${round.status}: cases leave it only while it is proposed (cancel it to start again).`);
      if (outcome === 'not-pending') throw AppError.conflict('The case is not pending on this list any more.');
      await recordAudit(tx, {
        action: 'privacy.destruction-item-remove',
        objectType: 'case',
        objectId: item.case_id,
        reason,
        details: { roundId, itemId, caseNumber: item.case_number },
      });
      return (await this.#present(tx, [round]))[0]!;
    });
  }

  /** The first signature: the list as it stands is what the approver will approve. */
  async review(ctx: ActorContext, roundId: string): Promise<RoundView> {
    return this.#sign(ctx, roundId, 'review');
  }

  /** The second signature, by another person; the round is carried out from here on. */
  async approve(ctx: ActorContext, roundId: string): Promise<RoundView> {
    const round = await this.#sign(ctx, roundId, 'approve');
    await this.#onApproved(roundId);
    return round;
  }

  async #sign(ctx: ActorContext, roundId: string, step: 'review' | 'approve'): Promise<RoundView> {
    requireUserId(ctx.actor);
    return this.#db.transaction(ctx, async (tx) => {
      await this.#round(tx, roundId);
      const outcome = step === 'review' ? await reviewRound(tx, roundId) : await approveRound(tx, roundId);
      if (outcome === 'not-found') throw AppError.notFound();
      if (outcome === 'not-permitted')
        throw AppError.forbidden('The list holds cases of units where you do not hold privacy.destruction: someone who does signs it.');
      if (outcome === 'same-person') {
        throw new AppError({
          status: 403,
          code: 'four-eyes',
          title: 'A second person must approve',
          detail: 'You reviewed this list: another holder of privacy.destruction approves it.',
        });
      }
      if (outcome === 'empty') throw AppError.conflict('No case is left on the list: cancel it instead.');
      if (outcome === 'wrong-state')
        throw AppError.conflict(step === 'review' ? 'Only a proposed list is reviewed.' : 'Only a reviewed list is approved.');
      const round = (await this.#present(tx, [await this.#round(tx, roundId)]))[0]!;
      await recordAudit(tx, {
        action: step === 'review' ? 'privacy.destruction-round-review' : 'privacy.destruction-round-approve',
        objectType: 'destruction-round',
        objectId: roundId,
        details: { cases: round.tally.pending, removed: round.tally.removed },
      });
      return round;
    });
  }

  async cancel(ctx: ActorContext, roundId: string, reason: string): Promise<RoundView> {
    requireUserId(ctx.actor);
    return this.#db.transaction(ctx, async (tx) => {
      await this.#round(tx, roundId);
      const outcome = await cancelRound(tx, roundId, reason);
      if (outcome === 'not-found') throw AppError.notFound();
      if (outcome === 'not-permitted') throw AppError.forbidden('The list holds cases of units where you do not hold privacy.destruction.');
      if (outcome === 'wrong-state') throw AppError.conflict('A list being carried out, completed or cancelled cannot be cancelled.');
      await recordAudit(tx, { action: 'privacy.destruction-round-cancel', objectType: 'destruction-round', objectId: roundId, reason });
      return (await this.#present(tx, [await this.#round(tx, roundId)]))[0]!;
    });
  }

  /** The round's report: what went (case numbers and ids, counts per kind), when, on whose approval. No personal data. */
  async report(ctx: ActorContext, roundId: string, format: 'json' | 'pdf'): Promise<DestructionReport> {
    return this.#db.transaction(ctx, async (tx) => {
      const [round] = await this.#present(tx, [await this.#round(tx, roundId)]);
      const items = await allItems(tx, roundId);
      const who = await people(
        tx,
        items.map((i) => i.removed_by),
      );
      await recordAudit(tx, {
        action: 'privacy.read-destruction-report',
        objectType: 'destruction-round',
        objectId: roundId,
        details: { format, items: items.length },
      });
      return reportOf(round!, items, who);
    });
  }
}
