// `casus routes`: the route inventory for security officers and access reviews: every route with the
// network surface it is reachable from and the access it requires. Built from the same app factory
// the server uses (without a database), so it cannot drift from what is served.
import { buildApp } from '../kernel/http/app.ts';
import { describeAccess } from '../kernel/auth/access.ts';
import type { Settings } from '../kernel/config.ts';
import { Readiness } from '../kernel/observability/health.ts';
import { createLogger } from '../kernel/observability/logger.ts';
import { createMetrics } from '../kernel/observability/metrics.ts';
import { registerOffline } from './connections.ts';
import { formatTable } from './table.ts';

export async function printRoutes(settings: Settings, options: { json: boolean }): Promise<void> {
  // Modules build some routes in register() (they need services): register them offline.
  const registered = registerOffline(settings);
  const { permissions } = registered;
  const app = await buildApp({
    settings,
    log: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
    readiness: new Readiness(),
    permissions,
    routes: registered.routes,
    authenticators: registered.authenticators,
  });
  await app.ready();
  const routes = app.routeAccess
    .filter((r) => r.method !== 'HEAD')
    .map((r) => ({ method: r.method, url: r.url, surface: r.surface, access: describeAccess(r.access) }))
    .sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
  await app.close();
  await registered.close();
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ routes, permissions: permissions.all() }, null, 2)}\n`);
    return;
  }
  process.stdout.write(
    formatTable(
      ['method', 'path', 'surface', 'access'],
      routes.map((r) => [r.method, r.url, r.surface, r.access]),
    ),
  );
  process.stdout.write(`${routes.length} routes; ${permissions.all().length} permissions defined by modules.\n`);
}
