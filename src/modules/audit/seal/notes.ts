// The two kinds of signed note the trail issues (ADR 0025), both C2SP signed notes under the same key:
//
// A checkpoint (c2sp.org/tlog-checkpoint): the origin, the tree size, the base64 root, and one extension
// line with the sealing time. Any tlog-checkpoint reader takes the first three lines.
//
//   example.org/casus-audit
//   1048576
//   K3j…=
//   time 2026-12-07T14:00:00.000Z
//
// A retention note: what expiry removed and what stays provable. Its first line is the origin with
// "/retention", so a checkpoint reader never takes it for a checkpoint (it has no tree size).
//
//   example.org/casus-audit/retention
//   boundary 5000                         leaves below are deleted
//   checkpoint 8192 K3j…=                 the witnessed checkpoint the note is bound to
//   time 2026-12-08T03:27:00.000Z
//   rule security 2557                    days kept per category when the note was made
//   rule access 1826
//   rule change 2557
//   tombstones 12 Xy…=                    expired events above the boundary: count, digest of their list
//   frontier ab…=                         frontier(boundary), largest subtree first, one line each
import { createHash } from 'node:crypto';
import type { RetentionSettings } from '../../../kernel/config-audit.ts';
import { HASH_BYTES } from './merkle.ts';
import { NoteError } from './note.ts';

export interface CheckpointBody {
  origin: string;
  size: bigint;
  root: Buffer;
  time: Date;
}

export interface RetentionBody {
  origin: string;
  boundary: bigint;
  checkpoint: { size: bigint; root: Buffer };
  time: Date;
  rules: RetentionSettings;
  tombstones: { count: bigint; digest: Buffer };
  frontier: Buffer[];
}

/** What a tombstone says of the event it replaced (its leaf stays): the list a retention note digests. */
export interface TombstoneLine {
  leafIndex: string;
  eventId: string;
  category: string;
  /** The event's time as sealed, UTC with microseconds (canonical.ts's format). */
  occurredAt: string;
  /** When it expired (the same format): the first retention note made after it covers it, under that note's rules. */
  expiredAt: string;
}

const SIZE = /^(0|[1-9][0-9]{0,18})$/;

function hash(text: string, what: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== HASH_BYTES || bytes.toString('base64') !== text) throw new NoteError(`${what} is not a base64 SHA-256 hash`);
  return bytes;
}

function size(text: string, what: string): bigint {
  if (!SIZE.test(text)) throw new NoteError(`${what} is not a tree size`);
  return BigInt(text);
}

function time(text: string): Date {
  const at = new Date(text);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(text) || Number.isNaN(at.getTime()))
    throw new NoteError('the time is not an ISO 8601 UTC time');
  return at;
}

export function checkpointText(c: CheckpointBody): string {
  return `${c.origin}\n${c.size}\n${c.root.toString('base64')}\ntime ${c.time.toISOString()}\n`;
}

export function parseCheckpoint(text: string): CheckpointBody {
  const lines = text.split('\n');
  if (lines.pop() !== '' || lines.length < 4) throw new NoteError('a checkpoint has an origin, a size, a root and its time');
  const [origin, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]];
  const timeLine = extensions.find((l) => l.startsWith('time '));
  if (!origin || !timeLine) throw new NoteError('a checkpoint has an origin, a size, a root and its time');
  return {
    origin,
    size: size(sizeLine, 'the checkpoint size'),
    root: hash(rootLine, 'the checkpoint root'),
    time: time(timeLine.slice(5)),
  };
}

export function retentionText(r: RetentionBody): string {
  return [
    `${r.origin}/retention`,
    `boundary ${r.boundary}`,
    `checkpoint ${r.checkpoint.size} ${r.checkpoint.root.toString('base64')}`,
    `time ${r.time.toISOString()}`,
    `rule security ${r.rules.securityDays}`,
    `rule access ${r.rules.accessDays}`,
    `rule change ${r.rules.changeDays}`,
    `tombstones ${r.tombstones.count} ${r.tombstones.digest.toString('base64')}`,
    ...r.frontier.map((node) => `frontier ${node.toString('base64')}`),
    '',
  ].join('\n');
}

export function parseRetention(text: string): RetentionBody {
  const lines = text.split('\n');
  if (lines.pop() !== '') throw new NoteError('a note text ends with a newline');
  const [first, boundary, checkpoint, at, security, access, change, tombstones, ...frontier] = lines;
  const field = (line: string | undefined, pattern: RegExp, what: string): string[] => {
    const match = pattern.exec(line ?? '');
    if (!match) throw new NoteError(`the retention note's ${what} line is malformed`);
    return match.slice(1);
  };
  if (!first?.endsWith('/retention')) throw new NoteError('not a retention note');
  const [checkpointSize, checkpointRoot] = field(checkpoint, /^checkpoint (\S+) (\S+)$/, 'checkpoint') as [string, string];
  const rule = (line: string | undefined, category: string) =>
    Number(field(line, new RegExp(`^rule ${category} ([1-9][0-9]{0,5})$`), `rule ${category}`)[0]);
  const [count, digest] = field(tombstones, /^tombstones (\S+) (\S+)$/, 'tombstones') as [string, string];
  return {
    origin: first.slice(0, -'/retention'.length),
    boundary: size(field(boundary, /^boundary (\S+)$/, 'boundary')[0]!, 'the boundary'),
    checkpoint: { size: size(checkpointSize, 'the checkpoint size'), root: hash(checkpointRoot, 'the checkpoint root') },
    time: time(field(at, /^time (\S+)$/, 'time')[0]!),
    rules: { securityDays: rule(security, 'security'), accessDays: rule(access, 'access'), changeDays: rule(change, 'change') },
    tombstones: { count: size(count, 'the tombstone count'), digest: hash(digest, 'the tombstone digest') },
    frontier: frontier.map((line) => hash(field(line, /^frontier (\S+)$/, 'frontier')[0]!, 'a frontier node')),
  };
}

/** SHA-256 over the tombstones' lines in leaf order: what a retention note signs of them. */
export function tombstoneDigest(lines: Iterable<TombstoneLine>): { count: bigint; digest: Buffer } {
  const sha = createHash('sha256');
  let count = 0n;
  for (const t of lines) {
    sha.update(`${t.leafIndex} ${t.eventId} ${t.category} ${t.occurredAt} ${t.expiredAt}\n`);
    count += 1n;
  }
  return { count, digest: sha.digest() };
}
