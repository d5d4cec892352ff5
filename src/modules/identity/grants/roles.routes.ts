// /roles and /permissions: roles bundle the permissions the modules define. Creating and changing a
// role are sensitive actions: they need a recent factor check.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Nullable, Uuid } from '../../../kernel/http/schemas.ts';
import type { RolesService } from './roles.service.ts';
import type { Sessions } from '../sessions/sessions.service.ts';
import { GrantRequestSchema, Reason } from '../identity.schemas.ts';

const RoleSchema = Type.Object({
  id: Uuid,
  key: Nullable(Type.String(), { description: 'Set for the roles Casus ships with' }),
  name: Type.String(),
  description: Type.String(),
  version: Type.Integer(),
  permissions: Type.Array(Type.String()),
  privileged: Type.Boolean({ description: 'Holds a privileged permission: falls under the quarterly access review' }),
});
const PermissionName = Type.String({ pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$', maxLength: 120 });

export function rolesRoutes(roles: RolesService, sessions: Sessions): { prefix: string; plugin: FastifyPluginAsyncTypebox }[] {
  const rolesPlugin: FastifyPluginAsyncTypebox = async (app) => {
    app.get(
      '/',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags: ['access'],
          summary: 'Roles and the permissions they bundle',
          response: { 200: Type.Object({ items: Type.Array(RoleSchema) }) },
        },
      },
      async () => ({ items: await roles.roles() }),
    );

    app.post(
      '/',
      {
        config: { access: { permission: 'roles.manage' } },
        schema: {
          tags: ['access'],
          summary: 'Create a role (re-authentication required)',
          description: 'Needs roles.manage at the root unit.',
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 200 }),
              description: Type.String({ maxLength: 2000, default: '' }),
              permissions: Type.Array(PermissionName, { uniqueItems: true, maxItems: 500 }),
              reason: Reason,
            },
            { additionalProperties: false },
          ),
          response: { 201: RoleSchema },
        },
      },
      async (request, reply) => {
        sessions.requireRecentAuthentication(request);
        return reply.code(201).send(await roles.createRole(request.actorContext(), request.body));
      },
    );

    app.put(
      '/:roleId/permissions',
      {
        config: { access: { permission: 'roles.manage' } },
        schema: {
          tags: ['access'],
          summary: 'Replace the permissions of a role (effective for every holder at once; re-authentication required)',
          description:
            'Needs roles.manage at the root unit; nobody adds permissions to a role she holds herself. ' +
            'Adding a privileged permission waits for a second administrator (202, a grant request); otherwise 200.',
          params: Type.Object({ roleId: Uuid }),
          body: Type.Object(
            { permissions: Type.Array(PermissionName, { uniqueItems: true, maxItems: 500 }), version: Type.Integer(), reason: Reason },
            { additionalProperties: false },
          ),
          response: { 200: RoleSchema, 202: GrantRequestSchema },
        },
      },
      async (request, reply) => {
        sessions.requireRecentAuthentication(request);
        const outcome = await roles.setRolePermissions(request.actorContext(), request.params.roleId, request.body);
        return outcome.request ? reply.code(202).send(outcome.request) : reply.code(200).send(outcome.role);
      },
    );
  };

  const permissionList: FastifyPluginAsyncTypebox = async (app) => {
    app.get(
      '/',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags: ['access'],
          summary: 'Every permission the modules define',
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({ name: Type.String(), module: Type.String(), description: Type.String(), privileged: Type.Boolean() }),
              ),
            }),
          },
        },
      },
      async () => ({ items: roles.permissions() }),
    );
  };

  return [
    { prefix: '/roles', plugin: rolesPlugin },
    { prefix: '/permissions', plugin: permissionList },
  ];
}
