// SIGTERM while requests are in flight (a rolling restart): the real shutdown path (startSystem +
// handleShutdownSignals, in fixtures/slow-server.ts) stops accepting connections at once, lets every
// accepted request finish with its normal answer, then exits 0. No accepted request fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { testDatabase } from '../helpers/database.ts';
import { startCasus } from './spawn.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'slow-server.ts');
const BURST = 40;

interface Outcome {
  phase: 'burst' | 'after-signal';
  startedAt: number;
  endedAt: number;
  /** The client's port once TCP connected: matched against the server's 'connection accepted' lines. */
  port: number | null;
  status: number | null;
  error: string | null;
}

/** GET on a fresh connection (Connection: close), recording when, how, and on which port it ended. */
function get(url: string, phase: Outcome['phase']): { outcome: Outcome; done: Promise<void> } {
  const outcome: Outcome = { phase, startedAt: performance.now(), endedAt: 0, port: null, status: null, error: null };
  const done = new Promise<void>((resolve) => {
    const finish = (fields: Partial<Outcome>) => {
      Object.assign(outcome, fields, { endedAt: performance.now() });
      resolve();
    };
    const req = request(url, { agent: false, headers: { connection: 'close' }, timeout: 20_000 }, (res) => {
      res.resume();
      res.on('end', () => finish({ status: res.statusCode ?? 0 }));
      res.on('error', (error: NodeJS.ErrnoException) => finish({ error: error.code ?? error.message }));
    });
    req.on('socket', (socket) => socket.once('connect', () => (outcome.port = socket.localPort ?? null)));
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => finish({ error: error.code ?? error.message }));
    req.end();
  });
  return { outcome, done };
}

test('SIGTERM during a burst: accepted requests all finish with 200, later connections are refused, exit 0', async (t) => {
  const target = await testDatabase();
  const env: Record<string, string> = {
    DATABASE_URL: target.ownerUrl,
    CASUS_MIGRATE_ON_START: 'false',
    CASUS_SHUTDOWN_TIMEOUT_MS: '15000',
    CASUS_DB_POOL_MAX: '10', // fewer connections than requests: some still wait for the pool after SIGTERM
  };
  if (!target.setRole) env.DATABASE_APP_URL = target.appUrl;
  const server = startCasus(t, [], { env, entry: FIXTURE });
  const url = `${await server.waitForReady(30_000)}/api/v1/slow`;
  const firstLine = server.lines.length;

  const outcomes: Outcome[] = [];
  const pending: Promise<void>[] = [];
  const fire = (phase: Outcome['phase']) => {
    const { outcome, done } = get(url, phase);
    outcomes.push(outcome);
    pending.push(done);
  };
  for (let i = 0; i < BURST; i++) fire('burst');
  // Signal once every burst request is inside the handler: all of them are accepted and in flight.
  await server.waitForLog(() => server.lines.filter((l) => l.msg === 'slow request started').length >= BURST, 15_000);
  const signalledAt = performance.now();
  server.child.kill('SIGTERM');

  // Keep sending, until three requests have been sent after the first refusal (bounded: 3 s, 100 requests).
  const refusedAt = () => Math.min(...outcomes.filter((o) => o.error === 'ECONNREFUSED').map((o) => o.endedAt));
  for (let i = 0; i < 100 && performance.now() - signalledAt < 3000; i++) {
    await sleep(30);
    if (outcomes.filter((o) => o.startedAt > refusedAt()).length >= 3) break;
    fire('after-signal');
  }
  await Promise.all(pending);
  const exit = await server.exited;

  const show = (list: Outcome[]) =>
    JSON.stringify(
      list.map((o) => ({ ...o, startedAt: Math.round(o.startedAt - signalledAt), endedAt: Math.round(o.endedAt - signalledAt) })),
    );
  const accepted = new Set(
    server.lines
      .slice(firstLine)
      .filter((l) => l.msg === 'connection accepted')
      .map((l) => Number(l.clientPort)),
  );
  const burst = outcomes.filter((o) => o.phase === 'burst');
  const after = outcomes.filter((o) => o.phase === 'after-signal');

  // Every request that got a response got 200, and every connection the server accepted got one.
  assert.deepEqual(
    outcomes.filter((o) => o.status !== null && o.status !== 200),
    [],
    'no error responses',
  );
  assert.deepEqual(
    outcomes.filter((o) => o.port !== null && accepted.has(o.port) && o.status !== 200).map((o) => o.port),
    [],
    `accepted requests all answered: ${show(outcomes)}`,
  );
  assert.deepEqual(
    burst.filter((o) => o.status !== 200),
    [],
    'every request in flight at SIGTERM finished',
  );
  const finishedAfterSignal = burst.filter((o) => o.endedAt > signalledAt).length;
  assert.ok(finishedAfterSignal > 0, 'in-flight requests were finished after SIGTERM, not cut off');

  // Requests that failed never reached the application: refused, or reset by the kernel in the
  // accept queue when the listener closed (only possible for the ones sent before it had closed).
  const failed = after.filter((o) => o.error !== null);
  for (const o of failed) {
    assert.ok(o.error === 'ECONNREFUSED' || o.error === 'ECONNRESET', `failed only by refusal or queue reset: ${show(after)}`);
    assert.ok(o.port === null || !accepted.has(o.port), `a failed request was never accepted: ${show(after)}`);
  }
  const closedAt = refusedAt();
  assert.ok(Number.isFinite(closedAt), `the listener closed: ${show(after)}`);
  const later = after.filter((o) => o.startedAt > closedAt);
  assert.ok(
    later.length >= 3 && later.every((o) => o.error === 'ECONNREFUSED'),
    `after the listener closed every connection is refused: ${show(after)}`,
  );
  assert.ok(
    burst.some((o) => o.endedAt > closedAt),
    'the listener closed while accepted requests were still running',
  );
  t.diagnostic(
    `${finishedAfterSignal}/${BURST} burst requests finished after SIGTERM; after it: ${after.filter((o) => o.status === 200).length} accepted, ` +
      `${failed.filter((o) => o.error === 'ECONNRESET').length} reset in the accept queue, ${failed.filter((o) => o.error === 'ECONNREFUSED').length} refused; listener closed ${Math.round(closedAt - signalledAt)} ms after SIGTERM`,
  );

  assert.deepEqual(exit, { code: 0, signal: null }, server.tail());
  assert.ok(
    server.lines.some((l) => l.msg === 'shutdown complete'),
    server.tail(),
  );
});

// With CASUS_SHUTDOWN_DRAIN_MS (production behind a load balancer) the instance first keeps serving
// while /health/ready answers 503, so the load balancer stops sending before the listener closes.
test('SIGTERM with a drain period: new requests are still served while readiness says 503, then exit 0', async (t) => {
  const target = await testDatabase();
  const DRAIN_MS = 2000;
  const env: Record<string, string> = {
    DATABASE_URL: target.ownerUrl,
    CASUS_MIGRATE_ON_START: 'false',
    CASUS_SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
    CASUS_SHUTDOWN_TIMEOUT_MS: '15000',
  };
  if (!target.setRole) env.DATABASE_APP_URL = target.appUrl;
  const server = startCasus(t, [], { env, entry: FIXTURE });
  const base = await server.waitForReady(30_000);

  const inFlight = get(`${base}/api/v1/slow`, 'burst');
  await server.waitForLog('slow request started', 10_000);
  const signalledAt = performance.now();
  server.child.kill('SIGTERM');
  await server.waitForLog((l) => l.msg.startsWith('shutting down'), 5000);

  // During the drain: not ready (503, naming the shutdown), yet a new connection is accepted and served.
  const ready = get(`${base}/health/ready`, 'after-signal');
  await ready.done;
  const during = get(`${base}/api/v1/slow`, 'after-signal');
  await Promise.all([inFlight.done, during.done]);
  assert.equal(ready.outcome.status, 503, JSON.stringify(ready.outcome));
  assert.ok(during.outcome.startedAt - signalledAt < DRAIN_MS, 'the request was sent during the drain');
  assert.equal(during.outcome.status, 200, JSON.stringify(during.outcome));
  assert.equal(inFlight.outcome.status, 200, JSON.stringify(inFlight.outcome));

  const exit = await server.exited;
  assert.deepEqual(exit, { code: 0, signal: null }, server.tail());
  assert.ok(performance.now() - signalledAt >= DRAIN_MS, 'it waited out the drain before closing');
  assert.ok(
    server.lines.some((l) => l.msg === 'shutdown complete'),
    server.tail(),
  );
});
