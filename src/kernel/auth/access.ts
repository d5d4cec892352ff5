// Who may call which route. Every route declares its access when it is registered, or registration
// fails: `public` (no sign-in), `authenticated` (any signed-in actor), or a permission. Nothing is
// allowed without an explicit grant: a permission route answers 401 to anonymous callers and 403 to
// actors without that permission. Identity is pluggable: modules contribute authenticators (session
// cookie, API token) that turn a request into an actor; the kernel itself knows no accounts.
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from '../errors.ts';
import type { Actor } from './actor.ts';
import { hasPermission, type PermissionRegistry } from './permissions.ts';

export type RouteAccess = { public: true } | { authenticated: true } | { permission: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** The authenticated actor, or anonymous; set before the handler runs. */
    actor: Actor;
  }
  interface FastifyInstance {
    /** Every registered route with its declared access: the inventory security officers review. */
    routeAccess: { method: string; url: string; access: RouteAccess; surface: string }[];
  }
}

/** An OpenAPI 3.1 security scheme object (components.securitySchemes). */
export type SecurityScheme =
  | { type: 'apiKey'; in: 'cookie' | 'header' | 'query'; name: string; description?: string }
  | { type: 'http'; scheme: string; bearerFormat?: string; description?: string };

/**
 * How an authenticator's credentials travel, for the OpenAPI document: the schemes that together
 * make one way in (`always`), plus those a change (POST, PUT, PATCH, DELETE) needs as well, such as
 * a session's CSRF header.
 */
export interface AuthenticationMethod {
  always: Record<string, SecurityScheme>;
  onChanges?: Record<string, SecurityScheme>;
}

/** Turns a request into an actor (null: this authenticator does not recognise the request). */
export type Authenticator = ((request: FastifyRequest) => Promise<Actor | null>) & { method?: AuthenticationMethod };

/** RFC 9110/6750: the challenge of a 401 when nothing better is known (no credentials at all). */
export const DEFAULT_CHALLENGE = 'Bearer realm="casus"';
const CHALLENGES = new WeakMap<FastifyRequest, string>();

/**
 * An authenticator that refused credentials the request carried (an unknown, expired or revoked
 * token) says so here; a 401 then names the error (RFC 6750 §3: `error="invalid_token"`). The request
 * itself stays anonymous: public routes stay public.
 */
export function setAuthenticationChallenge(request: FastifyRequest, challenge: string): void {
  CHALLENGES.set(request, challenge);
}

/** The WWW-Authenticate challenge for a 401 to this request. */
export function authenticationChallengeOf(request: FastifyRequest): string {
  return CHALLENGES.get(request) ?? DEFAULT_CHALLENGE;
}

/** Routes of third-party plugins that cannot carry our route config: their access, by URL prefix. */
const PLUGIN_ROUTE_ACCESS: { prefix: string; access: RouteAccess }[] = [{ prefix: '/api/v1/docs', access: { public: true } }];

function pluginAccess(url: string): RouteAccess | undefined {
  return PLUGIN_ROUTE_ACCESS.find((p) => url === p.prefix || url.startsWith(`${p.prefix}/`))?.access;
}

export const ANONYMOUS: Actor = Object.freeze({ kind: 'anonymous', id: null });
const ACTOR = Symbol('casus.actor');

export function describeAccess(access: RouteAccess): string {
  if ('public' in access) return 'public';
  if ('authenticated' in access) return 'authenticated';
  return `permission ${access.permission}`;
}

export interface AccessControlOptions {
  permissions: PermissionRegistry;
  authenticators: Authenticator[];
}

/** Registers the access rule (at route registration) and its enforcement (on every request). */
export function registerAccessControl(app: FastifyInstance, options: AccessControlOptions): void {
  const { permissions, authenticators } = options;
  type WithActor = FastifyRequest & { [ACTOR]?: Actor };
  app.decorateRequest('actor', {
    getter(this: WithActor) {
      return this[ACTOR] ?? ANONYMOUS;
    },
    setter(this: WithActor, actor: Actor) {
      this[ACTOR] = actor;
    },
  });

  const inventory: FastifyInstance['routeAccess'] = [];
  app.decorate('routeAccess', inventory);
  app.addHook('onRoute', (route: RouteOptions) => {
    const config = (route.config ??= {}) as { access?: RouteAccess };
    config.access ??= pluginAccess(route.url);
    const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
    if (!config.access) {
      throw new Error(
        `Route ${methods} ${route.url} must declare config.access: { public: true }, { authenticated: true } or { permission: '<module>.<action>' }`,
      );
    }
    if ('permission' in config.access && !permissions.has(config.access.permission)) {
      throw new Error(`Route ${methods} ${route.url} requires permission ${config.access.permission}, which no module defines`);
    }
    // The network check registers first and has assigned the route's surface by now.
    inventory.push({
      method: methods,
      url: route.url,
      access: config.access,
      surface: (route.config as { surface?: string }).surface ?? 'staff',
    });
  });

  app.addHook('onRequest', async (request, reply) => {
    let actor: Actor | null = null;
    for (const authenticate of authenticators) {
      actor = await authenticate(request);
      if (actor) break;
    }
    request.actor = actor ?? ANONYMOUS;
    // Unknown routes (the 404 handler) have no config: they reveal nothing and need no check.
    const access = (request.routeOptions.config as { access?: RouteAccess } | undefined)?.access;
    if (!access || 'public' in access) return;
    if (request.actor.kind === 'anonymous') {
      // RFC 9110: a 401 names a scheme; API tokens (the identity module) are bearer tokens.
      reply.header('WWW-Authenticate', authenticationChallengeOf(request));
      throw AppError.unauthorized();
    }
    if ('permission' in access && !hasPermission(request.actor, access.permission)) {
      throw AppError.forbidden(`This needs the permission ${access.permission}, which you have not been granted.`);
    }
  });
}
