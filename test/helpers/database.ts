// Test databases. The test runner (scripts/test.ts) migrates one template database per engine and
// passes its coordinates in the environment; each test file gets its own copy (CREATE DATABASE ...
// TEMPLATE), so files run in parallel without seeing each other's rows, and it is dropped at the end.
import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import { queryOnce } from '../../src/kernel/db/client.ts';
import type { DatabaseTarget } from '../../src/kernel/db/target.ts';

export interface TestEngine {
  name: string;
  /** Owner login to any database of the test server. */
  ownerUrl: string;
  /** Application login (embedded) or null (external: owner login + SET ROLE). */
  appUrl: string | null;
  appRole: string;
  /** Authentication login (embedded) or null (external: owner login + SET ROLE). */
  authUrl: string | null;
  authRole: string;
  template: string;
}

export function testEngine(): TestEngine {
  const ownerUrl = process.env.CASUS_TEST_OWNER_URL;
  const template = process.env.CASUS_TEST_TEMPLATE;
  if (!ownerUrl || !template) throw new Error('Run the tests with `npm test` (scripts/test.ts prepares the databases)');
  return {
    name: process.env.CASUS_TEST_ENGINE ?? 'unknown',
    ownerUrl,
    appUrl: process.env.CASUS_TEST_APP_URL || null,
    appRole: process.env.CASUS_TEST_APP_ROLE ?? 'casus_app',
    authUrl: process.env.CASUS_TEST_AUTH_URL || null,
    authRole: process.env.CASUS_TEST_AUTH_ROLE ?? 'casus_auth',
    template,
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A query on a one-off owner connection (creating databases, reading what the app role may not). */
export const adminQuery = queryOnce;

async function createDatabase(engine: TestEngine, fromTemplate: boolean): Promise<string> {
  // Named after this run's template, so the runner can sweep what a crashed file left behind.
  const name = `${engine.template.replace('casus_tpl_', 'casus_t_')}_${randomBytes(5).toString('hex')}`;
  const clause = fromTemplate ? ` template ${engine.template}` : ' template template0';
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(engine.ownerUrl, `create database ${name}${clause}`);
      break;
    } catch (error) {
      // 55006: the template is briefly in use by another file's CREATE DATABASE.
      if ((error as { code?: string }).code !== '55006' || attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
  created.push(name);
  // A database's own privileges are not copied from its template: take TEMP away again, as the
  // kernel's migration 0012 did on the template (the application role must not create TEMP tables).
  if (fromTemplate) await adminQuery(engine.ownerUrl, `revoke temporary on database ${name} from public`);
  return name;
}

// Databases are dropped when the FILE's tests are done. node:test attaches an after() called inside a
// running test to that test, so the hook is registered here, at import, on the file's root; only under
// the test runner (scripts/test.ts imports this module too, and must not start node:test).
const created: string[] = [];
if (process.env.NODE_TEST_CONTEXT) {
  after(async () => {
    const engine = testEngine();
    for (const name of created.splice(0)) await adminQuery(engine.ownerUrl, `drop database if exists ${name} with (force)`);
  });
}

function targetFor(engine: TestEngine, database: string): DatabaseTarget {
  const ownerUrl = withDatabase(engine.ownerUrl, database);
  return {
    ownerUrl,
    appUrl: engine.appUrl ? withDatabase(engine.appUrl, database) : ownerUrl,
    setRole: engine.appUrl ? null : engine.appRole,
    authUrl: engine.authUrl ? withDatabase(engine.authUrl, database) : ownerUrl,
    authSetRole: engine.authUrl ? null : engine.authRole,
    embedded: null,
    describe: `${engine.name} test database ${database}`,
    release: async () => undefined,
  };
}

let migrated: Promise<DatabaseTarget> | null = null;

/** This file's migrated database (created on first use, dropped after the file's tests). */
export function testDatabase(): Promise<DatabaseTarget> {
  migrated ??= (async () => {
    const engine = testEngine();
    return targetFor(engine, await createDatabase(engine, true));
  })();
  return migrated;
}

/** Another migrated database of this file's own, for tests that must not share one (they damage it on purpose). */
export async function freshDatabase(): Promise<DatabaseTarget> {
  const engine = testEngine();
  return targetFor(engine, await createDatabase(engine, true));
}

/** A fresh database without any migrations, for tests of migrating itself. */
export async function emptyDatabase(): Promise<DatabaseTarget> {
  const engine = testEngine();
  return targetFor(engine, await createDatabase(engine, false));
}
