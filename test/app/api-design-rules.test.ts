// The served OpenAPI document follows the Dutch API Design Rules: the repository's ADR ruleset
// (api-design-rules.spectral.yaml, run by `npm run lint:api`) reports no error on it. The same
// ruleset does report the rules the kernel keeps for every route once a copy of the document breaks
// them, so a passing run means the rules were checked. Routes outside the server URL's /api/v1 must
// be hidden from the description.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Type } from 'typebox';
import { servedOpenApiDocument } from '../../scripts/openapi-document.ts';
import { buildApp } from '../../src/kernel/http/app.ts';
import { PermissionRegistry } from '../../src/kernel/auth/permissions.ts';
import { loadSettings } from '../../src/kernel/config.ts';
import { Readiness } from '../../src/kernel/observability/health.ts';
import { createLogger } from '../../src/kernel/observability/logger.ts';
import { createMetrics } from '../../src/kernel/observability/metrics.ts';

const root = path.resolve(import.meta.dirname, '../..');
const RULESET = path.join(root, 'api-design-rules.spectral.yaml');

interface Finding {
  code: string;
  severity: number;
  message: string;
  path: string[];
}
interface Document {
  servers: { url: string }[];
  info: { contact: Record<string, string> };
  paths: Record<string, Record<string, { responses: Record<string, { headers?: object }> }>>;
}

async function spectralCli(): Promise<string> {
  const manifest = createRequire(import.meta.url).resolve('@stoplight/spectral-cli/package.json');
  const { bin } = JSON.parse(await readFile(manifest, 'utf8')) as { bin: { spectral: string } };
  return path.resolve(path.dirname(manifest), bin.spectral);
}

/** Spectral's findings on `document` with the ADR ruleset (it exits 1 when there are errors). */
async function lint(document: object, directory: string): Promise<Finding[]> {
  const file = path.join(directory, 'openapi.json');
  await writeFile(file, JSON.stringify(document));
  const args = [await spectralCli(), 'lint', '--ruleset', RULESET, '--format', 'json', '--quiet', file];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stdout?: string; code?: number }) => {
      if (error.code === 1 && error.stdout) return { stdout: error.stdout };
      throw error;
    },
  );
  return JSON.parse(stdout) as Finding[];
}

const ERROR = 0;
const describe = (findings: Finding[]) => findings.map((f) => `${f.code} at ${f.path.join('.')}: ${f.message}`).join('\n');

test('the served OpenAPI document has no API Design Rules error', async (t) => {
  const directory = await mkdtemp(path.join(tmpdir(), 'casus-adr-'));
  t.after(() => rm(directory, { recursive: true, force: true }));
  const document = JSON.parse(await servedOpenApiDocument()) as Document;

  const findings = await lint(document, directory);
  assert.deepEqual(describe(findings.filter((f) => f.severity === ERROR)), '', 'ADR errors');

  // What the kernel declares for every operation, taken out of a copy, is reported again.
  const broken = structuredClone(document);
  broken.servers = [{ url: '/api' }];
  delete broken.info.contact.email;
  for (const item of Object.values(broken.paths)) {
    for (const operation of Object.values(item)) {
      delete operation.responses['400'];
      for (const response of Object.values(operation.responses)) delete response.headers;
    }
  }
  const reported = new Set((await lint(broken, directory)).filter((f) => f.severity === ERROR).map((f) => f.code));
  for (const rule of ['/core/uri-version', '/core/doc-openapi-contact', '/core/version-header', '/core/error-handling/invalid-input']) {
    assert.ok(reported.has(rule), `${rule} is checked (reported: ${[...reported].join(', ')})`);
  }
});

test('a route outside /api/v1 is refused unless it is hidden from the description', async (t) => {
  const app = await buildApp({
    settings: loadSettings({ CASUS_ENV: 'test' }),
    log: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
    readiness: new Readiness(),
    permissions: new PermissionRegistry(),
  });
  t.after(() => app.close());
  const options = (hide: boolean) => ({
    config: { access: { public: true as const } },
    schema: { hide, response: { 200: Type.Object({}) } },
  });
  // Its path could not be written relative to the server URL, which ends in /api/v1.
  assert.throws(() => app.get('/status', options(false), async () => ({})), /Route \/status is outside \/api\/v1/);
  app.get('/status', options(true), async () => ({}));
  await app.ready();
});
