// The whole application's route inventory, as served: every route declares its access; every
// protected route refuses anonymous callers (401) and signed-in users without the grant (403, or 404
// where existence must not leak); no protected route answers 2xx or 5xx to them. New modules' routes
// are covered automatically: the test walks app.routeAccess.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from '../helpers/build.ts';
import { createUser, signIn } from '../helpers/identity.ts';
import { modules } from '../../src/app/modules.ts';
import { describeAccess } from '../../src/kernel/auth/access.ts';

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const fill = (url: string) => url.replace(/:[A-Za-z]+/g, (param) => (/session/i.test(param) ? 'a'.repeat(64) : SAMPLE_ID));

test('every route declares access; protected routes refuse anonymous callers and users without a grant', async (t) => {
  const system = await build(t, { modules, env: { CASUS_AUTH_ATTEMPTS_PER_IP: '100000' } });
  const routes = system.app.routeAccess.filter((r) => !r.method.includes('HEAD'));
  assert.ok(routes.length > 40, `the inventory lists the modules' routes (${routes.length})`);
  for (const route of routes) assert.ok(describeAccess(route.access), `${route.method} ${route.url}`);

  const nobody = await createUser(system, 'no-grants');
  const session = await signIn(system, nobody);
  const checked: string[] = [];
  for (const route of routes) {
    if ('public' in route.access) continue;
    for (const method of route.method.split(',')) {
      const url = fill(route.url);
      const payload = ['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined;
      const anonymous = await system.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}) });
      assert.equal(anonymous.statusCode, 401, `anonymous ${method} ${route.url}: ${anonymous.body}`);
      assert.equal(anonymous.headers['content-type'], 'application/problem+json; charset=utf-8');
      if ('permission' in route.access) {
        const refused = await session.request(method, url, payload);
        assert.ok(
          [403, 404].includes(refused.statusCode),
          `${method} ${route.url} without ${route.access.permission}: ${refused.statusCode} ${refused.body}`,
        );
        checked.push(`${method} ${route.url}`);
      }
    }
  }
  assert.ok(checked.length > 25, `permission routes checked: ${checked.length}`);
});
