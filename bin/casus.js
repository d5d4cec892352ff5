#!/usr/bin/env node
// The `casus` command. The sources are TypeScript, run directly by Node's type stripping: built in
// from Node 22.18; on 22.12-22.17 we re-run ourselves with --experimental-strip-types.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`casus needs Node.js >= 22.12 (24 recommended); this is ${process.version}. Run \`source scripts/provision-node.sh\`.`);
  process.exit(1);
}
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
if (process.features.typescript) {
  process.argv = [process.argv[0], main, ...process.argv.slice(2)];
  await import(new URL('../src/main.ts', import.meta.url).href);
} else {
  const child = spawn(process.execPath, ['--experimental-strip-types', main, ...process.argv.slice(2)], { stdio: 'inherit' });
  // A terminal's Ctrl+C reaches the child directly (same process group): forwarding it too would be
  // a second signal, which means "exit now". SIGTERM is sent to our pid only, so we pass it on.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => (signal ? process.kill(process.pid, signal) : process.exit(code ?? 1)));
}
