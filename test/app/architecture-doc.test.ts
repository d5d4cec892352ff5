// Proves: docs/ARCHITECTURE.md's module list, kernel list and the paths it names match the tree, so the
// page a newcomer reads first cannot drift from the code (a new module, a new kernel file or a moved
// test fails here until the page says so).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { modules } from '../../src/app/modules.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const page = readFileSync(path.join(root, 'docs', 'ARCHITECTURE.md'), 'utf8');

/** The rows of the first Markdown table after `heading`, as arrays of cells. */
function tableAfter(heading: string): string[][] {
  const start = page.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `ARCHITECTURE.md has a section ${heading}`);
  const lines = page.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

const codeSpans = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

test('the module table lists every module, in the composition root’s order', () => {
  const listed = tableAfter('## Modules').map((row) => codeSpans(row[0]!)[0]);
  assert.deepEqual(
    listed,
    modules.map((m) => m.name),
  );
  const folders = readdirSync(path.join(root, 'src', 'modules')).filter((name) =>
    existsSync(path.join(root, 'src', 'modules', name, 'index.ts')),
  );
  assert.deepEqual([...folders].sort(), [...listed].sort(), 'every folder with an index.ts under src/modules is a module in the table');
});

test('the kernel table names every kernel file, and only files that exist', () => {
  const kernel = path.join(root, 'src', 'kernel');
  const named = new Set(tableAfter('## The kernel').flatMap((row) => codeSpans(row[1] ?? '')));
  for (const entry of named) assert.ok(existsSync(path.join(kernel, entry)), `src/kernel/${entry} exists`);
  const folders = [...named].filter((entry) => entry.endsWith('/'));
  const files = readdirSync(kernel, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && statSync(path.join(kernel, file)).isFile(),
  );
  const unnamed = files.filter((file) => !named.has(file) && !folders.some((folder) => file.startsWith(folder)));
  assert.deepEqual(unnamed, [], 'kernel files the table does not name');
});

test('every repository path the page names exists', () => {
  const paths = [...page.matchAll(/`((?:src|test|scripts|bench|docs)\/[^`\s]+)`/g)].map((m) => m[1]!);
  assert.ok(paths.length > 10);
  const missing = paths.filter((p) => !existsSync(path.join(root, p.replace(/\*.*$/, ''))));
  assert.deepEqual(missing, []);
});

test('every source file the page names by its module or kernel path exists', () => {
  // `contacts/contacts.routes.ts`, `kernel/db/driver.ts`: under src/modules/ or src/.
  const named = [...page.matchAll(/`([a-z-]+\/[a-z0-9./-]+\.ts)`/g)]
    .map((m) => m[1]!)
    .filter((p) => !/^(src|test|scripts|bench|docs|bin)\//.test(p));
  assert.ok(named.length > 5);
  const missing = named.filter(
    (p) =>
      !existsSync(path.join(root, 'src', 'modules', p)) &&
      !existsSync(path.join(root, 'src', p)) &&
      !existsSync(path.join(root, 'src', 'kernel', p)),
  );
  assert.deepEqual(missing, []);
});
