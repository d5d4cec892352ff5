// Small secrets that must be read back (TOTP seeds, later: other credentials of integrations) are
// encrypted with AES-256-GCM under a key derived (HKDF-SHA256) from CASUS_SECRET_KEY per purpose, so
// a database dump alone does not yield them. Development and test without CASUS_SECRET_KEY use a
// random key kept in the data directory (production refuses to start without the setting).
// Layout: version byte (1) | 12-byte nonce | 16-byte tag | ciphertext; the purpose is the AAD.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Settings } from '../config.ts';

const VERSION = 1;

export interface SecretBox {
  seal(purpose: string, plaintext: Buffer): Buffer;
  open(purpose: string, box: Buffer): Buffer;
}

function developmentKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'secret.key');
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  } catch {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, `${randomBytes(48).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  }
}

export function masterKeyOf(settings: Settings): Buffer {
  if (settings.secretKey) return Buffer.from(settings.secretKey, 'base64');
  if (settings.env === 'production' || settings.env === 'acceptance') throw new Error('CASUS_SECRET_KEY is required');
  return developmentKey(settings.dataDir);
}

export function createSecretBox(master: Buffer): SecretBox {
  const keys = new Map<string, Buffer>();
  const keyFor = (purpose: string) => {
    let key = keys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `casus:${purpose}`, 32));
      keys.set(purpose, key);
    }
    return key;
  };
  return {
    seal(purpose, plaintext) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyFor(purpose), nonce);
      cipher.setAAD(Buffer.from(purpose));
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), ciphertext]);
    },
    open(purpose, box) {
      if (box[0] !== VERSION || box.length < 29) throw new Error('Unknown secret box format');
      const decipher = createDecipheriv('aes-256-gcm', keyFor(purpose), box.subarray(1, 13));
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(box.subarray(13, 29));
      return Buffer.concat([decipher.update(box.subarray(29)), decipher.final()]);
    },
  };
}
