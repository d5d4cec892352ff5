// Single sign-on through OpenID Connect (authorization code flow with PKCE, state and nonce), with
// Microsoft Entra ID, Keycloak or any standard provider. SSO replaces only the password: it ends in
// a pending session like the password does, and the second factor is still asked (the provider's
// `amr` is not trusted). What the flow must remember between /start and /callback lives in
// PostgreSQL (sso_request), so any instance can take the callback; a short-lived cookie binds it to
// the browser that started it, so nobody can make a victim's browser finish the attacker's sign-in.
import * as oidc from 'openid-client';
import { AppError } from '../../../kernel/errors.ts';
import type { ActorContext } from '../../../kernel/auth/actor.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import { isLoopback, publicBaseUrl, type Settings } from '../../../kernel/config.ts';
import type { Logger } from '../../../kernel/observability/logger.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { randomToken, safeEqual, sha256Hex } from '../../../kernel/crypto/tokens.ts';
import { signInFailed, userContext, type AuthService, type SignInStep } from './auth.service.ts';
import type { Throttle } from './throttle.ts';
import {
  claimSsoRequest,
  deleteExternalIdentities,
  findLinkedUser,
  findSsoRequest,
  findUserByEmail,
  insertSsoRequest,
  linkedUserId,
  linkExternalIdentity,
  touchExternalIdentity,
} from './sso.repository.ts';

export const SSO_SCOPE = 'openid profile email';
/** The provider's metadata is fetched again after this (its keys are refreshed by openid-client itself). */
const DISCOVERY_MAX_AGE_MS = 24 * 3_600_000;
/** Seconds Casus waits for the provider (discovery, token endpoint, keys) before answering 503. */
const PROVIDER_TIMEOUT_S = 10;

type OidcSettings = NonNullable<Settings['auth']['oidc']>;

export function ssoUnavailable(cause?: unknown): AppError {
  return new AppError({
    status: 503,
    code: 'sso-unavailable',
    title: 'Single sign-on is unavailable',
    detail: 'The identity provider cannot be reached right now. Try again in a few minutes, or sign in with your username and password.',
    cause,
  });
}

function ssoRefused(): AppError {
  return new AppError({
    status: 401,
    code: 'sso-refused',
    title: 'Single sign-on did not complete',
    detail: 'The identity provider did not sign you in. Start again from the sign-in page.',
  });
}

/** A failure the callback audits (with the real reason) before it answers uniformly. */
class Refusal extends Error {
  readonly userId: string | null;
  readonly answer: AppError;
  constructor(reason: string, options: { userId?: string | null; answer?: AppError } = {}) {
    super(reason);
    this.userId = options.userId ?? null;
    this.answer = options.answer ?? signInFailed();
  }
}

/** Microsoft's `email` claim is not verified (any user may set it: "nOAuth"); its UPN is managed by the tenant. */
function isEntra(issuer: string): boolean {
  const host = new URL(issuer).hostname;
  return /^login\.microsoftonline\.(com|us)$|^login\.partner\.microsoftonline\.cn$|^sts\.windows\.net$|\.ciamlogin\.com$/.test(host);
}

/** The e-mail address a first sign-in may be linked on, when the provider vouches for it. */
export function linkableEmail(
  claims: Record<string, unknown>,
  issuer: string,
): { email: string; claim: 'email' | 'preferred_username' } | null {
  const normal = (value: unknown) =>
    typeof value === 'string' && /^[^@\s]+@[^@\s]+$/.test(value.trim()) && value.length <= 254 ? value.trim().toLowerCase() : null;
  const entra = isEntra(issuer);
  const email = normal(claims.email);
  if (email && (entra ? claims.xms_edov === true : claims.email_verified !== false)) return { email, claim: 'email' };
  const upn = entra ? normal(claims.preferred_username) : null;
  return upn ? { email: upn, claim: 'preferred_username' } : null;
}

/** Network trouble with the provider (not a refusal): answered 503 so the user knows to retry. */
function isUnreachable(error: unknown): boolean {
  if (error instanceof DOMException) return error.name === 'TimeoutError' || error.name === 'AbortError';
  return error instanceof TypeError && !('code' in error) && error.message === 'fetch failed';
}

function describeFailure(error: unknown): string {
  if (error instanceof oidc.ResponseBodyError || error instanceof oidc.AuthorizationResponseError)
    return `provider answered ${error.error}`;
  // The cause's message names the check ("unexpected ID Token \"nonce\" claim value"), never its values.
  if (error instanceof oidc.ClientError)
    return `response rejected: ${error.code ?? 'unknown'} (${error.cause instanceof Error ? error.cause.message : error.message})`;
  return `token exchange failed: ${error instanceof Error ? error.message : 'unknown error'}`;
}

export class SsoService {
  readonly #db: Database;
  readonly #oidc: OidcSettings;
  readonly #auth: AuthService;
  readonly #throttle: Throttle;
  readonly #log: Logger;
  readonly redirectUri: string;
  #discovered: { config: Promise<oidc.Configuration>; at: number } | null = null;

  constructor(db: Database, settings: Settings, auth: AuthService, throttle: Throttle, log: Logger) {
    if (!settings.auth.oidc) throw new Error('SsoService needs settings.auth.oidc');
    this.#db = db;
    this.#oidc = settings.auth.oidc;
    this.#auth = auth;
    this.#throttle = throttle;
    this.#log = log;
    this.redirectUri = `${publicBaseUrl(settings)}/api/v1/auth/sso/callback`;
  }

  get providerName(): string {
    return this.#oidc.name;
  }

  /**
   * The provider's configuration, discovered once per process and shared by concurrent requests. A
   * failed discovery is forgotten at once, so the next request tries again (503 meanwhile).
   */
  async configuration(): Promise<oidc.Configuration> {
    const cached = this.#discovered;
    if (cached && Date.now() - cached.at < DISCOVERY_MAX_AGE_MS)
      return cached.config.catch((error: unknown) => Promise.reject(ssoUnavailable(error)));
    const entry = { config: this.#discover(), at: Date.now() };
    this.#discovered = entry;
    try {
      return await entry.config;
    } catch (error) {
      if (this.#discovered === entry) this.#discovered = null;
      this.#log.warn({ err: error, issuer: this.#oidc.issuer }, 'OpenID Connect discovery failed');
      throw ssoUnavailable(error);
    }
  }

  async #discover(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.#oidc;
    const url = new URL(issuer);
    // Configuration refuses http:// in production; elsewhere only a provider on this machine may use it.
    const insecure = url.protocol === 'http:';
    if (insecure && !isLoopback(url.hostname.replace(/^\[|\]$/g, ''))) {
      throw new Error(`CASUS_OIDC_ISSUER ${issuer} is http:// on another host: use https://`);
    }
    // client_secret_basic is what providers assume when nothing was registered (RFC 8414); post when
    // the provider offers only that. Without a secret: a public client, protected by PKCE alone.
    const auth: oidc.ClientAuth =
      clientSecret === null
        ? oidc.None()
        : (as, client, body, headers) => {
            const methods = as.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
            const method =
              !methods.includes('client_secret_basic') && methods.includes('client_secret_post')
                ? oidc.ClientSecretPost(clientSecret)
                : oidc.ClientSecretBasic(clientSecret);
            method(as, client, body, headers);
          };
    return oidc.discovery(url, clientId, clientSecret ?? undefined, auth, {
      timeout: PROVIDER_TIMEOUT_S,
      ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
  }

  /** Where to send the browser, and the token for the browser-binding cookie. */
  async start(ctx: ActorContext): Promise<{ authorizationUrl: string; browserToken: string }> {
    await this.#throttle.checkIp(ctx.origin.ip ?? 'unknown');
    const config = await this.configuration();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const browserToken = randomToken();
    await insertSsoRequest(this.#db.kysely, { stateHash: sha256Hex(state), browserHash: sha256Hex(browserToken), codeVerifier, nonce });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: SSO_SCOPE,
      response_type: 'code',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { authorizationUrl: url.href, browserToken };
  }

  /**
   * The provider's answer: the state must be one this browser started, unused and fresh; openid-client
   * exchanges the code (with the PKCE verifier) and validates the id_token (signature, issuer,
   * audience, expiry, nonce). Then the user is found by (issuer, subject), or linked on first use.
   */
  async callback(
    ctx: ActorContext,
    input: { search: string; state?: string | undefined; error?: string | undefined; browserToken?: string | undefined },
  ): Promise<SignInStep> {
    const ip = ctx.origin.ip ?? 'unknown';
    await this.#throttle.checkIp(ip);
    try {
      const userId = await this.#authenticate(ctx, input);
      return await this.#auth.beginSecondStep(userContext(ctx, userId), userId, 'sso');
    } catch (error) {
      const refusal =
        error instanceof Refusal
          ? error
          : isUnreachable(error)
            ? new Refusal('identity provider unreachable', { answer: ssoUnavailable(error) })
            : null;
      if (!refusal) throw error;
      // A provider outage is nobody's failed attempt: a whole office must not be locked out by it.
      if (refusal.answer.status !== 503) await this.#throttle.failIp(ip);
      await this.#db.transaction(ctx, (tx) =>
        recordAudit(tx, {
          action: 'auth.sign-in',
          objectType: 'user',
          objectId: refusal.userId,
          result: 'failure',
          reason: refusal.message,
          details: { step: 'sso' },
        }),
      );
      throw refusal.answer;
    }
  }

  async #authenticate(
    ctx: ActorContext,
    input: { search: string; state?: string | undefined; error?: string | undefined; browserToken?: string | undefined },
  ): Promise<string> {
    if (!input.state) throw new Refusal('callback without state');
    const config = await this.configuration();
    const stateHash = sha256Hex(input.state);
    // Claimed before anything else: a state is spent by its first use, whatever comes of it.
    const request = await claimSsoRequest(this.#db.kysely, stateHash);
    if (!request) {
      const known = await findSsoRequest(this.#db.kysely, stateHash);
      throw new Refusal(!known ? 'unknown state' : known.used_at ? 'state already used' : 'state expired');
    }
    if (!input.browserToken || !safeEqual(sha256Hex(input.browserToken), request.browser_hash))
      throw new Refusal('state not started by this browser');
    if (input.error) throw new Refusal(`provider answered ${input.error.replace(/[^\w.-]/g, '').slice(0, 64)}`, { answer: ssoRefused() });

    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, new URL(`${this.redirectUri}${input.search}`), {
        pkceCodeVerifier: request.code_verifier,
        expectedNonce: request.nonce,
        expectedState: input.state,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      if (isUnreachable(error)) throw error;
      throw new Refusal(describeFailure(error));
    }
    if (!claims?.sub) throw new Refusal('no id_token subject');
    return this.#findOrLink(ctx, claims);
  }

  /** The user this provider account belongs to; on first use, linked by a unique e-mail address. */
  async #findOrLink(ctx: ActorContext, claims: oidc.IDToken): Promise<string> {
    const { iss: issuer, sub: subject } = claims;
    const found = await this.#db.transaction(
      ctx,
      async (tx): Promise<{ userId: string; link: 'email' | 'preferred_username' | null } | Refusal> => {
        const linked = await findLinkedUser(tx, issuer, subject);
        if (linked) {
          if (linked.kind === 'service') return new Refusal('service account', { userId: linked.id });
          if (linked.status !== 'active') return new Refusal(`account ${linked.status}`, { userId: linked.id });
          await touchExternalIdentity(tx, issuer, subject);
          return { userId: linked.id, link: null };
        }
        const address = linkableEmail(claims, issuer);
        if (!address) return new Refusal('no verified e-mail address in the id_token to link on');
        const user = await findUserByEmail(tx, address.email);
        if (!user) return new Refusal('no user with this e-mail address');
        if (user.kind === 'service') return new Refusal('service account', { userId: user.id });
        if (user.status !== 'active') return new Refusal(`account ${user.status}`, { userId: user.id });
        return { userId: user.id, link: address.claim };
      },
    );
    if (found instanceof Refusal) throw found;
    if (!found.link) return found.userId;
    const matchedOn = found.link;
    // The link is the user's own doing (their sign-in), so it is audited as theirs. The primary key
    // (issuer, subject) and the unique (issuer, user_id) make concurrent first sign-ins link once.
    const linked = await this.#db.transaction(userContext(ctx, found.userId), async (tx) => {
      if (await linkExternalIdentity(tx, issuer, subject, found.userId)) {
        await recordAudit(tx, { action: 'auth.sso-linked', objectType: 'user', objectId: found.userId, details: { issuer, matchedOn } });
        return true;
      }
      // Lost a race against the same first sign-in (fine), or the user has another subject here (not).
      return (await linkedUserId(tx, issuer, subject)) === found.userId;
    });
    if (!linked) throw new Refusal('user already linked to another account of this provider', { userId: found.userId });
    return found.userId;
  }
}

/**
 * Removes the user's links to identity providers (the next SSO sign-in links again by e-mail, or
 * fails), with an audit event; for the user administration, in the caller's transaction.
 */
export async function unlinkExternalIdentities(tx: Tx, userId: string, reason: string): Promise<number> {
  const issuers = await deleteExternalIdentities(tx, userId);
  if (issuers.length > 0) {
    await recordAudit(tx, { action: 'auth.sso-unlinked', objectType: 'user', objectId: userId, reason, details: { issuers } });
  }
  return issuers.length;
}
