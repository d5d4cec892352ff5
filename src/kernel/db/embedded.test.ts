// The embedded PostgreSQL on a throwaway data dir: first start initialises, the application login
// is unprivileged, a second process attaches without taking over, only the owner stops the server,
// and data survives a restart. The tests run in order and share the cluster.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.ts';
import { createLogger } from '../observability/logger.ts';

const log = createLogger({ level: 'silent' });
const dataDir = await mkdtemp(path.join(tmpdir(), 'casus-embedded-'));
const started: EmbeddedPostgres[] = [];
let first: EmbeddedPostgres | undefined;

after(async () => {
  for (const server of started) await server.stop().catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
});

async function start(): Promise<EmbeddedPostgres> {
  const server = await startEmbeddedPostgres({ dataDir, appRole: 'casus_app', authRole: 'casus_auth', log });
  started.push(server);
  return server;
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

async function reachable(url: string): Promise<boolean> {
  return query(url, 'select 1').then(
    () => true,
    () => false,
  );
}

/** Starts (and then stops) the embedded server from another process, as `casus migrate` beside `casus serve` would. */
async function startInOtherProcess(): Promise<{ owned: boolean; port: number }> {
  const embedded = pathToFileURL(path.resolve(import.meta.dirname, './embedded.ts')).href;
  const logger = pathToFileURL(path.resolve(import.meta.dirname, '../observability/logger.ts')).href;
  const script = `
    const { startEmbeddedPostgres } = await import(${JSON.stringify(embedded)});
    const { createLogger } = await import(${JSON.stringify(logger)});
    const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, appRole: 'casus_app', authRole: 'casus_auth', log: createLogger({ level: 'silent' }) });
    await server.stop();
    console.log(JSON.stringify({ owned: server.owned, port: server.port }));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 60_000 });
  return JSON.parse(stdout.trim()) as { owned: boolean; port: number };
}

// Proves: the first start initialises a cluster, owns it, and keeps its credentials private.
test('the first start initialises the cluster and owns the server', async () => {
  first = await start();
  assert.equal(first.owned, true);
  assert.ok(first.port > 0);
  assert.match(first.ownerUrl, new RegExp(`^postgres://postgres:[^@]+@127\\.0\\.0\\.1:${first.port}/casus$`));
  const [row] = await query<{ db: string; version: number }>(
    first.ownerUrl,
    `select current_database() as db, current_setting('server_version_num')::int as version`,
  );
  assert.equal(row?.db, 'casus');
  assert.ok((row?.version ?? 0) >= 150000);
  assert.equal((await stat(path.join(dataDir, 'embedded.json'))).mode & 0o777, 0o600);
});

// Proves: the application login is casus_app, without superuser or BYPASSRLS: a table with row-level
// security on and no policy shows it nothing, while the owner sees the row.
test('the application login is casus_app and cannot bypass row-level security', async () => {
  assert.ok(first);
  await query(
    first.ownerUrl,
    `create table rls_probe (id int);
    insert into rls_probe values (1);
    alter table rls_probe enable row level security;
    grant select on rls_probe to casus_app`,
  );

  const [who] = await query<{ user: string; rolsuper: boolean; rolbypassrls: boolean }>(
    first.appUrl,
    'select current_user as user, rolsuper, rolbypassrls from pg_roles where rolname = current_user',
  );
  assert.deepEqual(who, { user: 'casus_app', rolsuper: false, rolbypassrls: false });
  assert.deepEqual(await query(first.appUrl, 'select id from rls_probe'), []);
  await assert.rejects(query(first.appUrl, 'set row_security = off; select id from rls_probe'), /row-level security/);
  assert.deepEqual(await query(first.ownerUrl, 'select id from rls_probe'), [{ id: 1 }]);
});

// Proves: a second process on the same data dir attaches to the running server (same port) without
// owning it, and its stop() leaves the server running for the owner.
test('a second starter attaches, and its stop() does not stop the server', async () => {
  assert.ok(first);
  const other = await startInOtherProcess();
  assert.deepEqual(other, { owned: false, port: first.port });
  assert.equal(await reachable(first.ownerUrl), true);
});

// Proves: the owner's stop() stops the server, and a restart on the same data dir keeps the data.
test('the owner stops the server, and a restart keeps the data', async () => {
  assert.ok(first);
  await query(first.ownerUrl, `create table kept (note text); insert into kept values ('written before the restart')`);
  await first.stop();
  assert.equal(await reachable(first.ownerUrl), false);

  const again = await start();
  assert.equal(again.owned, true);
  assert.deepEqual(await query(again.ownerUrl, 'select note from kept'), [{ note: 'written before the restart' }]);
  assert.deepEqual(await query(again.appUrl, 'select current_user as user'), [{ user: 'casus_app' }]);
  await again.stop();
  assert.equal(await reachable(again.ownerUrl), false);
});

// Proves: losing embedded.json never costs the database: the start refuses, naming the file, and
// leaves the cluster untouched; with the file restored, the data is there.
test('a missing embedded.json is refused, never initialised over', async () => {
  const stateFile = path.join(dataDir, 'embedded.json');
  await rename(stateFile, `${stateFile}.bak`);
  await assert.rejects(start(), /holds a database, but .*embedded\.json.* is missing/);
  await rename(`${stateFile}.bak`, stateFile);
  const restored = await start();
  assert.deepEqual(await query(restored.ownerUrl, 'select note from kept'), [{ note: 'written before the restart' }]);
  await restored.stop();
});
