// Passkeys (WebAuthn) as the stronger second factor: phishing-resistant, because the browser binds
// every signature to Casus's origin and the authenticator to its RP ID. The ceremonies follow
// WebAuthn Level 3 through @simplewebauthn/server; user verification (PIN or biometric on the device)
// is required, attestation is not asked for (no vendor data, no allowlist of authenticator models).
// Challenges live server-side in the session row (`user_session.challenge`), tagged with their
// purpose and time, and are single use: taken (cleared) by the first verification, pass or fail.
// Credentials keep the public key and the signature counter; a counter that does not move on while
// it is in use signals a cloned authenticator and is refused.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Kysely } from 'kysely';
import type { Settings } from '../../../kernel/config.ts';
import { publicBaseUrl } from '../../../kernel/config.ts';
import type { Tx } from '../../../kernel/db/database.ts';
import type { Tables } from '../../../kernel/db/tables.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import type { SessionRow } from '../sessions/sessions.service.ts';
import { setSessionChallenge, takeSessionChallenge } from '../sessions/sessions.repository.ts';
import { advanceCounter, countPasskeys, credentialsOf, insertPasskey, listPasskeys, lockPasskey } from './webauthn.repository.ts';

/** How long the browser may take for the ceremony (WebAuthn `timeout`). */
const CEREMONY_MS = 2 * 60_000;
/** A challenge is refused after this: the timeout plus slack for a slow network. */
const CHALLENGE_MS = CEREMONY_MS + 60_000;
/** Enough for a few devices and security keys per person; bounds what one account can store. */
export const MAX_PASSKEYS = 20;
/**
 * EdDSA, ES256 and RS256 (COSE ids): what authenticators offer. Given explicitly: the library's
 * default adds ML-DSA-44 where the runtime has it, which in Node 24 is still experimental (and warns).
 */
const ALGORITHMS = [-8, -7, -257];
const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

type Purpose = 'registration' | 'authentication';

export interface Passkey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  transports: string[];
}

/** The WebAuthn user handle: the user's UUID as 16 bytes (no personal data on the authenticator). */
export function userHandleOf(userId: string): string {
  return Buffer.from(userId.replace(/-/g, ''), 'hex').toString('base64url');
}

function isAssertion(proof: unknown): proof is AuthenticationResponseJSON {
  if (typeof proof !== 'object' || proof === null) return false;
  const { id, response } = proof as { id?: unknown; response?: unknown };
  return typeof id === 'string' && id.length > 0 && typeof response === 'object' && response !== null;
}

export class PasskeyFactors {
  readonly rpName: string;
  readonly rpID: string;
  readonly origin: string;

  constructor(settings: Settings) {
    const base = new URL(publicBaseUrl(settings));
    this.rpName = settings.auth.webauthnRpName;
    this.rpID = base.hostname;
    this.origin = base.origin;
  }

  /** Options for navigator.credentials.create(); the user's passkeys are excluded (no duplicates). */
  async registrationOptions(
    tx: Tx,
    session: SessionRow,
    user: { id: string; username: string; display_name: string },
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const existing = await credentialsOf(tx.db, user.id);
    const options = await generateRegistrationOptions({
      rpName: this.rpName,
      rpID: this.rpID,
      userID: Buffer.from(userHandleOf(user.id), 'base64url'),
      userName: user.username,
      userDisplayName: user.display_name,
      timeout: CEREMONY_MS,
      attestationType: 'none',
      excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
      supportedAlgorithmIDs: ALGORITHMS,
    });
    await this.#putChallenge(tx, session.id, 'registration', options.challenge);
    return options;
  }

  /**
   * Verifies a registration against the session's challenge and stores the credential. Null when it
   * is not accepted (the challenge is spent either way) or the credential is already registered.
   */
  async register(tx: Tx, session: SessionRow, name: string, response: RegistrationResponseJSON): Promise<Passkey | null> {
    const challenge = await this.#takeChallenge(tx, session.id, 'registration');
    if (!challenge) return null;
    let credential;
    try {
      const result = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: this.origin,
        expectedRPID: this.rpID,
        requireUserPresence: true,
        requireUserVerification: true,
        supportedAlgorithmIDs: ALGORITHMS,
      });
      if (!result.verified) return null;
      credential = result.registrationInfo.credential;
    } catch {
      // The library's messages may quote the expected challenge: they go nowhere.
      return null;
    }
    const transports = (credential.transports ?? []).filter((t) => TRANSPORTS.has(t));
    const row = await insertPasskey(tx, {
      id: credential.id,
      userId: session.user_id,
      publicKey: Buffer.from(credential.publicKey),
      counter: credential.counter,
      transports,
      name: name.trim(),
    });
    return row ? present(row) : null;
  }

  /** Options for navigator.credentials.get(), limited to the session user's passkeys. */
  async authenticationOptions(tx: Tx, session: SessionRow): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const credentials = await credentialsOf(tx.db, session.user_id);
    const options = await generateAuthenticationOptions({
      rpID: this.rpID,
      timeout: CEREMONY_MS,
      userVerification: 'required',
      allowCredentials: credentials.map((c) => ({ id: c.id, transports: c.transports })),
    });
    await this.#putChallenge(tx, session.id, 'authentication', options.challenge);
    return options;
  }

  /**
   * The factor verifier (sign-in step two and re-authentication): the assertion must answer this
   * session's challenge, come from a passkey of the session's user, and move its counter on.
   * Returns false for any failure; the caller's transaction commits so the challenge stays spent.
   */
  async verifyAuthentication(tx: Tx, session: SessionRow, proof: unknown): Promise<boolean> {
    const challenge = await this.#takeChallenge(tx, session.id, 'authentication');
    if (!challenge || !isAssertion(proof)) return false;
    const row = await lockPasskey(tx, proof.id, session.user_id);
    if (!row) return false;
    const { userHandle } = proof.response;
    if (userHandle && userHandle !== userHandleOf(session.user_id)) return false;
    let newCounter: number;
    try {
      // The stored counter is checked below rather than by the library, so that a counter going
      // back is recognised (and audited) only for a signature that is otherwise valid.
      const result = await verifyAuthenticationResponse({
        response: proof,
        expectedChallenge: challenge,
        expectedOrigin: this.origin,
        expectedRPID: this.rpID,
        credential: { id: row.id, publicKey: new Uint8Array(row.public_key), counter: 0, transports: row.transports },
        requireUserVerification: true,
      });
      if (!result.verified) return false;
      newCounter = result.authenticationInfo.newCounter;
    } catch {
      return false;
    }
    const stored = Number(row.counter);
    // WebAuthn §7.2 step 22: when either counter is non-zero, the new one must be greater.
    if ((newCounter > 0 || stored > 0) && newCounter <= stored) {
      await recordAudit(tx, {
        action: 'auth.passkey-clone-suspected',
        objectType: 'user',
        objectId: session.user_id,
        result: 'denied',
        reason: 'signature counter did not increase',
        details: { credentialId: row.id, storedCounter: stored, counter: newCounter },
      });
      return false;
    }
    await advanceCounter(tx, row.id, newCounter);
    return true;
  }

  async list(db: Kysely<Tables>, userId: string): Promise<Passkey[]> {
    return (await listPasskeys(db, userId)).map(present);
  }

  async count(db: Kysely<Tables>, userId: string): Promise<number> {
    return countPasskeys(db, userId);
  }

  async #putChallenge(tx: Tx, sessionId: string, purpose: Purpose, challenge: string): Promise<void> {
    await setSessionChallenge(tx, sessionId, `${purpose}:${Date.now()}:${challenge}`);
  }

  /** The session's challenge for `purpose`, cleared in the same step (single use). */
  async #takeChallenge(tx: Tx, sessionId: string, purpose: Purpose): Promise<string | null> {
    const challenge = await takeSessionChallenge(tx, sessionId);
    if (!challenge) return null;
    const [kind, issuedAt, value] = challenge.split(':');
    if (kind !== purpose || !value || !(Date.now() - Number(issuedAt) <= CHALLENGE_MS)) return null;
    return value;
  }
}

function present(row: { id: string; name: string; created_at: Date; last_used_at: Date | null; transports: string[] }): Passkey {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    transports: row.transports,
  };
}
