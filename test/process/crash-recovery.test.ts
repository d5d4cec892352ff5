// Crash recovery of `casus serve` with the embedded PostgreSQL, on a data dir of its own: committed
// rows survive a kill -9 of Casus alone (the surviving PostgreSQL is adopted) and of Casus and the
// PostgreSQL postmaster together (power loss: PostgreSQL replays its WAL on the next start).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pidAlive, startCasus, waitForPidExit } from './spawn.ts';

const dataDir = await mkdtemp(path.join(tmpdir(), 'casus-crash-'));
const env = { CASUS_DATA_DIR: dataDir, DATABASE_URL: '', CASUS_MIGRATE_ON_START: 'true' };

after(async () => {
  // Whatever happened, leave no PostgreSQL running on the temporary data dir, then remove it.
  const pid = await postmasterPid().catch(() => null);
  if (pid && pidAlive(pid)) {
    process.kill(pid, 'SIGQUIT'); // immediate shutdown; its children go with it
    if (!(await waitForPidExit(pid, 10_000))) process.kill(pid, 'SIGKILL');
  }
  if (!process.env.KEEP) await rm(dataDir, { recursive: true, force: true });
});

async function ownerUrl(): Promise<string> {
  const state = JSON.parse(await readFile(path.join(dataDir, 'embedded.json'), 'utf8')) as { port: number; superuserPassword: string };
  return `postgres://postgres:${encodeURIComponent(state.superuserPassword)}@127.0.0.1:${state.port}/casus`;
}

async function postmasterPid(): Promise<number> {
  const text = await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8');
  return Number(text.split('\n')[0]);
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: await ownerUrl(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Inserts rows one committed transaction at a time; `acknowledged` holds the ids whose COMMIT returned. */
function startWriter(firstId: number) {
  const acknowledged: number[] = [];
  let stopped = false;
  let failure: Error | null = null;
  const done = (async (): Promise<Error | null> => {
    const client = new pg.Client({ connectionString: await ownerUrl(), connectionTimeoutMillis: 5000 });
    client.on('error', () => undefined); // the server may vanish under us: that is the point
    const deadline = Date.now() + 90_000;
    try {
      await client.connect();
      await client.query('create table if not exists crash_probe (id bigint primary key, at timestamptz not null default now())');
      for (let id = firstId; !stopped && id < firstId + 500_000 && Date.now() < deadline; id++) {
        await client.query('begin');
        await client.query('insert into crash_probe (id) values ($1)', [id]);
        await client.query('commit');
        acknowledged.push(id);
      }
      return null;
    } catch (error) {
      failure = error as Error;
      return failure;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return {
    acknowledged,
    done,
    async waitFor(count: number) {
      const deadline = Date.now() + 20_000;
      while (acknowledged.length < count) {
        if (failure || Date.now() > deadline) throw new Error(`writer acknowledged only ${acknowledged.length} rows`, { cause: failure });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop() {
      stopped = true;
      return done;
    },
  };
}

async function assertRowsPresent(ids: number[]): Promise<void> {
  const found = await withClient(
    async (client) =>
      (await client.query<{ n: number }>('select count(*)::int as n from crash_probe where id = any($1::bigint[])', [ids])).rows[0]!.n,
  );
  assert.equal(found, ids.length, `${ids.length - found} of ${ids.length} acknowledged rows are missing`);
}

test('kill -9 of casus alone: the next casus adopts the running PostgreSQL and no row is lost', async (t) => {
  const first = startCasus(t, ['serve'], { env });
  await first.waitForReady(120_000); // includes initdb on the first start
  const pmPid = await postmasterPid();
  const casusPid = (await first.waitForLog('Casus is listening')).pid;

  const writer = startWriter(1);
  await writer.waitFor(50);
  process.kill(casusPid, 'SIGKILL');
  await first.exited;
  assert.ok(pidAlive(pmPid), 'PostgreSQL runs in its own session and survives its starter');

  const second = startCasus(t, ['serve'], { env });
  await second.waitForReady(60_000);
  const adopted = await second.waitForLog('using the embedded PostgreSQL that is already running');
  assert.equal(adopted.adopted, true, 'the new casus takes over stopping the orphaned PostgreSQL');
  assert.equal(await postmasterPid(), pmPid, 'the same postmaster is used, not a second one');

  assert.equal(await writer.stop(), null, 'writes never failed: the database stayed up');
  assert.ok(writer.acknowledged.length >= 50);
  await assertRowsPresent(writer.acknowledged);

  // The adopter stops PostgreSQL on its graceful exit, as the original starter would have.
  assert.deepEqual(await second.stop(), { code: 0, signal: null }, second.tail());
  assert.ok(await waitForPidExit(pmPid, 15_000), 'the adopted PostgreSQL is stopped with casus');
});

test('kill -9 of casus and the postmaster (power loss): restart is ready within 60 s with every acknowledged row', async (t) => {
  const first = startCasus(t, ['serve'], { env });
  await first.waitForReady(60_000);
  const casusPid = (await first.waitForLog('Casus is listening')).pid;
  const pmPid = await postmasterPid();

  const writer = startWriter(1_000_000);
  await writer.waitFor(100);
  process.kill(casusPid, 'SIGKILL');
  process.kill(pmPid, 'SIGKILL');
  const writeError = await writer.done;
  assert.ok(writeError, 'the writer was cut off mid-stream by the crash');
  assert.ok(writer.acknowledged.length >= 100);
  await first.exited;
  assert.ok(await waitForPidExit(pmPid, 10_000), 'the postmaster is dead');

  const restartedAt = Date.now();
  const second = startCasus(t, ['serve'], { env });
  await second.waitForReady(60_000);
  const recoveryMs = Date.now() - restartedAt;
  const retries = second.lines.filter((l) => l.msg.includes('still exiting after a crash')).length;
  t.diagnostic(
    `ready ${recoveryMs} ms after restart (${retries} start retries); ${writer.acknowledged.length} rows acknowledged before the crash`,
  );
  assert.ok(recoveryMs <= 60_000);
  assert.notEqual(await postmasterPid(), pmPid, 'a new postmaster was started');

  await assertRowsPresent(writer.acknowledged);
  assert.deepEqual(await second.stop(), { code: 0, signal: null }, second.tail());
});
