// C2SP signed notes (c2sp.org/signed-note) with Ed25519 (node:crypto): the format of our checkpoints and
// retention notes, so the tools of the transparency-log ecosystem (golang.org/x/mod/sumdb/note and
// friends) read and verify them and we invent no format of our own.
//
//   <text, ending in a newline>
//   <blank line>
//   — <key name> <base64(4-byte key id || 64-byte Ed25519 signature over the text)>
//
// key id = SHA-256(key name || "\n" || 0x01 || 32-byte public key)[:4]; a verifier key is published as
// "<name>+<hex key id>+<base64(0x01 || public key)>". Verifiers ignore signatures of keys they do not
// know and reject a note none of their keys signed, or one a known key signed badly.
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

const ED25519 = 0x01;
const EM_DASH = '\u2014';
/** PKCS#8 and SPKI DER prefixes of an Ed25519 key (RFC 8410): the 32 key bytes follow. */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
/** Key names: non-empty, no Unicode spaces, no plus (the signed-note rule). */
const KEY_NAME = /^[^\s+]+$/u;
const MAX_SIGNATURES = 16;

export class NoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoteError';
  }
}

export interface NoteVerifier {
  name: string;
  /** The 4-byte key id as 8 hex digits. */
  keyId: string;
  publicKey: Buffer;
  /** "<name>+<hex key id>+<base64(0x01 || public key)>". */
  verifierKey: string;
}

export interface NoteSigner extends NoteVerifier {
  /** The Ed25519 signature of `message`. */
  sign(message: Buffer): Buffer;
}

export function keyIdOf(name: string, publicKey: Buffer): string {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ED25519]))
    .update(publicKey)
    .digest()
    .subarray(0, 4)
    .toString('hex');
}

function checkName(name: string): void {
  if (!KEY_NAME.test(name)) throw new NoteError(`key name ${JSON.stringify(name)} must be non-empty, without spaces or "+"`);
}

function verifierOf(name: string, publicKey: Buffer): NoteVerifier {
  checkName(name);
  if (publicKey.length !== 32) throw new NoteError('an Ed25519 public key is 32 bytes');
  const keyId = keyIdOf(name, publicKey);
  return {
    name,
    keyId,
    publicKey,
    verifierKey: `${name}+${keyId}+${Buffer.concat([Buffer.from([ED25519]), publicKey]).toString('base64')}`,
  };
}

/** A signer from a 32-byte Ed25519 seed (RFC 8032's private key). */
export function signerFromSeed(name: string, seed: Buffer): NoteSigner {
  if (seed.length !== 32) throw new NoteError('an Ed25519 seed is 32 bytes');
  const privateKey: KeyObject = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const verifier = verifierOf(name, Buffer.from(spki.subarray(spki.length - 32)));
  return { ...verifier, sign: (message) => sign(null, message, privateKey) };
}

/** Parses a published verifier key; refuses a mangled one (the key id must match name and key). */
export function parseVerifierKey(text: string): NoteVerifier {
  // The base64 key may itself hold "+": split at the first two only (as Go's note.NewVerifier does).
  const match = /^([^+]+)\+([^+]*)\+(.*)$/su.exec(text.trim());
  if (!match) throw new NoteError('a verifier key is <name>+<hex key id>+<base64 key>');
  const [, name, id, encoded] = match as unknown as [string, string, string, string];
  const key = Buffer.from(encoded, 'base64');
  if (!/^[0-9a-f]{8}$/.test(id) || key.toString('base64') !== encoded)
    throw new NoteError('a verifier key is <name>+<hex key id>+<base64 key>');
  if (key.length !== 33 || key[0] !== ED25519) throw new NoteError('only Ed25519 verifier keys (algorithm 0x01, 32 bytes) are supported');
  const verifier = verifierOf(name, key.subarray(1));
  if (verifier.keyId !== id) throw new NoteError(`the key id ${id} does not match the name and key of ${name}`);
  return verifier;
}

function checkText(text: string): void {
  if (text.length === 0 || !text.endsWith('\n')) throw new NoteError('a note text ends with a newline');
  // eslint-disable-next-line no-control-regex -- the rule itself: no control characters but newline
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) throw new NoteError('a note has no control characters other than newline');
}

/** The note: text, blank line, one signature line per signer. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  checkText(text);
  if (signers.length === 0) throw new NoteError('a note needs a signature');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((s) => {
    const signature = Buffer.concat([Buffer.from(s.keyId, 'hex'), s.sign(message)]);
    return `${EM_DASH} ${s.name} ${signature.toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

export interface OpenedNote {
  text: string;
  /** The known keys whose signatures verified. */
  signedBy: NoteVerifier[];
}

function publicKeyObject(key: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, key]), format: 'der', type: 'spki' });
}

/**
 * Verifies a note against the known keys. Throws NoteError when it is malformed, when a known key's
 * signature does not verify, or when no known key signed it; signatures of unknown keys are ignored.
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new NoteError('malformed note: no blank line before the signatures');
  const text = note.slice(0, split + 1);
  checkText(text);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError('malformed note: too many signatures');
  const message = Buffer.from(text, 'utf8');
  const signedBy: NoteVerifier[] = [];
  for (const line of lines) {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/u.exec(line);
    if (!match || match[1]!.includes('+')) throw new NoteError('malformed note: a signature line is "— <name> <base64>"');
    const signature = Buffer.from(match[2]!, 'base64');
    if (signature.length < 5) throw new NoteError('malformed note: a signature is a key id and the signature itself');
    const keyId = signature.subarray(0, 4).toString('hex');
    const known = verifiers.filter((v) => v.name === match[1] && v.keyId === keyId);
    if (known.length > 1) throw new NoteError(`ambiguous key ${match[1]}+${keyId}`);
    if (known.length === 0) continue;
    const verifier = known[0]!;
    if (signature.length !== 68 || !verify(null, message, publicKeyObject(verifier.publicKey), signature.subarray(4)))
      throw new NoteError(`invalid signature for key ${verifier.name}+${keyId}`);
    if (!signedBy.includes(verifier)) signedBy.push(verifier);
  }
  if (signedBy.length === 0) throw new NoteError('the note has no signature of a known key');
  return { text, signedBy };
}
