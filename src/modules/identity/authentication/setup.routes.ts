// POST /api/v1/setup: the one-time setup link creates the first administrator (password + the
// functional-administrator role at the national unit) and starts an *enrolling* session: nothing
// works until the administrator has set up a second factor. Thin: validate -> SetupService -> cookie.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Nullable } from '../../../kernel/http/schemas.ts';
import type { Sessions } from '../sessions/sessions.service.ts';
import type { SetupService } from './setup.service.ts';
import { Email, Username } from '../identity.schemas.ts';

export function setupRoutes(setup: SetupService, sessions: Sessions): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/',
      {
        config: { access: { public: true } },
        schema: {
          tags: ['authentication'],
          summary: 'Create an administrator with a one-time setup link (first run, or `casus users bootstrap-admin`)',
          body: Type.Object(
            {
              token: Type.String({ minLength: 20, maxLength: 100 }),
              username: Username,
              displayName: Type.String({ minLength: 1, maxLength: 200 }),
              email: Nullable(Email),
              password: Type.String({ minLength: 1, maxLength: 1024 }),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              next: Type.Literal('enrol-second-factor'),
              methods: Type.Array(Type.String()),
              csrfToken: Type.String(),
            }),
          },
        },
      },
      async (request, reply) => {
        const step = await setup.complete(request.actorContext(), request.body);
        sessions.setCookie(reply, step.token);
        return { next: 'enrol-second-factor' as const, methods: [], csrfToken: step.session.csrf_token };
      },
    );
  };
}
