// Signing in, step by step. Every path to a signed-in session passes a second factor:
//   password (or SSO, or a reset/setup link) -> session 'pending' (has a factor) or 'enrolling' (has none)
//   -> second factor checked (or first factor enrolled) -> Sessions.promote -> session 'active'.
// Only `promote` makes an active session, and only the factor checks below call it.
// Failures get one uniform answer whatever went wrong (unknown user, wrong password, locked,
// deactivated), and count towards the per-IP rate limit and the per-account lockout.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../kernel/errors.ts';
import type { ActorContext } from '../../../kernel/auth/actor.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { recordSecurityEvent } from '../../../kernel/audit/security-events.ts';
import type { SessionRow, Sessions } from '../sessions/sessions.service.ts';
import { accountKey, type Attempt, type Throttle } from './throttle.ts';
import type { TotpFactors } from './totp.ts';
import { burnPasswordCheck, verifyPassword } from './passwords.ts';
import { factorsOf, findUserById, findUserByUsername, hasSecondFactor, type UserRow } from '../organisation/users.repository.ts';
import { findPasswordCredential } from './passwords.repository.ts';
import { hasUnusedRecoveryCode } from './totp.repository.ts';
import { countFactorAttempt } from '../sessions/sessions.repository.ts';

/** Attempts at a second factor within one pending sign-in before it is ended. */
const MAX_FACTOR_ATTEMPTS = 5;

export type FactorMethod = 'totp' | 'recovery-code' | 'webauthn';

export interface SignInStep {
  token: string;
  session: SessionRow;
  /** What the client must do next. */
  next: 'second-factor' | 'enrol-second-factor' | 'done';
  methods: FactorMethod[];
}

/** A second-factor check contributed by another part of the module (WebAuthn). */
export type FactorVerifier = (tx: Tx, session: SessionRow, proof: unknown) => Promise<boolean>;

export function signInFailed(): AppError {
  return new AppError({
    status: 401,
    code: 'sign-in-failed',
    title: 'Sign-in failed',
    detail: 'The username or password is wrong, or the account cannot sign in right now. Try again later or ask the service desk.',
  });
}

function factorFailed(ended: boolean): AppError {
  return new AppError({
    status: 401,
    code: ended ? 'sign-in-ended' : 'second-factor-failed',
    title: ended ? 'Sign-in ended' : 'Second factor not accepted',
    detail: ended ? 'Too many wrong codes: sign in again.' : 'The code was not accepted. Check your authenticator app and try again.',
  });
}

/** The request's context with the user as its actor: what a sign-in step does, it does in her name. */
export const userContext = (ctx: ActorContext, userId: string): ActorContext => ({ ...ctx, actor: { kind: 'user', id: userId } });

/** Runs the evaluation of a reserved attempt; an error in it counts as a failed attempt, then goes on. */
export async function settleOnError<T>(attempt: Attempt, evaluate: () => Promise<T>): Promise<T> {
  try {
    return await evaluate();
  } catch (error) {
    await attempt.failed().catch(() => undefined);
    throw error;
  }
}

/**
 * The one lockout of a series of failures: a security event. The service desk of the person's unit is
 * told (they are who lifts it); a typed username that is nobody's concerns nobody's unit.
 */
export async function recordLockout(tx: Tx, user: { id: string; unit_id: string } | null | undefined, reason: string): Promise<void> {
  await recordSecurityEvent(tx, {
    action: 'auth.lockout',
    objectType: 'user',
    objectId: user?.id ?? null,
    result: 'denied',
    reason,
    unitId: user?.unit_id ?? null,
    notify: user ? [{ permission: 'users.support', unitId: user.unit_id }] : [],
  });
}

export class AuthService {
  readonly db: Database;
  readonly sessions: Sessions;
  readonly throttle: Throttle;
  readonly totp: TotpFactors;
  readonly #verifiers = new Map<FactorMethod, FactorVerifier>();

  constructor(db: Database, sessions: Sessions, throttle: Throttle, totp: TotpFactors) {
    this.db = db;
    this.sessions = sessions;
    this.throttle = throttle;
    this.totp = totp;
    this.#verifiers.set('totp', (tx, session, proof) => this.totp.check(tx, session.user_id, String(proof)));
    this.#verifiers.set('recovery-code', (tx, session, proof) => this.totp.useRecoveryCode(tx, session.user_id, String(proof)));
  }

  addFactorVerifier(method: FactorMethod, verifier: FactorVerifier): void {
    this.#verifiers.set(method, verifier);
  }

  async methodsOf(userId: string): Promise<FactorMethod[]> {
    const factors = await factorsOf(this.db.kysely, userId);
    const methods: FactorMethod[] = [];
    if (factors.webauthn > 0) methods.push('webauthn');
    if (factors.totp) methods.push('totp');
    if (factors.recoveryCodes > 0 && hasSecondFactor(factors)) methods.push('recovery-code');
    return methods;
  }

  /** Step one with a local password. */
  async signInWithPassword(ctx: ActorContext, input: { username: string; password: string }): Promise<SignInStep> {
    const key = accountKey(input.username);
    const attempt = await this.throttle.begin({ ip: ctx.origin.ip ?? 'unknown', account: key });
    const locked = !attempt.allowed;
    const { user, eligible, credential, valid } = await settleOnError(attempt, async () => {
      const user = await findUserByUsername(this.db.kysely, input.username);
      const eligible = user && user.kind !== 'service' && user.status === 'active' ? user : null;
      const credential = eligible && !locked ? await findPasswordCredential(this.db.kysely, eligible.id) : undefined;
      // A locked or unknown account costs the same time as a real check: the answer's timing says nothing.
      const valid = credential ? await verifyPassword(credential.hash, input.password) : await burnPasswordCheck(input.password);
      return { user, eligible, credential, valid };
    });
    if (!valid || !eligible) {
      const outcome = await attempt.failed();
      await this.db.transaction(ctx, async (tx) => {
        const reason = locked
          ? 'account locked'
          : !user
            ? 'unknown username'
            : !eligible
              ? `account ${user.status === 'active' ? 'cannot use a password' : user.status}`
              : credential
                ? 'wrong password'
                : 'no password set';
        await recordAudit(tx, {
          action: 'auth.sign-in',
          objectType: 'user',
          objectId: user?.id ?? null,
          result: 'failure',
          reason,
          details: { step: 'password' },
        });
        if (outcome.locked) await recordLockout(tx, user, 'too many failed sign-ins');
      });
      throw signInFailed();
    }
    // The account's failures are forgotten only after the second factor; this attempt is given back.
    await attempt.succeeded();
    return this.beginSecondStep(userContext(ctx, eligible.id), eligible.id, 'password');
  }

  /**
   * After a first step that proved the user (password, SSO, reset link): a pending session that
   * still needs the second factor, or an enrolling one when the user has none yet.
   */
  async beginSecondStep(ctx: ActorContext, userId: string, via: 'password' | 'sso' | 'reset' | 'setup'): Promise<SignInStep> {
    const methods = await this.methodsOf(userId);
    const enrolling = !methods.some((m) => m === 'totp' || m === 'webauthn');
    return this.db.transaction(ctx, async (tx) => {
      const { token, session } = await this.sessions.start(tx, { userId, state: enrolling ? 'enrolling' : 'pending', via });
      await recordAudit(tx, {
        action: 'auth.first-step',
        objectType: 'user',
        objectId: userId,
        details: { via, next: enrolling ? 'enrol' : 'second-factor' },
      });
      return { token, session, next: enrolling ? 'enrol-second-factor' : 'second-factor', methods };
    });
  }

  /** Step two: a factor proof for the pending session. Success replaces it with an active session. */
  async verifySecondFactor(request: FastifyRequest, method: FactorMethod, proof: unknown): Promise<SignInStep> {
    const ctx = request.actorContext();
    await this.throttle.checkIp(ctx.origin.ip ?? 'unknown');
    const pending = await this.sessions.requirePending(request);
    const user = await findUserById(this.db.kysely, pending.user_id);
    const verifier = this.#verifiers.get(method);
    if (!user || user.status !== 'active' || !verifier) throw signInFailed();
    const key = accountKey(user.username);
    const uctx = userContext(ctx, user.id);
    // One of this sign-in's attempts first, counted before the proof is looked at, so parallel
    // answers to one pending session cannot get more than MAX_FACTOR_ATTEMPTS evaluated.
    const number = await this.db.transaction(uctx, (tx) => countFactorAttempt(tx, pending.id, MAX_FACTOR_ATTEMPTS));
    if (number === null) throw factorFailed(true);
    const attempt = await this.throttle.begin({ ip: ctx.origin.ip ?? 'unknown', account: key });
    const locked = !attempt.allowed;
    const result = locked
      ? null
      : await settleOnError(attempt, () =>
          this.db.transaction(uctx, async (tx) => {
            if (!(await verifier(tx, pending, proof))) return null;
            const active = await this.sessions.promote(tx, pending, method);
            await recordAudit(tx, {
              action: 'auth.sign-in',
              objectType: 'user',
              objectId: user.id,
              details: { via: pending.authenticated_via, secondFactor: method },
            });
            return active;
          }),
        );
    if (result) {
      await attempt.succeeded();
      await this.throttle.succeed(key);
      return { ...result, next: 'done', methods: [] };
    }
    const outcome = await attempt.failed();
    const ended = await this.db.transaction(uctx, async (tx) => {
      const end = number >= MAX_FACTOR_ATTEMPTS || locked || outcome.locked;
      if (end) await this.sessions.endOne(tx, pending.id, 'too-many-factor-attempts');
      await recordAudit(tx, {
        action: 'auth.sign-in',
        objectType: 'user',
        objectId: user.id,
        result: 'failure',
        reason: locked ? 'account locked' : `wrong ${method}`,
        details: { step: 'second-factor', method },
      });
      if (outcome.locked) await recordLockout(tx, user, 'too many failed second-factor attempts');
      return end;
    });
    throw factorFailed(ended);
  }

  /**
   * Sensitive actions (changing factors, granting roles) ask for a fresh factor check within the
   * signed-in session. Failures count towards the lockout like sign-in failures.
   */
  async reauthenticate(request: FastifyRequest, method: FactorMethod, proof: unknown): Promise<void> {
    const session = this.sessions.sessionOf(request);
    if (!session) throw AppError.forbidden('Only a signed-in browser session can be re-authenticated.');
    const ctx = request.actorContext();
    await this.throttle.checkIp(ctx.origin.ip ?? 'unknown');
    const user = await findUserById(this.db.kysely, session.user_id);
    const verifier = this.#verifiers.get(method);
    if (!user || !verifier) throw factorFailed(false);
    const key = accountKey(user.username);
    const attempt = await this.throttle.begin({ ip: ctx.origin.ip ?? 'unknown', account: key });
    const ok =
      attempt.allowed &&
      (await settleOnError(attempt, () =>
        this.db.transaction(ctx, async (tx) => {
          const valid = await verifier(tx, session, proof);
          if (valid) {
            await this.sessions.markReauthenticated(tx, session.id);
            await recordAudit(tx, { action: 'auth.reauthenticate', objectType: 'user', objectId: user.id, details: { method } });
          }
          return valid;
        }),
      ));
    if (ok) {
      await attempt.succeeded();
      return;
    }
    const outcome = await attempt.failed();
    await this.db.transaction(ctx, async (tx) => {
      await recordAudit(tx, {
        action: 'auth.reauthenticate',
        objectType: 'user',
        objectId: user.id,
        result: 'failure',
        reason: attempt.allowed ? `wrong ${method}` : 'account locked',
      });
      if (outcome.locked) {
        await recordLockout(tx, user, 'too many failed re-authentications');
        await this.sessions.endAllFor(tx, user.id, 'too-many-factor-attempts');
      }
    });
    throw factorFailed(false);
  }

  /** Starts TOTP enrolment: while enrolling the first factor, or (re-authenticated) to replace it. */
  async beginTotp(request: FastifyRequest): Promise<{ secret: string; uri: string }> {
    const session = await this.enrolmentSession(request);
    const user = await findUserById(this.db.kysely, session.user_id);
    if (!user) throw AppError.unauthorized();
    return this.db.transaction(userContext(request.actorContext(), user.id), (tx) => this.totp.begin(tx, user));
  }

  /**
   * Confirms the seed with a code. For a user enrolling their first factor this completes sign-in
   * (the session becomes active); recovery codes are issued when the user has none.
   */
  async confirmTotp(request: FastifyRequest, code: string): Promise<{ step: SignInStep | null; recoveryCodes: string[] }> {
    const session = await this.enrolmentSession(request);
    const ctx = userContext(request.actorContext(), session.user_id);
    const outcome = await this.db.transaction(ctx, async (tx) => {
      if (!(await this.totp.check(tx, session.user_id, code, { enrolling: true }))) return null;
      return this.completeEnrolment(tx, session, 'totp');
    });
    if (!outcome) {
      await this.db.transaction(ctx, (tx) =>
        recordAudit(tx, {
          action: 'auth.factor-enrolled',
          objectType: 'user',
          objectId: session.user_id,
          result: 'failure',
          reason: 'wrong code',
          details: { factor: 'totp' },
        }),
      );
      throw factorFailed(false);
    }
    return outcome;
  }

  /**
   * After a factor was enrolled (TOTP or passkey), in the caller's transaction: recovery codes when
   * the user has none left, the audit event, and for a first enrolment the sign-in itself.
   */
  async completeEnrolment(
    tx: Tx,
    session: SessionRow,
    factor: 'totp' | 'webauthn',
    details: Record<string, unknown> = {},
  ): Promise<{ step: SignInStep | null; recoveryCodes: string[] }> {
    const recoveryCodes = (await hasUnusedRecoveryCode(tx, session.user_id)) ? [] : await this.totp.newRecoveryCodes(tx, session.user_id);
    await recordAudit(tx, {
      action: 'auth.factor-enrolled',
      objectType: 'user',
      objectId: session.user_id,
      details: { factor, ...details, recoveryCodesIssued: recoveryCodes.length },
    });
    if (session.state !== 'enrolling') return { step: null, recoveryCodes };
    const active = await this.sessions.promote(tx, session, 'enrolment');
    await recordAudit(tx, {
      action: 'auth.sign-in',
      objectType: 'user',
      objectId: session.user_id,
      details: { via: session.authenticated_via, secondFactor: 'enrolment' },
    });
    return { step: { ...active, next: 'done' as const, methods: [] }, recoveryCodes };
  }

  /** New recovery codes (the old ones stop working); needs a recent factor check. */
  async renewRecoveryCodes(request: FastifyRequest): Promise<string[]> {
    const session = this.sessions.requireRecentAuthentication(request);
    return this.db.transaction(request.actorContext(), async (tx) => {
      const codes = await this.totp.newRecoveryCodes(tx, session.user_id);
      await recordAudit(tx, { action: 'auth.recovery-codes-renewed', objectType: 'user', objectId: session.user_id });
      return codes;
    });
  }

  /** The session allowed to enrol a factor: an enrolling sign-in, or an active one re-authenticated lately. */
  async enrolmentSession(request: FastifyRequest): Promise<SessionRow> {
    const active = this.sessions.sessionOf(request);
    if (active) return this.sessions.requireRecentAuthentication(request);
    return this.sessions.requirePending(request, ['enrolling']);
  }

  /** The user behind a signed-in session (undefined once the row is gone). */
  userOf(session: SessionRow): Promise<UserRow | undefined> {
    return findUserById(this.db.kysely, session.user_id);
  }

  async signOut(request: FastifyRequest): Promise<void> {
    const session = await this.sessions.current(request);
    if (!session) return;
    this.sessions.checkCsrf(request, session);
    await this.db.transaction(userContext(request.actorContext(), session.user_id), async (tx) => {
      if (await this.sessions.endOne(tx, session.id, 'logout')) {
        await recordAudit(tx, {
          action: 'session.end',
          objectType: 'session',
          objectId: session.id,
          reason: 'logout',
          details: { userId: session.user_id },
        });
      }
    });
  }
}
