// Our signed notes are C2SP's, checked against notes and keys published by others: the key pair and the
// signed text of golang.org/x/mod/sumdb/note's tests (same key id, same verifier key, byte-identical
// signature: Ed25519 is deterministic), and real checkpoints of Go's checksum database, which our reader
// verifies under sum.golang.org's published key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NoteError, openNote, parseVerifierKey, signerFromSeed, signNote } from './note.ts';

// From golang.org/x/mod/sumdb/note (note_test.go): a private key "PRIVATE+KEY+<name>+<id>+base64(0x01 || seed)",
// its verifier key, a text and its signature line.
const PETER_PRIVATE = 'AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VERIFIER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_NOTE = `${PETER_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
const ENOCH_VERIFIER = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const ENOCH_LINE = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

// sum.golang.org's published verifier key and two checkpoints it signed (tlog-checkpoint bodies).
const SUMDB_VERIFIER = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
const SUMDB_CHECKPOINTS = [
  'go.sum database tree\n65209736\n5+uGFjx6xBZG8ip1+wi77v+grwbhhukIrxEUS8PXvRo=\n\n— sum.golang.org Az3grnbssgK7ubgFX36gVETtNv0U23qxyAhAMai2QUfeGa3nB/akvkMdlUErfcZz7l/R3cVtYspg3dxXABkGZZKdsQ8=\n',
  'go.sum database tree\n31700353\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=\n\n— sum.golang.org Az3grnmrIUEDFqHzAElIQCPNoRFRAAdFo47fooyWKMHb89k11GJh5zHIfNCOBmwn/C3YI8oW9/C8DJ87F61QqspBYwM=\n',
];

const peter = () => {
  const key = Buffer.from(PETER_PRIVATE, 'base64');
  assert.equal(key[0], 0x01);
  return signerFromSeed('PeterNeumann', key.subarray(1));
};

// Proves: key id, verifier key and signature are byte for byte those of the Go implementation.
test('the Go sumdb/note vector: same key id, verifier key and signature', () => {
  const signer = peter();
  assert.equal(signer.keyId, 'c74f20a3');
  assert.equal(signer.verifierKey, PETER_VERIFIER);
  assert.equal(signNote(PETER_TEXT, [signer]), PETER_NOTE);
  const opened = openNote(PETER_NOTE, [parseVerifierKey(PETER_VERIFIER)]);
  assert.equal(opened.text, PETER_TEXT);
  assert.deepEqual(
    opened.signedBy.map((v) => v.keyId),
    ['c74f20a3'],
  );
});

// Proves: real checkpoints of another log verify with its published key, and a changed byte does not.
test('checkpoints signed by sum.golang.org verify under its published key', () => {
  const sumdb = parseVerifierKey(SUMDB_VERIFIER);
  for (const note of SUMDB_CHECKPOINTS) {
    assert.equal(openNote(note, [sumdb]).signedBy[0]!.name, 'sum.golang.org');
    assert.throws(() => openNote(note.replace('\n6', '\n7').replace('\n3', '\n4'), [sumdb]), /invalid signature/);
  }
});

// Proves: unknown keys' signatures are ignored, a note without a known signature is refused, and a bad
// signature of a known key rejects the note (the signed-note rules).
test('known and unknown keys, as the signed-note spec says', () => {
  const peterKey = parseVerifierKey(PETER_VERIFIER);
  const enochKey = parseVerifierKey(ENOCH_VERIFIER);
  const both = `${PETER_NOTE}${ENOCH_LINE}`;
  assert.deepEqual(
    openNote(both, [peterKey]).signedBy.map((v) => v.name),
    ['PeterNeumann'],
  );
  assert.deepEqual(
    openNote(both, [peterKey, enochKey]).signedBy.map((v) => v.name),
    ['PeterNeumann', 'EnochRoot'],
  );
  assert.throws(() => openNote(both, []), /no signature of a known key/);
  assert.throws(() => openNote(PETER_NOTE.replace('problem,', 'problem;'), [peterKey]), /invalid signature/);
  assert.throws(() => openNote(PETER_TEXT, [peterKey]), NoteError);
  assert.throws(() => openNote(`${PETER_TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQ=\n`, [peterKey]), /malformed/);
});

// Proves: mangled verifier keys are refused (wrong id, wrong algorithm, wrong length, name with "+").
test('mangled verifier keys are refused', () => {
  for (const bad of [
    PETER_VERIFIER.replace('c74f20a3', 'c74f20a4'),
    PETER_VERIFIER.replace('+ARpc', '+AhpC'),
    `${PETER_VERIFIER}AAAA`,
    'Peter+Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
    'PeterNeumann+c74f20a3',
  ])
    assert.throws(() => parseVerifierKey(bad), NoteError, bad);
  assert.throws(() => signerFromSeed('has space', Buffer.alloc(32)), /without spaces/);
  assert.throws(() => signNote('no newline', [peter()]), /newline/);
});
