// OpenAPI 3.1, generated from the routes' TypeBox schemas, public at /api/v1/openapi.json, with a
// rendered reference at /api/v1/docs served from our own origin (no CDN: strict CSP, offline sites).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { Settings } from '../config.ts';
import type { Authenticator, RouteAccess, SecurityScheme } from '../auth/access.ts';
import { API_PREFIX, API_VERSION } from './api-version.ts';

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Each operation's `security`, from its access declaration and the authenticators: public ones
 * `[]` (no credentials); the others one alternative per way in (the session cookie, with the CSRF
 * header for changes; a bearer token). The kernel knows no accounts: the authenticators describe
 * their own schemes.
 */
export function securityOf(access: RouteAccess | undefined, method: string | string[], authenticators: Authenticator[]): Record<string, string[]>[] {
  if (!access || 'public' in access) return [];
  const change = (Array.isArray(method) ? method : [method]).some((m) => CHANGES.has(m));
  return authenticators.flatMap((a) => (a.method ? [a.method] : [])).map((m) => Object.fromEntries(
    Object.keys({ ...m.always, ...(change ? m.onChanges : {}) }).map((name) => [name, [] as string[]]),
  ));
}

export function securitySchemesOf(authenticators: Authenticator[]): Record<string, SecurityScheme> {
  return Object.assign({}, ...authenticators.flatMap((a) => (a.method ? [a.method.always, a.method.onChanges ?? {}] : []))) as Record<string, SecurityScheme>;
}

const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'";

export async function registerOpenApi(app: FastifyInstance, settings: Settings, authenticators: Authenticator[] = []): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Casus API',
        version: API_VERSION,
        description:
          'Client- and case-management for victim support. Errors are RFC 9457 problem+json; times are UTC (RFC 3339); ' +
          'every response carries API-Version, X-Request-Id and traceparent headers.',
        contact: { name: 'Casus platform team' },
      },
      servers: [{ url: settings.http.publicUrl ?? '/' }],
      tags: [{ name: 'system', description: 'API root and documentation' }],
      components: { securitySchemes: securitySchemesOf(authenticators) },
    },
    transform: ({ schema, url, route }) => ({
      schema: { ...schema, security: securityOf(route.config?.access, route.method, authenticators) },
      url,
    }),
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, {
    routePrefix: `${API_PREFIX}/docs`,
    staticCSP: DOCS_CSP,
    uiConfig: { deepLinking: true, defaultModelsExpandDepth: 0 },
    theme: { title: 'Casus API reference' },
  });
  // The document is fixed once the routes are registered: serialise it once (85 KB with the identity
  // module), not on every request.
  let document: string | null = null;
  app.get(`${API_PREFIX}/openapi.json`, { config: { access: { public: true } }, schema: { hide: true } }, async (_request, reply) => {
    document ??= JSON.stringify(app.swagger());
    return reply.type('application/json').send(document);
  });
}
