// The web client's message catalogues: Dutch and English have the same keys, none empty, with the same
// placeholders; every key the screens use is in them (a missing key would show its id to the user).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { nl } from '../../web/src/i18n/messages.nl.ts';
import { en } from '../../web/src/i18n/messages.en.ts';

const root = path.resolve(import.meta.dirname, '../..');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('Dutch and English have the same keys, none empty, with the same placeholders', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(nl).sort());
  for (const [key, text] of Object.entries(nl)) {
    const english = (en as Record<string, string>)[key]!;
    assert.ok(text.trim() && english.trim(), `${key} has a text in both languages`);
    assert.deepEqual(placeholders(english), placeholders(text), `${key}: the same placeholders`);
  }
});

test('every message key the screens use is in the catalogue', () => {
  const used = new Set<string>();
  for (const file of globSync('web/src/**/*.tsx', { cwd: root })) {
    const source = readFileSync(path.join(root, file), 'utf8');
    // t('key'), t(`language.${…}`) and message maps ({ code: 'key' }) all quote a dotted key.
    for (const match of source.matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(match[1]!);
    for (const match of source.matchAll(/:\s*'([a-z]+(?:\.[\w]+)+)'/g)) used.add(match[1]!);
  }
  assert.ok(used.size > 20, 'the scan finds the keys');
  const missing = [...used].filter((key) => !(key in nl));
  assert.deepEqual(missing, [], 'keys used but missing from messages.nl.ts');
});
