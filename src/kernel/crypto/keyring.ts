// The encryption key ring for personal data at rest (BSN, contact-moment summaries, document data keys).
// Every ciphertext names the key it was made with, so keys can be rotated: new data is encrypted under
// the active key, old data stays readable under the keys still listed, and `casus keys rotate`
// re-encrypts it in the background (rotation.ts).
//
// Layout: version 0x01 | key-id length (1 byte) | key id (ASCII) | 12-byte nonce | 16-byte tag | ciphertext.
// AES-256-GCM under a subkey per purpose (HKDF-SHA256, info `casus:field:<purpose>`), so one purpose's
// ciphertext never opens under another. The AAD binds the header, the purpose and the optional context
// (e.g. the row id), so a ciphertext copied to another column or row does not decrypt.
//
// Failures throw EncryptionError, a plain Error on purpose: it is a server fault (a key missing from
// the settings, or tampered data), never a client's, so the HTTP kernel answers a generic 500 and
// logs it, rather than showing the detail as it would for an AppError.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Settings } from '../config.ts';
import { masterKeyOf } from './secret-box.ts';

const VERSION = 0x01;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,32}$/;
/** Purposes are names, not data: a separator-free alphabet keeps the AAD encoding unambiguous. */
const PURPOSE_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
/** The purpose under which data keys are wrapped (envelope encryption of documents). */
export const DATA_KEY_PURPOSE = 'data-key';
/** The key id of keys derived in development and test from the data directory's secret. */
export const DEV_KEY_ID = 'dev';

export class EncryptionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EncryptionError';
  }
}

export interface KeyRing {
  /** Key id new ciphertexts are made with. */
  readonly activeKeyId: string;
  readonly keyIds: readonly string[];
  /**
   * A non-secret fingerprint of the blind index key (16 hex digits). Indexes made under another
   * index key never match: a module stores it beside its indexes to notice a changed key.
   */
  readonly blindIndexKeyId: string;
  /** AES-256-GCM under the active key; the purpose and the optional context are the AAD. */
  encrypt(purpose: string, plaintext: Buffer | string, context?: string): Buffer;
  decrypt(purpose: string, box: Buffer, context?: string): Buffer;
  decryptText(purpose: string, box: Buffer, context?: string): string;
  /** The key id a ciphertext (or wrapped key) was made with, without decrypting. */
  keyIdOf(box: Buffer): string;
  /** True when made with a key other than the active one (rotation work to do). */
  needsRotation(box: Buffer): boolean;
  /** Re-encrypts under the active key (decrypt + encrypt); returns the input when already current. */
  reencrypt(purpose: string, box: Buffer, context?: string): Buffer;
  /** Envelope encryption: a fresh random 256-bit data key, and it wrapped under the active key. */
  newDataKey(): { key: Buffer; wrapped: Buffer };
  unwrapDataKey(wrapped: Buffer): Buffer;
  rewrapDataKey(wrapped: Buffer): Buffer;
  /** Keyed blind index (HMAC-SHA256, 32 bytes) for exact-match search; normalise the value first. */
  blindIndex(purpose: string, value: string): Buffer;
}

export interface KeyRingOptions {
  keys: { id: string; key: Buffer }[];
  activeKeyId: string;
  blindIndexKey: Buffer;
}

/** The header of ciphertexts made under `keyId`: what rotation compares in SQL. */
export function headerOf(keyId: string): Buffer {
  if (!KEY_ID_PATTERN.test(keyId)) throw new EncryptionError(`Invalid key id ${JSON.stringify(keyId)}: use 1-32 of A-Z a-z 0-9 . _ -`);
  return Buffer.concat([Buffer.from([VERSION, keyId.length]), Buffer.from(keyId, 'ascii')]);
}

function parse(box: Buffer): { keyId: string; headerLength: number } {
  if (!Buffer.isBuffer(box) || box.length < 2) throw new EncryptionError('Not an encrypted value (too short)');
  if (box[0] !== VERSION) throw new EncryptionError(`Unknown encryption format version ${box[0]}`);
  const length = box[1]!;
  const headerLength = 2 + length;
  if (length < 1 || length > 32 || box.length < headerLength + NONCE_BYTES + TAG_BYTES)
    throw new EncryptionError('Not an encrypted value (truncated)');
  const keyId = box.subarray(2, headerLength).toString('latin1');
  if (!KEY_ID_PATTERN.test(keyId)) throw new EncryptionError('Not an encrypted value (malformed key id)');
  return { keyId, headerLength };
}

function checkPurpose(purpose: string): void {
  if (!PURPOSE_PATTERN.test(purpose))
    throw new EncryptionError(`Invalid purpose ${JSON.stringify(purpose)}: use 1-64 of A-Z a-z 0-9 . _ : -`);
}

function aadOf(header: Buffer, purpose: string, context: string | undefined): Buffer {
  return Buffer.concat([header, Buffer.from(purpose, 'ascii'), Buffer.from([0]), Buffer.from(context ?? '', 'utf8')]);
}

function derive(key: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));
}

export function createKeyRing(options: KeyRingOptions): KeyRing {
  const keys = new Map<string, Buffer>();
  for (const { id, key } of options.keys) {
    headerOf(id);
    if (key.length !== 32) throw new EncryptionError(`Key ${id} is ${key.length} bytes; AES-256 keys are exactly 32`);
    if (keys.has(id)) throw new EncryptionError(`Key id ${id} appears twice`);
    keys.set(id, Buffer.from(key));
  }
  if (!keys.has(options.activeKeyId)) throw new EncryptionError(`The active key ${options.activeKeyId} is not in the key ring`);
  if (options.blindIndexKey.length < 32) throw new EncryptionError('The blind index key must be at least 32 bytes');
  for (const [id, key] of keys) {
    if (key.equals(options.blindIndexKey)) throw new EncryptionError(`The blind index key equals data key ${id}; use a separate key`);
  }
  const activeKeyId = options.activeKeyId;
  const activeHeader = headerOf(activeKeyId);
  const indexMaster = Buffer.from(options.blindIndexKey);

  const subkeys = new Map<string, Buffer>();
  const subkey = (keyId: string, purpose: string): Buffer => {
    const cacheKey = `${keyId}\u0000${purpose}`;
    let found = subkeys.get(cacheKey);
    if (!found) {
      const key = keys.get(keyId);
      if (!key) throw new EncryptionError(`The value was encrypted with key ${keyId}, which is not in CASUS_ENCRYPTION_KEYS`);
      found = derive(key, `casus:field:${purpose}`);
      subkeys.set(cacheKey, found);
    }
    return found;
  };
  const indexKeys = new Map<string, Buffer>();

  const ring: KeyRing = {
    activeKeyId,
    keyIds: Object.freeze([...keys.keys()]),
    blindIndexKeyId: derive(indexMaster, 'casus:index-key-id').subarray(0, 8).toString('hex'),

    encrypt(purpose, plaintext, context) {
      checkPurpose(purpose);
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', subkey(activeKeyId, purpose), nonce);
      cipher.setAAD(aadOf(activeHeader, purpose, context));
      const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
      const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
      return Buffer.concat([activeHeader, nonce, cipher.getAuthTag(), ciphertext]);
    },

    decrypt(purpose, box, context) {
      checkPurpose(purpose);
      const { keyId, headerLength } = parse(box);
      const key = subkey(keyId, purpose);
      const nonceEnd = headerLength + NONCE_BYTES;
      const decipher = createDecipheriv('aes-256-gcm', key, box.subarray(headerLength, nonceEnd));
      decipher.setAAD(aadOf(box.subarray(0, headerLength), purpose, context));
      decipher.setAuthTag(box.subarray(nonceEnd, nonceEnd + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(box.subarray(nonceEnd + TAG_BYTES)), decipher.final()]);
      } catch (error) {
        throw new EncryptionError(`Cannot decrypt a ${purpose} value made with key ${keyId}: wrong purpose or context, or altered data`, {
          cause: error,
        });
      }
    },

    decryptText(purpose, box, context) {
      return ring.decrypt(purpose, box, context).toString('utf8');
    },

    keyIdOf(box) {
      return parse(box).keyId;
    },

    needsRotation(box) {
      return parse(box).keyId !== activeKeyId;
    },

    reencrypt(purpose, box, context) {
      if (!ring.needsRotation(box)) return box;
      return ring.encrypt(purpose, ring.decrypt(purpose, box, context), context);
    },

    newDataKey() {
      const key = randomBytes(32);
      return { key, wrapped: ring.encrypt(DATA_KEY_PURPOSE, key) };
    },

    unwrapDataKey(wrapped) {
      const key = ring.decrypt(DATA_KEY_PURPOSE, wrapped);
      if (key.length !== 32) throw new EncryptionError('A wrapped data key did not unwrap to 32 bytes');
      return key;
    },

    rewrapDataKey(wrapped) {
      if (!ring.needsRotation(wrapped)) return wrapped;
      return ring.encrypt(DATA_KEY_PURPOSE, ring.unwrapDataKey(wrapped));
    },

    blindIndex(purpose, value) {
      checkPurpose(purpose);
      let key = indexKeys.get(purpose);
      if (!key) {
        key = derive(indexMaster, `casus:index:${purpose}`);
        indexKeys.set(purpose, key);
      }
      return createHmac('sha256', key).update(value, 'utf8').digest();
    },
  };
  return ring;
}

/**
 * The key ring of these settings. Without CASUS_ENCRYPTION_* (development and test only: production
 * and acceptance refuse to start) the keys are derived from the data directory's secret
 * (`<CASUS_DATA_DIR>/secret.key`, or CASUS_SECRET_KEY), so `npm start` needs no settings and the
 * data stays readable across restarts.
 */
export function keyRingFromSettings(settings: Settings): KeyRing {
  if (settings.encryption) return createKeyRing(settings.encryption);
  if (settings.env === 'production' || settings.env === 'acceptance') {
    throw new EncryptionError('CASUS_ENCRYPTION_KEYS, CASUS_ENCRYPTION_ACTIVE_KEY and CASUS_BLIND_INDEX_KEY are required');
  }
  const master = masterKeyOf(settings);
  return createKeyRing({
    keys: [{ id: DEV_KEY_ID, key: derive(master, 'casus:keyring:dev-data-key') }],
    activeKeyId: DEV_KEY_ID,
    blindIndexKey: derive(master, 'casus:keyring:dev-blind-index-key'),
  });
}
