// Forgotten password (/auth/password-reset) and changing one's own password (/auth/password).
// Thin: validate -> PasswordResets -> present. Completing a reset answers like POST /auth/sign-in:
// a pending sign-in that still needs the second factor.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { StringEnum, Uuid } from '../../../kernel/http/schemas.ts';
import type { Sessions } from '../sessions/sessions.service.ts';
import { RESET_LINK_MINUTES, type PasswordResets } from './password-reset.service.ts';
import { SecondFactorMethod } from '../identity.schemas.ts';

const TAGS = ['authentication'];
const PUBLIC = { access: { public: true as const } };
// '/' under the prefix: the route is the prefix itself, without a second trailing-slash twin.
const ROOT = { prefixTrailingSlash: 'no-slash' as const };

const Accepted = Type.Object({
  message: Type.String({ description: 'The same text whether or not the account exists' }),
});
const ACCEPTED = {
  message: `If this account exists and has an e-mail address, a link to set a new password is on its way. It works once, for ${RESET_LINK_MINUTES} minutes.`,
};
const StepSchema = Type.Object({
  next: StringEnum(['second-factor', 'enrol-second-factor'], {
    description: 'second-factor: POST /auth/second-factor (or a passkey); enrol-second-factor: POST /auth/totp/enrolment',
  }),
  methods: Type.Array(SecondFactorMethod),
  csrfToken: Type.String({ description: 'Send as X-CSRF-Token on every state-changing request of this session' }),
});
// Length is bounded here only against abuse; the rules (12..128 characters, not common, ...) answer
// with field errors from the service.
const NewPassword = Type.String({ minLength: 1, maxLength: 1024 });

export function passwordResetRoutes(resets: PasswordResets, sessions: Sessions): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/',
      {
        ...ROOT,
        config: PUBLIC,
        schema: {
          tags: TAGS,
          summary: 'Forgot my password: e-mail me a link to set a new one',
          description: `Always 202 with the same body, whether or not the username exists (the mail goes out afterwards). The link in the mail is single-use, valid for ${RESET_LINK_MINUTES} minutes, and replaces earlier links. Rate-limited per IP address and per account (3 mails an hour). 503 when this installation sends no e-mail.`,
          body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 120 }) }, { additionalProperties: false }),
          response: { 202: Accepted },
        },
      },
      async (request, reply) => {
        await resets.request(request.actorContext(), request.body.username);
        return reply.code(202).send(ACCEPTED);
      },
    );

    app.post(
      '/complete',
      {
        config: PUBLIC,
        schema: {
          tags: TAGS,
          summary: 'Set a new password with the link from the mail, then continue with the second factor',
          description:
            'Ends all sessions of the user and starts a sign-in that still needs the second factor (a reset never signs in by itself). 400 invalid-or-expired-link for an unknown, used, replaced or expired link; 400 with field errors when the password does not meet the rules (the link stays usable).',
          body: Type.Object(
            {
              token: Type.String({ minLength: 1, maxLength: 128, description: 'From the link: /reset-password#token=...' }),
              newPassword: NewPassword,
            },
            { additionalProperties: false },
          ),
          response: { 200: StepSchema },
        },
      },
      async (request, reply) => {
        const step = await resets.complete(request.actorContext(), request.body.token, request.body.newPassword);
        sessions.setCookie(reply, step.token);
        return { next: step.next as 'second-factor' | 'enrol-second-factor', methods: step.methods, csrfToken: step.session.csrf_token };
      },
    );

    app.post(
      '/for-user',
      {
        config: { access: { permission: 'users.support' } },
        schema: {
          tags: TAGS,
          summary: 'Send a user the password-reset e-mail (service desk)',
          description:
            "The user gets the same e-mail as when they ask themselves; the caller never sees the link, and there is no way to set another user's password. 404 for a user outside the caller's units; 409 when the user is deactivated or has no e-mail address; 503 when the mail could not be sent.",
          body: Type.Object({ userId: Uuid }, { additionalProperties: false }),
          response: { 202: Accepted },
        },
      },
      async (request, reply) => {
        await resets.requestFor(request.actorContext(), request.body.userId);
        return reply
          .code(202)
          .send({ message: `The user has been sent a link to set a new password. It works once, for ${RESET_LINK_MINUTES} minutes.` });
      },
    );
  };
}

export function passwordChangeRoutes(resets: PasswordResets): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/',
      {
        ...ROOT,
        config: { access: { authenticated: true as const } },
        schema: {
          tags: TAGS,
          summary: 'Change my password',
          description:
            'Needs the current password. Wrong current passwords count towards the account lockout. Ends all other sessions of the user; this one stays signed in.',
          body: Type.Object(
            { currentPassword: Type.String({ minLength: 1, maxLength: 1024 }), newPassword: NewPassword },
            { additionalProperties: false },
          ),
          response: { 204: Type.Null({ description: 'Changed' }) },
        },
      },
      async (request, reply) => {
        await resets.change(request, request.body.currentPassword, request.body.newPassword);
        return reply.code(204).send(null);
      },
    );
  };
}
