#!/usr/bin/env node
// Runs a TypeScript entry file with Node's built-in type stripping. Node >= 22.18 strips types by
// default; on 22.12-22.17 the flag is needed, so we re-execute ourselves with it once.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node-ts <file.ts> [args...]');
  process.exit(64);
}
if (!process.features.typescript) {
  const child = spawn(process.execPath, ['--experimental-strip-types', ...process.execArgv, import.meta.filename, entry, ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => (signal ? process.kill(process.pid, signal) : process.exit(code ?? 1)));
} else {
  process.argv = [process.argv[0], path.resolve(entry), ...args];
  await import(pathToFileURL(path.resolve(entry)).href);
}
