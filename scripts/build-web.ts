// Builds the web client (web/ -> web/dist) when the build is missing or older than its sources, so that
// `npm start` (prestart) and `npm test` serve the current screens; fast when it is up to date.
// Run: node bin/node-ts.js scripts/build-web.ts
import { spawnSync } from 'node:child_process';
import { globSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const BUILT = path.join(root, 'web/dist/index.html');
const SOURCES = ['web/index.html', 'web/vite.config.ts', 'web/src/**/*', 'package-lock.json'];

function modified(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

export function webBuildIsStale(): boolean {
  const built = modified(BUILT);
  if (built === 0) return true;
  return globSync(SOURCES, { cwd: root }).some((file) => modified(path.join(root, file)) > built);
}

export function ensureWebBuilt(): void {
  if (!webBuildIsStale()) return;
  console.log('Building the web client (web/ -> web/dist)…');
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', 'web', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`The web client's build failed (exit ${result.status ?? result.signal})`);
}

if (process.argv[1] === import.meta.filename) ensureWebBuilt();
