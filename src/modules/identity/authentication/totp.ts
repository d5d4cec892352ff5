// TOTP (RFC 6238: 6 digits, 30 s, SHA-1 as every authenticator app supports) and recovery codes.
// The seed is stored encrypted on the kernel's key ring: its key id travels with it (`casus keys
// rotate` re-encrypts it) and the user id is the context, so a seed copied into another user's row
// does not decrypt. A code is accepted within one step either side (clock drift) and never twice:
// the last accepted time step is stored and only later steps pass (replay).
// Recovery codes: ten single-use codes of 50 bits, shown once, stored as SHA-256.
import { generateSecret, generateURI, verify } from 'otplib';
import { systemContext } from '../../../kernel/auth/actor.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import type { KeyRing } from '../../../kernel/crypto/keyring.ts';
import type { EncryptedColumn } from '../../../kernel/crypto/rotation.ts';
import type { SecretBox } from '../../../kernel/crypto/secret-box.ts';
import { AppError } from '../../../kernel/errors.ts';
import type { Logger } from '../../../kernel/observability/logger.ts';
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../../../kernel/crypto/tokens.ts';
import {
  confirmSeed,
  consumeStep,
  lockTotpFactor,
  putPendingSeed,
  replaceRecoveryCodes,
  spendRecoveryCode,
  storeSeeds,
  usersWithLegacySeeds,
} from './totp.repository.ts';

const SEED_PURPOSE = 'identity.totp-seed';
/** A seed being enrolled has its own purpose: it becomes the confirmed seed only through a right code. */
const PENDING_SEED_PURPOSE = 'identity.totp-pending-seed';
/** Migration 0006 put this byte before every seed still sealed the old way (secret box, purpose as AAD). */
const LEGACY_MARKER = 0x00;
const LEGACY_PURPOSE = 'identity.totp-seed';
export const RECOVERY_CODE_COUNT = 10;

/** The encrypted columns of TOTP, for the key rotation registry. */
export const TOTP_ENCRYPTED_COLUMNS: EncryptedColumn[] = [
  {
    name: 'identity.totp-seed',
    table: 'totp_factor',
    idColumn: 'user_id',
    column: 'secret',
    kind: 'field',
    purpose: SEED_PURPOSE,
    context: 'id',
    login: 'authentication',
  },
  {
    name: 'identity.totp-pending-seed',
    table: 'totp_factor',
    idColumn: 'user_id',
    column: 'pending_secret',
    kind: 'field',
    purpose: PENDING_SEED_PURPOSE,
    context: 'id',
    login: 'authentication',
  },
];

const isLegacy = (sealed: Buffer | null): sealed is Buffer => sealed !== null && sealed[0] === LEGACY_MARKER;

interface Factor {
  secret: Buffer | null;
  pending_secret: Buffer | null;
  last_used_step: string;
  /** A confirmed seed in the old format that would not open (the secret key changed): unusable. */
  unreadable: boolean;
}

export class TotpFactors {
  readonly #keyRing: KeyRing;
  readonly #legacyBox: SecretBox;
  readonly #issuer: string;
  readonly #log: Logger;

  constructor(deps: { keyRing: KeyRing; legacyBox: SecretBox; issuer: string; log: Logger }) {
    this.#keyRing = deps.keyRing;
    this.#legacyBox = deps.legacyBox;
    this.#issuer = deps.issuer;
    this.#log = deps.log;
  }

  /** Starts (or restarts) enrolment: a new unconfirmed seed, to show as a QR code / otpauth URI. */
  async begin(tx: Tx, user: { id: string; username: string }): Promise<{ secret: string; uri: string }> {
    const factor = await this.#lockFactor(tx, user.id);
    if (factor?.unreadable) {
      throw AppError.conflict(
        'Your current authenticator app cannot be checked any more. Ask the service desk to reset your second factors, then set it up again.',
      );
    }
    const secret = generateSecret({ length: 20 });
    const sealed = this.#keyRing.encrypt(PENDING_SEED_PURPOSE, secret, user.id);
    await putPendingSeed(tx, user.id, sealed);
    return { secret, uri: generateURI({ issuer: this.#issuer, label: user.username, secret }) };
  }

  /**
   * Checks a code against the user's confirmed seed, or (`enrolling`) against the seed being enrolled,
   * which then replaces the confirmed one. The code's time step is consumed either way.
   */
  async check(tx: Tx, userId: string, code: string, options: { enrolling?: boolean } = {}): Promise<boolean> {
    if (!/^\d{6}$/.test(code)) return false;
    // Locked: two simultaneous requests with the same code cannot both pass.
    const factor = await this.#lockFactor(tx, userId);
    const sealed = options.enrolling ? factor?.pending_secret : factor?.unreadable ? null : factor?.secret;
    if (!factor || !sealed) return false;
    const secret = this.#open(options.enrolling ? PENDING_SEED_PURPOSE : SEED_PURPOSE, sealed, userId);
    if (secret === null) return false;
    // A new seed starts its own step count; the old seed's last step must not block it.
    const afterTimeStep = options.enrolling ? 0 : Number(factor.last_used_step);
    const result = await verify({ secret, token: code, epochTolerance: 30, afterTimeStep });
    if (!result.valid) return false;
    const step = (result as { timeStep: number }).timeStep;
    if (options.enrolling) await confirmSeed(tx, userId, this.#keyRing.encrypt(SEED_PURPOSE, secret, userId), step);
    else await consumeStep(tx, userId, step);
    return true;
  }

  /**
   * Converts every seed still in the old format (run once the module has started; `#lockFactor` does
   * the same for any row it meets first). Returns how many rows it converted.
   */
  async convertLegacySeeds(db: Database): Promise<number> {
    const ctx = systemContext('identity.totp-seed-conversion');
    let converted = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const userIds = await usersWithLegacySeeds(db.kysely, after, 100);
      for (const userId of userIds) {
        // Rows that do not open stay as they are (logged by #lockFactor), for a factor reset.
        const factor = await db.transaction(ctx, (tx) => this.#lockFactor(tx, userId));
        if (factor && !factor.unreadable) converted++;
        after = userId;
      }
      if (userIds.length < 100) break;
    }
    if (converted > 0) this.#log.info({ converted }, 'TOTP seeds moved onto the key ring');
    return converted;
  }

  /** The user's factor, locked for the transaction, with seeds in the old format moved onto the key ring first. */
  async #lockFactor(tx: Tx, userId: string): Promise<Factor | undefined> {
    const row = await lockTotpFactor(tx, userId);
    if (!row) return undefined;
    const factor: Factor = { ...row, last_used_step: String(row.last_used_step), unreadable: false };
    if (!isLegacy(row.secret) && !isLegacy(row.pending_secret)) return factor;
    const convert = (sealed: Buffer, purpose: string): Buffer | null => {
      try {
        const secret = this.#legacyBox.open(LEGACY_PURPOSE, sealed.subarray(1));
        return this.#keyRing.encrypt(purpose, secret, userId);
      } catch (error) {
        this.#log.error({ userId, err: error }, 'a TOTP seed in the old format does not open (was CASUS_SECRET_KEY changed?)');
        return null;
      }
    };
    // A pending seed that does not open is worth nothing: it is dropped (enrolment starts again).
    factor.pending_secret = isLegacy(row.pending_secret) ? convert(row.pending_secret, PENDING_SEED_PURPOSE) : row.pending_secret;
    if (isLegacy(row.secret)) {
      const secret = convert(row.secret, SEED_PURPOSE);
      // The row cannot be written while it holds an old-format value (the check constraint): left
      // as it is, and unusable, until the service desk resets the user's factors.
      if (!secret) return { ...factor, unreadable: true };
      factor.secret = secret;
    }
    await storeSeeds(tx, userId, factor);
    return factor;
  }

  /** The seed, or null (logged) when it does not decrypt for this user: copied from another row, or altered. */
  #open(purpose: string, sealed: Buffer, userId: string): string | null {
    try {
      return this.#keyRing.decryptText(purpose, sealed, userId);
    } catch (error) {
      this.#log.error(
        { userId, purpose, err: error },
        'a TOTP seed does not decrypt for its user: copied from another row, altered, or under a key no longer listed',
      );
      return null;
    }
  }

  /** Replaces the user's recovery codes; the returned codes are shown once and never again. */
  async newRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => formatRecoveryCode(randomBytes(7)));
    await replaceRecoveryCodes(
      tx,
      userId,
      codes.map((code) => sha256Hex(normaliseRecoveryCode(code))),
    );
    return codes;
  }

  /** Uses one recovery code (single use). */
  async useRecoveryCode(tx: Tx, userId: string, code: string): Promise<boolean> {
    const normalised = normaliseRecoveryCode(code);
    if (normalised.length !== 10) return false;
    return spendRecoveryCode(tx, userId, sha256Hex(normalised));
  }
}

// Crockford base32 without the look-alikes: read from paper, typed by hand.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function formatRecoveryCode(bytes: Buffer): string {
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let text = '';
  for (let i = 0; i < 10; i++) {
    text += ALPHABET[Number(bits & 31n)];
    bits >>= 5n;
  }
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

export function normaliseRecoveryCode(code: string): string {
  return code
    .toLowerCase()
    .replace(/[\s-]/g, '')
    .replace(/[ol]/g, (c) => (c === 'o' ? '0' : '1'))
    .replace(/i/g, '1');
}
