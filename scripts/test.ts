// `npm test`: the whole suite on the embedded PostgreSQL, and again on DATABASE_URL when it is set.
// For each engine it migrates one template database, runs every *.test.ts file with node's test
// runner (each file clones the template), then drops what it created. Exit code 1 if any run failed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { globSync } from 'node:fs';
import path from 'node:path';
import { loadSettings } from '../src/kernel/config.ts';
import { queryOnce } from '../src/kernel/db/client.ts';
import { startEmbeddedPostgres } from '../src/kernel/db/embedded.ts';
import { createLogger } from '../src/kernel/observability/logger.ts';
import { createMigrator, migrateUp } from '../src/app/runtime.ts';
import { withDatabase } from '../test/helpers/database.ts';
import { ensureWebBuilt } from './build-web.ts';

const root = path.resolve(import.meta.dirname, '..');
const log = createLogger({ level: 'warn' });
const args = process.argv.slice(2);
const files = (args.length > 0 ? args : globSync(['src/**/*.test.ts', 'test/**/*.test.ts'], { cwd: root })).sort();

interface Engine {
  name: string;
  ownerUrl: string;
  appUrl: string | null;
  authUrl: string | null;
  stop(): Promise<void>;
}

async function prepareTemplate(engine: Engine): Promise<string> {
  const template = `casus_tpl_${randomBytes(4).toString('hex')}`;
  await queryOnce(engine.ownerUrl, `create database ${template}`);
  const settings = loadSettings({ CASUS_ENV: 'test' });
  const ownerUrl = withDatabase(engine.ownerUrl, template);
  const target = {
    ownerUrl,
    appUrl: ownerUrl,
    setRole: null,
    authUrl: ownerUrl,
    authSetRole: null,
    embedded: null,
    describe: template,
    release: async () => undefined,
  };
  await migrateUp(createMigrator(settings, target, log), target);
  return template;
}

async function dropTestDatabases(engine: Engine, template: string): Promise<void> {
  const leftovers = await queryOnce<{ datname: string }>(
    engine.ownerUrl,
    `select datname from pg_database where datname like '${template.replace('casus_tpl_', 'casus_t_')}\\_%' or datname = '${template}'`,
  );
  for (const row of leftovers.rows) {
    await queryOnce(engine.ownerUrl, `drop database if exists ${row.datname} with (force)`).catch(() => undefined);
  }
}

function runNodeTest(engine: Engine, template: string): Promise<{ code: number; passed: number; failed: number }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        ...(process.features.typescript ? [] : ['--experimental-strip-types']),
        '--test',
        '--test-concurrency=2',
        '--test-timeout=120000',
        ...files,
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
        env: {
          ...process.env,
          CASUS_TEST_ENGINE: engine.name,
          CASUS_TEST_OWNER_URL: engine.ownerUrl,
          CASUS_TEST_APP_URL: engine.appUrl ?? '',
          CASUS_TEST_AUTH_URL: engine.authUrl ?? '',
          CASUS_TEST_TEMPLATE: template,
          // Tests that spawn `casus` pick their own database; never the developer's.
          DATABASE_URL: '',
        },
      },
    );
    // The closing summary of node's reporters: "ℹ pass 12" (spec) or "# pass 12" (tap), read line by
    // line as it streams (failure reports can be long, so no tail of the output would be enough).
    const summary = { pass: 0, fail: 0 };
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^(?:#|ℹ) (pass|fail) (\d+)$/.exec(line);
        if (match) summary[match[1] as 'pass' | 'fail'] = Number(match[2]);
      }
    });
    child.on('exit', (code) => resolve({ code: code ?? 1, passed: summary.pass, failed: summary.fail }));
  });
}

async function embeddedEngine(): Promise<Engine> {
  // Separate from the development cluster (var/pg); CASUS_TEST_DATA_DIR lets parallel runs use their own.
  const dataDir = path.resolve(process.env.CASUS_TEST_DATA_DIR ?? path.join(root, 'var', 'test-pg'));
  const embedded = await startEmbeddedPostgres({ dataDir, appRole: 'casus_app', authRole: 'casus_auth', log });
  return { name: 'embedded', ownerUrl: embedded.ownerUrl, appUrl: embedded.appUrl, authUrl: embedded.authUrl, stop: () => embedded.stop() };
}

function externalEngine(url: string): Engine {
  return { name: 'DATABASE_URL', ownerUrl: url, appUrl: null, authUrl: null, stop: async () => undefined };
}

// The server serves web/dist (browser tests, the route inventory): build it first when it is stale.
ensureWebBuilt();

const engines: (() => Promise<Engine>)[] = [embeddedEngine];
if (process.env.DATABASE_URL) {
  const url = process.env.DATABASE_URL;
  engines.push(async () => externalEngine(url));
}

let totalPassed = 0;
let totalFailed = 0;
let exitCode = 0;
for (const start of engines) {
  const engine = await start();
  process.stdout.write(`\n# ---- test run on ${engine.name} PostgreSQL ----\n`);
  let template: string | null = null;
  try {
    template = await prepareTemplate(engine);
    const result = await runNodeTest(engine, template);
    totalPassed += result.passed;
    totalFailed += result.failed;
    if (result.code !== 0) exitCode = 1;
  } catch (error) {
    process.stderr.write(`test setup on ${engine.name} failed: ${(error as Error).stack}\n`);
    exitCode = 1;
  } finally {
    if (template) await dropTestDatabases(engine, template);
    await engine.stop();
  }
}
process.stdout.write(`\n${totalPassed} passed, ${totalFailed} failed\n`);
process.exit(exitCode === 0 && totalFailed === 0 ? 0 : 1);
