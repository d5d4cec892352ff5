// /users: joiners, movers, leavers, and the support actions of the service desk.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DateTime, Nullable, Page, StringEnum, Uuid } from '../../../kernel/http/schemas.ts';
import type { UsersService } from './users.service.ts';
import type { Sessions } from '../sessions/sessions.service.ts';
import { SessionSchema } from '../sessions/sessions.presenter.ts';
import { presentAssignment } from '../grants/grants.presenter.ts';
import { AssignmentSchema, Email, NoContent, Reason, UserSchema, Username } from '../identity.schemas.ts';

const TAGS = ['users'];
const UserParams = Type.Object({ userId: Uuid });
const ReasonBody = Type.Object({ reason: Reason }, { additionalProperties: false });

export function usersRoutes(users: UsersService, sessions: Sessions): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { access: { permission: 'users.read' } },
        schema: {
          tags: TAGS,
          summary: 'Users in the units where you may read users',
          querystring: Type.Object(
            {
              unitId: Type.Optional(Uuid),
              status: Type.Optional(StringEnum(['active', 'deactivated'])),
              q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of username, name or e-mail' })),
              after: Type.Optional(Type.String({ maxLength: 120, description: 'The `next` value of the previous page' })),
              limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
            },
            { additionalProperties: false },
          ),
          response: { 200: Page(UserSchema) },
        },
      },
      async (request) => users.list(request.actorContext(), request.query),
    );

    app.post(
      '/',
      {
        config: { access: { permission: 'users.manage' } },
        schema: {
          tags: TAGS,
          summary: 'Add a user (joiner)',
          description:
            'The new user has no grants and no password: grant roles, then send a password-reset link (or let them use single sign-on).',
          body: Type.Object(
            {
              kind: StringEnum(['staff', 'volunteer']),
              username: Username,
              displayName: Type.String({ minLength: 1, maxLength: 200 }),
              email: Nullable(Email),
              unitId: Uuid,
              reason: Reason,
            },
            { additionalProperties: false },
          ),
          response: { 201: UserSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await users.create(request.actorContext(), request.body)),
    );

    app.get(
      '/:userId',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags: TAGS,
          summary: 'One user with their current grants, groups and second factors',
          params: UserParams,
          response: {
            200: Type.Object({
              ...UserSchema.properties,
              grants: Type.Array(AssignmentSchema),
              groups: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
              factors: Type.Object({ totp: Type.Boolean(), webauthn: Type.Integer(), recoveryCodes: Type.Integer() }),
            }),
          },
        },
      },
      async (request) => {
        const user = await users.get(request.actorContext(), request.params.userId);
        return { ...user, grants: user.grants.map(presentAssignment) };
      },
    );

    app.patch(
      '/:userId',
      {
        config: { access: { permission: 'users.manage' } },
        schema: {
          tags: TAGS,
          summary: 'Change name or e-mail address',
          params: UserParams,
          body: Type.Object(
            {
              displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
              email: Type.Optional(Nullable(Email)),
              version: Type.Integer(),
            },
            { additionalProperties: false },
          ),
          response: { 200: UserSchema },
        },
      },
      async (request) => users.update(request.actorContext(), request.params.userId, request.body),
    );

    app.post(
      '/:userId/move',
      {
        config: { access: { permission: 'users.manage' } },
        schema: {
          tags: TAGS,
          summary: 'Move a user to another unit (mover)',
          description: 'Grants in the old unit end at endOldGrantsAt (default: now).',
          params: UserParams,
          body: Type.Object(
            { unitId: Uuid, endOldGrantsAt: Type.Optional(Nullable(DateTime)), reason: Reason },
            { additionalProperties: false },
          ),
          response: { 200: UserSchema },
        },
      },
      async (request) =>
        users.move(request.actorContext(), request.params.userId, {
          ...request.body,
          endOldGrantsAt: request.body.endOldGrantsAt ? new Date(request.body.endOldGrantsAt) : null,
        }),
    );

    app.post(
      '/:userId/deactivate',
      {
        config: { access: { permission: 'users.manage' } },
        schema: {
          tags: TAGS,
          summary: 'Deactivate (leaver): ends sessions and API tokens, revokes grants',
          params: UserParams,
          body: ReasonBody,
          response: { 200: UserSchema },
        },
      },
      async (request) => users.deactivate(request.actorContext(), request.params.userId, request.body.reason),
    );

    app.post(
      '/:userId/reactivate',
      {
        config: { access: { permission: 'users.manage' } },
        schema: {
          tags: TAGS,
          summary: 'Reactivate a deactivated user (without grants)',
          params: UserParams,
          body: ReasonBody,
          response: { 200: UserSchema },
        },
      },
      async (request) => users.reactivate(request.actorContext(), request.params.userId, request.body.reason),
    );

    app.post(
      '/:userId/reset-factors',
      {
        config: { access: { permission: 'users.support' } },
        schema: {
          tags: TAGS,
          summary: 'Remove all second factors (lost phone); the user enrols anew at the next sign-in',
          description: 'Needs a recent re-authentication of the caller. Ends all the user’s sessions.',
          params: UserParams,
          body: ReasonBody,
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        sessions.requireRecentAuthentication(request);
        await users.resetFactors(request.actorContext(), request.params.userId, request.body.reason);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/:userId/unlock',
      {
        config: { access: { permission: 'users.support' } },
        schema: {
          tags: TAGS,
          summary: 'Lift a sign-in lockout',
          params: UserParams,
          body: ReasonBody,
          response: { 200: Type.Object({ wasLocked: Type.Boolean() }) },
        },
      },
      async (request) => ({ wasLocked: await users.unlock(request.actorContext(), request.params.userId, request.body.reason) }),
    );

    app.get(
      '/:userId/sessions',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags: TAGS,
          summary: 'A user’s sessions (your own, or with sessions.manage)',
          params: UserParams,
          response: { 200: Type.Object({ items: Type.Array(SessionSchema) }) },
        },
      },
      async (request) => ({
        items: await users.sessions(request.actorContext(), request.params.userId, sessions.sessionOf(request)?.id ?? null),
      }),
    );

    app.post(
      '/:userId/sessions/end',
      {
        config: { access: { permission: 'sessions.manage' } },
        schema: {
          tags: TAGS,
          summary: 'End all of a user’s sessions now',
          params: UserParams,
          body: ReasonBody,
          response: { 200: Type.Object({ ended: Type.Integer() }) },
        },
      },
      async (request) => ({ ended: await users.endSessions(request.actorContext(), request.params.userId, request.body.reason) }),
    );
  };
}
