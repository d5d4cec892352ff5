#!/usr/bin/env node
// Runs a TypeScript entry file (scripts, benchmarks) with Node's built-in type stripping; see casus.js.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`Casus needs Node.js >= 22.12 (24 recommended); this is ${process.version}. Run \`source scripts/provision-node.sh\`.`);
  process.exit(1);
}
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node-ts <file.ts> [args...]');
  process.exit(64);
}
if (!process.features.typescript) {
  const child = spawn(process.execPath, ['--experimental-strip-types', import.meta.filename, entry, ...args], { stdio: 'inherit' });
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => (signal ? process.kill(process.pid, signal) : process.exit(code ?? 1)));
} else {
  process.argv = [process.argv[0], path.resolve(entry), ...args];
  await import(pathToFileURL(path.resolve(entry)).href);
}
