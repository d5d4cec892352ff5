// Writing an export while it is read: batches of events from one transaction, each batch written to
// the response as it arrives and the next read only when the client has taken it (backpressure), so an
// export of many events holds a batch in memory, not the file. A client that goes away ends the
// transaction; its audit event, committed before, stays.
import { PassThrough, type Readable } from 'node:stream';
import type { ActorContext } from '../../../kernel/auth/actor.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { describeUsers } from '../../identity/index.ts';
import { accountIdsOf, CSV_HEADER, csvCells, csvLine, presentEvent } from './trail.presenter.ts';
import { exportBatch, type ExportBound, type TrailFilter } from './trail.repository.ts';
import type { TrailCursor } from './trail.cursor.ts';

/** Events per batch: one statement and one write each. */
export const EXPORT_BATCH = 500;

class ClientGone extends Error {}

export interface ExportJob {
  filter: TrailFilter;
  /** The filter as the export's audit event records it, written at the head of a JSON export. */
  described: Record<string, string>;
  format: 'csv' | 'json';
  bound: ExportBound;
  exportedAt: Date;
}

/** The export's file as a stream; its events are read from the database while it is sent. */
export function exportStream(db: Database, ctx: ActorContext, job: ExportJob): Readable {
  const out = new PassThrough();
  const write = async (chunk: string): Promise<void> => {
    if (out.destroyed) throw new ClientGone();
    if (!out.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          out.off('drain', done);
          out.off('close', done);
          resolve();
        };
        out.on('drain', done);
        out.on('close', done);
      });
    }
    if (out.destroyed) throw new ClientGone();
  };
  writeExport(db, ctx, job, write).then(
    () => out.end(),
    (error: unknown) => {
      if (!(error instanceof ClientGone)) out.destroy(error as Error);
    },
  );
  return out;
}

async function writeExport(db: Database, ctx: ActorContext, job: ExportJob, write: (chunk: string) => Promise<void>): Promise<void> {
  const { bound, format } = job;
  if (format === 'csv') await write(`\uFEFF${csvLine(CSV_HEADER)}`);
  else
    await write(
      `{"exportedAt":${JSON.stringify(job.exportedAt.toISOString())},"filter":${JSON.stringify(job.described)},"count":${bound.count},"items":[`,
    );
  if (bound.maxId !== null && bound.count > 0) {
    await db.transaction(ctx, async (tx) => {
      let after: TrailCursor | undefined;
      let written = 0;
      while (written < bound.count) {
        const limit = Math.min(EXPORT_BATCH, bound.count - written);
        const rows = await exportBatch(tx, job.filter, bound.maxId!, { ...(after ? { after } : {}), limit });
        if (rows.length === 0) break;
        const names = await describeUsers(tx, accountIdsOf(rows));
        const events = rows.map((row) => presentEvent(row, names));
        await write(
          format === 'csv'
            ? events.map((e) => csvLine(csvCells(e))).join('')
            : `${written > 0 ? ',' : ''}${events.map((e) => JSON.stringify(e)).join(',')}`,
        );
        written += rows.length;
        const last = rows.at(-1)!;
        after = { at: last.cursor_at, id: last.id };
      }
    });
  }
  if (format === 'json') await write(']}');
}
