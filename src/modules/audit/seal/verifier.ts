// Verifying the audit trail (ADR 0025). In one repeatable-read, read-only transaction (SELECT only, beside a
// running `casus serve`):
//
// 1. The anchor: the newest checkpoint in the witness store whose signature verifies with a known key
//    (verify-anchors.ts). The database's copy of it must be the same note.
// 2. The boundary: the newest signed retention note; leaves below it were removed, its frontier stands in.
// 3. The start: `full` rehashes from the boundary; `incremental` (the hourly run) from the witnessed
//    checkpoint where the last successful run ended, its stored frontier checked against its signed root.
// 4. Over the whole tree, in SQL: the leaves form one gap-free run from the boundary to the sealed size;
//    no leaf's event is gone without a tombstone; no final event lacks a leaf; every tombstone is covered
//    by the newest retention note (its digest) and was expired under that note's rules.
// 5. The walk: every leaf from the start, its event read as the sealer read it (canonicalColumns) and
//    rehashed; a hash that differs from the stored one names the leaf exactly. The recomputed hashes grow
//    the frontier, whose root at each checkpoint's size must equal that checkpoint's signed root (the
//    database's checkpoints from the start on, the anchor, the retention note's checkpoint).
// 6. A root that differs with no leaf to blame (stored hashes rewritten to match rewritten events) is
//    narrowed down by bisection over the witness store's copies of the checkpoints in between: the first
//    bad leaf lies in the range reported.
import { setImmediate } from 'node:timers/promises';
import { systemContext, type ActorContext } from '../../../kernel/auth/actor.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import { leafHash } from './canonical.ts';
import {
  checkpointAbove,
  readOnly,
  eventsWithoutLeaf,
  lastVerifiedLeaf,
  leafSpan,
  leavesWithoutEvent,
  sealState,
  tombstonePage,
  walkPage,
} from './verify.repository.ts';
import { checkpointAt, checkpointsBetween, lastCheckpoint, lastWitnessed } from './checkpoints.repository.ts';
import type { AuditKeys } from './keys.ts';
import { Frontier } from './merkle.ts';
import { tombstoneDigest, type TombstoneLine } from './notes.ts';
import { newestWitnessed, openCheckpoint, trustedBoundary, type OpenedCheckpoint, type TrustedBoundary } from './verify-anchors.ts';
import { Findings, type VerificationReport } from './verify-report.ts';
import { witnessName, type WitnessStore } from './witness.ts';

export interface VerifyOptions {
  mode: 'incremental' | 'full';
  keys: AuditKeys;
  witness: WitnessStore | null;
  actor?: ActorContext;
  /** Leaves read per query. */
  pageSize?: number;
}

/**
 * Leaves read per query, and hashed between two turns of the event loop. The hourly run works inside
 * `casus serve`: a page of 10,000 leaves parsed and hashed in one go held every request of the instance
 * for 300 ms and more (the audit benchmark saw a contact moment take a second while it ran).
 */
const PAGE_SIZE = 2_000;
const LEAVES_PER_TURN = 250;

const DAY_MS = 86_400_000;
const SHOWN = 20;

interface Expected {
  root: Buffer;
  what: string;
  /** Signed and outside the database's owner's reach (the witness store's copy, or a retention note's binding). */
  trusted: boolean;
}

export async function verifyTrail(db: Database, options: VerifyOptions): Promise<VerificationReport> {
  const startedAt = new Date();
  const actor = options.actor ?? systemContext('audit-verify');
  return db.transaction(
    actor,
    async (tx) => {
      await readOnly(tx);
      return new Verification(tx, options, startedAt).run();
    },
    { isolation: 'repeatable read' },
  );
}

class Verification {
  readonly #tx: Tx;
  readonly #options: VerifyOptions;
  readonly #startedAt: Date;
  readonly #findings = new Findings();
  readonly #warnings: string[] = [];
  readonly #expected = new Map<bigint, Expected[]>();
  /** Recomputed roots at the sizes of the database's checkpoints (for bisection). */
  readonly #roots = new Map<bigint, Buffer>();
  #checked = 0;

  constructor(tx: Tx, options: VerifyOptions, startedAt: Date) {
    this.#tx = tx;
    this.#options = options;
    this.#startedAt = startedAt;
  }

  #expect(size: bigint, root: Buffer, what: string, trusted = false): void {
    const list = this.#expected.get(size) ?? [];
    list.push({ root, what, trusted });
    this.#expected.set(size, list);
  }

  async run(): Promise<VerificationReport> {
    const tx = this.#tx;
    const { keys, witness } = this.#options;
    const state = await sealState(tx);
    const n = state.treeSize;
    const anchor = await this.#anchor();
    const boundary = await trustedBoundary(tx, witness, keys, this.#findings, this.#warnings);
    const b = boundary.boundary;
    let mode = this.#options.mode;
    let start = b;
    let frontier = boundary.frontier.clone();
    if (mode === 'incremental') {
      const resumed = await this.#resume(b, anchor?.opened.body.size ?? null);
      if (resumed) ({ start, frontier } = resumed);
      else mode = 'full';
    }

    for (const c of await checkpointsBetween(tx, start, n)) {
      try {
        const opened = openCheckpoint(c.note, keys);
        if (opened.body.size !== c.size || !opened.body.root.equals(c.root)) throw new Error('its columns disagree with its text');
        this.#expect(c.size, c.root, `checkpoint ${c.size} in the database`);
      } catch (error) {
        this.#findings.add({
          kind: 'bad-note',
          leafIndex: null,
          eventId: null,
          detail: `checkpoint ${c.size} in the database does not verify: ${(error as Error).message}`,
        });
      }
    }
    if (anchor) await this.#checkAnchor(anchor.opened, n, start);
    if (boundary.note && boundary.note.body.checkpoint.size >= start && boundary.note.body.checkpoint.size <= n)
      this.#expect(
        boundary.note.body.checkpoint.size,
        boundary.note.body.checkpoint.root,
        `the checkpoint retention note ${boundary.note.id} is bound to`,
        true,
      );
    const above = await checkpointAbove(tx, n);
    if (above !== null)
      this.#findings.add({
        kind: 'leaves-truncated',
        leafIndex: n.toString(),
        eventId: null,
        detail: `a checkpoint of ${above} leaves exists, but the tree has ${n}`,
      });

    await this.#wholeTree(b, n);
    await this.#eventsAndTombstones(state, boundary, b);
    await this.#walk(start, n, frontier);

    const report: VerificationReport = {
      ok: this.#findings.list.length === 0,
      mode,
      startedAt: this.#startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      from: start.toString(),
      to: n.toString(),
      treeSize: n.toString(),
      boundary: b.toString(),
      anchor: anchor
        ? {
            size: anchor.opened.body.size.toString(),
            root: anchor.opened.body.root.toString('base64'),
            time: anchor.opened.body.time.toISOString(),
            keyName: anchor.opened.signer.name,
            keyId: anchor.opened.signer.keyId,
            source: anchor.source,
          }
        : null,
      checkpoints: this.#checked,
      firstBad: this.#findings.firstBad(),
      findings: this.#findings.list,
      warnings: this.#warnings,
    };
    return report;
  }

  /** The newest trusted checkpoint: the witness store's, or without one the database's own (weaker, said so). */
  async #anchor(): Promise<{ opened: OpenedCheckpoint; source: 'witness' | 'database' } | null> {
    const { keys, witness } = this.#options;
    if (witness) {
      const hint = (await lastWitnessed(this.#tx))?.size ?? null;
      const opened = await newestWitnessed(witness, hint, keys, this.#findings);
      if (!opened && (await lastCheckpoint(this.#tx)))
        this.#warnings.push('the witness store holds no checkpoint yet: nothing outside the database vouches for the trail');
      return opened ? { opened, source: 'witness' } : null;
    }
    this.#warnings.push('no witness store is configured: rows and checkpoints rewritten together in the database would not be noticed');
    const last = await lastCheckpoint(this.#tx);
    if (!last) return null;
    try {
      return { opened: openCheckpoint(last.note, keys), source: 'database' };
    } catch {
      return null; // reported with the other database checkpoints
    }
  }

  /** The anchor's size and root join the comparisons; the database's copy must be the same note. */
  async #checkAnchor(anchor: OpenedCheckpoint, n: bigint, start: bigint): Promise<void> {
    const size = anchor.body.size;
    if (size > n) {
      this.#findings.add({
        kind: 'leaves-truncated',
        leafIndex: n.toString(),
        eventId: null,
        detail: `the witness store holds a signed checkpoint of ${size} leaves, the database only ${n}: leaves ${n} to ${size - 1n} are gone`,
      });
      return;
    }
    if (size >= start) this.#expect(size, anchor.body.root, `witness checkpoint ${size}`, this.#options.witness !== null);
    const stored = await checkpointAt(this.#tx, size);
    if (!stored || stored.note !== anchor.note)
      this.#findings.add({
        kind: 'witness-mismatch',
        leafIndex: null,
        eventId: null,
        detail: `checkpoint ${size} is ${stored ? 'different' : 'missing'} in the database: its checkpoints were rewritten`,
      });
  }

  /** Where the last successful run ended, as a witnessed checkpoint whose stored frontier reproduces its signed root. */
  async #resume(b: bigint, anchorSize: bigint | null): Promise<{ start: bigint; frontier: Frontier } | null> {
    const { keys, witness } = this.#options;
    const verified = await lastVerifiedLeaf(this.#tx);
    const fallBack = (why: string) => {
      this.#warnings.push(`${why}: verified from the retention boundary instead`);
      return null;
    };
    if (verified === null) return fallBack('no earlier verification succeeded');
    const limit = anchorSize !== null && anchorSize < verified ? anchorSize : verified;
    const candidate = witness ? await lastWitnessed(this.#tx, limit) : (await checkpointsBetween(this.#tx, b, limit)).at(-1);
    if (!candidate || candidate.size < b) return fallBack('no witnessed checkpoint lies where the last verification ended');
    let trusted: OpenedCheckpoint;
    try {
      const copy = witness ? await witness.get(witnessName('checkpoint', candidate.size)) : { body: candidate.note, anomalies: [] };
      if (!copy) return fallBack(`the witness store lacks checkpoint ${candidate.size}`);
      trusted = openCheckpoint(copy.body, keys);
      if (copy.body !== candidate.note) {
        this.#findings.add({
          kind: 'witness-mismatch',
          leafIndex: null,
          eventId: null,
          detail: `checkpoint ${candidate.size} differs between the database and the witness store`,
        });
        return fallBack(`checkpoint ${candidate.size} is not the witnessed one`);
      }
      const frontier = Frontier.of(candidate.size, candidate.frontier);
      if (!frontier.root().equals(trusted.body.root))
        return fallBack(`the stored frontier of checkpoint ${candidate.size} does not reproduce its signed root`);
      return { start: candidate.size, frontier };
    } catch (error) {
      return fallBack(`checkpoint ${candidate.size} cannot be resumed from (${(error as Error).message})`);
    }
  }

  /** The leaves form one gap-free run [b, n): holes, a tail cut off, or leaves beyond the sealed size. */
  async #wholeTree(b: bigint, n: bigint): Promise<void> {
    const span = await leafSpan(this.#tx, b);
    if (span.count === 0n) {
      if (n > b)
        this.#findings.add({
          kind: 'leaves-truncated',
          leafIndex: b.toString(),
          eventId: null,
          detail: `the tree has ${n} leaves, but none from ${b} on is left`,
        });
      return;
    }
    if (span.min! > b)
      this.#findings.add({
        kind: 'leaf-missing',
        leafIndex: b.toString(),
        eventId: null,
        detail: `the leaves from ${b} to ${span.min! - 1n} are gone`,
      });
    if (span.firstGap !== null)
      this.#findings.add({
        kind: 'leaf-missing',
        leafIndex: span.firstGap.toString(),
        eventId: null,
        detail: `leaf ${span.firstGap} is gone`,
      });
    if (span.max! >= n)
      this.#findings.add({
        kind: 'leaves-truncated',
        leafIndex: n.toString(),
        eventId: null,
        detail: `leaves up to ${span.max} exist, but the tree size says ${n}`,
      });
    else if (span.max! < n - 1n)
      this.#findings.add({
        kind: 'leaves-truncated',
        leafIndex: (span.max! + 1n).toString(),
        eventId: null,
        detail: `the tree has ${n} leaves, the last ${n - 1n - span.max!} are gone`,
      });
  }

  async #eventsAndTombstones(state: Awaited<ReturnType<typeof sealState>>, boundary: TrustedBoundary, b: bigint): Promise<void> {
    for (const leaf of await leavesWithoutEvent(this.#tx, b, SHOWN))
      this.#findings.add({
        kind: 'event-deleted',
        leafIndex: leaf.leafIndex.toString(),
        eventId: leaf.eventId,
        detail: `the event of leaf ${leaf.leafIndex} is gone`,
      });
    const orphans = await eventsWithoutLeaf(this.#tx, state, SHOWN);
    for (const e of orphans.first)
      this.#findings.add({
        kind: 'event-without-leaf',
        leafIndex: null,
        eventId: e.eventId,
        detail: `event ${e.eventId} (${e.occurredAt}) is final but was never sealed: it was inserted behind the sealer's back${orphans.count > 1n ? ` (${orphans.count} such events)` : ''}`,
      });

    // Tombstones: their digest must be the newest retention note's; each expired under the rules of the
    // first note made after it (the one that covered it first).
    const note = boundary.note?.body ?? null;
    const lines: TombstoneLine[] = [];
    let after = b - 1n;
    for (;;) {
      const page = await tombstonePage(this.#tx, after, 10_000);
      for (const t of page) {
        lines.push(t);
        const expiredAt = new Date(t.expiredAt).getTime();
        const covering = boundary.notes.find((n) => n.body.time.getTime() >= expiredAt)?.body;
        const rules = covering?.rules;
        const days = rules
          ? { security: rules.securityDays, access: rules.accessDays, change: rules.changeDays }[t.category as 'security']
          : undefined;
        if (covering && (days === undefined || new Date(t.occurredAt).getTime() + days * DAY_MS > covering.time.getTime()))
          this.#findings.add({
            kind: 'tombstone-invalid',
            leafIndex: t.leafIndex,
            eventId: t.eventId,
            detail: `the ${t.category} event of ${t.occurredAt} was not yet expired under the rules of the retention note of ${covering.time.toISOString()}`,
          });
      }
      if (page.length < 10_000) break;
      after = BigInt(page.at(-1)!.leafIndex);
    }
    const digest = tombstoneDigest(lines);
    if (digest.count === 0n && !note) return;
    if (!note || digest.count !== note.tombstones.count || !digest.digest.equals(note.tombstones.digest))
      this.#findings.add({
        kind: 'tombstone-invalid',
        leafIndex: lines[0]?.leafIndex ?? null,
        eventId: null,
        detail: `the ${digest.count} tombstone(s) held are not the ${note?.tombstones.count ?? 0n} the newest signed retention note covers`,
      });
  }

  #compare(frontier: Frontier, mismatches: { size: bigint; what: string }[], good: bigint[]): void {
    const expected = this.#expected.get(frontier.size);
    if (!expected) return;
    const root = frontier.root();
    this.#roots.set(frontier.size, root);
    this.#checked += 1;
    for (const e of expected) {
      // Only a trusted root vouches for the leaves below it: the database's own checkpoints may have been rewritten with them.
      if (e.root.equals(root)) {
        if (e.trusted) good.push(frontier.size);
      } else mismatches.push({ size: frontier.size, what: e.what });
    }
  }

  async #walk(start: bigint, n: bigint, frontier: Frontier): Promise<void> {
    const page = BigInt(this.#options.pageSize ?? PAGE_SIZE);
    const mismatches: { size: bigint; what: string }[] = [];
    const good: bigint[] = [start];
    this.#compare(frontier, mismatches, good);
    let next = start;
    walking: for (let at = start; at < n; at += page) {
      const end = at + page < n ? at + page : n;
      for (const leaf of await walkPage(this.#tx, at, end)) {
        if (leaf.leafIndex !== next) break walking; // a hole: reported by #wholeTree; nothing after it can be checked
        let hash = leaf.storedHash;
        if (leaf.event) {
          hash = leafHash(leaf.event);
          if (!hash.equals(leaf.storedHash))
            this.#findings.add({
              kind: 'event-modified',
              leafIndex: leaf.leafIndex.toString(),
              eventId: leaf.eventId,
              detail: `event ${leaf.eventId} no longer hashes to leaf ${leaf.leafIndex}: it was changed, or another event's leaf points at it`,
            });
        }
        frontier.append(hash);
        next += 1n;
        this.#compare(frontier, mismatches, good);
        if (next % BigInt(LEAVES_PER_TURN) === 0n) await setImmediate();
      }
      if (next !== end) break;
    }
    const first = mismatches.sort((a, b) => (a.size < b.size ? -1 : 1))[0];
    if (!first) return;
    const lastGood = good.filter((s) => s < first.size).reduce((a, b) => (b > a ? b : a), start);
    if (this.#findings.explains(first.size)) return;
    const [from, before] = await this.#bisect(lastGood, first.size);
    this.#findings.add({
      kind: 'root-mismatch',
      leafIndex: from.toString(),
      leafIndexBefore: before.toString(),
      eventId: null,
      detail: `the leaves do not produce the signed root of ${first.what} (${mismatches.length} checkpoint(s) disagree); the first bad leaf is in ${from}..${before - 1n}`,
    });
  }

  /** Narrows (good, bad] with the witness store's copies of the checkpoints recomputed in between. */
  async #bisect(good: bigint, bad: bigint): Promise<[bigint, bigint]> {
    const witness = this.#options.witness;
    if (!witness) return [good, bad];
    const sizes = [...this.#roots.keys()].filter((s) => s > good && s < bad).sort((a, b) => (a < b ? -1 : 1));
    let lo = 0;
    let hi = sizes.length;
    let from = good;
    let before = bad;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const size = sizes[mid]!;
      const copy = await witness.get(witnessName('checkpoint', size)).catch(() => null);
      let agrees: boolean | null = null;
      try {
        if (copy) agrees = openCheckpoint(copy.body, this.#options.keys).body.root.equals(this.#roots.get(size)!);
      } catch {
        agrees = null;
      }
      if (agrees === null) break; // no trusted copy there: keep the range found so far
      if (agrees) {
        from = size;
        lo = mid + 1;
      } else {
        before = size;
        hi = mid;
      }
    }
    return [from, before];
  }
}
