// The server answers index.html for exactly the web client's own paths (WEB_CLIENT_PATHS); the client's
// router defines them. The two lists are kept the same: a screen the server does not serve would be a
// 404 on reload, a served path without a screen would be a blank page. Routes are written with their
// full path (`path: '/cases/$caseId'`), wherever under web/src they are defined.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WEB_CLIENT_PATHS } from '../../src/kernel/http/web-client.ts';

const root = path.resolve(import.meta.dirname, '../..');

test('the router’s paths are exactly the paths the server answers with the web client', () => {
  const routed = new Set<string>();
  for (const file of globSync('web/src/**/*.{ts,tsx}', { cwd: root })) {
    const source = readFileSync(path.join(root, file), 'utf8');
    for (const match of source.matchAll(/createRoute\(\{[^}]*?\bpath:\s*'([^']+)'/gs)) {
      assert.match(match[1]!, /^\//, `${file}: route path ${match[1]} is written in full, from /`);
      routed.add(match[1]!.replace(/\$(\w+)/g, ':$1'));
    }
  }
  assert.ok(routed.size >= 6, 'the scan finds the routes');
  assert.deepEqual([...routed].sort(), [...WEB_CLIENT_PATHS].sort());
});
