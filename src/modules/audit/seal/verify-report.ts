// What a verification found (seal/verifier.ts): findings with the leaf (and event) they point at, the first
// bad position, the range verified and the checkpoint used. Shared by the CLI, the job and the routes.

export const FINDING_KINDS = [
  /** An event's content no longer hashes to its leaf (changed, or another event in its place). */
  'event-modified',
  /** A leaf's event row is gone, and no tombstone covers it. */
  'event-deleted',
  /** A final event has no leaf: it got in behind the sealer (an insert with triggers disabled). */
  'event-without-leaf',
  /** A leaf index is missing: the tree has a hole. */
  'leaf-missing',
  /** Leaves the tree is known to have had (a checkpoint says so) are gone from the end. */
  'leaves-truncated',
  /** The leaves do not produce a signed root: rewritten leaves (exact position unknown within the range). */
  'root-mismatch',
  /** A checkpoint or retention note is badly signed, malformed, or signed by no known key. */
  'bad-note',
  /** The database's copy of a note differs from the witness store's, or is missing. */
  'witness-mismatch',
  /** The witness store shows a copy was overwritten or hidden. */
  'witness-tampered',
  /** A tombstone no signed retention note covers, or one for an event not yet expired by its rules. */
  'tombstone-invalid',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  kind: FindingKind;
  /** The first leaf concerned (a string: leaf indexes are bigints), or null when none applies. */
  leafIndex: string | null;
  /** The end (exclusive) of the range the bad leaf lies in, when the position is not exact. */
  leafIndexBefore?: string | null;
  eventId: string | null;
  detail: string;
}

export interface AnchorCheckpoint {
  size: string;
  root: string;
  time: string;
  keyName: string;
  keyId: string;
  /** Where the trusted copy came from: the witness store, or (without one) the database. */
  source: 'witness' | 'database';
}

export interface VerificationReport {
  ok: boolean;
  mode: 'incremental' | 'full';
  startedAt: string;
  finishedAt: string;
  /** Leaves whose events were rehashed: [from, to). */
  from: string;
  to: string;
  treeSize: string;
  /** The retention boundary: leaves below were removed under a signed retention note. */
  boundary: string;
  anchor: AnchorCheckpoint | null;
  /** Checkpoints whose roots were recomputed and compared. */
  checkpoints: number;
  firstBad: { leafIndex: string | null; eventId: string | null; exact: boolean } | null;
  findings: Finding[];
  warnings: string[];
}

/** At most this many findings are kept per kind (the first ones in leaf order): enough to act on. */
export const FINDINGS_PER_KIND = 20;

export class Findings {
  readonly list: Finding[] = [];
  readonly #counts = new Map<FindingKind, number>();

  add(finding: Finding): void {
    const count = (this.#counts.get(finding.kind) ?? 0) + 1;
    this.#counts.set(finding.kind, count);
    if (count <= FINDINGS_PER_KIND) this.list.push(finding);
  }

  /** Whether some finding already names a leaf below `before` exactly (it explains a root mismatch there). */
  explains(before: bigint): boolean {
    return this.list.some((f) => f.leafIndex !== null && f.leafIndexBefore === undefined && BigInt(f.leafIndex) < before);
  }

  firstBad(): VerificationReport['firstBad'] {
    const positioned = this.list.filter((f) => f.leafIndex !== null);
    if (positioned.length > 0) {
      const first = positioned.reduce((a, b) => (BigInt(b.leafIndex!) < BigInt(a.leafIndex!) ? b : a));
      return { leafIndex: first.leafIndex, eventId: first.eventId, exact: first.leafIndexBefore === undefined };
    }
    const byEvent = this.list.find((f) => f.eventId !== null);
    if (byEvent) return { leafIndex: null, eventId: byEvent.eventId, exact: true };
    return this.list.length > 0 ? { leafIndex: null, eventId: null, exact: false } : null;
  }
}

/** The report as lines for a terminal (casus audit verify). */
export function describeReport(report: VerificationReport): string {
  const lines: string[] = [];
  const range = report.from === report.to ? 'no leaves' : `leaves ${report.from} to ${BigInt(report.to) - 1n}`;
  lines.push(
    `${report.ok ? 'VERIFIED' : 'FAILED'}: ${report.mode} verification of ${range} (tree size ${report.treeSize}, retention boundary ${report.boundary}).`,
  );
  if (report.anchor)
    lines.push(
      `Checkpoint used: size ${report.anchor.size}, root ${report.anchor.root}, issued ${report.anchor.time}, signed by ${report.anchor.keyName}+${report.anchor.keyId} (${report.anchor.source} copy); ${report.checkpoints} checkpoint(s) compared.`,
    );
  else lines.push(`No checkpoint to verify against yet; ${report.checkpoints} checkpoint(s) compared.`);
  if (report.firstBad) {
    const where = report.firstBad.leafIndex === null ? `event ${report.firstBad.eventId ?? '?'}` : `leaf ${report.firstBad.leafIndex}`;
    const event = report.firstBad.leafIndex !== null && report.firstBad.eventId ? ` (event ${report.firstBad.eventId})` : '';
    lines.push(
      `First bad position: ${where}${event}${report.firstBad.exact ? '' : ' (the first leaf of the range that does not verify)'}.`,
    );
  }
  for (const f of report.findings) {
    const at =
      f.leafIndex === null ? '' : f.leafIndexBefore ? ` leaves ${f.leafIndex}..${BigInt(f.leafIndexBefore) - 1n}` : ` leaf ${f.leafIndex}`;
    lines.push(`  ${f.kind}${at}${f.eventId ? ` event ${f.eventId}` : ''}: ${f.detail}`);
  }
  for (const w of report.warnings) lines.push(`  warning: ${w}`);
  return `${lines.join('\n')}\n`;
}
