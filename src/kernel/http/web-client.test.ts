// The web client served by the server: index.html for the app's own paths (under the strict CSP, never
// cached), its hashed files under /assets/ (cached for good), nothing else: the API, health and unknown
// paths keep their own answers. Without a build the app's paths say how to make one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { build } from '../../../test/helpers/build.ts';
import { testDatabase } from '../../../test/helpers/database.ts';
import { traceOf, type TraceContext } from './tracing.ts';
import { WEB_CLIENT_PATHS, webClientRoutes } from './web-client.ts';

await testDatabase();

test('the app paths answer index.html under the strict CSP; assets are cached; other paths are untouched', async (t) => {
  const system = await build(t);
  for (const url of WEB_CLIENT_PATHS) {
    const res = await system.app.inject({ url });
    assert.equal(res.statusCode, 200, url);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.match(String(res.headers['content-security-policy']), /default-src 'none';script-src 'self';style-src 'self';/);
    assert.match(res.body, /<div id="root"><\/div>/);
  }
  const index = (await system.app.inject({ url: '/' })).body;
  assert.doesNotMatch(index, /<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=/, 'no inline script or style in index.html');
  for (const asset of [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!)) {
    const res = await system.app.inject({ url: asset });
    assert.equal(res.statusCode, 200, asset);
    assert.match(String(res.headers['cache-control']), /immutable/);
  }

  assert.equal((await system.app.inject({ url: '/assets/missing.js' })).statusCode, 404);
  assert.notEqual((await system.app.inject({ url: '/assets/..%2f..%2fpackage.json' })).statusCode, 200);
  for (const url of ['/sign-in/elsewhere', '/cases', '/cases/1/2', '/api/v1/nope']) {
    const res = await system.app.inject({ url });
    assert.equal(res.statusCode, 404, url);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  }
  assert.equal((await system.app.inject({ url: '/health/live' })).json().status, 'pass');
  assert.equal((await system.app.inject({ url: '/api/v1' })).statusCode, 200);
});

test('without a build, the app paths answer 503 and say how to build', async (t) => {
  const app = Fastify();
  t.after(() => app.close());
  app.decorateRequest('trace', null as unknown as TraceContext);
  app.addHook('onRequest', async (request) => {
    request.trace = traceOf(request.raw);
  });
  await app.register(webClientRoutes, { root: mkdtempSync(path.join(tmpdir(), 'casus-web-')) });
  const res = await app.inject({ url: '/setup' });
  assert.equal(res.statusCode, 503);
  assert.equal(res.json().type, 'urn:casus:problem:web-client-not-built');
  assert.match(res.json().detail, /npm run build:web/);
});
