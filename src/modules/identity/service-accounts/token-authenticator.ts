// The API token authenticator: `Authorization: Bearer casus_...` makes the service account the actor,
// with the grants of its roles (or of the token's subset of them), read on every request like a
// session's: revoking the token, deactivating the account or revoking a role holds from the next
// request on. A token that is unknown, revoked, expired, of a deactivated account, or malformed never
// authenticates: the request stays anonymous, so protected routes answer 401 and public ones stay
// public. Bearer requests carry no cookie, so there is no CSRF check: a browser never adds this header
// by itself.
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../../kernel/auth/actor.ts';
import { setAuthenticationChallenge, type Authenticator, type SecurityScheme } from '../../../kernel/auth/access.ts';
import type { Database } from '../../../kernel/db/database.ts';
import type { PermissionRegistry } from '../../../kernel/auth/permissions.ts';
import { sha256Hex } from '../../../kernel/crypto/tokens.ts';
import { loadGrants } from '../grants/grants.repository.ts';
import { statusOf, TOKEN_PATTERN } from './service-accounts.service.ts';
import { findTokenByHash, touchToken } from './service-accounts.repository.ts';

/** last_used_at is written at most this often: one write per token per minute, not per request. */
const TOUCH_EVERY_MS = 60_000;
const BEARER = /^Bearer +(\S+)\s*$/i;

/** The OpenAPI security scheme of API tokens. */
export const BEARER_SCHEME: SecurityScheme = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'casus_<43 characters>',
  description:
    'An API token of a service account (`Authorization: Bearer casus_…`). Refused tokens get 401 with `WWW-Authenticate: Bearer error="invalid_token"`.',
};

/** RFC 6750 §3.1: the request carried a bearer token that does not authenticate. */
function refuseToken(request: FastifyRequest, description: string): void {
  setAuthenticationChallenge(request, `Bearer realm="casus", error="invalid_token", error_description="${description}"`);
}

export interface AuthenticatedToken {
  id: string;
  accountId: string;
  name: string;
  prefix: string;
  roleIds: string[] | null;
  expiresAt: Date;
}

/** The token in a Bearer header, or null when the header is absent, of another scheme or malformed. */
export function bearerTokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const token = BEARER.exec(header)?.[1];
  return token && TOKEN_PATTERN.test(token) ? token : null;
}

export class TokenAuthenticator {
  readonly #db: Database;
  readonly #permissions: PermissionRegistry;
  readonly #byRequest = new WeakMap<FastifyRequest, AuthenticatedToken>();

  constructor(db: Database, permissions: PermissionRegistry) {
    this.#db = db;
    this.#permissions = permissions;
  }

  /** The token that authenticated this request, if one did. */
  tokenOf(request: FastifyRequest): AuthenticatedToken | null {
    return this.#byRequest.get(request) ?? null;
  }

  readonly authenticate: Authenticator = Object.assign(
    async (request: FastifyRequest): Promise<Actor | null> => {
      if (request.headers.authorization === undefined) return null;
      const token = bearerTokenOf(request);
      if (!token) {
        request.log.info('authorization header ignored: not a Casus bearer token');
        // A Bearer credential that is not a Casus token is an invalid token; another scheme gets the plain challenge.
        if (/^Bearer\b/i.test(request.headers.authorization)) refuseToken(request, 'The access token is malformed.');
        return null;
      }
      const row = await findTokenByHash(this.#db.kysely, sha256Hex(token));
      if (!row) {
        request.log.warn('API token refused: unknown');
        refuseToken(request, 'The access token is unknown.');
        return null;
      }
      const status = statusOf(row);
      const refused =
        status !== 'active'
          ? status
          : row.status !== 'active'
            ? 'account deactivated'
            : row.kind !== 'service'
              ? 'not a service account'
              : null;
      if (refused) {
        // A revoked or expired token still in use is worth an operator's look (a forgotten integration,
        // or a leaked token being tried); logged, not audited, so a retrying client cannot flood the trail.
        request.log.warn({ apiTokenId: row.id, apiTokenPrefix: row.prefix, accountId: row.user_id, reason: refused }, 'API token refused');
        // One description for every refusal: the caller learns no more than that this token does not work.
        refuseToken(request, 'The access token is unknown, expired or revoked.');
        return null;
      }
      if (!row.last_used_at || Date.now() - row.last_used_at.getTime() >= TOUCH_EVERY_MS) {
        await touchToken(this.#db.kysely, row.id);
      }
      const grants = await loadGrants(this.#db.pool, row.user_id, { roleIds: row.role_ids, known: (p) => this.#permissions.has(p) });
      this.#byRequest.set(request, {
        id: row.id,
        accountId: row.user_id,
        name: row.name,
        prefix: row.prefix,
        roleIds: row.role_ids,
        expiresAt: row.expires_at,
      });
      return { kind: 'service', id: row.user_id, ...grants };
    },
    { method: { always: { bearerToken: BEARER_SCHEME } } },
  );
}
