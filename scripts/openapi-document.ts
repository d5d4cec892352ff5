// The OpenAPI document the server serves at /api/v1/openapi.json, written to a file for the API
// Design Rules check (`npm run lint:api`). Built from the server's own app factory with the modules
// registered offline, as `casus routes` does: no database, and it cannot drift from what is served.
// Single sign-on is configured (with an issuer URL that is never contacted: building the routes needs
// only the setting) so that its routes are described too. Run: node bin/node-ts.js scripts/openapi-document.ts [file]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../src/kernel/http/app.ts';
import { API_PREFIX } from '../src/kernel/http/api-version.ts';
import { loadSettings } from '../src/kernel/config.ts';
import { Readiness } from '../src/kernel/observability/health.ts';
import { createLogger } from '../src/kernel/observability/logger.ts';
import { createMetrics } from '../src/kernel/observability/metrics.ts';
import { registerOffline } from '../src/cli/connections.ts';

const DEFAULT_DOCUMENT_FILE = path.resolve(import.meta.dirname, '../var/openapi.json');

export async function servedOpenApiDocument(): Promise<string> {
  const settings = loadSettings({
    CASUS_ENV: 'development',
    CASUS_LOG_LEVEL: 'silent',
    CASUS_OIDC_ISSUER: 'https://sso.invalid',
    CASUS_OIDC_CLIENT_ID: 'casus',
  });
  const registered = registerOffline(settings);
  const app = await buildApp({
    settings,
    log: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
    readiness: new Readiness(),
    permissions: registered.permissions,
    routes: registered.routes,
    authenticators: registered.authenticators,
  });
  try {
    const response = await app.inject({ method: 'GET', url: `${API_PREFIX}/openapi.json` });
    if (response.statusCode !== 200) throw new Error(`GET ${API_PREFIX}/openapi.json answered ${response.statusCode}`);
    return `${JSON.stringify(response.json(), null, 2)}\n`;
  } finally {
    await app.close();
    await registered.close();
  }
}

// Run as a script (bin/node-ts.js imports it, so import.meta.main is false): write the file.
if (process.argv[1] === import.meta.filename) {
  const file = path.resolve(process.argv[2] ?? DEFAULT_DOCUMENT_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, await servedOpenApiDocument());
  console.log(`OpenAPI document written to ${path.relative(process.cwd(), file) || file}`);
}
