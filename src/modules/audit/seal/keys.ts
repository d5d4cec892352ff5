// The keys that sign checkpoints and retention notes (ADR 0025). Not a secret of their own: each is
// derived (HKDF-SHA256, label "casus:audit:checkpoint-signing") from a key of the key ring
// (CASUS_ENCRYPTION_KEYS), the active one signing, so they live, are backed up and rotate with the key ring,
// and the label keeps them apart from every other use of that key. Development and test, without a key ring,
// derive one key from the data directory's secret, as the key ring itself does there.
//
// Verification trusts the public keys of every key in the ring (the current signer and the ones before it,
// as long as they are listed) and the verifier keys named in CASUS_AUDIT_VERIFIER_KEYS: when an old
// encryption key leaves the ring, its signing key's public half goes there (`casus audit keys` prints it
// beforehand), so old checkpoints still verify. The key name is the log's origin.
import { hkdfSync } from 'node:crypto';
import type { Settings } from '../../../kernel/config.ts';
import { masterKeyOf } from '../../../kernel/crypto/secret-box.ts';
import { parseVerifierKey, signerFromSeed, type NoteSigner, type NoteVerifier } from './note.ts';

const LABEL = 'casus:audit:checkpoint-signing';

export interface ListedKey {
  verifier: NoteVerifier;
  /** Signs new checkpoints. */
  active: boolean;
  /** "key ring key k2026a", "CASUS_AUDIT_VERIFIER_KEYS", "development key (data directory secret)". */
  source: string;
}

export interface AuditKeys {
  origin: string;
  signer: NoteSigner;
  /** Every key a note may be signed with, the signer first. */
  verifiers: NoteVerifier[];
  listed: ListedKey[];
}

function seedOf(key: Buffer, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), label, 32));
}

export function auditKeys(settings: Settings): AuditKeys {
  const origin = settings.audit.checkpoints.origin;
  const listed: (ListedKey & { signer: NoteSigner })[] = [];
  if (settings.encryption) {
    for (const { id, key } of settings.encryption.keys) {
      const signer = signerFromSeed(origin, seedOf(key, LABEL));
      listed.push({ signer, verifier: signer, active: id === settings.encryption.activeKeyId, source: `key ring key ${id}` });
    }
  } else {
    const signer = signerFromSeed(origin, seedOf(masterKeyOf(settings), `${LABEL}:development`));
    listed.push({ signer, verifier: signer, active: true, source: 'development key (data directory secret)' });
  }
  const active = listed.find((k) => k.active)!;
  const configured = settings.audit.checkpoints.verifierKeys.map((text) => {
    try {
      return parseVerifierKey(text);
    } catch (error) {
      throw new Error(`CASUS_AUDIT_VERIFIER_KEYS: ${JSON.stringify(text)}: ${(error as Error).message}`, { cause: error });
    }
  });
  const all: ListedKey[] = [
    ...listed
      .sort((a, b) => Number(b.active) - Number(a.active))
      .map(({ verifier, active: isActive, source }) => ({ verifier, active: isActive, source })),
    ...configured
      .filter((v) => !listed.some((k) => k.verifier.verifierKey === v.verifierKey))
      .map((verifier) => ({ verifier, active: false, source: 'CASUS_AUDIT_VERIFIER_KEYS' })),
  ];
  return { origin, signer: active.signer, verifiers: all.map((k) => k.verifier), listed: all };
}
