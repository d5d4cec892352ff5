// Catalogue: public routes, the sign-in steps and the caller's own account (session, password, factors,
// passkeys). None acts on a unit or a case: each is called once per caller (its answer fills all four
// cells), with the caller's own session or token, except where that would end it.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { totpCode } from '../../helpers/identity.ts';
import { WEB_CLIENT_PATHS, WEB_ROOT } from '../../../src/kernel/http/web-client.ts';
import { type Entry, type ProbeContext } from './catalogue.ts';

const PUBLIC = 'public: the same for everyone, signed in or not';
const SIGN_IN_STEP =
  'a sign-in step: acts on the browser’s pending sign-in, not on a unit or case (the flows: sign-in.test.ts, webauthn.test.ts)';
const OWN_ACCOUNT = 'the caller’s own account or session';
/** A schema-valid WebAuthn answer that no authenticator signed. */
const UNSIGNED = {
  id: 'AAAA',
  rawId: 'AAAA',
  type: 'public-key',
  clientExtensionResults: {},
  response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' },
};

/** A second session of the caller, for routes that end the session they are called with. */
async function ownOtherSession(ctx: ProbeContext): Promise<Record<string, string>> {
  if (!ctx.caller.user || !ctx.caller.id) return {};
  const { cookie, csrf } = await ctx.world.sessionOf(ctx.caller.id);
  return { cookie, 'x-csrf-token': csrf };
}

export const signIn: Entry[] = [
  ...[
    '/api/v1',
    '/api/v1/openapi.json',
    '/api/v1/docs',
    '/api/v1/docs/json',
    '/api/v1/docs/yaml',
    '/api/v1/docs/static/index.html',
    '/api/v1/docs/static/swagger-initializer.js',
    '/health/live',
    '/health/ready',
    '/metrics',
    // The web client's own paths (index.html; npm test builds web/dist first); an id segment is probed with a
    // fresh UUID: the page is the same for every id, the API decides what the id shows.
    ...WEB_CLIENT_PATHS,
  ].map((path): Entry => ({ route: `GET ${path}`, unscoped: PUBLIC, probe: () => ({ url: path.replace(/:\w+/g, randomUUID()) }) })),
  {
    route: 'GET /assets/*',
    unscoped: PUBLIC,
    // The web client's script, as index.html names it (its file name carries a content hash).
    probe: () => ({ url: /src="(\/assets\/[^"]+\.js)"/.exec(readFileSync(path.join(WEB_ROOT, 'index.html'), 'utf8'))![1]! }),
  },
  { route: 'GET /api/v1/docs/static/*', unscoped: PUBLIC, probe: () => ({ url: '/api/v1/docs/static/swagger-ui.css' }) },
  {
    route: 'POST /api/v1/setup',
    unscoped: 'public until the first administrator exists, then refused for everyone',
    probe: () => ({
      url: '/api/v1/setup',
      body: {
        token: 'a'.repeat(43),
        username: 'matrix-setup',
        displayName: 'Matrix',
        email: null,
        password: 'violet lantern over quiet harbour',
      },
    }),
  },
  { route: 'GET /api/v1/auth/sso', unscoped: PUBLIC, probe: () => ({ url: '/api/v1/auth/sso' }) },

  // Signing in (a user of team a without a second factor yet), and its further steps.
  {
    route: 'POST /api/v1/auth/sign-in',
    unscoped: SIGN_IN_STEP,
    probe: (ctx) => ({
      url: '/api/v1/auth/sign-in',
      body: { username: ctx.world.signInUser.username, password: ctx.world.signInUser.password },
    }),
  },
  { route: 'GET /api/v1/auth/pending', unscoped: SIGN_IN_STEP, probe: () => ({ url: '/api/v1/auth/pending' }) },
  {
    route: 'POST /api/v1/auth/second-factor',
    unscoped: SIGN_IN_STEP,
    probe: () => ({ url: '/api/v1/auth/second-factor', body: { method: 'totp', code: '000000' } }),
  },
  { route: 'POST /api/v1/auth/totp/enrolment', unscoped: SIGN_IN_STEP, probe: () => ({ url: '/api/v1/auth/totp/enrolment', body: {} }) },
  {
    route: 'POST /api/v1/auth/totp/enrolment/confirm',
    unscoped: SIGN_IN_STEP,
    probe: () => ({ url: '/api/v1/auth/totp/enrolment/confirm', body: { code: '000000' } }),
  },
  {
    route: 'POST /api/v1/auth/webauthn/registration/options',
    unscoped: SIGN_IN_STEP,
    probe: () => ({ url: '/api/v1/auth/webauthn/registration/options', body: {} }),
  },
  {
    route: 'POST /api/v1/auth/webauthn/registration',
    unscoped: SIGN_IN_STEP,
    probe: () => ({
      url: '/api/v1/auth/webauthn/registration',
      body: {
        name: 'Matrix',
        response: {
          id: 'AAAA',
          rawId: 'AAAA',
          type: 'public-key',
          clientExtensionResults: {},
          response: { clientDataJSON: 'AAAA', attestationObject: 'AAAA' },
        },
      },
    }),
  },
  {
    route: 'POST /api/v1/auth/webauthn/authentication/options',
    unscoped: SIGN_IN_STEP,
    probe: () => ({ url: '/api/v1/auth/webauthn/authentication/options', body: {} }),
  },
  {
    route: 'POST /api/v1/auth/webauthn/authentication',
    unscoped: SIGN_IN_STEP,
    probe: () => ({ url: '/api/v1/auth/webauthn/authentication', body: { response: UNSIGNED } }),
  },
  {
    route: 'POST /api/v1/auth/password-reset',
    unscoped: PUBLIC,
    probe: (ctx) => ({ url: '/api/v1/auth/password-reset', body: { username: ctx.world.signInUser.username } }),
  },
  {
    route: 'POST /api/v1/auth/password-reset/complete',
    unscoped: SIGN_IN_STEP,
    probe: () => ({
      url: '/api/v1/auth/password-reset/complete',
      body: { token: 'a'.repeat(43), newPassword: 'violet lantern over quiet harbour' },
    }),
  },
  {
    route: 'POST /api/v1/auth/sign-out',
    unscoped: 'ends the session it is called with (here: a second session of the caller)',
    probe: async (ctx) => ({ url: '/api/v1/auth/sign-out', body: {}, headers: await ownOtherSession(ctx) }),
  },

  // The caller's own account.
  { route: 'GET /api/v1/auth/session', unscoped: OWN_ACCOUNT, probe: () => ({ url: '/api/v1/auth/session' }) },
  { route: 'GET /api/v1/auth/token', unscoped: OWN_ACCOUNT, probe: () => ({ url: '/api/v1/auth/token' }) },
  { route: 'GET /api/v1/auth/sessions', unscoped: OWN_ACCOUNT, probe: () => ({ url: '/api/v1/auth/sessions' }) },
  {
    // Someone else's session (a colleague in the scope's unit): never the caller's to end.
    route: 'DELETE /api/v1/auth/sessions/:sessionId',
    without: { scopes: ['shielded'], why: 'not case data' },
    probe: async (ctx) => ({ url: `/api/v1/auth/sessions/${(await ctx.fresh('session')).sessionId}` }),
  },
  {
    route: 'POST /api/v1/auth/reauthenticate',
    unscoped: OWN_ACCOUNT,
    probe: async (ctx) => ({
      url: '/api/v1/auth/reauthenticate',
      body: { method: 'totp', code: ctx.caller.user ? await totpCode(ctx.caller.user) : '000000' },
    }),
  },
  { route: 'POST /api/v1/auth/recovery-codes', unscoped: OWN_ACCOUNT, probe: () => ({ url: '/api/v1/auth/recovery-codes', body: {} }) },
  {
    // Ends the caller's other sessions (this one stays): the world signs each caller in once.
    route: 'POST /api/v1/auth/password',
    unscoped: OWN_ACCOUNT,
    probe: (ctx) => ({
      url: '/api/v1/auth/password',
      body: {
        currentPassword: ctx.caller.user?.password ?? 'not a password',
        newPassword: `violet lantern over quiet harbour ${ctx.callerName}`,
      },
    }),
  },
  {
    route: 'PUT /api/v1/auth/preferences',
    unscoped: OWN_ACCOUNT,
    probe: () => ({ url: '/api/v1/auth/preferences', body: { language: 'en' } }),
  },
  { route: 'GET /api/v1/auth/webauthn/credentials', unscoped: OWN_ACCOUNT, probe: () => ({ url: '/api/v1/auth/webauthn/credentials' }) },
  {
    // Someone else's passkey (a user in the scope's unit).
    route: 'DELETE /api/v1/auth/webauthn/credentials/:credentialId',
    without: { scopes: ['shielded'], why: 'not case data' },
    probe: async (ctx) => ({ url: `/api/v1/auth/webauthn/credentials/${(await ctx.fresh('passkey')).credentialId}` }),
  },
  {
    route: 'POST /api/v1/auth/webauthn/reauthentication/options',
    unscoped: OWN_ACCOUNT,
    probe: () => ({ url: '/api/v1/auth/webauthn/reauthentication/options', body: {} }),
  },
  {
    route: 'POST /api/v1/auth/webauthn/reauthentication',
    unscoped: OWN_ACCOUNT,
    probe: () => ({ url: '/api/v1/auth/webauthn/reauthentication', body: { response: UNSIGNED } }),
  },
];
