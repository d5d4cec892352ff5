// Operational endpoints outside /api/v1: liveness, readiness and Prometheus metrics. They carry no
// personal data; network-level restriction of the operations surface is part of the access issue.
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { Metrics } from '../observability/metrics.ts';
import type { Readiness } from '../observability/health.ts';
import { API_PREFIX, API_VERSION } from './api-version.ts';
import { sendProblem } from './problems.ts';

const CheckSchema = Type.Object({ ok: Type.Boolean(), detail: Type.String() });

export const systemRoutes: FastifyPluginAsync<{ metrics: Metrics; readiness: Readiness }> = async (app, { metrics, readiness }) => {
  app.get(
    '/health/live',
    { config: { access: { public: true } }, schema: { hide: true, response: { 200: Type.Object({ status: Type.Literal('pass') }) } } },
    async () => ({ status: 'pass' as const }),
  );

  app.get(
    '/health/ready',
    {
      config: { access: { public: true } },
      schema: {
        hide: true,
        response: { 200: Type.Object({ status: Type.Literal('pass'), checks: Type.Record(Type.String(), CheckSchema) }) },
      },
    },
    async (request, reply) => {
      const { ready, checks } = await readiness.run();
      if (ready) return { status: 'pass' as const, checks };
      const failing = Object.entries(checks)
        .filter(([, c]) => !c.ok)
        .map(([name, c]) => `${name}: ${c.detail}`);
      return sendProblem(reply, {
        type: 'urn:casus:problem:not-ready',
        title: 'Not ready',
        status: 503,
        detail: failing.join('; '),
        checks,
        instance: '/health/ready',
        requestId: String(request.id),
        traceId: request.trace.traceId,
      });
    },
  );

  // Public at the HTTP level; restricted to the operations network by the CIDR allowlist of the access issue.
  app.get('/metrics', { config: { access: { public: true } }, schema: { hide: true } }, async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(body);
  });

  app.get(
    API_PREFIX,
    {
      config: { access: { public: true } },
      schema: {
        tags: ['system'],
        summary: 'API root: what this API is and where its description lives',
        response: {
          200: Type.Object({
            name: Type.String(),
            apiVersion: Type.String(),
            links: Type.Object({ openapi: Type.String(), docs: Type.String() }),
          }),
        },
      },
    },
    async () => ({
      name: 'Casus API',
      apiVersion: API_VERSION,
      links: { openapi: `${API_PREFIX}/openapi.json`, docs: `${API_PREFIX}/docs` },
    }),
  );
};
