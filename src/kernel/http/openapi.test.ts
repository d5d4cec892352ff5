// The operations surface of the HTTP kernel: the OpenAPI document and its self-hosted reference page,
// liveness and readiness (with the reason when not ready), and the Prometheus metrics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Type } from 'typebox';
import { API_VERSION } from './api-version.ts';
import type { CasusModule } from '../module.ts';
import { build } from '../../../test/helpers/build.ts';
import { emptyDatabase, testDatabase } from '../../../test/helpers/database.ts';

// Outside any test, so the databases live until the file ends (see http-errors.test.ts).
await testDatabase();
const unmigrated = await emptyDatabase();

const QUEUE = 'test-ops.noop';

const opsModule: CasusModule = {
  name: 'test-ops',
  register: ({ jobs }) => jobs.define({ name: QUEUE, handler: async () => undefined }),
  routes: [
    {
      prefix: '/widgets',
      plugin: async (app) => {
        app.get(
          '/:widgetId',
          {
            config: { access: { public: true } },
            schema: { params: Type.Object({ widgetId: Type.String() }), response: { 200: Type.Object({ id: Type.String() }) } },
          },
          async (request) => ({
            id: (request.params as { widgetId: string }).widgetId,
          }),
        );
      },
    },
  ],
};

/** GET, following same-origin redirects (the docs route may redirect to its index). */
async function follow(app: FastifyInstance, url: string): Promise<LightMyRequestResponse> {
  let res = await app.inject(url);
  for (let hops = 0; res.statusCode >= 300 && res.statusCode < 400 && hops < 5; hops++) {
    res = await app.inject(new URL(String(res.headers.location), `http://localhost${url}`).pathname);
  }
  return res;
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseMetrics(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      assert.ok(match, `Prometheus sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

function sample(samples: Sample[], name: string, labels: Record<string, string>): Sample | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

test('OpenAPI document and reference page', async (t) => {
  const { app } = await build(t, { modules: [opsModule] });

  await t.test('the API root names the API and links its description', async () => {
    const res = await app.inject('/api/v1');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {
      name: 'Casus API',
      apiVersion: API_VERSION,
      links: { openapi: '/api/v1/openapi.json', docs: '/api/v1/docs' },
    });
  });

  await t.test('openapi.json describes the API version, the root and module routes, but not operational ones', async () => {
    const res = await app.inject('/api/v1/openapi.json');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/json\b/);
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.version, API_VERSION);
    // Paths are relative to the server, whose URL carries the major version (API Design Rules).
    assert.deepEqual(doc.servers, [{ url: '/api/v1' }]);
    assert.ok(doc.paths['/']?.get, 'the API root');
    const widget = doc.paths['/widgets/{widgetId}']?.get;
    assert.ok(widget, `module route, got ${Object.keys(doc.paths).join(', ')}`);
    assert.ok(widget.parameters.some((p: { name: string; in: string }) => p.name === 'widgetId' && p.in === 'path'));
    assert.ok(widget.responses['200'], 'its declared response');
    for (const hidden of ['/health/live', '/health/ready', '/metrics', '/openapi.json', '/api/v1/openapi.json'])
      assert.equal(doc.paths[hidden], undefined, hidden);
  });

  await t.test('the reference page is self-hosted HTML whose CSP allows scripts from our own origin only', async () => {
    const res = await follow(app, '/api/v1/docs');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html\b/);
    const policy = String(res.headers['content-security-policy']);
    assert.match(policy, /(^|;)\s*script-src 'self'\s*(;|$)/, policy);
    assert.doesNotMatch(policy, /unsafe-eval|https?:|\*/, policy);
    assert.match(policy, /frame-ancestors 'none'/);

    // Inline scripts would be blocked by this CSP: every script must be a same-origin file, and served.
    const scripts = [...res.body.matchAll(/<script\b([^>]*)>/gi)].map((m) => /\bsrc="([^"]+)"/.exec(m[1]!)?.[1]);
    assert.ok(scripts.length > 0, 'the page loads scripts');
    for (const src of scripts) {
      assert.ok(src, 'no inline <script> without src');
      assert.doesNotMatch(src, /^(https?:)?\/\//, `same origin: ${src}`);
      const js = await app.inject(new URL(src, 'http://localhost/api/v1/docs/').pathname);
      assert.equal(js.statusCode, 200, src);
      assert.match(String(js.headers['content-type']), /javascript/, src);
      assert.ok(js.body.length > 0, src);
    }
  });
});

test('health: live and ready', async (t) => {
  const { app } = await build(t);

  const live = await app.inject('/health/live');
  assert.equal(live.statusCode, 200);
  assert.deepEqual(live.json(), { status: 'pass' });

  const ready = await app.inject('/health/ready');
  assert.equal(ready.statusCode, 200, ready.body);
  const body = ready.json();
  assert.equal(body.status, 'pass');
  for (const check of ['database', 'migrations', 'jobs'])
    assert.equal(body.checks[check]?.ok, true, `${check}: ${JSON.stringify(body.checks[check])}`);
});

test('health: a draining instance is not ready but still alive', async (t) => {
  const system = await build(t);
  system.readiness.drain();

  const ready = await system.app.inject('/health/ready');
  assert.equal(ready.statusCode, 503);
  assert.match(String(ready.headers['content-type']), /^application\/problem\+json\b/);
  const body = ready.json();
  assert.equal(body.type, 'urn:casus:problem:not-ready');
  assert.match(body.detail, /shutting down/);
  assert.deepEqual(body.checks.shutdown, { ok: false, detail: 'shutting down' });
  assert.equal(body.checks.database.ok, true, 'the other checks still report');
  assert.equal(body.requestId, ready.headers['x-request-id']);

  // Liveness is about the process, not about taking new work: restarting a draining instance would cut requests off.
  assert.equal((await system.app.inject('/health/live')).statusCode, 200);
});

test('health: a pending migration makes the instance not ready, naming it and the fix', async (t) => {
  const first = await build(t, { target: unmigrated, env: { CASUS_MIGRATE_ON_START: 'true' } });
  const [reverted] = await first.migrator.down(1);
  assert.ok(reverted, 'a migration was reverted');

  // A second instance on the same database, as after a deploy whose migrations did not run.
  const second = await build(t, { target: unmigrated });
  const res = await second.app.inject('/health/ready');
  assert.equal(res.statusCode, 503, res.body);
  const body = res.json();
  assert.equal(body.checks.migrations.ok, false);
  assert.equal(body.checks.database.ok, true);
  assert.ok(body.detail.includes(`${reverted.module}/${reverted.name}`), body.detail);
  assert.match(body.detail, /casus migrate up/);

  const restored = await first.migrator.up();
  assert.deepEqual(
    restored.map((m) => `${m.module}/${m.name}`),
    [`${reverted.module}/${reverted.name}`],
  );
});

test('metrics: Prometheus text with request, latency, event loop, pool and job-queue series', async (t) => {
  const system = await build(t, { modules: [opsModule], worker: false });
  const { app } = system;
  await system.jobs.send(QUEUE, {});

  for (let i = 0; i < 3; i++) assert.equal((await app.inject('/api/v1')).statusCode, 200);
  const unknown = `/api/v1/no-such-${Date.now()}`;
  assert.equal((await app.inject(unknown)).statusCode, 404);
  assert.equal((await app.inject('/health/ready')).statusCode, 200);

  const res = await app.inject('/metrics');
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  const samples = parseMetrics(res.body);

  // Requests are counted per route template, from zero for this instance.
  assert.equal(sample(samples, 'http_requests_total', { method: 'GET', route: '/api/v1', status_code: '200' })?.value, 3);
  assert.equal(sample(samples, 'http_request_errors_total', { route: '/api/v1', status_code: '200' }), undefined, 'a 200 is not an error');
  assert.equal(sample(samples, 'http_request_errors_total', { method: 'GET', status_code: '404' })?.value, 1);
  assert.equal(sample(samples, 'http_request_duration_seconds_bucket', { route: '/api/v1', status_code: '200', le: '+Inf' })?.value, 3);
  assert.equal(sample(samples, 'http_request_duration_seconds_count', { route: '/api/v1', status_code: '200' })?.value, 3);
  // An unknown URL must not become a label value: one series per typo would exhaust Prometheus.
  assert.ok(!samples.some((s) => Object.values(s.labels).some((v) => v.includes('no-such-'))), 'no raw URL in labels');

  assert.ok(
    samples.some((s) => s.name.startsWith('nodejs_eventloop_lag')),
    'event-loop lag',
  );
  const poolTotal = sample(samples, 'db_pool_connections', { pool: 'app', state: 'total' });
  assert.ok(poolTotal && poolTotal.value >= 1, 'the readiness probe used an app pool connection');
  assert.ok(sample(samples, 'db_pool_connections', { pool: 'app', state: 'idle' }));
  assert.match(res.body, /^# HELP job_queue_jobs /m);
  assert.ok(sample(samples, 'job_queue_jobs', { queue: QUEUE, state: 'queued' }), `queue ${QUEUE} is reported`);
  // The outbox backlog is a number read from the database (NaN would mean the query failed).
  const pending = sample(samples, 'outbox_events_pending', {});
  assert.ok(pending && Number.isFinite(pending.value) && pending.value >= 0, 'outbox_events_pending is reported');
  const oldest = sample(samples, 'outbox_oldest_pending_seconds', {});
  assert.ok(oldest && Number.isFinite(oldest.value) && oldest.value >= 0, 'outbox_oldest_pending_seconds is reported');
});
