// What verification trusts, and why (ADR 0025): notes signed by a known key, and among them the copies in
// the witness store, which the database's owner cannot rewrite. Here: opening and checking a note, the
// newest checkpoint the witness store holds (the anchor), and the newest retention note (the boundary).
import type { Tx } from '../../../kernel/db/database.ts';
import type { AuditKeys } from './keys.ts';
import { Frontier } from './merkle.ts';
import { NoteError, openNote, type NoteVerifier } from './note.ts';
import { parseCheckpoint, parseRetention, type CheckpointBody, type RetentionBody } from './notes.ts';
import { retentionNotes } from './verify.repository.ts';
import type { Findings } from './verify-report.ts';
import { numberOfName, witnessName, type WitnessStore } from './witness.ts';

/** Retention rules below this many days are refused, also in a validly signed note. */
export const RETENTION_FLOOR_DAYS = 30;
/** How many of the witness store's newest checkpoints to try before giving up on finding one that verifies. */
const NEWEST_TRIES = 10;

export interface OpenedCheckpoint {
  body: CheckpointBody;
  signer: NoteVerifier;
  note: string;
}

/** A checkpoint note checked: signed by a known key whose name is its origin. Throws NoteError. */
export function openCheckpoint(note: string, keys: AuditKeys): OpenedCheckpoint {
  const opened = openNote(note, keys.verifiers);
  const body = parseCheckpoint(opened.text);
  const signer = opened.signedBy.find((v) => v.name === body.origin);
  if (!signer) throw new NoteError(`the checkpoint's origin ${body.origin} is not the name of the key that signed it`);
  return { body, signer, note };
}

export interface OpenedRetention {
  id: bigint;
  body: RetentionBody;
  note: string;
}

export function openRetention(id: bigint, note: string, keys: AuditKeys): OpenedRetention {
  const opened = openNote(note, keys.verifiers);
  const body = parseRetention(opened.text);
  if (!opened.signedBy.some((v) => v.name === body.origin))
    throw new NoteError(`the retention note's origin ${body.origin} is not its signer's name`);
  const days = [body.rules.securityDays, body.rules.accessDays, body.rules.changeDays];
  if (days.some((d) => d < RETENTION_FLOOR_DAYS)) throw new NoteError(`a retention rule under ${RETENTION_FLOOR_DAYS} days`);
  Frontier.of(body.boundary, body.frontier);
  return { id, body, note };
}

/**
 * The newest checkpoint in the witness store that verifies: the database's newest witnessed size is a hint
 * where to look (listing on from there finds newer ones the database no longer has). Copies that do not
 * verify, and signs of tampering, are findings.
 */
export async function newestWitnessed(
  witness: WitnessStore,
  hint: bigint | null,
  keys: AuditKeys,
  findings: Findings,
): Promise<OpenedCheckpoint | null> {
  const names =
    hint === null
      ? await witness.list('checkpoint')
      : [witnessName('checkpoint', hint), ...(await witness.list('checkpoint', { after: witnessName('checkpoint', hint) }))];
  let tries = 0;
  for (const name of names.reverse()) {
    if (tries++ >= NEWEST_TRIES) break;
    const copy = await witness.get(name);
    if (!copy) {
      findings.add({
        kind: 'witness-mismatch',
        leafIndex: null,
        eventId: null,
        detail: `the database says checkpoint ${numberOfName(name)} was copied to the witness store, which does not hold it`,
      });
      continue;
    }
    for (const anomaly of copy.anomalies) findings.add({ kind: 'witness-tampered', leafIndex: null, eventId: null, detail: anomaly });
    try {
      const opened = openCheckpoint(copy.body, keys);
      if (opened.body.size !== numberOfName(name)) throw new NoteError(`it is stored as ${name}`);
      return opened;
    } catch (error) {
      findings.add({
        kind: 'bad-note',
        leafIndex: null,
        eventId: null,
        detail: `witness copy ${name} does not verify: ${(error as Error).message}`,
      });
    }
  }
  return null;
}

export interface TrustedBoundary {
  boundary: bigint;
  frontier: Frontier;
  /** The newest note: its boundary and frontier are where verification starts; its digest covers the tombstones held. */
  note: OpenedRetention | null;
  /** Every note that verifies, oldest first (a tombstone is judged by the rules of the first note made after it). */
  notes: OpenedRetention[];
}

/**
 * The retention notes. Each must verify; boundaries only move up; and, with a witness store, the newest
 * must be there (the retention job writes the copy before its transaction commits, so a note the witness
 * lacks was not made by it), every copy there must match the database's, and no copy may be newer than the
 * database's newest (the database set back).
 */
export async function trustedBoundary(
  tx: Tx,
  witness: WitnessStore | null,
  keys: AuditKeys,
  findings: Findings,
  warnings: string[],
): Promise<TrustedBoundary> {
  const stored = await retentionNotes(tx);
  const opened: OpenedRetention[] = [];
  for (const row of stored) {
    try {
      const note = openRetention(row.id, row.note, keys);
      if (
        note.body.boundary !== row.boundary ||
        note.body.checkpoint.size !== row.checkpointSize ||
        note.body.time.getTime() !== row.madeAt.getTime()
      )
        throw new NoteError('its columns disagree with its text');
      const previous = opened.at(-1);
      if (previous && note.body.boundary < previous.body.boundary) throw new NoteError('its boundary is below an earlier note’s');
      opened.push(note);
    } catch (error) {
      findings.add({
        kind: 'bad-note',
        leafIndex: null,
        eventId: null,
        detail: `retention note ${row.id} in the database does not verify: ${(error as Error).message}`,
      });
    }
  }
  const newest = opened.at(-1) ?? null;
  if (witness) {
    const nameOf = (note: OpenedRetention) => witnessName('retention', note.body.time.getTime());
    const byName = new Map(opened.map((n) => [nameOf(n), n]));
    const names = await witness.list('retention');
    for (const name of names) {
      const copy = await witness.get(name);
      if (!copy) continue;
      for (const anomaly of copy.anomalies) findings.add({ kind: 'witness-tampered', leafIndex: null, eventId: null, detail: anomaly });
      const mine = byName.get(name);
      if (mine) {
        if (mine.note !== copy.body)
          findings.add({
            kind: 'witness-mismatch',
            leafIndex: null,
            eventId: null,
            detail: `retention note ${mine.id} differs from its witness copy ${name}`,
          });
        continue;
      }
      if (!newest || numberOfName(name) > BigInt(newest.body.time.getTime()))
        findings.add({
          kind: 'witness-mismatch',
          leafIndex: null,
          eventId: null,
          detail: `the witness store holds retention note ${name}, newer than any in the database: the database was set back`,
        });
      else warnings.push(`the witness store holds retention note ${name}, which the database lacks (a retention run that did not commit)`);
    }
    if (newest && !names.includes(nameOf(newest)))
      findings.add({
        kind: 'witness-mismatch',
        leafIndex: null,
        eventId: null,
        detail: `retention note ${newest.id} is not in the witness store: the retention job did not make it`,
      });
  }
  if (!newest) return { boundary: 0n, frontier: Frontier.empty(), note: null, notes: opened };
  return { boundary: newest.body.boundary, frontier: Frontier.of(newest.body.boundary, newest.body.frontier), note: newest, notes: opened };
}
