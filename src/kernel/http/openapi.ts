// OpenAPI 3.1, generated from the routes' TypeBox schemas, public at /api/v1/openapi.json, with a
// rendered reference at /api/v1/docs served from our own origin (no CDN: strict CSP, offline sites).
// The document follows the Dutch API Design Rules (checked by `npm run lint:api`, docs/api.md): the
// server URL carries the major version, and what the kernel does for every route is declared on every
// operation (the API-Version header, the 400 problem).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { Settings } from '../config.ts';
import type { Authenticator, RouteAccess, SecurityScheme } from '../auth/access.ts';
import { API_PREFIX, API_VERSION } from './api-version.ts';
import { PROBLEM_CONTENT_TYPE } from './problems.ts';

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Each operation's `security`, from its access declaration and the authenticators: public ones
 * `[]` (no credentials); the others one alternative per way in (the session cookie, with the CSRF
 * header for changes; a bearer token). The kernel knows no accounts: the authenticators describe
 * their own schemes.
 */
export function securityOf(
  access: RouteAccess | undefined,
  method: string | string[],
  authenticators: Authenticator[],
): Record<string, string[]>[] {
  if (!access || 'public' in access) return [];
  const change = (Array.isArray(method) ? method : [method]).some((m) => CHANGES.has(m));
  return authenticators
    .flatMap((a) => (a.method ? [a.method] : []))
    .map((m) => Object.fromEntries(Object.keys({ ...m.always, ...(change ? m.onChanges : {}) }).map((name) => [name, [] as string[]])));
}

export function securitySchemesOf(authenticators: Authenticator[]): Record<string, SecurityScheme> {
  return Object.assign({}, ...authenticators.flatMap((a) => (a.method ? [a.method.always, a.method.onChanges ?? {}] : []))) as Record<
    string,
    SecurityScheme
  >;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Response {
  $ref?: string;
  headers?: Record<string, unknown>;
}
type PathItem = Partial<Record<(typeof METHODS)[number], { responses?: Record<string, Response> }>>;

/**
 * A route's path in the document: relative to the server, whose URL ends in the major version
 * (/api/v1). Routes outside it are hidden (the app factory refuses others).
 */
function documentPath(url: string): string {
  if (url === API_PREFIX) return '/';
  return url.startsWith(`${API_PREFIX}/`) ? url.slice(API_PREFIX.length) : url;
}

/**
 * What the kernel does for every route, declared on every operation: each response carries the
 * API-Version header (security.ts), and every request can be refused with a 400 problem (a value
 * the schema or the input checks refuse, a malformed URL or body; problems.ts, input-values.ts).
 */
function declareKernelResponses(paths: Record<string, PathItem | undefined>): void {
  for (const item of Object.values(paths)) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const responses = (operation.responses ??= {});
      for (const response of Object.values(responses)) {
        if (!response.$ref) response.headers = { 'API-Version': { $ref: '#/components/headers/API-Version' }, ...response.headers };
      }
      responses['400'] ??= { $ref: '#/components/responses/BadRequest' };
    }
  }
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
        // Who answers questions about the API (API Design Rules /core/doc-openapi-contact): configured.
        contact: settings.http.apiContact,
      },
      servers: [{ url: `${settings.http.publicUrl?.replace(/\/$/, '') ?? ''}${API_PREFIX}` }],
      tags: [{ name: 'system', description: 'API root and documentation' }],
      components: {
        securitySchemes: securitySchemesOf(authenticators),
        headers: {
          'API-Version': { description: 'The full semantic version of the API contract', schema: { type: 'string' }, example: API_VERSION },
        },
        responses: {
          BadRequest: {
            description:
              'The request cannot be accepted: a value the schema or the input checks refuse (`urn:casus:problem:validation`, naming the fields in `errors`), or a malformed URL or body. Nothing was changed.',
            headers: { 'API-Version': { $ref: '#/components/headers/API-Version' } },
            content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        },
      },
    },
    stripBasePath: false,
    transform: ({ schema, url, route }) => ({
      schema: { ...schema, security: securityOf(route.config?.access, route.method, authenticators) },
      url: documentPath(url),
    }),
    transformObject: (document) => {
      if (!('openapiObject' in document)) throw new Error('Casus describes its API in OpenAPI 3');
      declareKernelResponses(document.openapiObject.paths as Record<string, PathItem | undefined>);
      return document.openapiObject;
    },
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
