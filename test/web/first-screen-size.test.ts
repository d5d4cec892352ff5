// The JavaScript the first screen loads (what index.html names, gzip-compressed as it travels) stays
// under the budget of issue 11: 300 kB. npm test builds web/dist first; docs/performance.md has the figure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { WEB_ROOT } from '../../src/kernel/http/web-client.ts';

const BUDGET_BYTES = 300 * 1024;

test('the first screen loads under 300 kB of gzip-compressed JavaScript', () => {
  const index = readFileSync(path.join(WEB_ROOT, 'index.html'), 'utf8');
  const scripts = [...index.matchAll(/<(?:script|link rel="modulepreload")[^>]+(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  assert.ok(scripts.length > 0, 'index.html names its scripts');
  const gzipBytes = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(WEB_ROOT, file))).length, 0);
  assert.ok(gzipBytes < BUDGET_BYTES, `${(gzipBytes / 1024).toFixed(1)} kB gzip`);
});
