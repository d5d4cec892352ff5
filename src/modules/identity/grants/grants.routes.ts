// /grants: a role to a user or a group in a unit (and its subtree), dated and revocable. Granting is a
// sensitive action: it needs a recent factor check.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../../kernel/errors.ts';
import { DateTime, Uuid } from '../../../kernel/http/schemas.ts';
import type { GrantsService } from './grants.service.ts';
import type { Sessions } from '../sessions/sessions.service.ts';
import { presentAssignment } from './grants.presenter.ts';
import { AssignmentSchema, GrantRequestSchema, Reason } from '../identity.schemas.ts';

const ReasonBody = Type.Object({ reason: Reason }, { additionalProperties: false });

export function grantsRoutes(grants: GrantsService, sessions: Sessions): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { access: { permission: 'users.read' } },
        schema: {
          tags: ['access'],
          summary: 'Current grants (not revoked, not ended) of a user or group',
          querystring: Type.Object({ userId: Type.Optional(Uuid), groupId: Type.Optional(Uuid) }, { additionalProperties: false }),
          response: { 200: Type.Object({ items: Type.Array(AssignmentSchema) }) },
        },
      },
      async (request) => {
        return { items: (await grants.list(request.actorContext(), request.query)).map(presentAssignment) };
      },
    );

    app.post(
      '/',
      {
        config: { access: { permission: 'grants.manage' } },
        schema: {
          tags: ['access'],
          summary: 'Grant a role to a user or group in a unit (and its subtree), optionally from/until a date',
          description:
            'Needs grants.manage in that unit and a recent re-authentication. ' +
            'Nobody grants to themselves, nor to a group they are in. A privileged role waits for a second administrator (202, a grant request); otherwise 201.',
          body: Type.Object(
            {
              roleId: Uuid,
              userId: Type.Optional(Uuid),
              groupId: Type.Optional(Uuid),
              unitId: Uuid,
              startsAt: Type.Optional(DateTime),
              endsAt: Type.Optional(DateTime),
              reason: Reason,
            },
            { additionalProperties: false },
          ),
          response: { 201: AssignmentSchema, 202: GrantRequestSchema },
        },
      },
      async (request, reply) => {
        const body = request.body;
        if ((body.userId === undefined) === (body.groupId === undefined)) {
          throw AppError.badRequest('Name either a user or a group.', [
            { pointer: '/body/userId', detail: 'exactly one of userId and groupId' },
          ]);
        }
        sessions.requireRecentAuthentication(request);
        const outcome = await grants.give(request.actorContext(), {
          ...body,
          startsAt: body.startsAt ? new Date(body.startsAt) : null,
          endsAt: body.endsAt ? new Date(body.endsAt) : null,
        });
        return 'granted' in outcome ? reply.code(201).send(presentAssignment(outcome.granted)) : reply.code(202).send(outcome.request);
      },
    );

    app.post(
      '/:grantId/revoke',
      {
        config: { access: { permission: 'grants.manage' } },
        schema: {
          tags: ['access'],
          summary: 'Revoke a grant now (effective on the holder’s next request)',
          params: Type.Object({ grantId: Uuid }),
          body: ReasonBody,
          response: { 200: AssignmentSchema },
        },
      },
      async (request) => presentAssignment(await grants.revoke(request.actorContext(), request.params.grantId, request.body.reason)),
    );
  };
}
