// The processing log's writer: a consumer of the sealed stream that derives the entries of each event
// that concerns a data subject (processing-log.ts) and adds them in the same transaction that moves
// its cursor, so each sealed event's entries are written exactly once. It runs whether or not a
// collector is configured: the processing log is kept in Casus first, shipped second.
import type { Tx } from '../../../kernel/db/database.ts';
import type { SealedEvent } from '../stream/stream.repository.ts';
import { activitiesOf, processingEntriesOf, type ProcessingActivityOf } from './processing-log.ts';
import { addEntries } from './processing-log.repository.ts';
import type { SubjectPseudonyms } from './pseudonym.ts';
import { dataSubjectsOf } from './shipped-event.ts';
import type { Sink } from './sink.ts';
import { mapInSlices } from './slices.ts';

export const PROCESSING_LOG_CONSUMER = 'processing-log';

export class ProcessingLogWriter implements Sink {
  readonly consumer = PROCESSING_LOG_CONSUMER;
  readonly #pseudonyms: SubjectPseudonyms;
  readonly #activityOf: ProcessingActivityOf;

  constructor(pseudonyms: SubjectPseudonyms, activityOf: ProcessingActivityOf) {
    this.#pseudonyms = pseudonyms;
    this.#activityOf = activityOf;
  }

  async deliver(tx: Tx, events: SealedEvent[]): Promise<number> {
    const concerned = events.filter((e) => dataSubjectsOf(e).length > 0);
    if (concerned.length === 0) return 0;
    const activities = await activitiesOf(
      tx,
      concerned.map((e) => e.action),
      this.#activityOf,
    );
    const entries = (
      await mapInSlices(concerned, (e) => processingEntriesOf(e, activities.get(e.action) ?? null, this.#pseudonyms))
    ).flat();
    await addEntries(tx, entries);
    return entries.length;
  }
}
