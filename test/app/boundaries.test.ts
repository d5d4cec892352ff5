// The module boundaries are a lint rule (eslint.config.js, scripts/lint/module-boundaries.js), not a
// convention: its block refuses every wrong import of a fixture tree and passes src/. Without type
// information, so it runs in a second; `npm run lint` runs the same block with the full config.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

const root = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(root, 'test/lint-fixtures/module-boundaries');
const { boundaries } = (await import(pathToFileURL(path.join(root, 'eslint.config.js')).href)) as { boundaries: Linter.Config };

/** ESLint with only the boundary block (its files and ignores included), run from `cwd` as from the repository root. */
const linter = (cwd: string) =>
  new ESLint({ cwd, overrideConfigFile: true, overrideConfig: [{ languageOptions: { parser: tseslint.parser } }, boundaries] });

/** The boundary rule's reports and parse failures (the disable comments for other rules are not this block's business). */
const problemsOf = (results: ESLint.LintResult[], cwd: string) =>
  results
    .flatMap((result) =>
      result.messages
        .filter((m) => m.fatal || m.ruleId === 'casus/module-boundaries')
        .map((m) => `${path.relative(cwd, result.filePath)}:${m.line} ${m.ruleId ?? 'parse'}/${m.messageId ?? m.message}`),
    )
    .sort();

test('every import the fixture marks as refused is reported with its reason, and no other', async () => {
  const results = await linter(fixture).lintFiles(['src']);
  const expected = results
    .flatMap((result) =>
      readFileSync(result.filePath, 'utf8')
        .split('\n')
        .flatMap((line, i) => {
          const refused = /\/\/ refused: (\w+)/.exec(line);
          return refused ? [`${path.relative(fixture, result.filePath)}:${i + 1} casus/module-boundaries/${refused[1]}`] : [];
        }),
    )
    .sort();
  assert.ok(expected.length >= 6, 'the fixture marks its wrong imports');
  assert.deepEqual(problemsOf(results, fixture), expected);
});

test('a test may reach into the module it tests', async () => {
  const results = await linter(fixture).lintText(
    `import { alphaValue } from '../alpha/alpha.repository.ts';\nexport const seen = alphaValue;\n`,
    { filePath: 'src/modules/beta/beta.test.ts' },
  );
  assert.deepEqual(problemsOf(results, fixture), []);
});

test('src/ keeps the boundaries', async () => {
  assert.deepEqual(problemsOf(await linter(root).lintFiles(['src']), root), []);
});
