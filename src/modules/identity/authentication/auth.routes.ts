// Sign-in, second factor, enrolment, re-authentication, sign-out and the user's own sessions.
// Thin: validate -> AuthService -> present. The session cookie is set here and nowhere else.
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { StringEnum } from '../../../kernel/http/schemas.ts';
import { AppError } from '../../../kernel/errors.ts';
import type { AuthService, SignInStep } from './auth.service.ts';
import type { Sessions } from '../sessions/sessions.service.ts';
import { presentSession, SessionSchema } from '../sessions/sessions.presenter.ts';
import { NoBody, NoContent, SecondFactorMethod } from '../identity.schemas.ts';
import { PreferencesSchema } from './preferences.routes.ts';

const PUBLIC = { access: { public: true as const } };
const AUTHENTICATED = { access: { authenticated: true as const } };
const TAGS = ['authentication'];

const StepSchema = Type.Object({
  next: StringEnum(['second-factor', 'enrol-second-factor', 'done'], {
    description: 'second-factor: POST /auth/second-factor; enrol-second-factor: POST /auth/totp/enrolment (or a passkey); done: signed in',
  }),
  methods: Type.Array(SecondFactorMethod, { description: 'The second factors this user has set up' }),
  csrfToken: Type.String({ description: 'Send as X-CSRF-Token on every state-changing request of this session' }),
});
const Code = Type.String({ minLength: 1, maxLength: 64 });

export function authRoutes(auth: AuthService, sessions: Sessions): FastifyPluginAsyncTypebox {
  const answer = (reply: FastifyReply, step: SignInStep) => {
    sessions.setCookie(reply, step.token);
    return { next: step.next, methods: step.methods, csrfToken: step.session.csrf_token };
  };

  return async (app) => {
    app.post(
      '/sign-in',
      {
        config: PUBLIC,
        schema: {
          tags: TAGS,
          summary: 'Sign in with username and password (step one of two)',
          description:
            'Always answers the same way when the username is unknown, the password wrong or the account locked. Rate-limited per IP address; repeated failures lock the account for a while.',
          body: Type.Object(
            { username: Type.String({ minLength: 1, maxLength: 120 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
            { additionalProperties: false },
          ),
          response: { 200: StepSchema },
        },
      },
      async (request, reply) => answer(reply, await auth.signInWithPassword(request.actorContext(), request.body)),
    );

    app.get(
      '/pending',
      {
        config: PUBLIC,
        schema: {
          tags: TAGS,
          summary: 'The sign-in waiting for a second factor in this browser (after a password, SSO or reset link)',
          response: { 200: StepSchema },
        },
      },
      async (request) => {
        const session = await sessions.requirePending(request, ['pending', 'enrolling']);
        return {
          next: session.state === 'enrolling' ? ('enrol-second-factor' as const) : ('second-factor' as const),
          methods: session.state === 'enrolling' ? [] : await auth.methodsOf(session.user_id),
          csrfToken: session.csrf_token,
        };
      },
    );

    app.post(
      '/second-factor',
      {
        config: PUBLIC,
        schema: {
          tags: TAGS,
          summary: 'Complete sign-in with a second factor (step two)',
          description:
            'For the pending sign-in of this browser session: a TOTP code or a recovery code. A passkey is checked through /auth/webauthn/authentication.',
          body: Type.Object({ method: StringEnum(['totp', 'recovery-code']), code: Code }, { additionalProperties: false }),
          response: { 200: StepSchema },
        },
      },
      async (request, reply) => answer(reply, await auth.verifySecondFactor(request, request.body.method, request.body.code)),
    );

    app.post(
      '/totp/enrolment',
      {
        config: PUBLIC,
        schema: {
          tags: TAGS,
          summary: 'Start setting up an authenticator app',
          description:
            'While enrolling the first factor after sign-in, or in a signed-in session re-authenticated within 10 minutes (to replace the app). Returns the seed as text and as an otpauth:// URI for a QR code; it is shown only now.',
          body: NoBody,
          response: { 200: Type.Object({ secret: Type.String(), uri: Type.String() }) },
        },
      },
      async (request) => auth.beginTotp(request),
    );

    app.post(
      '/totp/enrolment/confirm',
      {
        config: PUBLIC,
        schema: {
          tags: TAGS,
          summary: 'Confirm the authenticator app with a code',
          description:
            'Completes enrolment. During first sign-in this signs the user in. Recovery codes are returned once when the user has none left.',
          body: Type.Object({ code: Code }, { additionalProperties: false }),
          response: {
            200: Type.Object({ next: Type.Literal('done'), csrfToken: Type.String(), recoveryCodes: Type.Array(Type.String()) }),
          },
        },
      },
      async (request, reply) => {
        const { step, recoveryCodes } = await auth.confirmTotp(request, request.body.code);
        if (step) sessions.setCookie(reply, step.token);
        const csrfToken = step?.session.csrf_token ?? sessions.sessionOf(request)?.csrf_token ?? '';
        return { next: 'done' as const, csrfToken, recoveryCodes };
      },
    );

    app.post(
      '/recovery-codes',
      {
        config: AUTHENTICATED,
        schema: {
          tags: TAGS,
          summary: 'Replace the recovery codes (re-authentication required)',
          body: NoBody,
          response: { 200: Type.Object({ recoveryCodes: Type.Array(Type.String()) }) },
        },
      },
      async (request) => ({ recoveryCodes: await auth.renewRecoveryCodes(request) }),
    );

    app.post(
      '/reauthenticate',
      {
        config: AUTHENTICATED,
        schema: {
          tags: TAGS,
          summary: 'Confirm it is you before a sensitive action',
          description: 'Checks a second factor again; for 10 minutes the session may then change factors and grant roles.',
          body: Type.Object({ method: StringEnum(['totp', 'recovery-code']), code: Code }, { additionalProperties: false }),
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await auth.reauthenticate(request, request.body.method, request.body.code);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/sign-out',
      {
        config: PUBLIC,
        schema: { tags: TAGS, summary: 'Sign out: end this session', body: NoBody, response: { 204: NoContent } },
      },
      async (request, reply) => {
        await auth.signOut(request);
        sessions.clearCookie(reply);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/session',
      {
        config: AUTHENTICATED,
        schema: {
          tags: TAGS,
          summary: 'Who am I: the signed-in user, their permissions per unit, their preferences, and the CSRF token',
          response: {
            200: Type.Object({
              user: Type.Object({
                id: Type.String(),
                username: Type.String(),
                displayName: Type.String(),
                kind: Type.String(),
                unitId: Type.String(),
              }),
              permissions: Type.Record(Type.String(), Type.Array(Type.String()), {
                description: 'Permission -> ids of the units it holds in',
              }),
              preferences: PreferencesSchema,
              session: SessionSchema,
              csrfToken: Type.String(),
            }),
          },
        },
      },
      async (request) => {
        const session = sessions.sessionOf(request);
        const user = session ? await auth.userOf(session) : undefined;
        if (!session || !user) throw AppError.forbidden('Only a browser session has a session to show; API tokens use /auth/token.');
        const actor = request.actor;
        const permissions: Record<string, string[]> = {};
        for (const p of actor.permissions ?? []) permissions[p] = [...(actor.scopes?.[p] ?? actor.units ?? [])];
        return {
          user: { id: user.id, username: user.username, displayName: user.display_name, kind: user.kind, unitId: user.unit_id },
          permissions,
          preferences: { language: user.preferred_language },
          session: presentSession(session, session.id, sessions.idleMs),
          csrfToken: session.csrf_token,
        };
      },
    );

    app.get(
      '/sessions',
      {
        config: AUTHENTICATED,
        schema: {
          tags: TAGS,
          summary: 'My sessions (live and recently ended)',
          response: { 200: Type.Object({ items: Type.Array(SessionSchema) }) },
        },
      },
      async (request) => {
        const session = sessions.sessionOf(request);
        if (!session) throw AppError.forbidden('Only a browser session has sessions to list.');
        return { items: await sessions.list(session.user_id, session.id) };
      },
    );

    app.delete(
      '/sessions/:sessionId',
      {
        config: AUTHENTICATED,
        schema: {
          tags: TAGS,
          summary: 'End one of my sessions (e.g. a forgotten browser elsewhere)',
          params: Type.Object({ sessionId: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        const own = sessions.sessionOf(request);
        if (!own) throw AppError.forbidden('Only a browser session can end sessions.');
        if (!(await sessions.endOwn(request.actorContext(), own, request.params.sessionId))) throw AppError.notFound();
        if (request.params.sessionId === own.id) sessions.clearCookie(reply);
        return reply.code(204).send(null);
      },
    );
  };
}
