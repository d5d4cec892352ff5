// The key ring: authenticated encryption bound to purpose and context, a format that names its key,
// rotation between keys, envelope encryption of data keys, blind indexes, the development keys, and
// that key material never reaches a log line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createKeyRing, EncryptionError, keyRingFromSettings, type KeyRing } from './keyring.ts';
import { loadSettings } from '../config.ts';
import { createLogger } from '../observability/logger.ts';

const A = randomBytes(32);
const B = randomBytes(32);
const INDEX = randomBytes(32);
const ringA = createKeyRing({ keys: [{ id: 'k2025', key: A }], activeKeyId: 'k2025', blindIndexKey: INDEX });
const ringAB = createKeyRing({
  keys: [
    { id: 'k2025', key: A },
    { id: 'k2026a', key: B },
  ],
  activeKeyId: 'k2026a',
  blindIndexKey: INDEX,
});
const ringB = createKeyRing({ keys: [{ id: 'k2026a', key: B }], activeKeyId: 'k2026a', blindIndexKey: INDEX });

/** Asserts `work` throws an EncryptionError whose message matches. */
function refused(work: () => unknown, message: RegExp, what: string): void {
  assert.throws(work, (error: Error) => error instanceof EncryptionError && message.test(error.message), what);
}

// Proves: text and bytes come back as they went in, with and without a context; every encryption
// uses a fresh nonce, so equal plaintexts do not give equal ciphertexts.
test('round trips', () => {
  const box = ringA.encrypt('persons.bsn', '123456782');
  assert.equal(ringA.decryptText('persons.bsn', box), '123456782');
  const bytes = randomBytes(1000);
  assert.deepEqual(ringA.decrypt('documents.name', ringA.encrypt('documents.name', bytes, 'row-1'), 'row-1'), bytes);
  assert.equal(
    ringA.decryptText('contact-moments.summary', ringA.encrypt('contact-moments.summary', 'Gesprek met cliënt 😊', 'c-9'), 'c-9'),
    'Gesprek met cliënt 😊',
  );
  assert.equal(ringA.decryptText('x', ringA.encrypt('x', '')), '');
  assert.notDeepEqual(ringA.encrypt('persons.bsn', '123456782'), ringA.encrypt('persons.bsn', '123456782'));
});

// Proves: the layout is version 0x01 | id length | id | 12-byte nonce | 16-byte tag | ciphertext, and
// the key id can be read without decrypting.
test('the format names the key', () => {
  const box = ringA.encrypt('persons.bsn', '123456782');
  assert.equal(box[0], 0x01);
  assert.equal(box[1], 5);
  assert.equal(box.subarray(2, 7).toString('ascii'), 'k2025');
  assert.equal(box.length, 1 + 1 + 5 + 12 + 16 + 9);
  assert.equal(ringA.keyIdOf(box), 'k2025');
  assert.equal(ringB.keyIdOf(box), 'k2025', 'readable by a ring without that key');
  assert.ok(!box.includes(Buffer.from('123456782')));
});

// Proves: a ciphertext opens only for its purpose, its context, under its key, and unaltered.
test('wrong purpose, context or key, and altered bytes, are refused', () => {
  const box = ringA.encrypt('persons.bsn', '123456782', 'person-1');
  refused(
    () => ringA.decrypt('persons.phone', box, 'person-1'),
    /Cannot decrypt a persons\.phone value made with key k2025/,
    'other purpose',
  );
  refused(() => ringA.decrypt('persons.bsn', box, 'person-2'), /Cannot decrypt/, 'other row');
  refused(() => ringA.decrypt('persons.bsn', box), /Cannot decrypt/, 'context left out');
  refused(() => ringA.decrypt('persons.bsn', ringA.encrypt('persons.bsn', 'x'), 'person-1'), /Cannot decrypt/, 'context added');
  const impostor = createKeyRing({ keys: [{ id: 'k2025', key: randomBytes(32) }], activeKeyId: 'k2025', blindIndexKey: INDEX });
  refused(() => impostor.decrypt('persons.bsn', box, 'person-1'), /Cannot decrypt/, 'same id, other key');
  refused(
    () => ringB.decrypt('persons.bsn', box, 'person-1'),
    /encrypted with key k2025, which is not in CASUS_ENCRYPTION_KEYS/,
    'key not in the ring',
  );
  for (let i = 0; i < box.length; i++) {
    const altered = Buffer.from(box);
    altered[i] = altered[i]! ^ 0x01;
    assert.throws(() => ringA.decrypt('persons.bsn', altered, 'person-1'), EncryptionError, `byte ${i} flipped`);
  }
  const versioned = Buffer.from(box);
  versioned[0] = 0x02;
  refused(() => ringA.decrypt('persons.bsn', versioned, 'person-1'), /Unknown encryption format version 2/, 'unknown version');
  refused(() => ringA.keyIdOf(versioned), /Unknown encryption format version 2/, 'keyIdOf checks the version');
  refused(() => ringA.decrypt('persons.bsn', box.subarray(0, 20), 'person-1'), /truncated/, 'truncated');
  refused(() => ringA.decrypt('persons.bsn', Buffer.alloc(0)), /too short/, 'empty');
  refused(() => ringA.decrypt('persons.bsn', Buffer.from('123456782')), /Unknown encryption format/, 'plaintext in the column');
  refused(() => ringA.encrypt('bad purpose', 'x'), /Invalid purpose/, 'purpose with a space');
});

// Proves: a ring with an old and a new key reads both, writes the new one, and re-encrypts only
// what is not yet under it; after rotation the old key is no longer needed.
test('rotation between keys', () => {
  const old = ringA.encrypt('persons.bsn', '123456782', 'p-1');
  assert.equal(ringAB.decryptText('persons.bsn', old, 'p-1'), '123456782');
  assert.ok(ringAB.needsRotation(old));
  assert.ok(!ringA.needsRotation(old));
  const rotated = ringAB.reencrypt('persons.bsn', old, 'p-1');
  assert.equal(ringAB.keyIdOf(rotated), 'k2026a');
  assert.ok(!ringAB.needsRotation(rotated));
  assert.equal(ringAB.reencrypt('persons.bsn', rotated, 'p-1'), rotated, 'already current: the same buffer back');
  assert.equal(ringB.decryptText('persons.bsn', rotated, 'p-1'), '123456782');
  refused(() => ringAB.reencrypt('persons.bsn', old, 'p-2'), /Cannot decrypt/, 're-encryption checks the context');
  assert.equal(ringAB.keyIdOf(ringAB.encrypt('persons.bsn', 'x')), 'k2026a');
  assert.deepEqual(ringAB.keyIds, ['k2025', 'k2026a']);
  assert.equal(ringAB.activeKeyId, 'k2026a');
});

// Proves: envelope encryption: a fresh 256-bit data key per call, wrapped under the active key,
// unwrapped to the same bytes, and re-wrapped under a new key without changing the data key.
test('data keys: wrap, unwrap, rewrap', () => {
  const first = ringA.newDataKey();
  const second = ringA.newDataKey();
  assert.equal(first.key.length, 32);
  assert.notDeepEqual(first.key, second.key);
  assert.ok(!first.wrapped.includes(first.key));
  assert.equal(ringA.keyIdOf(first.wrapped), 'k2025');
  assert.deepEqual(ringA.unwrapDataKey(first.wrapped), first.key);
  const rewrapped = ringAB.rewrapDataKey(first.wrapped);
  assert.equal(ringAB.keyIdOf(rewrapped), 'k2026a');
  assert.deepEqual(ringB.unwrapDataKey(rewrapped), first.key);
  assert.equal(ringAB.rewrapDataKey(rewrapped), rewrapped);
  refused(
    () => ringA.unwrapDataKey(ringA.encrypt('persons.bsn', first.key)),
    /Cannot decrypt a data-key value/,
    'a field is not a wrapped key',
  );
  refused(() => ringA.decrypt('persons.bsn', first.wrapped), /Cannot decrypt/, 'a wrapped key is not a field');
  refused(() => ringA.unwrapDataKey(ringA.encrypt('data-key', randomBytes(16))), /did not unwrap to 32 bytes/, 'wrong length');
});

// Proves: blind indexes are deterministic per purpose, differ across purposes and index keys, do
// not depend on the data keys (they survive data-key rotation), and are 32 bytes.
test('blind indexes', () => {
  const index = ringA.blindIndex('persons.bsn', '123456782');
  assert.equal(index.length, 32);
  assert.deepEqual(ringA.blindIndex('persons.bsn', '123456782'), index);
  assert.deepEqual(ringB.blindIndex('persons.bsn', '123456782'), index, 'same index key, other data keys');
  assert.notDeepEqual(ringA.blindIndex('persons.bsn', '123456783'), index);
  assert.notDeepEqual(ringA.blindIndex('persons.phone', '123456782'), index);
  const otherIndexKey = createKeyRing({ keys: [{ id: 'k2025', key: A }], activeKeyId: 'k2025', blindIndexKey: randomBytes(32) });
  assert.notDeepEqual(otherIndexKey.blindIndex('persons.bsn', '123456782'), index);
  assert.match(ringA.blindIndexKeyId, /^[0-9a-f]{16}$/);
  assert.equal(ringB.blindIndexKeyId, ringA.blindIndexKeyId);
  assert.notEqual(otherIndexKey.blindIndexKeyId, ringA.blindIndexKeyId);
  assert.ok(!INDEX.toString('hex').includes(ringA.blindIndexKeyId), 'the key id is not part of the key');
});

// Proves: a ring is refused when it could not work or would weaken the scheme.
test('invalid key rings are refused', () => {
  const ring = (options: Partial<Parameters<typeof createKeyRing>[0]>) => () =>
    createKeyRing({ keys: [{ id: 'a', key: A }], activeKeyId: 'a', blindIndexKey: INDEX, ...options });
  refused(ring({ keys: [{ id: 'bad id', key: A }], activeKeyId: 'bad id' }), /Invalid key id/, 'id with a space');
  refused(ring({ keys: [{ id: 'x'.repeat(33), key: A }], activeKeyId: 'x'.repeat(33) }), /Invalid key id/, 'id too long');
  refused(ring({ keys: [{ id: 'a', key: randomBytes(16) }] }), /16 bytes; AES-256 keys are exactly 32/, 'short key');
  refused(
    ring({
      keys: [
        { id: 'a', key: A },
        { id: 'a', key: B },
      ],
    }),
    /appears twice/,
    'duplicate id',
  );
  refused(ring({ activeKeyId: 'b' }), /active key b is not in the key ring/, 'active not listed');
  refused(ring({ blindIndexKey: randomBytes(31) }), /at least 32 bytes/, 'short index key');
  refused(ring({ blindIndexKey: A }), /equals data key a/, 'index key reuses a data key');
});

// Proves: development and test need no settings: keys derived from the data directory's secret,
// the same on every start (data stays readable), different per data directory, key id `dev`;
// configured keys are used when given.
test('key ring from settings', (t) => {
  const dirs = [0, 1].map(() => mkdtempSync(path.join(tmpdir(), 'casus-keyring-')));
  t.after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const dev = (dir: string) => keyRingFromSettings(loadSettings({ CASUS_ENV: 'development', CASUS_DATA_DIR: dir }));
  const first: KeyRing = dev(dirs[0]!);
  assert.equal(first.activeKeyId, 'dev');
  const box = first.encrypt('persons.bsn', '123456782');
  assert.equal(dev(dirs[0]!).decryptText('persons.bsn', box), '123456782', 'after a restart');
  assert.deepEqual(dev(dirs[0]!).blindIndex('persons.bsn', '1'), first.blindIndex('persons.bsn', '1'));
  assert.throws(() => dev(dirs[1]!).decrypt('persons.bsn', box), EncryptionError, 'another data directory');
  const configured = keyRingFromSettings(
    loadSettings({
      CASUS_DATA_DIR: dirs[0]!,
      CASUS_ENCRYPTION_KEYS: `k1:${A.toString('base64')}`,
      CASUS_ENCRYPTION_ACTIVE_KEY: 'k1',
      CASUS_BLIND_INDEX_KEY: INDEX.toString('base64'),
    }),
  );
  assert.equal(configured.activeKeyId, 'k1');
  assert.deepEqual(configured.blindIndex('persons.bsn', '1'), ringA.blindIndex('persons.bsn', '1'));
  const production = { ...loadSettings({ CASUS_DATA_DIR: dirs[0]! }), env: 'production' as const };
  refused(
    () => keyRingFromSettings(production),
    /CASUS_ENCRYPTION_KEYS, CASUS_ENCRYPTION_ACTIVE_KEY and CASUS_BLIND_INDEX_KEY are required/,
    'production never derives keys',
  );
});

// Proves: settings logged by mistake, or the environment, do not put key material in the log.
test('key material is redacted from logs', () => {
  const settings = loadSettings({
    CASUS_ENCRYPTION_KEYS: `k1:${A.toString('base64')}`,
    CASUS_ENCRYPTION_ACTIVE_KEY: 'k1',
    CASUS_BLIND_INDEX_KEY: INDEX.toString('base64'),
  });
  const lines: string[] = [];
  const log = createLogger({
    level: 'info',
    destination: { write: (chunk: string) => void lines.push(chunk) } as unknown as NodeJS.WritableStream,
  });
  log.info({ settings }, 'settings');
  log.info(
    { env: { CASUS_ENCRYPTION_KEYS: `k1:${A.toString('base64')}`, CASUS_BLIND_INDEX_KEY: INDEX.toString('base64') } },
    'environment',
  );
  log.info({ blindIndexKey: INDEX.toString('hex'), dataKey: A.toString('hex') }, 'keys');
  const text = lines.join('');
  assert.equal(lines.length, 3);
  for (const secret of [A.toString('base64'), INDEX.toString('base64'), A.toString('hex'), INDEX.toString('hex')])
    assert.ok(!text.includes(secret));
  // pino would write a Buffer as its bytes: those must not appear either.
  assert.ok(!text.includes(String(A[0]) + ',' + String(A[1]) + ',' + String(A[2])));
});
