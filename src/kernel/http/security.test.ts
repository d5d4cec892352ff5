// Headers every response carries: the strict security set (CSP, no framing, no sniffing, no referrer,
// no caching of API answers), API-Version, HSTS only behind TLS, and the correlation headers:
// X-Request-Id (kept when a proxy sends a sane one) and W3C traceparent (joins the caller's trace).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { Type } from 'typebox';
import { API_VERSION } from './api-version.ts';
import type { CasusModule } from '../module.ts';
import { build } from '../../../test/helpers/build.ts';
import { testDatabase } from '../../../test/helpers/database.ts';

// Outside any test, so the database lives until the file ends (see http-errors.test.ts).
await testDatabase();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

const echoModule: CasusModule = {
  name: 'test-headers',
  routes: [
    {
      prefix: '/echo',
      plugin: async (app) => {
        app.post(
          '/',
          {
            config: { access: { public: true } },
            schema: { body: Type.Object({ text: Type.String() }), response: { 200: Type.Object({ text: Type.String() }) } },
          },
          async (request) => request.body as { text: string },
        );
      },
    },
  ],
};

function csp(res: LightMyRequestResponse): Map<string, string> {
  const header = String(res.headers['content-security-policy'] ?? '');
  return new Map(
    header
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1).join(' ')]),
  );
}

function traceparent(res: LightMyRequestResponse): { traceId: string; spanId: string; flags: string } {
  const match = TRACEPARENT.exec(String(res.headers.traceparent));
  assert.ok(match, `response traceparent is well-formed: ${String(res.headers.traceparent)}`);
  return { traceId: match[1]!, spanId: match[2]!, flags: match[3]! };
}

test('security and correlation headers', async (t) => {
  const { app } = await build(t, { modules: [echoModule] });

  await t.test('every kind of response carries the strict security headers and API-Version', async () => {
    const responses: [string, LightMyRequestResponse, number][] = [
      ['API root', await app.inject('/api/v1'), 200],
      ['module route', await app.inject({ method: 'POST', url: '/api/v1/echo', payload: { text: 'hi' } }), 200],
      ['validation problem', await app.inject({ method: 'POST', url: '/api/v1/echo', payload: {} }), 400],
      ['unknown API route', await app.inject('/api/v1/nothing-here'), 404],
      ['unknown route outside the API', await app.inject('/nothing-here'), 404],
      ['liveness', await app.inject('/health/live'), 200],
      ['readiness', await app.inject('/health/ready'), 200],
    ];
    for (const [name, res, status] of responses) {
      assert.equal(res.statusCode, status, name);
      const policy = csp(res);
      assert.equal(policy.get('default-src'), "'none'", `${name}: CSP default-src`);
      assert.equal(policy.get('frame-ancestors'), "'none'", `${name}: CSP frame-ancestors`);
      assert.equal(res.headers['x-frame-options'], 'DENY', `${name}: X-Frame-Options`);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', `${name}: X-Content-Type-Options`);
      assert.equal(res.headers['referrer-policy'], 'no-referrer', `${name}: Referrer-Policy`);
      assert.equal(res.headers['api-version'], API_VERSION, `${name}: API-Version`);
      assert.equal(res.headers['cache-control'], 'no-store', `${name}: Cache-Control`);
      assert.equal(res.headers['strict-transport-security'], undefined, `${name}: no HSTS over plain HTTP`);
    }
  });

  await t.test('metrics are not cached either', async () => {
    const res = await app.inject('/metrics');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  await t.test('X-Request-Id is generated when absent, a fresh one per request', async () => {
    const first = await app.inject('/api/v1');
    const second = await app.inject('/api/v1');
    assert.match(String(first.headers['x-request-id']), UUID);
    assert.match(String(second.headers['x-request-id']), UUID);
    assert.notEqual(first.headers['x-request-id'], second.headers['x-request-id']);
  });

  await t.test('a sane incoming X-Request-Id is echoed and used in problem bodies', async () => {
    const id = 'lb-7f3a9c21.edge:42';
    const res = await app.inject({ url: '/api/v1/nothing-here', headers: { 'x-request-id': id } });
    assert.equal(res.headers['x-request-id'], id);
    assert.equal(res.json().requestId, id);
  });

  await t.test('a suspicious incoming X-Request-Id is replaced', async () => {
    const suspicious = ['<script>alert(1)</script>', 'a'.repeat(300), 'two words here', "id';drop table x", 'short', ''];
    for (const id of suspicious) {
      const res = await app.inject({ url: '/api/v1/nothing-here', headers: { 'x-request-id': id } });
      assert.match(String(res.headers['x-request-id']), UUID, `replaced: ${JSON.stringify(id.slice(0, 40))}`);
      assert.equal(res.json().requestId, res.headers['x-request-id']);
      assert.ok(!res.body.includes('<script>') && !res.body.includes('a'.repeat(300)), 'not echoed in the body');
    }
  });

  await t.test('a valid traceparent keeps its trace id and gets a new span id; problems carry the trace id', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentSpan = '00f067aa0ba902b7';
    const res = await app.inject({ url: '/api/v1/nothing-here', headers: { traceparent: `00-${traceId}-${parentSpan}-01` } });
    const out = traceparent(res);
    assert.equal(out.traceId, traceId);
    assert.notEqual(out.spanId, parentSpan);
    assert.notEqual(out.spanId, '0000000000000000');
    assert.equal(out.flags, '01');
    assert.equal(res.json().traceId, traceId);

    // The caller's sampling decision travels with the trace.
    const unsampled = await app.inject({ url: '/api/v1', headers: { traceparent: `00-${traceId}-${parentSpan}-00` } });
    assert.deepEqual([traceparent(unsampled).traceId, traceparent(unsampled).flags], [traceId, '00']);
  });

  await t.test('an invalid or all-zero traceparent starts a new trace', async () => {
    const invalid = [
      'garbage',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra',
    ];
    for (const header of invalid) {
      const res = await app.inject({ url: '/api/v1/nothing-here', headers: { traceparent: header } });
      const out = traceparent(res);
      assert.notEqual(out.traceId, '4bf92f3577b34da6a3ce929d0e0e4736', header);
      assert.doesNotMatch(out.traceId, /^0+$/, header);
      assert.equal(res.json().traceId, out.traceId, header);
    }
  });

  await t.test('without a traceparent every request starts its own trace', async () => {
    const a = traceparent(await app.inject('/api/v1'));
    const b = traceparent(await app.inject('/api/v1'));
    assert.notEqual(a.traceId, b.traceId);
    assert.notEqual(a.spanId, b.spanId);
  });
});

test('HSTS is sent when the public URL is https', async (t) => {
  // Behind a TLS-terminating proxy the server itself speaks plain HTTP; the public URL says TLS.
  const { app } = await build(t, { env: { CASUS_PUBLIC_URL: 'https://casus.example.org' } });
  for (const url of ['/api/v1', '/api/v1/nothing-here', '/health/live']) {
    const res = await app.inject(url);
    const hsts = String(res.headers['strict-transport-security'] ?? '');
    const maxAge = Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0);
    assert.ok(maxAge >= 31_536_000, `${url}: HSTS max-age of at least a year, got "${hsts}"`);
    assert.match(hsts, /includeSubDomains/i, url);
  }
});
