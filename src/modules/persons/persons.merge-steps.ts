// What other modules do inside a merge. Most references to a merged person move after the merge, on
// 'person.merged' (persons.events.ts); a case's participations must move in the merge's own
// transaction, because who may see the kept person follows them and the merge answers with that
// person. Persons does not know the modules that hold such references: they add a step when they
// register (the cases module: its participants), and the merge runs every step added.
import type { Tx } from '../../kernel/db/database.ts';

/** One module's part of a merge, as the merger; returns what the merge's audit event records of it (`{ participationsMoved: 2 }`). */
export type PersonMergeStep = (tx: Tx, merge: { keptId: string; mergedId: string }) => Promise<Record<string, number>>;

const steps = new Map<string, PersonMergeStep>();

/** Adds the step named `name`, or replaces it: a module registered again (every test system) keeps one. */
export function addPersonMergeStep(name: string, step: PersonMergeStep): void {
  steps.set(name, step);
}

/** Runs every step in the order they were added, in the merge's transaction; their records together. */
export async function runPersonMergeSteps(tx: Tx, merge: { keptId: string; mergedId: string }): Promise<Record<string, number>> {
  let recorded: Record<string, number> = {};
  for (const step of steps.values()) recorded = { ...recorded, ...(await step(tx, merge)) };
  return recorded;
}
