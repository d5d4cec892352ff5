// Issuing checkpoints (ADR 0025): after a sealing round, when leaves wait and either the interval has
// passed since the last checkpoint or enough leaves wait, the last checkpoint's frontier takes the leaves
// sealed since (O(new leaves + log n)), and the new root is signed as a C2SP checkpoint, stored with its
// frontier, then copied to the witness store. A copy that fails is retried, oldest first, on later rounds;
// until then the checkpoint counts as unwitnessed (a metric). One instance issues at a time (advisory lock).
import { systemContext } from '../../../kernel/auth/actor.ts';
import type { Database } from '../../../kernel/db/database.ts';
import type { Logger } from '../../../kernel/observability/logger.ts';
import {
  addCheckpoint,
  lastCheckpoint,
  leafHashes,
  markWitnessed,
  sealedSize,
  tryLock,
  unwitnessed,
  type StoredCheckpoint,
} from './checkpoints.repository.ts';
import type { AuditKeys } from './keys.ts';
import { Frontier } from './merkle.ts';
import { signNote } from './note.ts';
import { checkpointText } from './notes.ts';
import { witnessName, type WitnessStore } from './witness.ts';

/** pg_advisory_xact_lock key of the checkpoint issuer ("casus-ck" as ASCII). */
const ISSUE_LOCK = 0x63617375732d636bn;
const ACTOR = systemContext('audit-checkpoint');
/** Leaf hashes read per query while catching up. */
const CHUNK = 50_000n;

export interface CheckpointerOptions {
  keys: AuditKeys;
  witness: WitnessStore | null;
  intervalSeconds: number;
  maxLeaves: number;
  log: Logger;
}

export class Checkpointer {
  readonly #db: Database;
  readonly #options: CheckpointerOptions;
  #lastWitnessAttempt = 0;
  /** What this process knows without asking: when the last checkpoint it saw was issued, and what it sealed since. */
  #lastIssuedAt = 0;
  #sealedSince = 0;

  constructor(db: Database, options: CheckpointerOptions) {
    this.#db = db;
    this.#options = options;
  }

  get witness(): WitnessStore | null {
    return this.#options.witness;
  }

  /**
   * Issues a checkpoint if one is due (or whenever leaves wait, with `force`). Null when none was due, or
   * another instance holds the lock.
   */
  async issue(options: { force?: boolean } = {}): Promise<StoredCheckpoint | null> {
    return this.#db.transaction(ACTOR, async (tx) => {
      if (!(await tryLock(tx, ISSUE_LOCK))) return null;
      const last = await lastCheckpoint(tx);
      this.#lastIssuedAt = last?.issuedAt.getTime() ?? 0;
      const from = last?.size ?? 0n;
      const to = await sealedSize(tx);
      if (to <= from) return null;
      const now = new Date();
      const due =
        options.force === true ||
        !last ||
        to - from >= BigInt(this.#options.maxLeaves) ||
        now.getTime() - last.issuedAt.getTime() >= this.#options.intervalSeconds * 1000;
      if (!due) return null;
      const frontier = last ? Frontier.of(last.size, last.frontier) : Frontier.empty();
      for (let at = from; at < to; at += CHUNK) {
        const end = at + CHUNK < to ? at + CHUNK : to;
        for (const leaf of await leafHashes(tx, at, end)) frontier.append(leaf);
      }
      const { signer, origin } = this.#options.keys;
      const root = frontier.root();
      const note = signNote(checkpointText({ origin, size: to, root, time: now }), [signer]);
      const checkpoint = { size: to, root, issuedAt: now, keyId: signer.keyId, note, frontier: [...frontier.nodes] };
      await addCheckpoint(tx, checkpoint);
      this.#lastIssuedAt = now.getTime();
      return { ...checkpoint, witnessedAt: null };
    });
  }

  /**
   * Copies unwitnessed checkpoints to the witness store, oldest first; stops at the first failure (logged),
   * so copies land in order. At most one attempt per interval when nothing new was issued.
   */
  async witnessPending(options: { now?: boolean } = {}): Promise<number> {
    const witness = this.#options.witness;
    if (!witness) return 0;
    if (!options.now && Date.now() - this.#lastWitnessAttempt < this.#options.intervalSeconds * 1000) return 0;
    this.#lastWitnessAttempt = Date.now();
    let written = 0;
    for (;;) {
      const pending = await this.#db.transaction(ACTOR, (tx) => unwitnessed(tx, 100));
      if (pending.length === 0) return written;
      for (const checkpoint of pending) {
        try {
          await witness.put(witnessName('checkpoint', checkpoint.size), checkpoint.note);
        } catch (error) {
          this.#options.log.error(
            { err: error, treeSize: checkpoint.size.toString(), witness: witness.describe },
            'the audit checkpoint could not be copied to the witness store; retried next round',
          );
          return written;
        }
        await this.#db.transaction(ACTOR, (tx) => markWitnessed(tx, checkpoint.size));
        written += 1;
      }
    }
  }

  /**
   * After a sealing round that sealed `sealed` events: a checkpoint if due, then its copy (and any earlier one
   * still missing). Between checks it asks the database only when this process sealed something and a
   * checkpoint may be due (another instance may have issued one meanwhile: the database decides).
   */
  async round(sealed: number): Promise<void> {
    this.#sealedSince += sealed;
    const mayBeDue =
      this.#lastIssuedAt === 0 ||
      (this.#sealedSince > 0 &&
        (this.#sealedSince >= this.#options.maxLeaves || Date.now() - this.#lastIssuedAt >= this.#options.intervalSeconds * 1000));
    let issued: StoredCheckpoint | null = null;
    if (mayBeDue) {
      issued = await this.issue();
      if (issued) this.#sealedSince = 0;
    }
    await this.witnessPending({ now: issued !== null });
  }
}
