// Server-side sessions. The browser holds only an opaque 256-bit id in a cookie (`__Host-` prefixed,
// HttpOnly, SameSite=Strict, Secure whenever Casus is reached over TLS); PostgreSQL holds the rest,
// keyed by the id's SHA-256, so any instance can serve any request and a stolen database copy holds
// no usable session ids. Each request re-reads the session, the user's status and grants: ending a
// session, deactivating a user or revoking a role takes effect on the very next request.
// State-changing requests must also echo the session's CSRF token in the X-CSRF-Token header.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { AppError } from '../../../kernel/errors.ts';
import type { Actor, ActorContext } from '../../../kernel/auth/actor.ts';
import type { Authenticator } from '../../../kernel/auth/access.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import type { PermissionRegistry } from '../../../kernel/auth/permissions.ts';
import type { Settings } from '../../../kernel/config.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { randomToken, safeEqual, sha256Hex } from '../../../kernel/crypto/tokens.ts';
import { grantsFromRows, grantsSql, type GrantRow } from '../grants/grants.repository.ts';
import type { AuthenticatedVia, SecondFactor, SessionState, UserSessionTable } from '../identity.tables.ts';

/** Between the password and the second factor: long enough to find one's phone, no longer. */
const PENDING_MS = 10 * 60_000;
/** last_seen_at is written at most this often (the idle timeout is enforced to this precision). */
const TOUCH_EVERY_MS = 60_000;
/** Sensitive actions (changing factors, granting roles) need a factor check this recent. */
export const REAUTHENTICATION_MS = 10 * 60_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

export type SessionRow = Omit<UserSessionTable, 'created_at' | 'last_seen_at' | 'failed_factor_attempts'> & {
  created_at: Date;
  last_seen_at: Date;
  failed_factor_attempts: number;
};

// The session, its user's status and the user's grants in one round trip: this runs on every request.
// The grants are read fresh each time (never cached in the process), as loadGrants does.
const SESSION_QUERY = {
  name: 'identity.session.v2',
  text: `select s.*, u.status as user_status, g.rows as grant_rows
         from user_session s join app_user u on u.id = s.user_id
         cross join lateral (select coalesce(json_agg(x), '[]'::json) as rows from (${grantsSql('s.user_id', 'null::uuid[]')}) x) g
         where s.id = $1 and s.ended_at is null`,
};

export type SessionEndReason = 'logout' | 'idle-timeout' | 'expired' | 'ended-by-user' | 'ended-by-administrator' | 'user-deactivated' | 'factors-reset' | 'password-changed' | 'too-many-factor-attempts' | 'replaced';

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
      always: { sessionCookie: { type: 'apiKey', in: 'cookie', name: this.cookieName, description: 'The session of a signed-in person (POST /auth/sign-in, then the second factor); HttpOnly, SameSite=Strict.' } },
      onChanges: { csrfToken: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: "With the session cookie, every POST, PUT, PATCH and DELETE echoes the session's CSRF token (from the sign-in answer or GET /auth/session)." } },
    };
  }

  get idleMs(): number {
    return this.#settings.auth.sessionIdleMinutes * 60_000;
  }

  /** Starts a session (in the caller's transaction) and returns the token for the cookie. */
  async start(tx: Tx, input: { userId: string; state: SessionState; via: AuthenticatedVia; secondFactor?: SecondFactor | null }): Promise<{ token: string; session: SessionRow }> {
    const token = randomToken();
    const { origin } = tx.ctx;
    const now = Date.now();
    const expires = input.state === 'active' ? now + this.#settings.auth.sessionAbsoluteHours * 3_600_000 : now + PENDING_MS;
    const session = await tx.db
      .insertInto('user_session')
      .values({
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
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { token, session: session };
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
    const found = (await this.#db.pool.query<SessionRow & { user_status: string; grant_rows: GrantRow[] }>({ ...SESSION_QUERY, values: [sha256Hex(token)] })).rows[0];
    if (!found) return null;
    const { user_status: userStatus, grant_rows: grantRows, ...row } = found;
    this.#userActive.set(row, userStatus === 'active');
    this.#grantRows.set(row, grantRows);
    const now = Date.now();
    const expired = row.expires_at.getTime() <= now ? 'expired' : row.state === 'active' && row.last_seen_at.getTime() + this.idleMs <= now ? 'idle-timeout' : null;
    if (expired) {
      await this.#db.kysely.updateTable('user_session').set({ ended_at: new Date(), end_reason: expired }).where('id', '=', row.id).where('ended_at', 'is', null).execute();
      return null;
    }
    this.#byRequest.set(request, row);
    return row;
  }

  /** The request's session if it is pending a second factor (or enrolling one); else 401. */
  async requirePending(request: FastifyRequest, states: SessionState[] = ['pending']): Promise<SessionRow> {
    const session = await this.current(request);
    if (!session || !states.includes(session.state)) throw AppError.unauthorized('Sign in first: there is no sign-in waiting for a second factor.');
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
      throw new AppError({ status: 403, code: 'csrf', title: 'Missing or wrong CSRF token', detail: `State-changing requests must send the session's CSRF token in the X-CSRF-Token header.` });
    }
  }

  /** The session cookie authenticator: an active session of an active user makes an actor. */
  readonly authenticate: Authenticator = async (request: FastifyRequest): Promise<Actor | null> => {
    const session = await this.current(request);
    if (!session || session.state !== 'active' || !this.#userActive.get(session)) return null;
    this.checkCsrf(request, session);
    if (Date.now() - session.last_seen_at.getTime() >= TOUCH_EVERY_MS) {
      await this.#db.kysely.updateTable('user_session').set({ last_seen_at: sql<Date>`now()` }).where('id', '=', session.id).execute();
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
    await tx.db.updateTable('user_session').set({ reauthenticated_at: sql<Date>`now()` }).where('id', '=', sessionId).execute();
  }

  async endOne(tx: Tx, sessionId: string, reason: SessionEndReason): Promise<boolean> {
    const ended = await tx.db.updateTable('user_session').set({ ended_at: sql<Date>`now()`, end_reason: reason }).where('id', '=', sessionId).where('ended_at', 'is', null).executeTakeFirst();
    return Number(ended.numUpdatedRows) > 0;
  }

  /** Ends every live session of the user (deactivation, factor reset, password change), with an audit event. */
  async endAllFor(tx: Tx, userId: string, reason: SessionEndReason, options: { except?: string } = {}): Promise<number> {
    let query = tx.db.updateTable('user_session').set({ ended_at: sql<Date>`now()`, end_reason: reason }).where('user_id', '=', userId).where('ended_at', 'is', null);
    if (options.except) query = query.where('id', '<>', options.except);
    const count = Number((await query.executeTakeFirst()).numUpdatedRows);
    if (count > 0) await recordAudit(tx, { action: 'session.end-all', objectType: 'user', objectId: userId, reason, details: { sessions: count } });
    return count;
  }

  context(request: FastifyRequest, actor?: Actor): ActorContext {
    const ctx = request.actorContext();
    return actor ? { ...ctx, actor } : ctx;
  }
}
