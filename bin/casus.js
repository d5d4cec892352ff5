#!/usr/bin/env node
// The `casus` command. The sources are TypeScript, run directly by Node (see node-ts.js).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
if (process.features.typescript) {
  process.argv = [process.argv[0], main, ...process.argv.slice(2)];
  await import(new URL('../src/main.ts', import.meta.url).href);
} else {
  const child = spawn(process.execPath, ['--experimental-strip-types', main, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => (signal ? process.kill(process.pid, signal) : process.exit(code ?? 1)));
}
