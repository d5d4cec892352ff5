// The web client (web/, built into web/dist by Vite) served by the same server under the same strict
// CSP: the hashed files under /assets/ (cached for a year, they never change), and index.html for the
// app's own paths (never cached, so a new build is picked up). Only the paths listed here answer with
// the app; everything else (/api/v1, /health/*, /metrics, unknown paths) is untouched and keeps its 404.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { sendProblem } from './problems.ts';

export const WEB_ROOT = path.resolve(import.meta.dirname, '../../../web/dist');
/**
 * The client-side routes of web/src/app/router.tsx (test/web/router-paths.test.ts holds the two lists
 * the same). A `:name` segment is an id the screen reads; the page itself carries no data, the API
 * decides what the id shows.
 */
export const WEB_CLIENT_PATHS = [
  '/',
  '/setup',
  '/sign-in',
  '/forgot-password',
  '/reset-password',
  '/account',
  '/referrals/:referralId',
  '/persons/:personId',
  '/cases/:caseId',
  '/team',
  '/admin',
  '/admin/units',
  '/admin/users',
  '/admin/users/:userId',
  '/admin/groups',
  '/admin/roles',
  '/admin/grants',
  '/admin/service-accounts',
  '/admin/access-reviews',
  '/admin/access-reviews/:campaignId',
  '/access-reviews',
  '/audit',
  '/audit/events',
  '/audit/alerts',
  '/audit/alerts/:alertId',
  '/audit/verification',
  '/privacy',
  '/privacy/destruction',
  '/privacy/destruction/:roundId',
  '/privacy/persons',
  '/privacy/persons/:personId',
  '/privacy/register',
];

const HIDDEN_PUBLIC = { config: { access: { public: true as const } }, schema: { hide: true } };

export const webClientRoutes: FastifyPluginAsync<{ root?: string }> = async (app, options) => {
  const root = options.root ?? WEB_ROOT;
  const index = path.join(root, 'index.html');
  // Only reply.sendFile (safe paths, ETag, ranges); the routes are ours, with their access declared.
  await app.register(fastifyStatic, { root, serve: false });

  for (const url of WEB_CLIENT_PATHS) {
    app.get(url, HIDDEN_PUBLIC, async (request, reply) => {
      if (!existsSync(index)) {
        return sendProblem(reply, {
          type: 'urn:casus:problem:web-client-not-built',
          title: 'The web client is not built',
          status: 503,
          detail: 'Run `npm run build:web` (npm start does it when web/dist is missing or stale).',
          instance: request.url,
          requestId: String(request.id),
          traceId: request.trace.traceId,
        });
      }
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html', { maxAge: 0, cacheControl: false });
    });
  }

  app.get('/assets/*', HIDDEN_PUBLIC, async (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    return reply.sendFile(file, path.join(root, 'assets'), { immutable: true, maxAge: '365d' });
  });
};
