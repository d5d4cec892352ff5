// /units and /groups: the structure administrators shape by configuration (roles and grants:
// grants/). Adding a group member gives her the group's grants: it needs a recent factor check.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Nullable, StringEnum, Uuid } from '../../../kernel/http/schemas.ts';
import type { OrganisationService } from './organisation.service.ts';
import type { Sessions } from '../sessions/sessions.service.ts';
import { GrantRequestSchema, NoContent, Reason } from '../identity.schemas.ts';

const UnitSchema = Type.Object({
  id: Uuid,
  parentId: Nullable(Uuid),
  kind: StringEnum(['national', 'region', 'team']),
  code: Type.String(),
  name: Type.String(),
  managerId: Nullable(Uuid),
  active: Type.Boolean(),
  version: Type.Integer(),
});
const GroupSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  version: Type.Integer(),
  memberIds: Type.Array(Uuid),
});
const ReasonBody = Type.Object({ reason: Reason }, { additionalProperties: false });

export function organisationRoutes(
  organisation: OrganisationService,
  sessions: Sessions,
): { prefix: string; plugin: FastifyPluginAsyncTypebox }[] {
  const units: FastifyPluginAsyncTypebox = async (app) => {
    app.get(
      '/',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags: ['organisation'],
          summary: 'The organisational units (national, regions, teams) as a flat list with parents',
          response: { 200: Type.Object({ items: Type.Array(UnitSchema) }) },
        },
      },
      async () => ({ items: await organisation.units() }),
    );

    app.post(
      '/',
      {
        config: { access: { permission: 'units.manage' } },
        schema: {
          tags: ['organisation'],
          summary: 'Add a region or team under a unit you manage',
          body: Type.Object(
            {
              parentId: Uuid,
              kind: StringEnum(['region', 'team']),
              code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }),
              name: Type.String({ minLength: 1, maxLength: 200 }),
              managerId: Type.Optional(Nullable(Uuid)),
              reason: Reason,
            },
            { additionalProperties: false },
          ),
          response: { 201: UnitSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await organisation.createUnit(request.actorContext(), request.body)),
    );

    app.patch(
      '/:unitId',
      {
        config: { access: { permission: 'units.manage' } },
        schema: {
          tags: ['organisation'],
          summary: 'Rename, move, close a unit or name its manager (the reviewer of its grants)',
          params: Type.Object({ unitId: Uuid }),
          body: Type.Object(
            {
              name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
              parentId: Type.Optional(Uuid),
              managerId: Type.Optional(Nullable(Uuid)),
              active: Type.Optional(Type.Boolean()),
              version: Type.Integer(),
              reason: Reason,
            },
            { additionalProperties: false },
          ),
          response: { 200: UnitSchema },
        },
      },
      async (request) => organisation.updateUnit(request.actorContext(), request.params.unitId, request.body),
    );
  };

  const groups: FastifyPluginAsyncTypebox = async (app) => {
    app.get(
      '/',
      {
        config: { access: { permission: 'users.read' } },
        schema: {
          tags: ['organisation'],
          summary: 'User groups and their members',
          response: { 200: Type.Object({ items: Type.Array(GroupSchema) }) },
        },
      },
      async () => ({ items: await organisation.groups() }),
    );

    app.post(
      '/',
      {
        config: { access: { permission: 'users.manage' } },
        schema: {
          tags: ['organisation'],
          summary: 'Create a user group (roles can be granted to a group)',
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 200 }),
              description: Type.String({ maxLength: 2000, default: '' }),
              reason: Reason,
            },
            { additionalProperties: false },
          ),
          response: { 201: GroupSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await organisation.createGroup(request.actorContext(), request.body)),
    );

    app.post(
      '/:groupId/members',
      {
        config: { access: { permission: 'grants.manage' } },
        schema: {
          tags: ['organisation'],
          summary: 'Add a member: she gains the group’s grants (re-authentication required)',
          description:
            'Only for someone who could make each of the group’s grants herself: grants.manage in the unit of each. ' +
            'When the group holds a privileged role, the membership waits for a second administrator (202, a grant request).',
          params: Type.Object({ groupId: Uuid }),
          body: Type.Object({ userId: Uuid, reason: Reason }, { additionalProperties: false }),
          response: { 202: GrantRequestSchema, 204: NoContent },
        },
      },
      async (request, reply) => {
        sessions.requireRecentAuthentication(request);
        const { request: pending } = await organisation.addMember(
          request.actorContext(),
          request.params.groupId,
          request.body.userId,
          request.body.reason,
        );
        return pending ? reply.code(202).send(pending) : reply.code(204).send(null);
      },
    );

    app.post(
      '/:groupId/members/:userId/remove',
      {
        config: { access: { permission: 'grants.manage' } },
        schema: {
          tags: ['organisation'],
          summary: 'Remove a member (they lose the group’s grants on their next request)',
          description: 'Like revoking the group’s grants from her: needs grants.manage in the unit of each of them.',
          params: Type.Object({ groupId: Uuid, userId: Uuid }),
          body: ReasonBody,
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await organisation.removeMember(request.actorContext(), request.params.groupId, request.params.userId, request.body.reason);
        return reply.code(204).send(null);
      },
    );
  };

  return [
    { prefix: '/units', plugin: units },
    { prefix: '/groups', plugin: groups },
  ];
}
