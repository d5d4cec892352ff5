// Server-side sessions. The browser holds only an opaque 256-bit id in a cookie (`__Host-` prefixed,
// HttpOnly, SameSite=Strict, Secure whenever Casus is reached over TLS); PostgreSQL holds the rest,
// keyed by the id's SHA-256, so any instance can serve any request and a stolen database copy holds
// no usable session ids. Each request re-reads the session, the user's status and grants: ending a
// session, deactivating a user or revoking a role takes effect on the very next request.
// State-changing requests must also echo the session's CSRF token in the X-CSRF-Token header.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../kernel/errors.ts';
import type { Actor, ActorContext } from '../../../kernel/auth/actor.ts';
import type { Authenticator } from '../../../kernel/auth/access.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import type { PermissionRegistry } from '../../../kernel/auth/permissions.ts';
import type { Settings } from '../../../kernel/config.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { randomToken, safeEqual, sha256Hex } from '../../../kernel/crypto/tokens.ts';
import { grantsFromRows, type GrantRow } from '../grants/grants.repository.ts';
import type { AuthenticatedVia, SecondFactor, SessionState } from '../identity.tables.ts';
import {
  deleteEndedSessions,
  endLapsedSession,
  endSession,
  endSessionsOf,
  findLiveSession,
  insertSession,
  listSessionsOf,
  sessionOwner,
  stampReauthentication,
  touchSession,
  type SessionEndReason,
  type SessionRow,
} from './sessions.repository.ts';
import { presentSession } from './sessions.presenter.ts';

export type { SessionEndReason, SessionRow } from './sessions.repository.ts';

/** Between the password and the second factor: long enough to find one's phone, no longer. */
const PENDING_MS = 10 * 60_000;
/** last_seen_at is written at most this often (the idle timeout is enforced to this precision). */
const TOUCH_EVERY_MS = 60_000;
/** Sensitive actions (changing factors, granting roles) need a factor check this recent. */
export const REAUTHENTICATION_MS = 10 * 60_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/** Ended sessions stay in the users' lists this long. */
const LISTED_AFTER_END_MS = 30 * 86_400_000;

export class Sessions {
  readonly #db: Database;
  readonly #settings: Settings;
  readonly #permissions: PermissionRegistry;
  readonly #byRequest = new WeakMap<FastifyRequest, SessionRow>();
  readonly #userActive = new WeakMap<SessionRow, boolean>();
  readonly #grantRows = new WeakMap<SessionRow, GrantRow[]>();
  readonly cookieName: string;
  readonly #secure: boolean;

  constructor(db: Database, settings: Settings, permissions: PermissionRegistry) {
    this.#db = db;
    this.#settings = settings;
    this.#permissions = permissions;
    // Browsers only accept `__Host-` cookies with Secure, and Secure cookies need TLS.
    this.#secure = settings.http.tls !== null || (settings.http.publicUrl?.startsWith('https://') ?? false);
    this.cookieName = this.#secure ? '__Host-casus-session' : 'casus-session';
    // For the OpenAPI document: the cookie, and for changes the CSRF header as well.
    this.authenticate.method = {
      always: {
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: this.cookieName,
          description: 'The session of a signed-in person (POST /auth/sign-in, then the second factor); HttpOnly, SameSite=Strict.',
        },
      },
      onChanges: {
        csrfToken: {
          type: 'apiKey',
          in: 'header',
          name: 'X-CSRF-Token',
          description:
            "With the session cookie, every POST, PUT, PATCH and DELETE echoes the session's CSRF token (from the sign-in answer or GET /auth/session).",
        },
      },
    };
  }

  get idleMs(): number {
    return this.#settings.auth.sessionIdleMinutes * 60_000;
  }

  /** Starts a session (in the caller's transaction) and returns the token for the cookie. */
  async start(
    tx: Tx,
    input: { userId: string; state: SessionState; via: AuthenticatedVia; secondFactor?: SecondFactor | null },
  ): Promise<{ token: string; session: SessionRow }> {
    const token = randomToken();
    const { origin } = tx.ctx;
    const now = Date.now();
    const expires = input.state === 'active' ? now + this.#settings.auth.sessionAbsoluteHours * 3_600_000 : now + PENDING_MS;
    const session = await insertSession(tx, {
      id: sha256Hex(token),
      user_id: input.userId,
      state: input.state,
      csrf_token: randomToken(),
      authenticated_via: input.via,
      second_factor: input.secondFactor ?? null,
      expires_at: new Date(expires),
      reauthenticated_at: input.state === 'active' ? new Date(now) : null,
      origin_ip: origin.ip,
      user_agent: origin.userAgent?.slice(0, 512) ?? null,
    });
    return { token, session };
  }

  /**
   * Completes sign-in after the second factor: the pending session ends and a fresh one starts under
   * a new id (no session fixation: an id seen before sign-in never becomes a signed-in id).
   */
  async promote(tx: Tx, pending: SessionRow, secondFactor: SecondFactor): Promise<{ token: string; session: SessionRow }> {
    await this.endOne(tx, pending.id, 'replaced');
    return this.start(tx, { userId: pending.user_id, state: 'active', via: pending.authenticated_via, secondFactor });
  }

  setCookie(reply: FastifyReply, token: string): void {
    reply.setCookie(this.cookieName, token, { path: '/', httpOnly: true, secure: this.#secure, sameSite: 'strict' });
  }

  clearCookie(reply: FastifyReply): void {
    reply.clearCookie(this.cookieName, { path: '/', httpOnly: true, secure: this.#secure, sameSite: 'strict' });
  }

  /** The request's session in any state, if it is live (not ended, not idle, not expired). */
  async current(request: FastifyRequest): Promise<SessionRow | null> {
    const known = this.#byRequest.get(request);
    if (known) return known;
    const token = request.cookies[this.cookieName];
    if (!token || token.length > 100) return null;
    // One round trip for the session and its user's status, as a named prepared statement (planned
    // once per connection): this runs on every request.
    const found = await findLiveSession(this.#db.pool, sha256Hex(token));
    if (!found) return null;
    const { user_status: userStatus, grant_rows: grantRows, ...row } = found;
    this.#userActive.set(row, userStatus === 'active');
    this.#grantRows.set(row, grantRows);
    const now = Date.now();
    const expired =
      row.expires_at.getTime() <= now
        ? 'expired'
        : row.state === 'active' && row.last_seen_at.getTime() + this.idleMs <= now
          ? 'idle-timeout'
          : null;
    if (expired) {
      await endLapsedSession(this.#db.kysely, row.id, expired);
      return null;
    }
    this.#byRequest.set(request, row);
    return row;
  }

  /** The request's session if it is pending a second factor (or enrolling one); else 401. */
  async requirePending(request: FastifyRequest, states: SessionState[] = ['pending']): Promise<SessionRow> {
    const session = await this.current(request);
    if (!session || !states.includes(session.state))
      throw AppError.unauthorized('Sign in first: there is no sign-in waiting for a second factor.');
    this.checkCsrf(request, session);
    return session;
  }

  /** The signed-in session of this request (routes with `authenticated` access always have one). */
  sessionOf(request: FastifyRequest): SessionRow | null {
    const session = this.#byRequest.get(request);
    return session?.state === 'active' ? session : null;
  }

  checkCsrf(request: FastifyRequest, session: SessionRow): void {
    if (SAFE_METHODS.has(request.method)) return;
    const header = request.headers[CSRF_HEADER];
    if (typeof header !== 'string' || !safeEqual(header, session.csrf_token)) {
      throw new AppError({
        status: 403,
        code: 'csrf',
        title: 'Missing or wrong CSRF token',
        detail: `State-changing requests must send the session's CSRF token in the X-CSRF-Token header.`,
      });
    }
  }

  /** The session cookie authenticator: an active session of an active user makes an actor. */
  readonly authenticate: Authenticator = async (request: FastifyRequest): Promise<Actor | null> => {
    const session = await this.current(request);
    if (!session || session.state !== 'active' || !this.#userActive.get(session)) return null;
    this.checkCsrf(request, session);
    if (Date.now() - session.last_seen_at.getTime() >= TOUCH_EVERY_MS) {
      await touchSession(this.#db.kysely, session.id);
    }
    const grants = grantsFromRows(this.#grantRows.get(session) ?? [], (p) => this.#permissions.has(p));
    return { kind: 'user', id: session.user_id, ...grants };
  };

  /** Throws 401 `reauthentication-required` unless a factor was checked in this session lately. */
  requireRecentAuthentication(request: FastifyRequest): SessionRow {
    const session = this.sessionOf(request);
    if (!session) throw AppError.forbidden('This action is only possible in a signed-in browser session.');
    const at = session.reauthenticated_at?.getTime() ?? 0;
    if (Date.now() - at > REAUTHENTICATION_MS) {
      throw new AppError({
        status: 401,
        code: 'reauthentication-required',
        title: 'Confirm it is you',
        detail: 'This action needs a fresh check of your second factor: POST /api/v1/auth/reauthenticate, then try again.',
      });
    }
    return session;
  }

  async markReauthenticated(tx: Tx, sessionId: string): Promise<void> {
    await stampReauthentication(tx, sessionId);
  }

  async endOne(tx: Tx, sessionId: string, reason: SessionEndReason): Promise<boolean> {
    return endSession(tx, sessionId, reason);
  }

  /** Ends every live session of the user (deactivation, factor reset, password change), with an audit event. */
  async endAllFor(tx: Tx, userId: string, reason: SessionEndReason, options: { except?: string } = {}): Promise<number> {
    const count = await endSessionsOf(tx, userId, reason, options.except);
    if (count > 0)
      await recordAudit(tx, { action: 'session.end-all', objectType: 'user', objectId: userId, reason, details: { sessions: count } });
    return count;
  }

  /** The user's live sessions and those ended in the last 30 days, newest first. */
  async list(userId: string, currentId: string | null) {
    const rows = await listSessionsOf(this.#db.kysely, userId, new Date(Date.now() - LISTED_AFTER_END_MS));
    return rows.map((row) => presentSession(row, currentId, this.idleMs));
  }

  /** Ends one of the signed-in user's own sessions; false when it is not hers (or does not exist). */
  async endOwn(ctx: ActorContext, own: SessionRow, sessionId: string): Promise<boolean> {
    return this.#db.transaction(ctx, async (tx) => {
      if ((await sessionOwner(tx, sessionId)) !== own.user_id) return false;
      await this.endOne(tx, sessionId, 'ended-by-user');
      await recordAudit(tx, {
        action: 'session.end',
        objectType: 'session',
        objectId: sessionId,
        reason: 'ended-by-user',
        details: { userId: own.user_id },
      });
      return true;
    });
  }

  /** Deletes session rows ended more than `days` ago (the audit trail keeps the events); how many. */
  async purgeEnded(days: number): Promise<number> {
    return deleteEndedSessions(this.#db.kysely, new Date(Date.now() - days * 86_400_000));
  }

  context(request: FastifyRequest, actor?: Actor): ActorContext {
    const ctx = request.actorContext();
    return actor ? { ...ctx, actor } : ctx;
  }
}
