// The verification screens' reads, for holders of audit.verify (the route requires it, row-level security
// holds it again): the status, the runs, the checkpoints, the retention boundaries and the public keys.
// Each read is audited in its own transaction, like every read in Casus.
import type { ActorContext } from '../../../kernel/auth/actor.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import type { Database } from '../../../kernel/db/database.ts';
import type { AuditKeys } from './keys.ts';
import { checkpoints, failuresSinceSuccess, lastSuccessfulRun, retentionBoundaries, runs, tree } from './status.repository.ts';
import { cursorAfter, presentCheckpoint, presentRetention, presentRun } from './verification.presenter.ts';
import type { WitnessStore } from './witness.ts';

const OBJECT = 'audit-trail';

export interface PageRequest {
  limit: number;
  before?: bigint;
}

export class VerificationService {
  readonly #db: Database;
  readonly #keys: AuditKeys;
  readonly #witness: WitnessStore | null;

  constructor(db: Database, keys: AuditKeys, witness: WitnessStore | null) {
    this.#db = db;
    this.#keys = keys;
    this.#witness = witness;
  }

  async status(ctx: ActorContext) {
    return this.#db.transaction(ctx, async (tx) => {
      const shape = await tree(tx);
      const latest = await runs(tx, 1);
      const success = await lastSuccessfulRun(tx);
      const failures = await failuresSinceSuccess(tx);
      const newest = await checkpoints(tx, 1);
      await recordAudit(tx, { action: 'audit.verification-read', objectType: OBJECT });
      const lastRun = latest[0] ? presentRun(latest[0]) : null;
      return {
        state: lastRun === null ? ('not-run' as const) : lastRun.ok ? ('verified' as const) : ('failed' as const),
        treeSize: shape.tree_size,
        sealedAt: shape.sealed_at?.toISOString() ?? null,
        boundary: shape.boundary,
        checkpoint: newest[0] ? presentCheckpoint(newest[0]) : null,
        unwitnessedCheckpoints: shape.unwitnessed,
        witnessStore: this.#witness?.describe ?? null,
        lastRun,
        lastSuccess: success ? presentRun(success) : null,
        failuresSinceSuccess: failures,
      };
    });
  }

  async runs(ctx: ActorContext, page: PageRequest) {
    return this.#db.transaction(ctx, async (tx) => {
      const rows = await runs(tx, page.limit + 1, page.before);
      await recordAudit(tx, { action: 'audit.verification-run-list', objectType: OBJECT });
      const items = rows.slice(0, page.limit).map(presentRun);
      return { items, next: rows.length > page.limit ? cursorAfter(items.at(-1)?.id) : null };
    });
  }

  async checkpoints(ctx: ActorContext, page: PageRequest) {
    return this.#db.transaction(ctx, async (tx) => {
      const rows = await checkpoints(tx, page.limit + 1, page.before);
      await recordAudit(tx, { action: 'audit.checkpoint-list', objectType: OBJECT });
      const items = rows.slice(0, page.limit).map(presentCheckpoint);
      return { items, next: rows.length > page.limit ? cursorAfter(items.at(-1)?.size) : null };
    });
  }

  async retentionBoundaries(ctx: ActorContext, page: PageRequest) {
    return this.#db.transaction(ctx, async (tx) => {
      const rows = await retentionBoundaries(tx, page.limit + 1, page.before);
      await recordAudit(tx, { action: 'audit.retention-boundary-list', objectType: OBJECT });
      const items = rows.slice(0, page.limit).map(presentRetention);
      return { items, next: rows.length > page.limit ? cursorAfter(items.at(-1)?.id) : null };
    });
  }

  async keys(ctx: ActorContext) {
    return this.#db.transaction(ctx, async (tx) => {
      await recordAudit(tx, { action: 'audit.key-list', objectType: OBJECT });
      return {
        origin: this.#keys.origin,
        keys: this.#keys.listed.map((k) => ({
          verifierKey: k.verifier.verifierKey,
          name: k.verifier.name,
          keyId: k.verifier.keyId,
          active: k.active,
          source: k.source,
        })),
      };
    });
  }
}
