// Rows of the verification screens as the API answers them, their schemas, and the page cursors (opaque:
// base64url JSON of the number the list is ordered by; a cursor this API did not make is a 400).
import { Type, type Static } from 'typebox';
import { AppError } from '../../../kernel/errors.ts';
import { DateTime, Nullable, StringEnum } from '../../../kernel/http/schemas.ts';
import { parseRetention } from './notes.ts';
import type { CheckpointRow, RetentionRow, RunRow } from './status.repository.ts';
import { FINDING_KINDS } from './verify-report.ts';

const LeafNumber = Type.String({ pattern: '^[0-9]{1,19}$', description: 'A leaf index or tree size (decimal; may exceed 2^53)' });

export const FindingSchema = Type.Object({
  kind: StringEnum(FINDING_KINDS),
  leafIndex: Nullable(LeafNumber),
  leafIndexBefore: Type.Optional(Nullable(LeafNumber, { description: 'Set when the bad leaf is only known to lie before this index' })),
  eventId: Nullable(Type.String()),
  detail: Type.String(),
});

export const RunSchema = Type.Object({
  id: Type.String(),
  startedAt: DateTime,
  finishedAt: DateTime,
  mode: StringEnum(['incremental', 'full']),
  ok: Type.Boolean(),
  fromLeaf: LeafNumber,
  toLeaf: LeafNumber,
  boundary: LeafNumber,
  checkpoint: Nullable(Type.Object({ size: LeafNumber, root: Type.String({ description: 'Base64 SHA-256' }) })),
  checkpointsCompared: Type.Integer(),
  firstBad: Nullable(Type.Object({ leafIndex: Nullable(LeafNumber), eventId: Nullable(Type.String()), exact: Type.Boolean() })),
  findings: Type.Array(FindingSchema),
  warnings: Type.Array(Type.String()),
});
export type Run = Static<typeof RunSchema>;

export const CheckpointSchema = Type.Object({
  size: LeafNumber,
  root: Type.String({ description: 'Base64 SHA-256 root of the RFC 6962 tree of `size` leaves' }),
  issuedAt: DateTime,
  keyId: Type.String({ description: 'The signing key’s note key id (8 hex digits)' }),
  witnessedAt: Nullable(DateTime, { description: 'When its copy reached the witness store' }),
  note: Type.String({ description: 'The C2SP signed checkpoint note, verifiable with the keys of GET /audit/keys' }),
});

export const RetentionBoundarySchema = Type.Object({
  id: Type.String(),
  boundary: LeafNumber,
  checkpointSize: LeafNumber,
  madeAt: DateTime,
  witnessedAt: Nullable(DateTime),
  rules: Type.Object({ securityDays: Type.Integer(), accessDays: Type.Integer(), changeDays: Type.Integer() }),
  tombstones: LeafNumber,
  note: Type.String({ description: 'The signed retention note' }),
});

export const KeySchema = Type.Object({
  verifierKey: Type.String({ description: 'Signed-note verifier key: <name>+<hex key id>+<base64(0x01 || Ed25519 public key)>' }),
  name: Type.String(),
  keyId: Type.String(),
  active: Type.Boolean({ description: 'Signs new checkpoints' }),
  source: Type.String(),
});

export const StatusSchema = Type.Object({
  state: StringEnum(['verified', 'failed', 'not-run'], { description: 'The outcome of the latest verification run' }),
  treeSize: LeafNumber,
  sealedAt: Nullable(DateTime, { description: 'When events were last sealed' }),
  boundary: LeafNumber,
  checkpoint: Nullable(CheckpointSchema),
  unwitnessedCheckpoints: Type.Integer(),
  witnessStore: Nullable(Type.String({ description: 'Where checkpoints are copied; null: none configured (development only)' })),
  lastRun: Nullable(RunSchema),
  lastSuccess: Nullable(RunSchema),
  failuresSinceSuccess: Type.Integer(),
});

export function presentRun(r: RunRow): Run {
  return {
    id: r.id,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at.toISOString(),
    mode: r.mode,
    ok: r.ok,
    fromLeaf: r.from_leaf,
    toLeaf: r.to_leaf,
    boundary: r.boundary,
    checkpoint: r.anchor_size && r.anchor_root ? { size: r.anchor_size, root: r.anchor_root.toString('base64') } : null,
    checkpointsCompared: r.checkpoints,
    firstBad: r.ok ? null : { leafIndex: r.first_bad_leaf, eventId: r.first_bad_event, exact: r.first_bad_exact ?? false },
    findings: r.findings,
    warnings: r.warnings,
  };
}

export function presentCheckpoint(c: CheckpointRow): Static<typeof CheckpointSchema> {
  return {
    size: c.tree_size,
    root: c.root_hash.toString('base64'),
    issuedAt: c.issued_at.toISOString(),
    keyId: c.key_id,
    witnessedAt: c.witnessed_at?.toISOString() ?? null,
    note: c.note,
  };
}

export function presentRetention(r: RetentionRow): Static<typeof RetentionBoundarySchema> {
  // The note was checked when made and is verified by every verification run; here it is only read.
  const body = parseRetention(r.note.slice(0, r.note.lastIndexOf('\n\n') + 1));
  return {
    id: r.id,
    boundary: r.boundary,
    checkpointSize: r.checkpoint_size,
    madeAt: r.made_at.toISOString(),
    witnessedAt: r.witnessed_at?.toISOString() ?? null,
    rules: body.rules,
    tombstones: body.tombstones.count.toString(),
    note: r.note,
  };
}

/** The cursor of the next page: the number the last item is ordered by. */
export function cursorAfter(n: string | undefined): string | null {
  return n === undefined ? null : Buffer.from(JSON.stringify({ n })).toString('base64url');
}

export function numberFromCursor(after: string | undefined): bigint | undefined {
  if (!after) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as { n?: unknown };
    if (typeof parsed.n === 'string' && /^[0-9]{1,19}$/.test(parsed.n)) return BigInt(parsed.n);
  } catch {
    // not base64url JSON: refused below
  }
  throw AppError.badRequest('The page cursor is not valid.', [
    { pointer: '/query/after', detail: 'use the `next` value of the previous page' },
  ]);
}
