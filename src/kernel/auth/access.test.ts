// Access control in the kernel: every route declares who may call it or it cannot be registered;
// permission routes answer 401 to anonymous callers and 403 without the grant; policies decide per
// resource and tell clients which actions they may offer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from 'typebox';
import type { Actor } from './actor.ts';
import { allowedActions, authorize, can, definePolicy } from './policy.ts';
import { PermissionRegistry } from './permissions.ts';
import { AppError } from '../errors.ts';
import type { CasusModule } from '../module.ts';
import { build } from '../../../test/helpers/build.ts';

const ok = { 200: Type.Object({ actor: Type.Union([Type.String(), Type.Null()]) }) };

/** Test-only identity: the caller names itself and its permissions in headers (never in production code). */
const widgets: CasusModule = {
  name: 'widgets',
  permissions: [{ name: 'widgets.read', description: 'Read widgets' }],
  register(ctx) {
    ctx.addAuthenticator(async (request) => {
      const id = request.headers['x-test-user'];
      if (typeof id !== 'string') return null;
      const granted = request.headers['x-test-permissions'];
      return { kind: 'user', id, permissions: typeof granted === 'string' ? granted.split(',') : [] };
    });
  },
  routes: [
    {
      prefix: '/widgets',
      plugin: async (app) => {
        const actorOf = (request: { actorContext(): { actor: Actor } }) => ({ actor: request.actorContext().actor.id });
        app.get('/public', { config: { access: { public: true } }, schema: { response: ok } }, async (request) => actorOf(request));
        app.get('/mine', { config: { access: { authenticated: true } }, schema: { response: ok } }, async (request) => actorOf(request));
        app.get('/', { config: { access: { permission: 'widgets.read' } }, schema: { response: ok } }, async (request) => actorOf(request));
      },
    },
  ],
};

const as = (user: string, permissions = '') => ({ 'x-test-user': user, 'x-test-permissions': permissions });

test('routes enforce their declared access: public, authenticated, permission', async (t) => {
  const { app } = await build(t, { modules: [widgets] });
  const get = async (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: `/api/v1/widgets${url}`, headers });

  assert.deepEqual((await get('/public')).json(), { actor: null }, 'anonymous may call a public route');
  for (const url of ['/mine', '/']) {
    const res = await get(url);
    assert.equal(res.statusCode, 401, `anonymous ${url}`);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    assert.equal(res.json().type, 'urn:casus:problem:unauthenticated');
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="casus"');
    // Refusals carry the same security headers as any answer.
    assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
    assert.equal(res.headers['x-frame-options'], 'DENY');
  }
  assert.deepEqual((await get('/mine', as('alice'))).json(), { actor: 'alice' }, 'any signed-in actor may call an authenticated route');

  const denied = await get('/', as('alice', 'other.permission'));
  assert.equal(denied.statusCode, 403);
  assert.equal(denied.json().type, 'urn:casus:problem:forbidden');
  assert.match(denied.json().detail, /widgets\.read/);
  assert.match(String(denied.headers['content-security-policy']), /frame-ancestors 'none'/);

  const allowed = await get('/', as('bob', 'widgets.read'));
  assert.equal(allowed.statusCode, 200);
  assert.deepEqual(allowed.json(), { actor: 'bob' }, 'the handler sees the authenticated actor');
});

test('a route without declared access, or requiring an undefined permission, cannot be registered', async (t) => {
  const undeclared: CasusModule = {
    name: 'undeclared',
    routes: [
      { prefix: '/undeclared', plugin: async (app) => void app.get('/', { schema: { response: ok } }, async () => ({ actor: null })) },
    ],
  };
  await assert.rejects(build(t, { modules: [undeclared] }), /GET \/api\/v1\/undeclared must declare config\.access/);

  const typo: CasusModule = {
    name: 'typo',
    routes: [
      {
        prefix: '/typo',
        plugin: async (app) =>
          void app.get('/', { config: { access: { permission: 'typo.raed' } }, schema: { response: ok } }, async () => ({ actor: null })),
      },
    ],
  };
  await assert.rejects(build(t, { modules: [typo] }), /requires permission typo\.raed, which no module defines/);

  // Only the reference page's own routes are public by rule, not anything that merely starts alike.
  const lookalike: CasusModule = {
    name: 'lookalike',
    routes: [
      { prefix: '/docs-archive', plugin: async (app) => void app.get('/', { schema: { response: ok } }, async () => ({ actor: null })) },
    ],
  };
  await assert.rejects(build(t, { modules: [lookalike] }), /GET \/api\/v1\/docs-archive must declare config\.access/);
});

test('every route of the application declares its access (the route inventory)', async (t) => {
  const { app } = await build(t);
  const inventory = app.routeAccess.filter((r) => r.method !== 'HEAD');
  const urls = inventory.map((r) => r.url);
  for (const expected of ['/api/v1', '/api/v1/openapi.json', '/health/live', '/health/ready', '/metrics'])
    assert.ok(urls.includes(expected), expected);
  assert.ok(
    urls.some((u) => u.startsWith('/api/v1/docs')),
    'the reference page is in the inventory',
  );
  for (const route of inventory) assert.ok(route.access, `${route.method} ${route.url} declares access`);
});

test('permission names are "<module>.<action>" and owned by one module', () => {
  const registry = new PermissionRegistry();
  registry.define('cases', [{ name: 'cases.read', description: 'Read cases' }]);
  assert.equal(registry.has('cases.read'), true);
  assert.throws(() => registry.define('cases', [{ name: 'Cases Read', description: '' }]), /kebab-case/);
  assert.throws(() => registry.define('other', [{ name: 'cases.read', description: '' }]), /defined by both cases and other/);
});

test('policies decide per resource, and list the actions an actor may take', () => {
  const policy = definePolicy<{ ownerId: string; closed: boolean }, 'read' | 'close'>({
    read: (actor, c) => actor.id === c.ownerId,
    close: (actor, c) => actor.id === c.ownerId && !c.closed,
  });
  const alice: Actor = { kind: 'user', id: 'alice' };
  const open = { ownerId: 'alice', closed: false };
  const closed = { ownerId: 'alice', closed: true };
  assert.equal(can(alice, policy, 'read', open), true);
  assert.deepEqual(allowedActions(alice, policy, open), ['read', 'close']);
  assert.deepEqual(allowedActions(alice, policy, closed), ['read']);
  assert.deepEqual(allowedActions({ kind: 'anonymous', id: null }, policy, open), []);

  assert.throws(
    () => authorize({ kind: 'user', id: 'bob' }, policy, 'read', open),
    (e: unknown) => e instanceof AppError && e.status === 403,
  );
  assert.throws(
    () => authorize({ kind: 'user', id: 'bob' }, policy, 'read', open, { hideExistence: true }),
    (e: unknown) => e instanceof AppError && e.status === 404,
  );
});
