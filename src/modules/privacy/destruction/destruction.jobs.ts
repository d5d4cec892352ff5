// The system's side of destruction rounds, as plain functions of the database (tests call them; the
// job queue only schedules them): drawing up a round of the cases past their retention date, and
// carrying out an approved one.
//
// Carrying out is resumable and never leaves a case half destroyed. Each case is one transaction as
// the system actor 'privacy.destruction': the privacy module's gate clears it (an item of the executing
// round, the case closed, past retention, not on legal hold), the modules destroy their parts
// (documents with their data keys, the tasks, the referral it came from, the contact moments, the case
// with its participants, assignments and an unshared incident, then the persons who took part in no
// other case), the item records the counts and the audit trail the destruction, or none of it
// happens. A crash between cases leaves the rest pending: the round stays 'executing', shows how many
// are pending, and the next run (pg-boss retries the job; the resume job looks every ten minutes)
// continues where it stopped. Blobs are removed after each case's commit; their document ids stay on
// the item until they are gone, and the round completes only when none is left. Two runs at once are
// harmless: the gate locks the item, so a case is cleared once.
import { systemContext } from '../../../kernel/auth/actor.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import type { BlobStore } from '../../../kernel/blobs/store.ts';
import type { Database } from '../../../kernel/db/database.ts';
import type { Logger } from '../../../kernel/observability/logger.ts';
import { casesErasure } from '../../cases/index.ts';
import { contactsErasure } from '../../contacts/index.ts';
import { documentsErasure } from '../../documents/index.ts';
import { personsErasure } from '../../persons/index.ts';
import { referralsErasure } from '../../referrals/index.ts';
import { tasksErasure } from '../../tasks/index.ts';
import type { DestructionCounts } from '../privacy.tables.ts';
import {
  clearItem,
  completeRound,
  findItem,
  itemsWithPendingBlobs,
  markBlobsRemoved,
  markDestroyed,
  pendingItemIds,
  proposeRound,
  roundsToCarryOut,
  startRound,
  tallies,
} from './destruction.repository.ts';

/** The sealed system actor of every destruction step; the SQL gate admits no other. */
export const DESTRUCTION_ACTOR = 'privacy.destruction';
const system = () => systemContext(DESTRUCTION_ACTOR);

/** Draws up a round of the cases past their retention date (at most `maxCases`); null when one is open or none is due. */
export async function proposeScheduledRound(db: Database, maxCases: number): Promise<string | null> {
  return db.transaction(system(), async (tx) => {
    const id = await proposeRound(tx, maxCases);
    if (id) {
      const tally = (await tallies(tx, [id])).get(id)!;
      await recordAudit(tx, {
        action: 'privacy.destruction-round-propose',
        objectType: 'destruction-round',
        objectId: id,
        details: { cases: tally.pending, by: 'schedule' },
      });
    }
    return id;
  });
}

export interface RunOptions {
  batchSize: number;
  log?: Logger;
  /** Stop (leaving the rest for the next run) after this moment; without it, run to the end. */
  deadline?: number;
  signal?: AbortSignal;
}

export interface RunSummary {
  destroyed: number;
  skipped: number;
  failed: number;
  /** Work is left: pending cases or blobs (a deadline, a failure). */
  unfinished: boolean;
  completed: boolean;
}

/** Destroys one listed case in its own transaction; the blob ids to remove after the commit, or null when nothing was destroyed. */
async function destroyItem(db: Database, itemId: string): Promise<{ blobIds: string[] } | null> {
  return db.transaction(system(), async (tx) => {
    const item = await findItem(tx, itemId);
    if (!item) return null;
    const outcome = await clearItem(tx, itemId);
    if (outcome === 'done' || outcome === 'not-found') return null;
    if (outcome !== 'cleared') {
      await recordAudit(tx, {
        action: 'privacy.case-destruction-skipped',
        objectType: 'case',
        objectId: item.case_id,
        details: { roundId: item.round_id, itemId, caseNumber: item.case_number, reason: outcome },
      });
      return null;
    }
    // Documents first: they refer to the case without cascade. Tasks before the referral they may hang off.
    const blobIds = await documentsErasure.destroyCase(tx, item.case_id);
    const tasks = await tasksErasure.destroyCase(tx, item.case_id);
    const referrals = await referralsErasure.destroyCase(tx, item.case_id);
    const contactMoments = await contactsErasure.destroyCase(tx, item.case_id);
    const kase = await casesErasure.destroyCase(tx, item.case_id);
    const persons = await personsErasure.eraseReleased(tx, item.case_id);
    const counts: DestructionCounts = {
      contactMoments,
      documents: blobIds.length,
      tasks,
      referrals,
      participants: kase.participants,
      assignments: kase.assignments,
      incidents: kase.incidents,
      personsErased: persons.erased.length,
      personsKept: persons.kept.length,
    };
    await markDestroyed(tx, itemId, counts, blobIds);
    await recordAudit(tx, {
      action: 'privacy.case-destroyed',
      objectType: 'case',
      objectId: item.case_id,
      details: { roundId: item.round_id, itemId, caseNumber: item.case_number, caseTypeKey: item.case_type_key, counts },
      // Ids only: "what became of this person" finds the destruction.
      dataSubjectIds: [...persons.erased, ...persons.kept],
    });
    return { blobIds };
  });
}

/** Removes what blobs the round's destroyed cases still wait for; how many could not be removed yet. */
async function removePendingBlobs(db: Database, blobs: BlobStore, roundId: string, log?: Logger): Promise<number> {
  const waiting = await db.transaction(system(), (tx) => itemsWithPendingBlobs(tx, roundId));
  let failed = 0;
  for (const item of waiting) {
    const left = await documentsErasure.removeBlobs(blobs, item.blobs_pending, log);
    failed += left.length;
    const removed = item.blobs_pending.filter((id) => !left.includes(id));
    if (removed.length > 0) await db.transaction(system(), (tx) => markBlobsRemoved(tx, item.id, removed));
  }
  return failed;
}

/**
 * Carries out an approved round (or continues one being carried out): its pending cases in batches,
 * each case in its own transaction, then the blobs, then completes it. A case that fails is logged and
 * left pending (the run goes on with the others and reports the failure: the job is retried).
 */
export async function carryOutRound(db: Database, blobs: BlobStore, roundId: string, options: RunOptions): Promise<RunSummary> {
  const summary: RunSummary = { destroyed: 0, skipped: 0, failed: 0, unfinished: false, completed: false };
  const started = await db.transaction(system(), async (tx) => {
    const outcome = await startRound(tx, roundId);
    if (outcome === 'started') {
      await recordAudit(tx, { action: 'privacy.destruction-round-start', objectType: 'destruction-round', objectId: roundId });
    }
    return outcome;
  });
  if (started !== 'started' && started !== 'running') return summary;
  const failedIds = new Set<string>();
  const timeUp = () => options.signal?.aborted === true || (options.deadline !== undefined && Date.now() > options.deadline);
  for (;;) {
    if (timeUp()) {
      summary.unfinished = true;
      break;
    }
    const ids = (await db.transaction(system(), (tx) => pendingItemIds(tx, roundId, options.batchSize + failedIds.size))).filter(
      (id) => !failedIds.has(id),
    );
    if (ids.length === 0) break;
    for (const id of ids.slice(0, options.batchSize)) {
      try {
        const done = await destroyItem(db, id);
        if (done) {
          summary.destroyed++;
          if (done.blobIds.length > 0) {
            const left = await documentsErasure.removeBlobs(blobs, done.blobIds, options.log);
            const removed = done.blobIds.filter((b) => !left.includes(b));
            if (removed.length > 0) await db.transaction(system(), (tx) => markBlobsRemoved(tx, id, removed));
          }
        } else summary.skipped++;
      } catch (error) {
        options.log?.error(
          { err: error, roundId, itemId: id },
          'a listed case could not be destroyed; it stays pending and is tried again',
        );
        failedIds.add(id);
        summary.failed++;
      }
    }
  }
  if (summary.failed > 0) summary.unfinished = true;
  if (!summary.unfinished) {
    if ((await removePendingBlobs(db, blobs, roundId, options.log)) > 0) summary.unfinished = true;
  }
  if (!summary.unfinished) {
    summary.completed = await db.transaction(system(), async (tx) => {
      if ((await completeRound(tx, roundId)) !== 'completed') return false;
      const tally = (await tallies(tx, [roundId])).get(roundId)!;
      await recordAudit(tx, {
        action: 'privacy.destruction-round-complete',
        objectType: 'destruction-round',
        objectId: roundId,
        details: { destroyed: tally.destroyed, skipped: tally.skipped, removed: tally.removed, totals: tally.totals },
      });
      return true;
    });
  }
  options.log?.info({ roundId, ...summary }, 'destruction round carried out');
  return summary;
}

/** The rounds approved or being carried out (the resume job's list). */
export function roundsToResume(db: Database): Promise<string[]> {
  return db.transaction(system(), (tx) => roundsToCarryOut(tx));
}
