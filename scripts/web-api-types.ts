// The web client's API types (web/src/api/schema.d.ts), generated with openapi-typescript from the
// OpenAPI document the server serves (scripts/openapi-document.ts: no database needed), so no API type
// is ever written by hand. `--check` (part of `npm run lint`) fails when the file is stale.
// Run: node bin/node-ts.js scripts/web-api-types.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { servedOpenApiDocument } from './openapi-document.ts';

export const SCHEMA_FILE = path.resolve(import.meta.dirname, '../web/src/api/schema.d.ts');
const HEADER =
  '// Generated from the served OpenAPI document by scripts/web-api-types.ts: do not edit. Regenerate: npm run web:api-types\n';

export async function generatedApiTypes(): Promise<string> {
  const ast = await openapiTS(await servedOpenApiDocument());
  return `${HEADER}${astToString(ast)}`;
}

if (process.argv[1] === import.meta.filename) {
  const generated = await generatedApiTypes();
  const relative = path.relative(process.cwd(), SCHEMA_FILE);
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(SCHEMA_FILE, 'utf8');
    } catch {
      // A missing file is stale too.
    }
    if (current !== generated) {
      console.error(`${relative} is stale: the API changed. Regenerate it with npm run web:api-types`);
      process.exit(1);
    }
  } else {
    writeFileSync(SCHEMA_FILE, generated);
    console.log(`API types written to ${relative}`);
  }
}
