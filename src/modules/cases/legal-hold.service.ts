// Legal holds on cases: read, set and lift, each with a reason, by holders of cases.legal-hold in the
// case's unit (team leads, the privacy officer). A held case is kept past its retention date: it is
// never proposed for destruction nor destroyed, and nobody taking part in it is erased (the SQL of
// migrations/0016 asks for a live hold wherever it decides). The holder need not see the case: the
// privacy officer works from destruction lists; what she learns is the hold, not the case. Whether the
// actor sees the case (row-level security) decides only between 403 and 404 for a refusal.
import type { ActorContext } from '../../kernel/auth/actor.ts';
import { recordAudit } from '../../kernel/audit/audit.ts';
import type { Database, Tx } from '../../kernel/db/database.ts';
import { AppError } from '../../kernel/errors.ts';
import { describeUsers } from '../identity/index.ts';
import { caseAccessOf } from './cases.repository.ts';
import { legalHoldsOf, legalHoldUnit, liftLegalHold, setLegalHold, type LegalHoldRow } from './legal-hold.repository.ts';

export interface LegalHoldView {
  id: string;
  reason: string;
  setBy: string;
  setByName: string | null;
  setAt: string;
  liftedAt: string | null;
  liftedBy: string | null;
  liftedByName: string | null;
  liftReason: string | null;
}

export interface CaseLegalHold {
  caseId: string;
  /** A live (not lifted) hold exists. */
  held: boolean;
  /** Every hold, newest first: the live one (if any) and the lifted ones. */
  holds: LegalHoldView[];
}

async function present(tx: Tx, caseId: string, rows: LegalHoldRow[]): Promise<CaseLegalHold> {
  const names = await describeUsers(tx, [...new Set(rows.flatMap((r) => [r.set_by, ...(r.lifted_by ? [r.lifted_by] : [])]))]);
  return {
    caseId,
    held: rows.some((r) => r.lifted_at === null),
    holds: rows.map((r) => ({
      id: r.id,
      reason: r.reason,
      setBy: r.set_by,
      setByName: names.get(r.set_by)?.displayName ?? null,
      setAt: r.set_at.toISOString(),
      liftedAt: r.lifted_at?.toISOString() ?? null,
      liftedBy: r.lifted_by,
      liftedByName: r.lifted_by ? (names.get(r.lifted_by)?.displayName ?? null) : null,
      liftReason: r.lift_reason,
    })),
  };
}

export class LegalHoldService {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** 404 when the actor neither holds cases.legal-hold in the case's unit nor sees it; 403 when she sees it without the permission. */
  async #permitted(tx: Tx, caseId: string): Promise<{ dataSubjectId: string | null }> {
    const access = await caseAccessOf(tx, caseId);
    if ((await legalHoldUnit(tx, caseId)) === null) {
      if (access) throw AppError.forbidden('Legal holds are set and lifted by holders of cases.legal-hold in the case’s unit.');
      throw AppError.notFound();
    }
    return { dataSubjectId: access?.primaryClientId ?? null };
  }

  async get(ctx: ActorContext, caseId: string): Promise<CaseLegalHold> {
    return this.#db.transaction(ctx, async (tx) => {
      const { dataSubjectId } = await this.#permitted(tx, caseId);
      const rows = await legalHoldsOf(tx, caseId);
      await recordAudit(tx, {
        action: 'case.read-legal-hold',
        objectType: 'case',
        objectId: caseId,
        dataSubjectId,
        details: { holds: rows.length },
        objectIds: rows.map((r) => r.id),
      });
      return present(tx, caseId, rows);
    });
  }

  async set(ctx: ActorContext, caseId: string, reason: string): Promise<CaseLegalHold> {
    return this.#db.transaction(ctx, async (tx) => {
      const { dataSubjectId } = await this.#permitted(tx, caseId);
      const outcome = await setLegalHold(tx, caseId, reason);
      if (outcome === 'already-held') throw AppError.conflict('The case is on legal hold already: lift that hold first to set another.');
      if (outcome !== 'set') throw AppError.notFound();
      await recordAudit(tx, { action: 'case.legal-hold-set', objectType: 'case', objectId: caseId, dataSubjectId, reason });
      return present(tx, caseId, await legalHoldsOf(tx, caseId));
    });
  }

  async lift(ctx: ActorContext, caseId: string, reason: string): Promise<CaseLegalHold> {
    return this.#db.transaction(ctx, async (tx) => {
      const { dataSubjectId } = await this.#permitted(tx, caseId);
      const outcome = await liftLegalHold(tx, caseId, reason);
      if (outcome === 'not-held') throw AppError.conflict('The case is not on legal hold.');
      if (outcome !== 'lifted') throw AppError.notFound();
      await recordAudit(tx, { action: 'case.legal-hold-lift', objectType: 'case', objectId: caseId, dataSubjectId, reason });
      return present(tx, caseId, await legalHoldsOf(tx, caseId));
    });
  }
}
