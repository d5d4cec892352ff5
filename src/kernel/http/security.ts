// Security headers for every response: a strict Content-Security-Policy (nothing but our own origin,
// no framing), no caching of API answers (they hold personal data), HSTS when we are behind TLS.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { API_VERSION } from './api-version.ts';

export const STRICT_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  objectSrc: ["'none'"],
};

export async function registerSecurityHeaders(app: FastifyInstance, options: { tls: boolean }): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: STRICT_CSP },
    // HSTS only means something over TLS (directly, or via the TLS-terminating proxy).
    strictTransportSecurity: options.tls ? { maxAge: 63_072_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: true,
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('API-Version', API_VERSION);
    if (
      !reply.hasHeader('cache-control') ||
      request.url.startsWith('/api/') ||
      request.url.startsWith('/health') ||
      request.url === '/metrics'
    ) {
      reply.header('Cache-Control', 'no-store');
    }
    return payload;
  });
}
