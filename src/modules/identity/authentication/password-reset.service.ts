// Forgotten passwords (a single-use link by e-mail) and changing one's own password.
//
// A reset link proves control of the mailbox, nothing more. So completing a reset sets the password
// and ends every session, and then starts an ordinary *pending* sign-in: the user still has to pass
// their second factor (or enrol one when they have none). A reset never signs anyone in by itself.
//
// Requests answer the same whatever the account (unknown, deactivated, without e-mail, over its
// limit): the answer must not tell anyone which usernames exist. The e-mail is sent after the answer,
// because an SMTP round trip for real accounts only would be a timing oracle for the same question.
//
// Administrators (users.support) can send a user the link, and never see it; there is deliberately
// no way to set another user's password.
import type { FastifyRequest } from 'fastify';
import type { ActorContext } from '../../../kernel/auth/actor.ts';
import { authorize } from '../../../kernel/auth/policy.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { AppError } from '../../../kernel/errors.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { publicBaseUrl, type Settings } from '../../../kernel/config.ts';
import { randomToken, sha256Hex } from '../../../kernel/crypto/tokens.ts';
import { mailNotConfigured, type Mailer } from '../../../kernel/mail/mailer.ts';
import type { Logger } from '../../../kernel/observability/logger.ts';
import { recordLockout, settleOnError, userContext, type AuthService, type SignInStep } from './auth.service.ts';
import type { Sessions } from '../sessions/sessions.service.ts';
import { accountKey, type Throttle } from './throttle.ts';
import { burnPasswordCheck, hashPassword, passwordFieldErrors, verifyPassword } from './passwords.ts';
import { findUserById, findUserByUsername, type UserRow } from '../organisation/users.repository.ts';
import { userPolicy } from '../identity.policy.ts';
import { findPasswordCredential, setPassword } from './passwords.repository.ts';
import { findUsableResetLink, replaceResetLink, spendResetLink } from './password-reset.repository.ts';

/** Long enough to switch to the mail app and back; short enough that an old mail is useless. */
export const RESET_LINK_MINUTES = 30;
/** Reset mails one account can be sent per hour: more is mail-bombing, not forgetfulness. */
const MAILS_PER_ACCOUNT_PER_HOUR = 3;

export function invalidLink(): AppError {
  return new AppError({
    status: 400,
    code: 'invalid-or-expired-link',
    title: 'Link not valid',
    detail: `This link is unknown, already used, replaced by a newer one or older than ${RESET_LINK_MINUTES} minutes. Ask for a new one.`,
  });
}

function wrongCurrentPassword(): AppError {
  return new AppError({
    status: 400,
    code: 'wrong-current-password',
    title: 'Current password not accepted',
    detail: 'The current password is wrong, or the account is locked for a while after too many attempts.',
    errors: [{ pointer: '/body/currentPassword', detail: 'Not your current password.' }],
  });
}

const canReset = (user: UserRow | undefined): user is UserRow & { email: string } =>
  !!user && user.kind !== 'service' && user.status === 'active' && !!user.email;

export class PasswordResets {
  readonly #db: Database;
  readonly #settings: Settings;
  readonly #sessions: Sessions;
  readonly #throttle: Throttle;
  readonly #auth: AuthService;
  readonly #mailer: Mailer;
  readonly #log: Logger;
  readonly #deliveries = new Set<Promise<void>>();

  constructor(deps: {
    db: Database;
    settings: Settings;
    sessions: Sessions;
    throttle: Throttle;
    auth: AuthService;
    mailer: Mailer;
    log: Logger;
  }) {
    this.#db = deps.db;
    this.#settings = deps.settings;
    this.#sessions = deps.sessions;
    this.#throttle = deps.throttle;
    this.#auth = deps.auth;
    this.#mailer = deps.mailer;
    this.#log = deps.log;
  }

  /** Resolves once every reset mail started so far has been handed over or has failed (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#deliveries.size > 0) await Promise.allSettled([...this.#deliveries]);
  }

  /** "I forgot my password": answers identically for every username; mails the link in the background. */
  async request(ctx: ActorContext, typedUsername: string): Promise<void> {
    if (!this.#mailer.configured) throw mailNotConfigured();
    const ip = ctx.origin.ip ?? 'unknown';
    // Asking for a reset is not a failure, but it sends mail and hunts for accounts: every request counts.
    await this.#throttle.checkIp(ip);
    await this.#throttle.hit(`ip:reset:${ip}`, this.#settings.auth.attemptsPerIp);
    const username = typedUsername.trim().toLowerCase();
    const user = await findUserByUsername(this.#db.kysely, username);
    const overLimit = await this.#overAccountLimit(username);
    if (overLimit || !canReset(user)) {
      const reason = overLimit
        ? 'too many reset requests for this account'
        : !user
          ? 'unknown username'
          : user.kind === 'service'
            ? 'service account'
            : user.status !== 'active'
              ? `account ${user.status}`
              : 'no e-mail address';
      await this.#db.transaction(ctx, (tx) =>
        recordAudit(tx, {
          action: 'auth.password-reset-requested',
          objectType: 'user',
          objectId: user?.id ?? null,
          result: overLimit ? 'denied' : 'failure',
          reason,
        }),
      );
      return;
    }
    const { token, linkId } = await this.#issue(ctx, user, 'self');
    const delivery = this.#deliver(ctx, user, token, linkId)
      .catch(() => undefined)
      .finally(() => this.#deliveries.delete(delivery));
    this.#deliveries.add(delivery);
  }

  /** The service desk sends a user the link (and never sees it). 404 when the user is not theirs to help. */
  async requestFor(ctx: ActorContext, userId: string): Promise<void> {
    const user = await findUserById(this.#db.kysely, userId);
    if (!user) throw AppError.notFound();
    authorize(ctx.actor, userPolicy, 'sendPasswordReset', { id: user.id, unitId: user.unit_id, kind: user.kind }, { hideExistence: true });
    if (!canReset(user))
      throw AppError.conflict(
        user.status !== 'active' ? 'The account is deactivated.' : 'The user has no e-mail address to send the link to.',
      );
    if (!this.#mailer.configured) throw mailNotConfigured();
    if (await this.#overAccountLimit(user.username)) {
      await this.#db.transaction(ctx, (tx) =>
        recordAudit(tx, {
          action: 'auth.password-reset-requested',
          objectType: 'user',
          objectId: user.id,
          result: 'denied',
          reason: 'too many reset requests for this account',
          details: { by: 'administrator' },
        }),
      );
      throw new AppError({
        status: 429,
        code: 'too-many-attempts',
        title: 'Too many attempts',
        detail: `This user was sent ${MAILS_PER_ACCOUNT_PER_HOUR} reset links within the hour; try again later.`,
        extensions: { retryAfterSeconds: 3600 },
      });
    }
    const { token, linkId } = await this.#issue(ctx, user, 'administrator');
    await this.#deliver(ctx, user, token, linkId);
  }

  /** Counts one reset mail for the account; true once over the hourly limit (then nothing is sent). */
  async #overAccountLimit(username: string): Promise<boolean> {
    try {
      await this.#throttle.hit(`reset:${username}`, MAILS_PER_ACCOUNT_PER_HOUR, 60);
      return false;
    } catch (error) {
      if (error instanceof AppError && error.status === 429) return true;
      throw error;
    }
  }

  /** A new link; earlier unused ones of the user stop working, so only the newest mail counts. */
  async #issue(ctx: ActorContext, user: UserRow, by: 'self' | 'administrator'): Promise<{ token: string; linkId: string }> {
    const token = randomToken();
    return this.#db.transaction(ctx, async (tx) => {
      const link = await replaceResetLink(tx, {
        userId: user.id,
        tokenHash: sha256Hex(token),
        createdBy: ctx.actor.id ?? 'anonymous',
        validMinutes: RESET_LINK_MINUTES,
      });
      await recordAudit(tx, {
        action: 'auth.password-reset-requested',
        objectType: 'user',
        objectId: user.id,
        details: { by, linkId: link.id, replacedLinks: link.replaced },
      });
      return { token, linkId: link.id };
    });
  }

  /**
   * Mails the link. On failure the link stays valid (asking again replaces it) and the failure is
   * logged and audited without the address or the SMTP text (which may quote the address).
   */
  async #deliver(ctx: ActorContext, user: UserRow & { email: string }, token: string, linkId: string): Promise<void> {
    const link = `${publicBaseUrl(this.#settings)}/reset-password#token=${token}`;
    try {
      await this.#mailer.send({ to: user.email, ...resetMail(user.display_name, link) });
    } catch (error) {
      const cause = ((error as Error).cause ?? error) as { code?: string; responseCode?: number };
      const smtp = { code: cause.code ?? null, responseCode: cause.responseCode ?? null };
      this.#log.error({ userId: user.id, linkId, smtp }, 'password reset mail not sent');
      await this.#db
        .transaction(ctx, (tx) =>
          recordAudit(tx, {
            action: 'auth.password-reset-requested',
            objectType: 'user',
            objectId: user.id,
            result: 'failure',
            reason: 'mail not sent',
            details: { linkId, smtp },
          }),
        )
        .catch((auditError: unknown) => this.#log.error({ err: auditError }, 'audit of a failed reset mail not written'));
      throw error;
    }
  }

  /**
   * Sets the new password from a valid link, ends all sessions, and starts a sign-in that still needs
   * the second factor. A password the rules refuse leaves the link usable.
   *
   * An account lockout is deliberately left as it is (ASVS V6.4: recovery must not bypass the other
   * factor). The lockout guards the password and the second factor; a reset proves only the mailbox,
   * so clearing it would let whoever reads the mail keep guessing second-factor codes.
   */
  async complete(ctx: ActorContext, token: string, newPassword: string): Promise<SignInStep> {
    const attempt = await this.#throttle.begin({ ip: ctx.origin.ip ?? 'unknown' });
    const link = await settleOnError(attempt, () => findUsableResetLink(this.#db.kysely, sha256Hex(token)));
    if (!link?.user_id || link.kind === 'service' || link.status !== 'active') {
      await attempt.failed();
      await this.#db.transaction(ctx, (tx) =>
        recordAudit(tx, {
          action: 'auth.password-reset',
          objectType: 'user',
          objectId: link?.user_id ?? null,
          result: 'failure',
          reason: link
            ? `account ${link.status === 'active' ? 'cannot use a password' : link.status}`
            : 'unknown, used, replaced or expired link',
        }),
      );
      throw invalidLink();
    }
    await attempt.succeeded();
    const userId = link.user_id;
    const errors = passwordFieldErrors(newPassword, [link.username, link.email, link.display_name], '/body/newPassword');
    if (errors.length > 0) throw AppError.badRequest('The new password does not meet the rules.', errors);
    const hash = await hashPassword(newPassword);
    const uctx = userContext(ctx, userId);
    await this.#db.transaction(uctx, async (tx) => {
      if (!(await spendResetLink(tx, link.id))) throw invalidLink();
      await setPassword(tx.db, userId, hash);
      await this.#sessions.endAllFor(tx, userId, 'password-changed');
      await recordAudit(tx, {
        action: 'auth.password-reset',
        objectType: 'user',
        objectId: userId,
        changedFields: ['password'],
        details: { linkId: link.id },
      });
    });
    return this.#auth.beginSecondStep(uctx, userId, 'reset');
  }

  /**
   * Changing one's own password in a signed-in session: the current password is asked even though
   * the session is signed in (a session left open must not be enough to take the account over).
   * Wrong current passwords count towards the lockout like failed sign-ins; a lockout ends every
   * session of the user. Other sessions end on success; this one stays.
   */
  async change(request: FastifyRequest, currentPassword: string, newPassword: string): Promise<void> {
    const session = this.#sessions.sessionOf(request);
    if (!session) throw AppError.forbidden('Only a signed-in browser session can change its password.');
    const ctx = request.actorContext();
    const user = await findUserById(this.#db.kysely, session.user_id);
    if (!user) throw AppError.unauthorized();
    const attempt = await this.#throttle.begin({ ip: ctx.origin.ip ?? 'unknown', account: accountKey(user.username) });
    const locked = !attempt.allowed;
    const { credential, valid } = await settleOnError(attempt, async () => {
      const credential = locked ? undefined : await findPasswordCredential(this.#db.kysely, user.id);
      const valid = credential ? await verifyPassword(credential.hash, currentPassword) : await burnPasswordCheck(currentPassword);
      return { credential, valid };
    });
    if (!valid) {
      const outcome = await attempt.failed();
      await this.#db.transaction(ctx, async (tx) => {
        await recordAudit(tx, {
          action: 'auth.password-changed',
          objectType: 'user',
          objectId: user.id,
          result: 'failure',
          reason: locked ? 'account locked' : credential ? 'wrong current password' : 'no password set',
        });
        if (outcome.locked) {
          await recordLockout(tx, user, 'too many wrong current passwords');
          await this.#sessions.endAllFor(tx, user.id, 'too-many-factor-attempts');
        }
      });
      throw wrongCurrentPassword();
    }
    await attempt.succeeded();
    const errors = passwordFieldErrors(newPassword, [user.username, user.email, user.display_name], '/body/newPassword');
    if (currentPassword.normalize('NFC') === newPassword.normalize('NFC'))
      errors.push({ pointer: '/body/newPassword', detail: 'The new password is the same as the current one.' });
    if (errors.length > 0) throw AppError.badRequest('The new password does not meet the rules.', errors);
    const hash = await hashPassword(newPassword);
    await this.#db.transaction(ctx, async (tx) => {
      await setPassword(tx.db, user.id, hash);
      const ended = await this.#sessions.endAllFor(tx, user.id, 'password-changed', { except: session.id });
      await recordAudit(tx, {
        action: 'auth.password-changed',
        objectType: 'user',
        objectId: user.id,
        changedFields: ['password'],
        details: { otherSessionsEnded: ended },
      });
    });
  }
}

/** Dutch first, English second (the organisation's working language, then everyone else's). */
function resetMail(name: string, link: string): { subject: string; text: string } {
  return {
    subject: 'Casus: nieuw wachtwoord instellen / set a new password',
    text: [
      `Beste ${name},`,
      '',
      `Er is gevraagd om een nieuw wachtwoord voor je Casus-account. Via deze link stel je het in; de link werkt één keer en ${RESET_LINK_MINUTES} minuten lang:`,
      '',
      link,
      '',
      'Daarna log je in met je tweede factor (authenticator-app of passkey), zoals altijd.',
      'Heb je dit niet zelf gevraagd? Negeer dan dit bericht: je wachtwoord blijft hetzelfde. Meld het bij de servicedesk als het vaker gebeurt.',
      '',
      '---',
      '',
      `Dear ${name},`,
      '',
      `Someone asked to set a new password for your Casus account. Use this link to do so; it works once and for ${RESET_LINK_MINUTES} minutes:`,
      '',
      link,
      '',
      'You will then sign in with your second factor (authenticator app or passkey) as usual.',
      'Did you not ask for this? Ignore this message: your password stays the same. Tell the service desk if it keeps happening.',
    ].join('\n'),
  };
}
