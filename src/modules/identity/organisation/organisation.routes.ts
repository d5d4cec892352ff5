// /units, /groups, /roles, /permissions and /grants: the structure administrators shape by
// configuration. Granting and changing roles are sensitive actions: they need a recent factor check.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PermissionRegistry } from '../../../kernel/auth/permissions.ts';
import { authorize } from '../../../kernel/auth/policy.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { AppError } from '../../../kernel/errors.ts';
import type { OrganisationService } from './organisation.service.ts';
import type { Sessions } from '../sessions/sessions.service.ts';
import { unitPolicy } from '../identity.policy.ts';
import { currentAssignments, findAssignment, revokeRoleAssignment, type RoleAssignment } from '../grants/grants.service.ts';
import { AssignmentSchema, DateTime, GrantRequestSchema, NoContent, Reason, Uuid } from '../identity.schemas.ts';

const UnitSchema = Type.Object({
  id: Uuid,
  parentId: Type.Union([Uuid, Type.Null()]),
  kind: Type.Union([Type.Literal('national'), Type.Literal('region'), Type.Literal('team')]),
  code: Type.String(),
  name: Type.String(),
  managerId: Type.Union([Uuid, Type.Null()]),
  active: Type.Boolean(),
  version: Type.Integer(),
});
const GroupSchema = Type.Object({ id: Uuid, name: Type.String(), description: Type.String(), version: Type.Integer(), memberIds: Type.Array(Uuid) });
const RoleSchema = Type.Object({
  id: Uuid,
  key: Type.Union([Type.String(), Type.Null()], { description: 'Set for the roles Casus ships with' }),
  name: Type.String(),
  description: Type.String(),
  version: Type.Integer(),
  permissions: Type.Array(Type.String()),
  privileged: Type.Boolean({ description: 'Holds a privileged permission: falls under the quarterly access review' }),
});
const PermissionName = Type.String({ pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$', maxLength: 120 });
const ReasonBody = Type.Object({ reason: Reason }, { additionalProperties: false });

const presentAssignment = (g: RoleAssignment) => ({
  ...g,
  startsAt: g.startsAt.toISOString(),
  endsAt: g.endsAt?.toISOString() ?? null,
  grantedAt: g.grantedAt.toISOString(),
  revokedAt: g.revokedAt?.toISOString() ?? null,
});

export function organisationRoutes(organisation: OrganisationService, sessions: Sessions, db: Database, permissions: PermissionRegistry): { prefix: string; plugin: FastifyPluginAsyncTypebox }[] {
  const units: FastifyPluginAsyncTypebox = async (app) => {
    app.get('/', {
      config: { access: { authenticated: true } },
      schema: { tags: ['organisation'], summary: 'The organisational units (national, regions, teams) as a flat list with parents', response: { 200: Type.Object({ items: Type.Array(UnitSchema) }) } },
    }, async () => ({ items: await organisation.units() }));

    app.post('/', {
      config: { access: { permission: 'units.manage' } },
      schema: {
        tags: ['organisation'],
        summary: 'Add a region or team under a unit you manage',
        body: Type.Object({
          parentId: Uuid,
          kind: Type.Union([Type.Literal('region'), Type.Literal('team')]),
          code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }),
          name: Type.String({ minLength: 1, maxLength: 200 }),
          managerId: Type.Optional(Type.Union([Uuid, Type.Null()])),
          reason: Reason,
        }, { additionalProperties: false }),
        response: { 201: UnitSchema },
      },
    }, async (request, reply) => reply.code(201).send(await organisation.createUnit(request.actorContext(), request.body)));

    app.patch('/:unitId', {
      config: { access: { permission: 'units.manage' } },
      schema: {
        tags: ['organisation'],
        summary: 'Rename, move, close a unit or name its manager (the reviewer of its grants)',
        params: Type.Object({ unitId: Uuid }),
        body: Type.Object({
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          parentId: Type.Optional(Uuid),
          managerId: Type.Optional(Type.Union([Uuid, Type.Null()])),
          active: Type.Optional(Type.Boolean()),
          version: Type.Integer(),
          reason: Reason,
        }, { additionalProperties: false }),
        response: { 200: UnitSchema },
      },
    }, async (request) => organisation.updateUnit(request.actorContext(), request.params.unitId, request.body));
  };

  const groups: FastifyPluginAsyncTypebox = async (app) => {
    app.get('/', {
      config: { access: { permission: 'users.read' } },
      schema: { tags: ['organisation'], summary: 'User groups and their members', response: { 200: Type.Object({ items: Type.Array(GroupSchema) }) } },
    }, async () => ({ items: await organisation.groups() }));

    app.post('/', {
      config: { access: { permission: 'users.manage' } },
      schema: {
        tags: ['organisation'],
        summary: 'Create a user group (roles can be granted to a group)',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), description: Type.String({ maxLength: 2000, default: '' }), reason: Reason }, { additionalProperties: false }),
        response: { 201: GroupSchema },
      },
    }, async (request, reply) => reply.code(201).send(await organisation.createGroup(request.actorContext(), request.body)));

    app.post('/:groupId/members', {
      config: { access: { permission: 'grants.manage' } },
      schema: {
        tags: ['organisation'],
        summary: 'Add a member: she gains the group’s grants (re-authentication required)',
        description: 'Only for someone who could make each of the group’s grants herself: grants.manage in the unit of each. ' +
          'When the group holds a privileged role, the membership waits for a second administrator (202, a grant request).',
        params: Type.Object({ groupId: Uuid }),
        body: Type.Object({ userId: Uuid, reason: Reason }, { additionalProperties: false }),
        response: { 202: GrantRequestSchema, 204: NoContent },
      },
    }, async (request, reply) => {
      sessions.requireRecentAuthentication(request);
      const { request: pending } = await organisation.addMember(request.actorContext(), request.params.groupId, request.body.userId, request.body.reason);
      return pending ? reply.code(202).send(pending) : reply.code(204).send(null);
    });

    app.post('/:groupId/members/:userId/remove', {
      config: { access: { permission: 'grants.manage' } },
      schema: {
        tags: ['organisation'],
        summary: 'Remove a member (they lose the group’s grants on their next request)',
        description: 'Like revoking the group’s grants from her: needs grants.manage in the unit of each of them.',
        params: Type.Object({ groupId: Uuid, userId: Uuid }),
        body: ReasonBody,
        response: { 204: NoContent },
      },
    }, async (request, reply) => {
      await organisation.removeMember(request.actorContext(), request.params.groupId, request.params.userId, request.body.reason);
      return reply.code(204).send(null);
    });
  };

  const roles: FastifyPluginAsyncTypebox = async (app) => {
    app.get('/', {
      config: { access: { authenticated: true } },
      schema: { tags: ['access'], summary: 'Roles and the permissions they bundle', response: { 200: Type.Object({ items: Type.Array(RoleSchema) }) } },
    }, async () => ({ items: await organisation.roles() }));

    app.post('/', {
      config: { access: { permission: 'roles.manage' } },
      schema: {
        tags: ['access'],
        summary: 'Create a role (re-authentication required)',
        description: 'Needs roles.manage at the root unit.',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), description: Type.String({ maxLength: 2000, default: '' }), permissions: Type.Array(PermissionName, { uniqueItems: true, maxItems: 500 }), reason: Reason }, { additionalProperties: false }),
        response: { 201: RoleSchema },
      },
    }, async (request, reply) => {
      sessions.requireRecentAuthentication(request);
      return reply.code(201).send(await organisation.createRole(request.actorContext(), request.body));
    });

    app.put('/:roleId/permissions', {
      config: { access: { permission: 'roles.manage' } },
      schema: {
        tags: ['access'],
        summary: 'Replace the permissions of a role (effective for every holder at once; re-authentication required)',
        description: 'Needs roles.manage at the root unit; nobody adds permissions to a role she holds herself. ' +
          'Adding a privileged permission waits for a second administrator (202, a grant request); otherwise 200.',
        params: Type.Object({ roleId: Uuid }),
        body: Type.Object({ permissions: Type.Array(PermissionName, { uniqueItems: true, maxItems: 500 }), version: Type.Integer(), reason: Reason }, { additionalProperties: false }),
        response: { 200: RoleSchema, 202: GrantRequestSchema },
      },
    }, async (request, reply) => {
      sessions.requireRecentAuthentication(request);
      const outcome = await organisation.setRolePermissions(request.actorContext(), request.params.roleId, request.body);
      return outcome.request ? reply.code(202).send(outcome.request) : reply.code(200).send(outcome.role);
    });
  };

  const permissionList: FastifyPluginAsyncTypebox = async (app) => {
    app.get('/', {
      config: { access: { authenticated: true } },
      schema: {
        tags: ['access'],
        summary: 'Every permission the modules define',
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ name: Type.String(), module: Type.String(), description: Type.String(), privileged: Type.Boolean() })) }) },
      },
    }, async () => ({ items: permissions.all().map((p) => ({ name: p.name, module: p.module, description: p.description, privileged: p.privileged ?? false })) }));
  };

  const grants: FastifyPluginAsyncTypebox = async (app) => {
    app.get('/', {
      config: { access: { permission: 'users.read' } },
      schema: {
        tags: ['access'],
        summary: 'Current grants (not revoked, not ended) of a user or group',
        querystring: Type.Object({ userId: Type.Optional(Uuid), groupId: Type.Optional(Uuid) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(AssignmentSchema) }) },
      },
    }, async (request) => {
      const items = await db.transaction(request.actorContext(), (tx) => currentAssignments(tx, request.query));
      const readable = new Set(request.actor.scopes?.['users.read'] ?? []);
      return { items: items.filter((g) => readable.has(g.unitId)).map(presentAssignment) };
    });

    app.post('/', {
      config: { access: { permission: 'grants.manage' } },
      schema: {
        tags: ['access'],
        summary: 'Grant a role to a user or group in a unit (and its subtree), optionally from/until a date',
        description: 'Needs grants.manage in that unit and a recent re-authentication. ' +
          'Nobody grants to themselves, nor to a group they are in. A privileged role waits for a second administrator (202, a grant request); otherwise 201.',
        body: Type.Object({
          roleId: Uuid,
          userId: Type.Optional(Uuid),
          groupId: Type.Optional(Uuid),
          unitId: Uuid,
          startsAt: Type.Optional(DateTime),
          endsAt: Type.Optional(DateTime),
          reason: Reason,
        }, { additionalProperties: false }),
        response: { 201: AssignmentSchema, 202: GrantRequestSchema },
      },
    }, async (request, reply) => {
      const body = request.body;
      if ((body.userId === undefined) === (body.groupId === undefined)) {
        throw AppError.badRequest('Name either a user or a group.', [{ pointer: '/body/userId', detail: 'exactly one of userId and groupId' }]);
      }
      sessions.requireRecentAuthentication(request);
      const outcome = await organisation.give(request.actorContext(), {
        ...body,
        startsAt: body.startsAt ? new Date(body.startsAt) : null,
        endsAt: body.endsAt ? new Date(body.endsAt) : null,
      });
      return 'granted' in outcome ? reply.code(201).send(presentAssignment(outcome.granted)) : reply.code(202).send(outcome.request);
    });

    app.post('/:grantId/revoke', {
      config: { access: { permission: 'grants.manage' } },
      schema: {
        tags: ['access'],
        summary: 'Revoke a grant now (effective on the holder’s next request)',
        params: Type.Object({ grantId: Uuid }),
        body: ReasonBody,
        response: { 200: AssignmentSchema },
      },
    }, async (request) => {
      const revoked = await db.transaction(request.actorContext(), async (tx) => {
        const grant = await findAssignment(tx, request.params.grantId);
        if (!grant) throw AppError.notFound();
        authorize(request.actor, unitPolicy, 'manageGrants', { id: grant.unitId, parentId: null }, { hideExistence: true });
        await revokeRoleAssignment(tx, grant.id, request.body.reason);
        return (await findAssignment(tx, grant.id))!;
      });
      return presentAssignment(revoked);
    });
  };

  return [
    { prefix: '/units', plugin: units },
    { prefix: '/groups', plugin: groups },
    { prefix: '/roles', plugin: roles },
    { prefix: '/permissions', plugin: permissionList },
    { prefix: '/grants', plugin: grants },
  ];
}
