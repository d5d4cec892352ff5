// `casus demo-data --persons N`: loads a synthetic data set for development, demonstrations and
// benchmarks through the owner login. Refused in acceptance and production (the data is made up,
// and phone numbers and e-mail addresses may exist), and while migrations are pending (the loader
// writes the current schema's columns).
import type { Command } from 'commander';
import type { Settings } from '../kernel/config.ts';
import { keyRingFromSettings } from '../kernel/crypto/keyring.ts';
import { resolveDatabaseTarget, type DatabaseTarget } from '../kernel/db/target.ts';
import { createLogger, type Logger } from '../kernel/observability/logger.ts';
import { createMigrator } from '../app/runtime.ts';
import { loadDemoData, type DemoLoadResult } from '../tools/demo-data/loader.ts';
import { formatTable } from './table.ts';

export interface DemoDataOptions {
  persons: number;
  seed?: string;
  now?: Date;
  teams?: number;
  reservedEmails?: boolean;
}

export function refuseOutsideDevelopment(settings: Settings): void {
  if (settings.env === 'production' || settings.env === 'acceptance') {
    throw new Error(`demo data is for development and test only; CASUS_ENV is ${settings.env}`);
  }
}

/** Loads demo data into the target (migrations must be current). */
export async function loadDemoInto(
  settings: Settings,
  target: DatabaseTarget,
  log: Logger,
  options: DemoDataOptions,
  progress = true,
): Promise<DemoLoadResult> {
  refuseOutsideDevelopment(settings);
  const pending = (await createMigrator(settings, target, log).status()).filter((m) => m.state === 'pending');
  if (pending.length > 0) throw new Error(`${pending.length} migration(s) pending; run casus migrate up first`);
  return loadDemoData({
    ownerUrl: target.ownerUrl,
    keyRing: keyRingFromSettings(settings),
    persons: options.persons,
    seed: options.seed,
    now: options.now,
    teams: options.teams,
    emailDomains: options.reservedEmails ? 'reserved' : 'common',
    firstContactDays: settings.referrals.firstContactDays,
    progress: progress ? undefined : null,
  });
}

export function formatLoadResult(result: DemoLoadResult): string {
  if (result.status === 'already-loaded') return `Demo data of seed "${result.seed}" is already loaded; nothing to do.\n`;
  const rows = result.tables.map((t) => [
    t.table,
    t.rows.toLocaleString('en-US'),
    t.seconds.toFixed(1),
    t.seconds > 0 && t.rows > 0 ? Math.round(t.rows / t.seconds).toLocaleString('en-US') : '',
  ]);
  const total = result.tables.reduce((sum, t) => sum + t.seconds, 0);
  const all = result.tables.reduce((sum, t) => sum + t.rows, 0);
  rows.push(['total', all.toLocaleString('en-US'), total.toFixed(1), total > 0 ? Math.round(all / total).toLocaleString('en-US') : '']);
  return formatTable(['table', 'rows', 'seconds', 'rows/s'], rows);
}

function parseWhole(name: string, value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number`);
  return n;
}

export function registerDemoDataCommand(program: Command, settings: () => Settings): void {
  program
    .command('demo-data')
    .description(
      'Load a synthetic, deterministic demo data set (persons, cases, referrals, contact moments, tasks, 60 teams of staff without credentials)\ninto the database through the owner login. Development and test only; migrations must be current.',
    )
    .requiredOption('--persons <n>', 'how many persons (one case and one referral each, ~5 contact moments per case)')
    .option('--seed <seed>', 'seed of the data set; the same seed and --now give the same rows', 'demo')
    .option('--now <date>', 'reference date (YYYY-MM-DD); default today')
    .option('--teams <n>', 'number of teams (a multiple of 10: 10 regions)', '60')
    .option('--reserved-emails', 'use example.com-style e-mail domains, which can never reach anyone')
    .action(async (options: { persons: string; seed: string; now?: string; teams: string; reservedEmails?: boolean }) => {
      const s = settings();
      refuseOutsideDevelopment(s);
      const now = options.now === undefined ? undefined : new Date(`${options.now}T00:00:00Z`);
      if (now && Number.isNaN(now.getTime())) throw new Error('--now must be a date YYYY-MM-DD');
      const log = createLogger({ level: s.logLevel === 'info' ? 'warn' : s.logLevel });
      const target = await resolveDatabaseTarget(s, log);
      try {
        const result = await loadDemoInto(s, target, log, {
          persons: parseWhole('--persons', options.persons),
          seed: options.seed,
          now,
          teams: parseWhole('--teams', options.teams),
          reservedEmails: options.reservedEmails === true,
        });
        process.stdout.write(formatLoadResult(result));
      } finally {
        await target.release();
      }
    });
}
