// The passkey flows as the routes see them: which session may do what, transactions, audit events.
// The ceremonies themselves are in webauthn.ts; sign-in step two and re-authentication with a
// passkey go through AuthService (its 'webauthn' verifier), like every other factor.
import type { FastifyRequest } from 'fastify';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { AppError } from '../../../kernel/errors.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { userContext, type AuthService, type SignInStep } from './auth.service.ts';
import { findUserById } from '../organisation/users.repository.ts';
import { MAX_PASSKEYS, type Passkey, type PasskeyFactors } from './webauthn.ts';
import { deletePasskey, lockSecondFactors } from './webauthn.repository.ts';

function passkeyNotAccepted(): AppError {
  return new AppError({
    status: 400,
    code: 'passkey-not-accepted',
    title: 'Passkey not accepted',
    detail: 'The passkey could not be registered. Request new options and try again.',
  });
}

export class PasskeyService {
  readonly #auth: AuthService;
  readonly #passkeys: PasskeyFactors;

  constructor(auth: AuthService, passkeys: PasskeyFactors) {
    this.#auth = auth;
    this.#passkeys = passkeys;
  }

  /** For an enrolling sign-in, or a signed-in session re-authenticated lately (as for TOTP). */
  async registrationOptions(request: FastifyRequest): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const session = await this.#auth.enrolmentSession(request);
    const user = await findUserById(this.#auth.db.kysely, session.user_id);
    if (!user || user.status !== 'active') throw AppError.unauthorized();
    if ((await this.#passkeys.count(this.#auth.db.kysely, user.id)) >= MAX_PASSKEYS) {
      throw AppError.conflict(`At most ${MAX_PASSKEYS} passkeys per person: remove one first.`);
    }
    return this.#auth.db.transaction(userContext(request.actorContext(), user.id), (tx) =>
      this.#passkeys.registrationOptions(tx, session, user),
    );
  }

  /**
   * Stores a new passkey. For a user enrolling their first factor this completes sign-in, exactly as
   * confirming an authenticator app does; recovery codes are issued when the user has none left.
   */
  async register(
    request: FastifyRequest,
    input: { name: string; response: RegistrationResponseJSON },
  ): Promise<{ step: SignInStep | null; recoveryCodes: string[]; passkey: Passkey }> {
    const session = await this.#auth.enrolmentSession(request);
    const ctx = userContext(request.actorContext(), session.user_id);
    const outcome = await this.#auth.db.transaction(ctx, async (tx) => {
      const passkey = await this.#passkeys.register(tx, session, input.name, input.response);
      if (!passkey) return null;
      return { ...(await this.#auth.completeEnrolment(tx, session, 'webauthn', { credentialId: passkey.id })), passkey };
    });
    if (!outcome) {
      await this.#auth.db.transaction(ctx, (tx) =>
        recordAudit(tx, {
          action: 'auth.factor-enrolled',
          objectType: 'user',
          objectId: session.user_id,
          result: 'failure',
          reason: 'passkey not verified',
          details: { factor: 'webauthn' },
        }),
      );
      throw passkeyNotAccepted();
    }
    return outcome;
  }

  /** Options for sign-in step two (a pending session). */
  async authenticationOptions(request: FastifyRequest): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const session = await this.#auth.sessions.requirePending(request);
    return this.#auth.db.transaction(userContext(request.actorContext(), session.user_id), (tx) =>
      this.#passkeys.authenticationOptions(tx, session),
    );
  }

  /** Options for re-authenticating a signed-in session before a sensitive action. */
  async reauthenticationOptions(request: FastifyRequest): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const session = this.#auth.sessions.sessionOf(request);
    if (!session) throw AppError.forbidden('Only a signed-in browser session can be re-authenticated.');
    return this.#auth.db.transaction(request.actorContext(), (tx) => this.#passkeys.authenticationOptions(tx, session));
  }

  async list(request: FastifyRequest): Promise<Passkey[]> {
    const session = this.#auth.sessions.sessionOf(request);
    if (!session) throw AppError.forbidden('Only a browser session has passkeys to list.');
    return this.#passkeys.list(this.#auth.db.kysely, session.user_id);
  }

  /** Removes one of the user's passkeys (re-authentication required), never their last second factor. */
  async remove(request: FastifyRequest, credentialId: string): Promise<void> {
    const session = this.#auth.sessions.requireRecentAuthentication(request);
    const userId = session.user_id;
    const outcome = await this.#auth.db.transaction(request.actorContext(), async (tx) => {
      const factors = await lockSecondFactors(tx, userId);
      if (!factors.passkeyIds.includes(credentialId)) return 'not-found' as const;
      if (!factors.totp && factors.passkeyIds.length <= 1) return 'last-factor' as const;
      await deletePasskey(tx, credentialId, userId);
      await recordAudit(tx, {
        action: 'auth.factor-removed',
        objectType: 'user',
        objectId: userId,
        details: { factor: 'webauthn', credentialId },
      });
      return 'removed' as const;
    });
    if (outcome === 'not-found') throw AppError.notFound();
    if (outcome === 'last-factor') {
      await this.#auth.db.transaction(request.actorContext(), (tx) =>
        recordAudit(tx, {
          action: 'auth.factor-removed',
          objectType: 'user',
          objectId: userId,
          result: 'denied',
          reason: 'last second factor',
          details: { factor: 'webauthn', credentialId },
        }),
      );
      throw AppError.conflict('This is your only second factor: add another passkey or an authenticator app first.');
    }
  }
}
