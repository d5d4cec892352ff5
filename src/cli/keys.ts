// `casus keys status|rotate`: key rotation for operators. The columns to rotate are the ones the
// modules register (registered offline, as `casus routes` does, so no server is needed). Both connect
// like the server (the application role, as the sealed system actor `cli:keys`), so row-level
// security admits them as it admits the system's own jobs; the audit trail records each rotated
// column with the operating-system user who ran it. Key material is never printed, only key ids.
import type { Command } from 'commander';
import type { Settings } from '../kernel/config.ts';
import { JobQueue } from '../kernel/jobs/jobs.ts';
import { keyRingFromSettings, type KeyRing } from '../kernel/crypto/keyring.ts';
import {
  columnStatus,
  defineKeyRotationJob,
  KEY_ROTATION_JOB,
  rotateAll,
  rotationDbFor,
  type ColumnStatus,
  type EncryptionRegistry,
} from '../kernel/crypto/rotation.ts';
import { cliContext, cliLogger, registerOffline, withDatabases } from './connections.ts';
import { formatTable } from './table.ts';

/** The registry as the modules fill it, without connecting anywhere. */
async function registeredColumns(settings: Settings, keyRing: KeyRing): Promise<EncryptionRegistry> {
  const registered = registerOffline(settings, keyRing);
  await registered.close();
  return registered.encryption;
}

const quiet = cliLogger;
const count = (n: number) => n.toLocaleString('en-US');

function describeRing(keyRing: KeyRing): string {
  return `Active key: ${keyRing.activeKeyId}. Keys in the ring: ${keyRing.keyIds.join(', ')}. Blind index key id: ${keyRing.blindIndexKeyId}.\n`;
}

async function status(settings: Settings, options: { json?: boolean }): Promise<void> {
  const keyRing = keyRingFromSettings(settings);
  const columns = (await registeredColumns(settings, keyRing)).all();
  const log = quiet(settings);
  const statuses: ColumnStatus[] = await withDatabases(settings, log, async ({ app, auth }) => {
    const found: ColumnStatus[] = [];
    for (const column of columns) found.push(await columnStatus(rotationDbFor(column, app, auth), keyRing, column, cliContext('cli:keys')));
    return found;
  });
  if (options.json) {
    const report = {
      activeKeyId: keyRing.activeKeyId,
      keyIds: keyRing.keyIds,
      blindIndexKeyId: keyRing.blindIndexKeyId,
      columns: statuses.map((s) => ({
        name: s.column.name,
        table: s.column.table,
        column: s.column.column,
        exists: s.exists,
        total: s.total,
        empty: s.empty,
        active: s.active,
        others: s.others,
      })),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  process.stdout.write(describeRing(keyRing));
  if (statuses.length === 0) {
    process.stdout.write('No module has registered encrypted columns.\n');
    return;
  }
  process.stdout.write(
    formatTable(
      ['column', 'table.column', 'rows', 'empty', `under ${keyRing.activeKeyId}`, 'under other keys'],
      statuses.map((s) => [
        s.column.name,
        `${s.column.table}.${s.column.column}`,
        s.exists ? count(s.total) : 'no table',
        count(s.empty),
        count(s.active),
        Object.entries(s.others)
          .map(([id, n]) => `${id}: ${count(n)}`)
          .join(', ') || '-',
      ]),
    ),
  );
  const left = statuses.reduce((n, s) => n + Object.values(s.others).reduce((a, b) => a + b, 0), 0);
  process.stdout.write(
    left === 0
      ? `Every value in the registered columns is under ${keyRing.activeKeyId}: no row needs the other keys any more.\n`
      : `${count(left)} value(s) are under other keys: run \`casus keys rotate\`; keep those keys until this reaches 0.\n`,
  );
}

async function rotate(settings: Settings, options: { wait?: boolean }): Promise<void> {
  const keyRing = keyRingFromSettings(settings);
  const encryption = await registeredColumns(settings, keyRing);
  const log = quiet(settings);
  if (!options.wait) {
    await withDatabases(settings, log, async ({ app, auth }, ownerUrl) => {
      const jobs = new JobQueue({ ownerUrl, log, migrate: false, poolMax: 1 });
      defineKeyRotationJob(jobs, { db: app, authDb: auth, keyRing, encryption, log });
      await jobs.start({ work: false });
      try {
        const id = await jobs.send(KEY_ROTATION_JOB, {});
        process.stderr.write(
          `Enqueued ${KEY_ROTATION_JOB} (job ${id ?? '?'}) to re-encrypt under ${keyRing.activeKeyId}: a worker (casus worker, or casus serve) runs it. Follow it with \`casus keys status\`.\n`,
        );
      } finally {
        await jobs.stop(1000);
      }
    });
    return;
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const tty = process.stderr.isTTY === true;
  let lastLine = 0;
  try {
    process.stderr.write(describeRing(keyRing));
    const outcomes = await withDatabases(settings, log, ({ app, auth }) =>
      rotateAll(app, keyRing, encryption.all(), {
        authDb: auth,
        signal: controller.signal,
        context: cliContext('cli:keys'),
        onProgress: (column, done) => {
          if (Date.now() - lastLine < 1000) return;
          lastLine = Date.now();
          process.stderr.write(`${tty ? '\r' : ''}${column.name}: ${count(done)} rows examined${tty ? '' : '\n'}`);
        },
      }),
    );
    if (tty) process.stderr.write('\n');
    if (outcomes.length > 0) {
      process.stdout.write(
        formatTable(
          ['column', 'examined', 'rotated', 'failed', 'locked, left for the next run'],
          outcomes.map((o) => [
            o.column,
            count(o.result.examined),
            count(o.result.rotated),
            count(o.result.failed),
            count(o.result.skipped),
          ]),
        ),
      );
    }
    const broken = outcomes.filter((o) => o.error !== undefined);
    for (const o of broken) process.stderr.write(`${o.column}: not rotated: ${o.error}\n`);
    const failed = outcomes.filter((o) => o.result.failed > 0);
    for (const o of failed) {
      process.stderr.write(
        `${o.column}: ${o.result.failed} value(s) could not be decrypted (e.g. row ids ${o.result.failedIds.slice(0, 5).join(', ')}): their key is missing from CASUS_ENCRYPTION_KEYS, or the data was altered.\n`,
      );
    }
    if (controller.signal.aborted || outcomes.some((o) => !o.result.complete && o.error === undefined)) {
      process.stderr.write('Stopped before the end: run `casus keys rotate --wait` again to continue.\n');
      process.exitCode = 130;
    } else if (failed.length > 0 || broken.length > 0) {
      process.exitCode = 1;
    } else {
      process.stderr.write(
        outcomes.length === 0
          ? 'No module has registered encrypted columns.\n'
          : `Done: every column was re-encrypted under ${keyRing.activeKeyId} (check with \`casus keys status\`).\n`,
      );
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** Adds `casus keys status|rotate` to the program. */
export function registerKeyCommands(program: Command, settingsOrExit: () => Settings): void {
  const keys = program
    .command('keys')
    .description(
      'Encryption keys of personal data at rest: see which key each encrypted column is under, and re-encrypt under the active key (CASUS_ENCRYPTION_ACTIVE_KEY).',
    );
  keys
    .command('status')
    .description(
      'Per encrypted column: rows, rows under the active key, and rows under each other key. Reads every row: run it off-peak on large tables.',
    )
    .option('--json', 'print JSON instead of a table')
    .action((options: { json?: boolean }) => status(settingsOrExit(), options));
  keys
    .command('rotate')
    .description(
      'Re-encrypt every value not under the active key, in the background (job kernel.keys-rotate, run by a worker). Resumable, and safe while Casus runs.',
    )
    .option(
      '--wait',
      'run the rotation in this process, with progress on stderr, instead of enqueueing it (Ctrl-C stops it; run again to continue)',
    )
    .action((options: { wait?: boolean }) => rotate(settingsOrExit(), options));
}
