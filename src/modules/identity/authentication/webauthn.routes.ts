// Passkeys: registration, sign-in step two, re-authentication and the user's own list, under
// /auth/webauthn. Thin: validate -> PasskeyService / AuthService -> present. The WebAuthn JSON
// objects are described as far as Casus reads them; members the spec may add pass through.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { DateTime, Nullable, StringEnum } from '../../../kernel/http/schemas.ts';
import type { AuthService } from './auth.service.ts';
import type { Sessions } from '../sessions/sessions.service.ts';
import type { PasskeyService } from './webauthn.service.ts';
import { NoBody, NoContent, SecondFactorMethod } from '../identity.schemas.ts';

const PUBLIC = { access: { public: true as const } };
const AUTHENTICATED = { access: { authenticated: true as const } };
const TAGS = ['authentication'];

// Credential ids are at most 1023 bytes (WebAuthn §5.1), 1364 characters in base64url.
const B64Url = (maxLength: number) => Type.String({ pattern: '^[A-Za-z0-9_-]+$', minLength: 1, maxLength });
const CredentialId = B64Url(1364);
const Open = { additionalProperties: true };

/** A PublicKeyCredential as its toJSON() gives it, around the authenticator's `response`. */
const publicKeyCredential = <T extends TSchema>(response: T, description: string) =>
  Type.Object(
    {
      id: CredentialId,
      rawId: CredentialId,
      type: Type.Literal('public-key'),
      authenticatorAttachment: Type.Optional(StringEnum(['platform', 'cross-platform'])),
      clientExtensionResults: Type.Object({}, Open),
      response,
    },
    { ...Open, description },
  );

const RegistrationResponse = publicKeyCredential(
  Type.Object(
    {
      clientDataJSON: B64Url(8192),
      attestationObject: B64Url(32768),
      authenticatorData: Type.Optional(B64Url(32768)),
      transports: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 10 })),
      publicKeyAlgorithm: Type.Optional(Type.Integer()),
      publicKey: Type.Optional(B64Url(8192)),
    },
    Open,
  ),
  'RegistrationResponseJSON: PublicKeyCredential.toJSON() after navigator.credentials.create()',
);

const AuthenticationResponse = publicKeyCredential(
  Type.Object(
    {
      clientDataJSON: B64Url(8192),
      authenticatorData: B64Url(8192),
      signature: B64Url(2048),
      userHandle: Type.Optional(Nullable(Type.String({ pattern: '^[A-Za-z0-9_-]*$', maxLength: 128 }))),
    },
    Open,
  ),
  'AuthenticationResponseJSON: PublicKeyCredential.toJSON() after navigator.credentials.get()',
);

/** The browser's answer to a sign-in or re-authentication challenge. */
const AssertionBody = Type.Object({ response: AuthenticationResponse }, { additionalProperties: false });

const Descriptor = Type.Object({ id: Type.String(), type: Type.String(), transports: Type.Optional(Type.Array(Type.String())) });
const CreationOptions = Type.Object(
  {
    rp: Type.Object({ name: Type.String(), id: Type.Optional(Type.String()) }),
    user: Type.Object({ id: Type.String(), name: Type.String(), displayName: Type.String() }),
    challenge: Type.String(),
    pubKeyCredParams: Type.Array(Type.Object({ alg: Type.Integer(), type: Type.Literal('public-key') })),
    timeout: Type.Optional(Type.Integer()),
    excludeCredentials: Type.Optional(Type.Array(Descriptor)),
    authenticatorSelection: Type.Optional(
      Type.Object({
        authenticatorAttachment: Type.Optional(Type.String()),
        requireResidentKey: Type.Optional(Type.Boolean()),
        residentKey: Type.Optional(Type.String()),
        userVerification: Type.Optional(Type.String()),
      }),
    ),
    hints: Type.Optional(Type.Array(Type.String())),
    attestation: Type.Optional(Type.String()),
    extensions: Type.Optional(Type.Object({ credProps: Type.Optional(Type.Boolean()) })),
  },
  { description: 'PublicKeyCredentialCreationOptionsJSON, for PublicKeyCredential.parseCreationOptionsFromJSON()' },
);
const RequestOptions = Type.Object(
  {
    challenge: Type.String(),
    timeout: Type.Optional(Type.Integer()),
    rpId: Type.Optional(Type.String()),
    allowCredentials: Type.Optional(Type.Array(Descriptor)),
    userVerification: Type.Optional(Type.String()),
    hints: Type.Optional(Type.Array(Type.String())),
  },
  { description: 'PublicKeyCredentialRequestOptionsJSON, for PublicKeyCredential.parseRequestOptionsFromJSON()' },
);

const Passkey = Type.Object({
  id: Type.String({ description: 'The credential id (base64url)' }),
  name: Type.String(),
  createdAt: DateTime,
  lastUsedAt: Nullable(DateTime),
  transports: Type.Array(Type.String()),
});
const Step = Type.Object({
  next: Type.Literal('done'),
  methods: Type.Array(SecondFactorMethod),
  csrfToken: Type.String({ description: 'Send as X-CSRF-Token on every state-changing request of this session' }),
});

export function webauthnRoutes(auth: AuthService, sessions: Sessions, passkeys: PasskeyService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/registration/options',
      {
        config: PUBLIC,
        schema: {
          tags: TAGS,
          summary: 'Start registering a passkey',
          description:
            'While enrolling the first factor after sign-in, or in a signed-in session re-authenticated within 10 minutes. The challenge is valid for one registration attempt within 3 minutes.',
          body: NoBody,
          response: { 200: CreationOptions },
        },
      },
      async (request) => passkeys.registrationOptions(request),
    );

    app.post(
      '/registration',
      {
        config: PUBLIC,
        schema: {
          tags: TAGS,
          summary: 'Register the passkey created by the browser',
          description:
            'During first sign-in this signs the user in (new session cookie and CSRF token). Recovery codes are returned once when the user has none left.',
          body: Type.Object(
            {
              name: Type.String({
                minLength: 1,
                maxLength: 100,
                pattern: '\\S',
                description: 'A name the user recognises, e.g. "Work laptop"',
              }),
              response: RegistrationResponse,
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              next: Type.Literal('done'),
              csrfToken: Type.String(),
              recoveryCodes: Type.Array(Type.String()),
              passkey: Passkey,
            }),
          },
        },
      },
      async (request, reply) => {
        const { step, recoveryCodes, passkey } = await passkeys.register(request, {
          name: request.body.name,
          response: request.body.response,
        });
        if (step) sessions.setCookie(reply, step.token);
        const csrfToken = step?.session.csrf_token ?? sessions.sessionOf(request)?.csrf_token ?? '';
        return { next: 'done' as const, csrfToken, recoveryCodes, passkey };
      },
    );

    app.post(
      '/authentication/options',
      {
        config: PUBLIC,
        schema: {
          tags: TAGS,
          summary: 'Start sign-in step two with a passkey',
          description: 'For the pending sign-in of this browser session (after the password or SSO).',
          body: NoBody,
          response: { 200: RequestOptions },
        },
      },
      async (request) => passkeys.authenticationOptions(request),
    );

    app.post(
      '/authentication',
      {
        config: PUBLIC,
        schema: {
          tags: TAGS,
          summary: 'Complete sign-in with a passkey (step two)',
          description: 'Like POST /auth/second-factor: a failure counts towards the lockout, and five end the pending sign-in.',
          body: AssertionBody,
          response: { 200: Step },
        },
      },
      async (request, reply) => {
        const step = await auth.verifySecondFactor(request, 'webauthn', request.body.response);
        sessions.setCookie(reply, step.token);
        return { next: 'done' as const, methods: step.methods, csrfToken: step.session.csrf_token };
      },
    );

    app.post(
      '/reauthentication/options',
      {
        config: AUTHENTICATED,
        schema: {
          tags: TAGS,
          summary: 'Start confirming it is you with a passkey, before a sensitive action',
          body: NoBody,
          response: { 200: RequestOptions },
        },
      },
      async (request) => passkeys.reauthenticationOptions(request),
    );

    app.post(
      '/reauthentication',
      {
        config: AUTHENTICATED,
        schema: {
          tags: TAGS,
          summary: 'Confirm it is you with a passkey',
          description: 'Like POST /auth/reauthenticate: for 10 minutes the session may then change factors and grant roles.',
          body: AssertionBody,
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await auth.reauthenticate(request, 'webauthn', request.body.response);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/credentials',
      {
        config: AUTHENTICATED,
        schema: { tags: TAGS, summary: 'My passkeys', response: { 200: Type.Object({ items: Type.Array(Passkey) }) } },
      },
      async (request) => ({ items: await passkeys.list(request) }),
    );

    app.delete(
      '/credentials/:credentialId',
      {
        config: AUTHENTICATED,
        schema: {
          tags: TAGS,
          summary: 'Remove one of my passkeys (re-authentication required)',
          description: 'Refused (409) when it is the last second factor (no other passkey, no authenticator app).',
          params: Type.Object({ credentialId: CredentialId }),
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await passkeys.remove(request, request.params.credentialId);
        return reply.code(204).send(null);
      },
    );
  };
}
