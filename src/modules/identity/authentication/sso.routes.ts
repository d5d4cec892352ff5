// Single sign-on routes under /api/v1/auth/sso. GET /auth/sso always answers (so the sign-in screen
// knows whether to offer the button); /start and /callback exist only when CASUS_OIDC_ISSUER is set.
// Both are browser navigations and answer with redirects; a client that asks for JSON (Accept:
// application/json) gets the same outcome as a 200 body instead, e.g. to navigate itself.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Nullable, StringEnum } from '../../../kernel/http/schemas.ts';
import { publicBaseUrl, type Settings } from '../../../kernel/config.ts';
import type { ModuleContext } from '../../../kernel/module.ts';
import type { AuthService } from './auth.service.ts';
import type { Sessions } from '../sessions/sessions.service.ts';
import type { Throttle } from './throttle.ts';
import { SsoService } from './sso.service.ts';

const PUBLIC = { access: { public: true as const } };
const TAGS = ['authentication'];
/** As long as the sso_request row lives. */
const BINDING_MAX_AGE_S = 600;

const Redirect = (description: string) => Type.Null({ description });

function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** Wires SSO into the identity module: the service when a provider is configured, and the routes. */
export function registerSso(ctx: ModuleContext, auth: AuthService, sessions: Sessions, throttle: Throttle): void {
  const sso = ctx.settings.auth.oidc ? new SsoService(ctx.authDb, ctx.settings, auth, throttle, ctx.log) : null;
  ctx.addRoutes({ prefix: '/auth/sso', plugin: ssoRoutes(ctx.settings, sso, sessions) });
}

export function ssoRoutes(settings: Settings, sso: SsoService | null, sessions: Sessions): FastifyPluginAsyncTypebox {
  // Like the session cookie: `__Host-` and Secure over TLS. SameSite=Lax, not Strict: it must come
  // along on the provider's cross-site redirect back to /callback (a top-level GET).
  const secure = settings.http.tls !== null || (settings.http.publicUrl?.startsWith('https://') ?? false);
  const bindingCookie = secure ? '__Host-casus-sso' : 'casus-sso';
  const cookieOptions = { path: '/', httpOnly: true, secure, sameSite: 'lax' as const };
  const home = `${publicBaseUrl(settings)}/`;

  return async (app) => {
    app.get(
      '',
      {
        config: PUBLIC,
        schema: {
          tags: TAGS,
          summary: 'Whether single sign-on is offered, and under which name (for the sign-in screen)',
          response: {
            200: Type.Object({
              enabled: Type.Boolean(),
              name: Nullable(Type.String(), {
                description: "The button text, e.g. the organisation's identity provider; null when not enabled",
              }),
            }),
          },
        },
      },
      async () => ({ enabled: sso !== null, name: sso?.providerName ?? null }),
    );

    if (!sso) return;

    app.get(
      '/start',
      {
        config: PUBLIC,
        schema: {
          tags: TAGS,
          summary: 'Start signing in at the identity provider (step one of two)',
          description:
            'Redirects the browser to the identity provider (authorization code flow with PKCE, state and nonce) and sets a short-lived cookie that binds the sign-in to this browser. 503 `sso-unavailable` when the provider cannot be reached.',
          response: {
            200: Type.Object({
              authorizationUrl: Type.String({ description: 'Where to send the browser (when asked with Accept: application/json)' }),
            }),
            302: Redirect('To the identity provider'),
          },
        },
      },
      async (request, reply) => {
        const { authorizationUrl, browserToken } = await sso.start(request.actorContext());
        reply.setCookie(bindingCookie, browserToken, { ...cookieOptions, maxAge: BINDING_MAX_AGE_S });
        if (wantsJson(request)) return { authorizationUrl };
        return reply.redirect(authorizationUrl, 302);
      },
    );

    app.get(
      '/callback',
      {
        config: PUBLIC,
        schema: {
          tags: TAGS,
          summary: 'Where the identity provider sends the browser back (redirect URI)',
          description:
            'Query parameters are those of OAuth 2.0 / OpenID Connect (hence snake_case). On success a session that still needs the second factor is started and the browser is sent to the web app, which asks GET /auth/pending for the next step. Failures: 401 `sign-in-failed` (uniform: unknown or unlinkable user, deactivated account, replayed or foreign state, rejected token), 401 `sso-refused` (the provider answered with an error, e.g. the user cancelled), 503 `sso-unavailable`, 429 after too many failures from one address.',
          querystring: Type.Object({
            code: Type.Optional(Type.String({ maxLength: 4096 })),
            state: Type.Optional(Type.String({ maxLength: 512 })),
            iss: Type.Optional(Type.String({ maxLength: 2048 })),
            error: Type.Optional(Type.String({ maxLength: 256 })),
            error_description: Type.Optional(Type.String({ maxLength: 4096 })),
          }),
          response: {
            200: Type.Object(
              {
                next: StringEnum(['second-factor', 'enrol-second-factor']),
                methods: Type.Array(Type.String()),
                csrfToken: Type.String(),
              },
              { description: 'When asked with Accept: application/json' },
            ),
            303: Redirect('To the web app, which continues with GET /auth/pending'),
          },
        },
      },
      async (request, reply) => {
        const q = request.url.indexOf('?');
        const step = await sso.callback(request.actorContext(), {
          search: q >= 0 ? request.url.slice(q) : '',
          state: request.query.state,
          error: request.query.error,
          browserToken: request.cookies[bindingCookie],
        });
        reply.clearCookie(bindingCookie, cookieOptions);
        sessions.setCookie(reply, step.token);
        if (wantsJson(request))
          return {
            next: step.next === 'enrol-second-factor' ? ('enrol-second-factor' as const) : ('second-factor' as const),
            methods: step.methods,
            csrfToken: step.session.csrf_token,
          };
        return reply.redirect(home, 303);
      },
    );
  };
}
