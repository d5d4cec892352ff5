// The documents module's part of erasing a person and of destroying a case (issue 12), for the privacy
// module (through index.ts). Documents are crypto-shredded as a deletion is: the row's wrapped data key
// is forgotten in the transaction (the blob is unreadable from that commit on), and the blob itself is
// removed after the commit with removeBlobs (its id is the document's). The database decides whether
// the actor may (migrations/0005_erasure.ts).
import type { BlobStore } from '../../kernel/blobs/store.ts';
import type { Tx } from '../../kernel/db/database.ts';
import type { Logger } from '../../kernel/observability/logger.ts';
import { destroyCaseDocuments, eraseDocumentsOf } from './documents.erasure.repository.ts';

export const documentsErasure = {
  /**
   * The documents of the cases about these persons: `shredded` counts the live ones, `blobIds` are
   * every one of them (also those deleted earlier) for removeBlobs after the commit. Shreds them when
   * `apply`: marked deleted, data key forgotten, file name replaced.
   */
  async erasePersons(tx: Tx, personIds: readonly string[], apply: boolean): Promise<{ shredded: number; blobIds: string[] }> {
    const rows = await eraseDocumentsOf(tx, personIds, apply);
    return { shredded: rows.filter((r) => r.wasLive).length, blobIds: rows.map((r) => r.documentId) };
  },
  /** Deletes the case's document rows with their keys (the case cleared for destruction in this transaction); their blob ids. */
  destroyCase: (tx: Tx, caseId: string): Promise<string[]> => destroyCaseDocuments(tx, caseId),
  /**
   * Removes the blobs of shredded or destroyed documents (idempotent: a blob already gone counts as
   * removed). Answers those whose removal failed: their keys are gone, so they are unreadable, and the
   * caller keeps them to try again.
   */
  async removeBlobs(blobs: BlobStore, ids: readonly string[], log?: Logger): Promise<string[]> {
    const failed: string[] = [];
    for (const id of ids) {
      try {
        await blobs.delete(id);
      } catch (error) {
        log?.warn(
          { err: error, documentId: id },
          'a shredded document’s blob could not be removed yet (its key is gone: it is unreadable)',
        );
        failed.push(id);
      }
    }
    return failed;
  },
};
