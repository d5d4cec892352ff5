// Breaking the glass: POST /cases/break-glass (registered by casesRoutes), /break-glass-requests
// (deciding requests for shielded cases) and /break-glass-accesses (review): thin routes over
// BreakGlassService.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../kernel/errors.ts';
import { DateTime, Nullable, Reason, StringEnum, Uuid } from '../../kernel/http/schemas.ts';
import type { BreakGlassService } from './break-glass.service.ts';

const Status = StringEnum(['pending', 'approved', 'refused', 'expired']);
const tags = ['cases'];

/** Past this many look-ups of unknown numbers in an hour the next is refused (migrations/0010_break_glass_requests.ts). */
const LIMIT_WINDOW_SECONDS = 3600;

const BreakGlassRequest = Type.Object(
  {
    id: Uuid,
    caseId: Uuid,
    caseNumber: Type.String(),
    unitId: Uuid,
    requestedBy: Uuid,
    requestedByName: Nullable(Type.String(), { description: 'The requester’s display name' }),
    reason: Type.String(),
    requestedAt: DateTime,
    expiresAt: Type.String({ format: 'date-time', description: 'A request not decided by then has expired' }),
    status: Status,
    decidedBy: Nullable(Uuid),
    decidedByName: Nullable(Type.String(), { description: 'The decider’s display name' }),
    decidedAt: Nullable(DateTime),
    decisionComment: Nullable(Type.String()),
    grantId: Nullable(Type.String({ format: 'uuid', description: 'The break-the-glass access an approval created' })),
    allowedActions: Type.Array(Type.String(), { description: '`approve`, `refuse`: yours to decide' }),
  },
  { description: 'The case’s number and unit, never its content' },
);

/** POST /cases/break-glass, inside the /cases plugin. */
export function breakGlassEntry(app: Parameters<FastifyPluginAsyncTypebox>[0], service: BreakGlassService): void {
  app.post(
    '/break-glass',
    {
      config: { access: { permission: 'cases.break-glass' } },
      schema: {
        tags,
        summary:
          'Break the glass: time-limited access to a case outside your scope, after giving a reason; for a shielded case, a request a second person decides',
        description:
          'A case that is not shielded opens at once (201). A shielded case answers 202 with a pending request: its team lead (cases.grant-access in its unit) ' +
          'or a security officer (cases.review-access there) approves or refuses it within two hours on /break-glass-requests. Every attempt is a security event. ' +
          '404 when no case has that number; after five unknown numbers in an hour 429, whatever the number.',
        body: Type.Object(
          { caseNumber: Type.String({ pattern: '^[0-9]{4}-[0-9]{6,}$' }), reason: Reason },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ caseId: Uuid, grantId: Uuid, expiresAt: DateTime }),
          202: Type.Object({
            requestId: Uuid,
            status: Type.Literal('pending'),
            expiresAt: Type.String({ format: 'date-time', description: 'Decided by then, or expired' }),
          }),
        },
      },
    },
    async (request, reply) => {
      const outcome = await service.breakGlass(request.actorContext(), request.body);
      switch (outcome.kind) {
        case 'granted':
          return reply.code(201).send({ caseId: outcome.caseId, grantId: outcome.grantId, expiresAt: outcome.expiresAt });
        case 'requested':
          return reply.code(202).send({ requestId: outcome.requestId, status: outcome.status, expiresAt: outcome.expiresAt });
        case 'unknown':
          throw AppError.notFound('No case has that number.');
        case 'limited':
          reply.header('Retry-After', String(LIMIT_WINDOW_SECONDS));
          throw new AppError({
            status: 429,
            code: 'too-many-attempts',
            title: 'Too many attempts',
            detail:
              'Too many unknown case numbers within the hour: breaking the glass is refused for now (security officers have been told).',
            extensions: { retryAfterSeconds: LIMIT_WINDOW_SECONDS },
          });
      }
    },
  );
}

export function breakGlassRequestRoutes(service: BreakGlassService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary:
            'Break-the-glass requests for shielded cases that you made or may decide (cases.grant-access or cases.review-access in the case’s unit), newest first (audited)',
          querystring: Type.Object(
            { status: Type.Optional(Status), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(BreakGlassRequest) }) },
        },
      },
      async (request) => ({ items: await service.requests(request.actorContext(), request.query) }),
    );

    for (const [path, approve] of [
      ['approve', true],
      ['refuse', false],
    ] as const) {
      app.post(
        `/:requestId/${path}`,
        {
          config: { access: { authenticated: true } },
          schema: {
            tags,
            summary: approve
              ? 'Approve a pending request: the requester gets break-the-glass access to the case from now (a security event)'
              : 'Refuse a pending request (a security event)',
            description:
              'Only the case’s team lead (cases.grant-access in its unit) or a security officer (cases.review-access there), never the requester: ' +
              '403 for your own request, 404 for one you may not decide, 409 when it is decided or expired already.',
            params: Type.Object({ requestId: Uuid }),
            body: Type.Object({ comment: Reason }, { additionalProperties: false }),
            response: { 200: BreakGlassRequest },
          },
        },
        async (request) => service.decide(request.actorContext(), request.params.requestId, approve, request.body.comment),
      );
    }
  };
}

export function breakGlassReviewRoutes(service: BreakGlassService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { access: { permission: 'cases.review-access' } },
        schema: {
          tags,
          summary: 'Break-the-glass accesses to cases of the units where you review access (who, which case, when, why; audited)',
          querystring: Type.Object(
            { reviewed: Type.Boolean({ default: false }), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  id: Uuid,
                  caseId: Uuid,
                  caseNumber: Type.String(),
                  userId: Uuid,
                  userName: Nullable(Type.String(), { description: 'Who broke the glass: her display name' }),
                  reason: Type.String(),
                  grantedAt: DateTime,
                  expiresAt: Nullable(DateTime),
                  reviewedAt: Nullable(DateTime),
                  reviewedBy: Nullable(Uuid),
                  reviewedByName: Nullable(Type.String(), { description: 'The reviewer’s display name' }),
                  grantedBy: Nullable(Uuid, { description: 'Who approved it: the user herself when the case was not shielded' }),
                  grantedByName: Nullable(Type.String(), { description: 'The approver’s display name' }),
                }),
              ),
            }),
          },
        },
      },
      async (request) => ({ items: await service.accesses(request.actorContext(), request.query) }),
    );

    app.post(
      '/:grantId/review',
      {
        config: { access: { permission: 'cases.review-access' } },
        schema: {
          tags,
          summary: 'Mark a break-the-glass access reviewed, with a comment (not your own)',
          params: Type.Object({ grantId: Uuid }),
          body: Type.Object({ comment: Reason }, { additionalProperties: false }),
          response: { 204: Type.Null({ description: 'Done' }) },
        },
      },
      async (request, reply) => {
        await service.review(request.actorContext(), request.params.grantId, request.body.comment);
        return reply.code(204).send(null);
      },
    );
  };
}
