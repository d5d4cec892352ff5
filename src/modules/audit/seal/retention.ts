// Retention of the audit trail by category (ADR 0025, migrations/0005_retention.ts): the daily job
// `audit.retention`, as the system actor `audit-retention`, the only actor the expiry functions admit.
//
// Each batch is one transaction: casus_audit_expire turns up to a batch of expired events into tombstones
// (their content gone, their leaves kept); the boundary moves up to the first leaf that is not a
// tombstone; the retention note is made (the boundary, its frontier grown from the last note's over the
// stored leaf hashes, the witnessed checkpoint it is bound to, the rules, the digest of the tombstones that
// stay) and signed; its copy is written to the witness store; then casus_audit_retention_apply records
// it and removes the leaves (and tombstones) below the boundary; then the transaction commits. A witness
// store that fails rolls the whole batch back: nothing expires without its witnessed note.
//
// It expires nothing past the point where the last successful verification ended (never destroy what was
// not verified), nor past the last witnessed checkpoint or a leaf a stream consumer has not processed
// (the SQL functions hold those too). It waits while the latest verification failed.
import { systemContext } from '../../../kernel/auth/actor.ts';
import type { RetentionSettings } from '../../../kernel/config-audit.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import type { JobQueue } from '../../../kernel/jobs/jobs.ts';
import type { Logger } from '../../../kernel/observability/logger.ts';
import { lastWitnessed, leafHashes } from './checkpoints.repository.ts';
import type { AuditKeys } from './keys.ts';
import { Frontier } from './merkle.ts';
import { signNote } from './note.ts';
import { retentionText, tombstoneDigest, type TombstoneLine } from './notes.ts';
import { openRetention } from './verify-anchors.ts';
import { retentionNotes, tombstonePage } from './verify.repository.ts';
import { applyRetention, expireBatch, firstLiveLeaf, noteTime, pruneCap } from './retention.repository.ts';
import { latestRun } from './status.repository.ts';
import { witnessName, type WitnessStore } from './witness.ts';

export const RETENTION_JOB = 'audit.retention';
const ACTOR = systemContext('audit-retention');

export interface RetentionOptions {
  keys: AuditKeys;
  witness: WitnessStore | null;
  rules: RetentionSettings;
  log: Logger;
  /** Events expired per transaction. */
  batchSize?: number;
  /** Batches per run: a backlog is worked off over several nights rather than in one long run. */
  maxBatches?: number;
}

export interface RetentionOutcome {
  /** Events whose content expired in this run. */
  expired: number;
  boundaryBefore: bigint;
  boundaryAfter: bigint;
  /** Retention notes made. */
  notes: number;
  /** Why nothing was done, when nothing was. */
  waiting: string | null;
}

interface Batch {
  expired: number;
  boundary: bigint;
  note: boolean;
}

export class Retention {
  readonly #db: Database;
  readonly #options: RetentionOptions;

  constructor(db: Database, options: RetentionOptions) {
    this.#db = db;
    this.#options = options;
  }

  async run(): Promise<RetentionOutcome> {
    const { batchSize = 10_000, maxBatches = 100 } = this.#options;
    const start = await this.#db.transaction(ACTOR, (tx) => this.#state(tx));
    const outcome: RetentionOutcome = {
      expired: 0,
      boundaryBefore: start.boundary,
      boundaryAfter: start.boundary,
      notes: 0,
      waiting: null,
    };
    if (!this.#options.witness) outcome.waiting = 'no witness store: nothing expires without a witnessed retention note';
    else if (start.verifiedTo === null) outcome.waiting = 'the latest verification of the trail did not pass (or none ran yet)';
    if (outcome.waiting) {
      this.#options.log.warn({ reason: outcome.waiting }, 'audit retention waits');
      return outcome;
    }
    for (let i = 0; i < maxBatches; i++) {
      const batch = await this.#db.transaction(ACTOR, (tx) => this.#batch(tx, start.verifiedTo!, batchSize));
      outcome.expired += batch.expired;
      outcome.boundaryAfter = batch.boundary;
      if (batch.note) outcome.notes += 1;
      if (batch.expired < batchSize) break;
    }
    this.#options.log.info(
      { expired: outcome.expired, boundary: outcome.boundaryAfter.toString(), notes: outcome.notes },
      'audit retention: expired events removed under signed retention notes',
    );
    return outcome;
  }

  /** The boundary now, and where the last verification ended if the latest one passed. */
  async #state(tx: Tx): Promise<{ boundary: bigint; verifiedTo: bigint | null }> {
    const run = await latestRun(tx);
    const notes = await retentionNotes(tx);
    return { boundary: notes.at(-1)?.boundary ?? 0n, verifiedTo: run?.ok ? BigInt(run.to_leaf) : null };
  }

  async #batch(tx: Tx, verifiedTo: bigint, batchSize: number): Promise<Batch> {
    const { keys, witness, rules } = this.#options;
    const previous = (await retentionNotes(tx)).at(-1);
    const last = previous ? openRetention(previous.id, previous.note, keys).body : null;
    const from = last?.boundary ?? 0n;
    const count = await expireBatch(tx, rules, verifiedTo, batchSize);
    const checkpoint = await lastWitnessed(tx);
    if (!checkpoint) return { expired: count, boundary: from, note: false };
    // The boundary: the first leaf at or above the old one that is not a tombstone, within what may be pruned.
    const cap = await pruneCap(tx, verifiedTo, checkpoint.size);
    const boundary = (await firstLiveLeaf(tx, from, cap)) ?? (cap > from ? cap : from);
    if (count === 0 && boundary === from) return { expired: 0, boundary: from, note: false };

    const frontier = last ? Frontier.of(last.boundary, last.frontier) : Frontier.empty();
    for (const hash of await leafHashes(tx, from, boundary)) frontier.append(hash);
    const kept: TombstoneLine[] = [];
    for (let after = boundary - 1n; ;) {
      const page = await tombstonePage(tx, after, 10_000);
      kept.push(...page);
      if (page.length < 10_000) break;
      after = BigInt(page.at(-1)!.leafIndex);
    }
    const time = await noteTime(tx);
    const text = retentionText({
      origin: keys.origin,
      boundary,
      checkpoint: { size: checkpoint.size, root: checkpoint.root },
      time,
      rules,
      tombstones: tombstoneDigest(kept),
      frontier: [...frontier.nodes],
    });
    const note = signNote(text, [keys.signer]);
    // The witness copy first: if it cannot be written, the batch rolls back and nothing expires.
    await witness!.put(witnessName('retention', time.getTime()), note);
    await applyRetention(tx, { boundary, checkpointSize: checkpoint.size, time, keyId: keys.signer.keyId, text: note, witnessed: true });
    return { expired: count, boundary, note: true };
  }
}

export function defineRetentionJob(jobs: JobQueue, retention: Retention): void {
  jobs.define({
    name: RETENTION_JOB,
    schedule: { cron: '27 3 * * *' },
    retryLimit: 2,
    expireInSeconds: 4 * 3600,
    concurrency: 1,
    handler: async () => void (await retention.run()),
  });
}
