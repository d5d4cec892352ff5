// The Fastify app factory. Everything cross-cutting is wired here once: request ids and traces,
// security headers, problem+json errors, body limits, metrics, OpenAPI, and the rule that every API
// route declares its schemas. Modules only contribute route plugins under /api/v1; the web client is served beside them.
import { readFileSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyRequest } from 'fastify';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Readiness } from '../observability/health.ts';
import type { ActorContext } from '../auth/actor.ts';
import { registerAccessControl, type Authenticator } from '../auth/access.ts';
import type { PermissionRegistry } from '../auth/permissions.ts';
import type { Settings } from '../config.ts';
import { API_PREFIX } from './api-version.ts';
import { clientErrorResponse, registerProblemHandlers, ProblemSchema } from './problems.ts';
import { registerSecurityHeaders } from './security.ts';
import { registerNetworkAllowlists } from './network.ts';
import { formatTraceparent, requestIdFor, traceOf, type TraceContext } from './tracing.ts';
import { registerOpenApi } from './openapi.ts';
import { registerInputValueChecks, strictDateFormats } from './input-values.ts';
import { registerConcurrency } from './concurrency.ts';
import { registerIdempotency } from './idempotency.ts';
import type { IdempotencyStore } from './idempotency-store.ts';
import { AccessLog } from './access-log.ts';
import { systemRoutes } from './system-routes.ts';
import { webClientRoutes } from './web-client.ts';

declare module 'fastify' {
  interface FastifyRequest {
    trace: TraceContext;
    /** Who is acting (the authenticated actor, or anonymous) and from where. */
    actorContext(): ActorContext;
  }
}

export interface RoutePlugin {
  /** Path under /api/v1, e.g. "/cases" (kebab-case). */
  prefix: string;
  plugin: FastifyPluginAsync;
}

export interface AppOptions {
  settings: Settings;
  log: Logger;
  metrics: Metrics;
  readiness: Readiness;
  routes?: RoutePlugin[];
  /** Every permission the modules define; routes may only require these. */
  permissions: PermissionRegistry;
  /** Turn requests into actors, tried in order (session cookie, API token, ...). */
  authenticators?: Authenticator[];
  /** Keeps Idempotency-Key claims and answers; without it (tooling) a request with a key gets 503. */
  idempotency?: IdempotencyStore;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { settings, log, metrics } = options;
  const tls = settings.http.tls;
  const app = Fastify({
    loggerInstance: log,
    genReqId: requestIdFor,
    logController: new AccessLog(),
    childLoggerFactory: (logger, bindings, opts, rawReq) => logger.child({ ...bindings, traceId: traceOf(rawReq).traceId }, opts),
    bodyLimit: settings.http.bodyLimitBytes,
    requestTimeout: settings.http.requestTimeoutMs,
    trustProxy: settings.http.trustProxy.length > 0 ? settings.http.trustProxy : false,
    // Requests that arrive on open connections while we shut down are still served (graceful drain).
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    clientErrorHandler: (error, socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      if (socket.writable) socket.end(clientErrorResponse(error));
      else socket.destroy();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // The date formats also refuse the year 0000, which PostgreSQL does not have (input-values.ts).
    ajv: {
      customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true },
      onCreate: strictDateFormats,
    },
    ...(tls
      ? {
          https: {
            cert: readFileSync(tls.certFile),
            key: readFileSync(tls.keyFile),
            minVersion: 'TLSv1.2' as const,
            maxVersion: 'TLSv1.3' as const,
            // TLS 1.2: only forward-secret AEAD suites (NCSC-NL "good"); TLS 1.3 suites are all fine.
            ciphers:
              'ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256',
            honorCipherOrder: true,
          },
        }
      : {}),
  }) as unknown as FastifyInstance;

  app.decorateRequest('trace', null as unknown as TraceContext);
  app.decorateRequest('actorContext', function (this: FastifyRequest): ActorContext {
    const userAgent = this.headers['user-agent'];
    return {
      actor: this.actor,
      origin: {
        requestId: String(this.id),
        traceId: this.trace.traceId,
        ip: this.ip,
        userAgent: typeof userAgent === 'string' ? userAgent : null,
      },
    };
  });
  app.addHook('onRequest', async (request, reply) => {
    request.trace = traceOf(request.raw);
    reply.header('X-Request-Id', String(request.id));
    reply.header('traceparent', formatTraceparent(request.trace));
  });
  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    if (reply.statusCode >= 400) metrics.httpErrors.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });

  // Every API route must declare what it accepts and returns: the response schema is the output
  // whitelist (nothing undeclared leaks), the request schemas are the input validation.
  app.addHook('onRoute', (route) => {
    if (route.method === 'HEAD') return;
    // The API description's paths are relative to its server URL, which ends in /api/v1 (openapi.ts).
    if (!route.url.startsWith(API_PREFIX) && route.schema?.hide !== true)
      throw new Error(`Route ${route.url} is outside ${API_PREFIX}: hide it from the API description (schema.hide)`);
    if (!route.url.startsWith(API_PREFIX)) return;
    // The documentation's own routes serve the generated description and static files.
    if (route.url.startsWith(`${API_PREFIX}/docs`) || route.url === `${API_PREFIX}/openapi.json`) return;
    const schema = route.schema ?? {};
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const missing: string[] = [];
    const statuses = Object.keys(schema.response ?? {});
    if (!statuses.some((s) => /^2(\d\d|XX)$/.test(s))) missing.push('response (a schema per success status, e.g. 200)');
    if (methods.some((m) => BODY_METHODS.has(m)) && !schema.body) missing.push('body');
    if (route.url.includes(':') && !schema.params) missing.push('params');
    if (missing.length > 0) throw new Error(`Route ${methods.join(',')} ${route.url} must declare schema.${missing.join(', schema.')}`);
  });

  app.addSchema(ProblemSchema);
  registerProblemHandlers(app);
  // Security headers before access control: a refused request (401/403) gets them too.
  await registerSecurityHeaders(app, { tls: tls !== null || (settings.http.publicUrl?.startsWith('https://') ?? false) });
  // Callers from networks outside the route's surface are refused before anything else happens.
  registerNetworkAllowlists(app, settings.http.allowedNetworks);
  // Cookies are parsed before the authenticators run (the session cookie); never signed here: the
  // session id is an opaque random value looked up server-side.
  await app.register(fastifyCookie);
  // After the schema rule: a route is checked for its schemas first, then for its access.
  registerAccessControl(app, { permissions: options.permissions, authenticators: options.authenticators ?? [] });
  // Text the database cannot store (NUL; control characters in parameters) is refused for every route.
  registerInputValueChecks(app);
  // After validation and access, before the handler: the version precondition (428), then the
  // idempotency claim; before OpenAPI, which documents the Idempotency-Key header they add.
  registerConcurrency(app);
  registerIdempotency(app, options.idempotency ?? null);
  await registerOpenApi(app, settings, options.authenticators ?? []);
  await app.register(systemRoutes, { metrics, readiness: options.readiness });
  // The web client's files and its own paths (outside /api/v1, hidden from the API description).
  await app.register(webClientRoutes);
  await app.register(
    async (api) => {
      for (const route of options.routes ?? []) await api.register(route.plugin, { prefix: route.prefix });
    },
    { prefix: API_PREFIX },
  );
  return app;
}
