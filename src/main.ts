// The `casus` command line. Each command loads and checks the settings first, so a wrong setting is
// reported the same way everywhere, and exits non-zero with the reasons.
import { Command, Option } from 'commander';
import { ConfigError, loadSettings, type Settings } from './kernel/config.ts';
import { createLogger, type Logger } from './kernel/observability/logger.ts';
import { resolveDatabaseTarget } from './kernel/db/target.ts';
import { createMigrator, migrateUp, startSystem } from './app/runtime.ts';
import { runDoctor } from './cli/doctor.ts';
import { bootstrapAdmin } from './cli/users.ts';
import { printRoutes } from './cli/routes.ts';
import { handleShutdownSignals } from './cli/shutdown.ts';
import { printMigrationTable } from './cli/migrate-output.ts';
import { registerTokenCommands } from './cli/tokens.ts';
import { registerKeyCommands } from './cli/keys.ts';
import { registerAuditCommands } from './cli/audit.ts';
import { formatLoadResult, loadDemoInto, refuseOutsideDevelopment, registerDemoDataCommand } from './cli/demo-data.ts';
import { hasDemoData } from './tools/demo-data/loader.ts';

function settingsOrExit(overrides: Record<string, string | undefined> = {}): Settings {
  try {
    const env = { ...process.env };
    for (const [key, value] of Object.entries(overrides)) if (value !== undefined) env[key] = value;
    return loadSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`casus: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/** `serve --demo`: migrate, load a small demo set when the database has none, then serve on the same target. */
async function demoTarget(settings: Settings, log: Logger): Promise<Awaited<ReturnType<typeof resolveDatabaseTarget>>> {
  refuseOutsideDevelopment(settings);
  const target = await resolveDatabaseTarget(settings, log);
  try {
    await migrateUp(createMigrator(settings, target, log), target);
    if (!(await hasDemoData(target.ownerUrl))) {
      log.info('loading demo data (500 persons)');
      const result = await loadDemoInto(settings, target, log, { persons: 500, reservedEmails: true }, false);
      process.stdout.write(formatLoadResult(result));
    }
    return target;
  } catch (error) {
    await target.release();
    throw error;
  }
}

async function serve(options: { worker: boolean; host?: string; port?: string; demo?: boolean }, mode: 'serve' | 'worker'): Promise<void> {
  const settings = settingsOrExit({ HOST: options.host, PORT: options.port });
  const log = createLogger({ level: settings.logLevel });
  const worker = mode === 'worker' || (options.worker && settings.runWorker);
  const target = options.demo === true ? await demoTarget(settings, log) : undefined;
  // Installed before start-up: a SIGTERM while we start (e.g. during initdb) lets start-up finish,
  // then stops everything it started, instead of dying with a half-started embedded PostgreSQL.
  const starting = startSystem({ settings, log, http: mode === 'serve', worker, target });
  handleShutdownSignals({
    log,
    timeoutMs: settings.shutdownTimeoutMs,
    stop: () =>
      starting.then(
        (system) => system.stop(),
        () => undefined,
      ),
  });
  await starting;
  if (mode === 'worker') log.info('worker running; stop with SIGTERM');
}

async function withMigrator<T>(
  work: (migrator: ReturnType<typeof createMigrator>, target: Awaited<ReturnType<typeof resolveDatabaseTarget>>, log: Logger) => Promise<T>,
): Promise<T> {
  const settings = settingsOrExit();
  const log = createLogger({ level: settings.logLevel === 'info' ? 'warn' : settings.logLevel });
  const target = await resolveDatabaseTarget(settings, log);
  try {
    return await work(createMigrator(settings, target, log), target, log);
  } finally {
    await target.release();
  }
}

// `casus routes | head`: a reader that stops early is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command()
  .name('casus')
  .description('Casus: client- and case-management for victim support.\nSettings come from the environment; see docs/configuration.md.')
  .showHelpAfterError();

program
  .command('serve')
  .description(
    'Start the API server (and, unless --no-worker, the job worker) on HOST:PORT, by default http://127.0.0.1:3000.\nWithout DATABASE_URL it starts the embedded PostgreSQL under CASUS_DATA_DIR. It applies pending migrations first\nwhen CASUS_MIGRATE_ON_START is true (the default in development and test; in acceptance and production run `casus migrate up`).',
  )
  .option('--no-worker', 'do not run jobs and event delivery in this process (run `casus worker` separately)')
  .addOption(new Option('--host <host>', 'address to listen on (overrides HOST)'))
  .addOption(new Option('--port <port>', 'port to listen on (overrides PORT)'))
  .option('--demo', 'development only: apply migrations and, when the database has no demo data, load 500 demo persons first')
  .action((options: { worker: boolean; host?: string; port?: string; demo?: boolean }) => serve(options, 'serve'));

program
  .command('worker')
  .description('Run background jobs, schedules and event delivery without serving HTTP.')
  .action(() => serve({ worker: true }, 'worker'));

const migrate = program
  .command('migrate')
  .description('Apply, revert or list database migrations (owner connection: DATABASE_URL or the embedded PostgreSQL).');
migrate
  .command('up')
  .description(
    'Apply every pending migration of every module, then install or upgrade the job-queue schema. Safe to run from several instances at once.',
  )
  .action(() =>
    withMigrator(async (migrator, target) => {
      const count = await migrateUp(migrator, target);
      process.stdout.write(count === 0 ? 'Nothing to apply: migrations are current.\n' : `Applied ${count} migration(s).\n`);
    }),
  );
migrate
  .command('down')
  .description('Revert the most recently applied migration(s), newest first.')
  .option('--steps <n>', 'how many migrations to revert', '1')
  .action((options: { steps: string }) =>
    withMigrator(async (migrator) => {
      const steps = Number(options.steps);
      if (!Number.isInteger(steps) || steps < 1) throw new Error('--steps must be a positive whole number');
      const reverted = await migrator.down(steps);
      process.stdout.write(
        reverted.length === 0 ? 'Nothing to revert.\n' : reverted.map((m) => `Reverted ${m.module}/${m.name}\n`).join(''),
      );
    }),
  );
migrate
  .command('status')
  .description('List every migration with its state: applied, pending, or unknown (applied by a newer release).')
  .action(() => withMigrator(async (migrator) => printMigrationTable(await migrator.status())));

program
  .command('routes')
  .description(
    'List every route with its network surface (staff, integration, operations) and the access it requires (public, authenticated, or a permission), and the permissions modules define.',
  )
  .option('--json', 'print JSON instead of a table')
  .action((options: { json?: boolean }) => printRoutes(settingsOrExit(), { json: options.json === true }));

const users = program.command('users').description('User administration for operators (everything else is in the API and the web app).');
users
  .command('bootstrap-admin')
  .description(
    'Print a one-time link (valid 24 hours) that creates an administrator with a second factor: for the first run, or when every administrator is locked out. Earlier links stop working.',
  )
  .action(() =>
    withMigrator(async (_migrator, target) => {
      await bootstrapAdmin(settingsOrExit(), target);
    }),
  );

program
  .command('doctor')
  .description('Check configuration, database connection and version, migrations, TLS files and the clock; exit 1 when something is wrong.')
  .action(async () => {
    const settings = settingsOrExit();
    const ok = await runDoctor(settings);
    process.exitCode = ok ? 0 : 1;
  });

registerTokenCommands(program, () => settingsOrExit());
registerKeyCommands(program, () => settingsOrExit());
registerAuditCommands(program, () => settingsOrExit());
registerDemoDataCommand(program, () => settingsOrExit());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`casus: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
