// TOTP (RFC 6238: 6 digits, 30 s, SHA-1 as every authenticator app supports) and recovery codes.
// The seed is stored encrypted (SecretBox); a code is accepted within one step either side (clock
// drift) and never twice: the last accepted time step is stored and only later steps pass (replay).
// Recovery codes: ten single-use codes of 50 bits, shown once, stored as SHA-256.
import { generateSecret, generateURI, verify } from 'otplib';
import { sql } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';
import type { SecretBox } from '../../kernel/crypto/secret-box.ts';
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../../kernel/crypto/tokens.ts';

const PURPOSE = 'identity.totp-seed';
export const RECOVERY_CODE_COUNT = 10;

export class TotpFactors {
  readonly #box: SecretBox;
  readonly #issuer: string;

  constructor(box: SecretBox, issuer: string) {
    this.#box = box;
    this.#issuer = issuer;
  }

  /** Starts (or restarts) enrolment: a new unconfirmed seed, to show as a QR code / otpauth URI. */
  async begin(tx: Tx, user: { id: string; username: string }): Promise<{ secret: string; uri: string }> {
    const secret = generateSecret({ length: 20 });
    const sealed = this.#box.seal(PURPOSE, Buffer.from(secret, 'utf8'));
    await tx.db
      .insertInto('totp_factor')
      .values({ user_id: user.id, pending_secret: sealed })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ pending_secret: sealed }))
      .execute();
    return { secret, uri: generateURI({ issuer: this.#issuer, label: user.username, secret }) };
  }

  /**
   * Checks a code against the user's confirmed seed, or (`enrolling`) against the seed being enrolled,
   * which then replaces the confirmed one. The code's time step is consumed either way.
   */
  async check(tx: Tx, userId: string, code: string, options: { enrolling?: boolean } = {}): Promise<boolean> {
    if (!/^\d{6}$/.test(code)) return false;
    // FOR UPDATE: two simultaneous requests with the same code cannot both pass.
    const factor = await tx.db.selectFrom('totp_factor').selectAll().where('user_id', '=', userId).forUpdate().executeTakeFirst();
    const sealed = options.enrolling ? factor?.pending_secret : factor?.secret;
    if (!factor || !sealed) return false;
    const secret = this.#box.open(PURPOSE, sealed).toString('utf8');
    // A new seed starts its own step count; the old seed's last step must not block it.
    const afterTimeStep = options.enrolling ? 0 : Number(factor.last_used_step);
    const result = await verify({ secret, token: code, epochTolerance: 30, afterTimeStep });
    if (!result.valid) return false;
    const step = (result as { timeStep: number }).timeStep;
    await tx.db
      .updateTable('totp_factor')
      .set(options.enrolling
        ? { secret: sealed, pending_secret: null, confirmed_at: sql<Date>`now()`, last_used_step: String(step) }
        : { last_used_step: String(step) })
      .where('user_id', '=', userId)
      .execute();
    return true;
  }

  /** Replaces the user's recovery codes; the returned codes are shown once and never again. */
  async newRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
    await tx.db.deleteFrom('recovery_code').where('user_id', '=', userId).execute();
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => formatRecoveryCode(randomBytes(7)));
    await tx.db.insertInto('recovery_code').values(codes.map((code) => ({ user_id: userId, code_hash: sha256Hex(normaliseRecoveryCode(code)) }))).execute();
    return codes;
  }

  /** Uses one recovery code (single use). */
  async useRecoveryCode(tx: Tx, userId: string, code: string): Promise<boolean> {
    const normalised = normaliseRecoveryCode(code);
    if (normalised.length !== 10) return false;
    const used = await tx.db
      .updateTable('recovery_code')
      .set({ used_at: sql<Date>`now()` })
      .where('user_id', '=', userId)
      .where('code_hash', '=', sha256Hex(normalised))
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(used.numUpdatedRows) === 1;
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
  return code.toLowerCase().replace(/[\s-]/g, '').replace(/[ol]/g, (c) => (c === 'o' ? '0' : '1')).replace(/i/g, '1');
}
