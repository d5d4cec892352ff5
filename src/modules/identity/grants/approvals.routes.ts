// /grant-requests: the four-eyes queue (approvals.service.ts). A privileged grant, a membership of a
// group holding one, or a privileged permission added to a role waits here for a second administrator.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { StringEnum, Uuid } from '../../../kernel/http/schemas.ts';
import type { Approvals } from './approvals.service.ts';
import type { Sessions } from '../sessions/sessions.service.ts';
import { GrantRequestSchema, Reason } from '../identity.schemas.ts';

const TAGS = ['access'];
const Params = Type.Object({ requestId: Uuid });

export function approvalRoutes(approvals: Approvals, sessions: Sessions): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { access: { permission: 'grants.manage' } },
        schema: {
          tags: TAGS,
          summary: 'Grant requests: those you may decide (pending, not expired), or those you made',
          description:
            'view=decide (default): what you may approve: not asked by you, not giving you anything, and a change you could make yourself. ' +
            'view=mine: your own requests with their outcome. At most 200, oldest pending first / newest first.',
          querystring: Type.Object({ view: StringEnum(['decide', 'mine'], { default: 'decide' }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ items: Type.Array(GrantRequestSchema) }) },
        },
      },
      async (request) => ({ items: await approvals.list(request.actorContext(), request.query.view) }),
    );

    app.post(
      '/:requestId/approve',
      {
        config: { access: { permission: 'grants.manage' } },
        schema: {
          tags: TAGS,
          summary: 'Approve a grant request: the grant, membership or role change takes effect now (re-authentication required)',
          description:
            'Not your own request, nothing it gives may reach you, and you must be able to make the change yourself (403 otherwise; 404 for requests you may not see). ' +
            '409 when it was decided already, has expired, or can no longer be carried out as asked.',
          params: Params,
          body: Type.Object({ reason: Type.Optional(Reason) }, { additionalProperties: false }),
          response: { 200: GrantRequestSchema },
        },
      },
      async (request) => {
        sessions.requireRecentAuthentication(request);
        return approvals.approve(request.actorContext(), request.params.requestId, request.body.reason ?? null);
      },
    );

    app.post(
      '/:requestId/refuse',
      {
        config: { access: { permission: 'grants.manage' } },
        schema: {
          tags: TAGS,
          summary: 'Refuse a grant request (nothing changes)',
          description: 'Any administrator who may decide it except its requester (whose request expires by itself after 7 days).',
          params: Params,
          body: Type.Object({ reason: Reason }, { additionalProperties: false }),
          response: { 200: GrantRequestSchema },
        },
      },
      async (request) => approvals.refuse(request.actorContext(), request.params.requestId, request.body.reason),
    );
  };
}
