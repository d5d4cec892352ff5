// Service accounts and API tokens over HTTP (for IT operations: service-accounts.manage), and
// GET /auth/token, where an integrator checks what their token is and may. Thin: validate -> service
// (service-accounts.service.ts) -> present. Issuing a token from a browser session needs a fresh second factor: a
// token outlives the session that made it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../../kernel/errors.ts';
import { DateTime, Nullable, StringEnum, Uuid } from '../../../kernel/http/schemas.ts';
import { NoContent, reasonOf } from '../identity.schemas.ts';
import type { Sessions } from '../sessions/sessions.service.ts';
import type { TokenAuthenticator } from './token-authenticator.ts';
import {
  DEFAULT_TOKEN_DAYS,
  MAX_TOKEN_DAYS,
  USERNAME_PATTERN,
  type ServiceAccount,
  type ServiceAccountsService,
  type TokenSummary,
} from './service-accounts.service.ts';

const MANAGE = { access: { permission: 'service-accounts.manage' } };
const TAGS = ['service-accounts'];
const Reason = reasonOf(1);

const AccountSchema = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  unitId: Uuid,
  status: StringEnum(['active', 'deactivated']),
  createdAt: DateTime,
  deactivatedAt: Nullable(DateTime),
  activeTokens: Type.Integer({ description: 'Tokens that are neither revoked nor expired' }),
  totalTokens: Type.Integer(),
});

const TokenSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String({ description: 'The first 12 characters of the token, to recognise it by; the token itself is never shown again' }),
  roleIds: Nullable(Type.Array(Uuid), { description: 'The roles of the account this token may use; null: all of them' }),
  status: StringEnum(['active', 'expired', 'revoked']),
  createdAt: DateTime,
  createdBy: Type.String(),
  expiresAt: DateTime,
  lastUsedAt: Nullable(DateTime, { description: 'Updated at most once a minute' }),
  revokedAt: Nullable(DateTime),
  revokedBy: Nullable(Type.String()),
  revokeReason: Nullable(Type.String()),
});

const presentAccount = (a: ServiceAccount) => ({
  ...a,
  createdAt: a.createdAt.toISOString(),
  deactivatedAt: a.deactivatedAt?.toISOString() ?? null,
});
const presentToken = (t: TokenSummary) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  roleIds: t.roleIds,
  status: t.status,
  createdAt: t.createdAt.toISOString(),
  createdBy: t.createdBy,
  expiresAt: t.expiresAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
  revokedBy: t.revokedBy,
  revokeReason: t.revokeReason,
});

const AccountParams = Type.Object({ accountId: Uuid });
const TokenParams = Type.Object({ accountId: Uuid, tokenId: Uuid });

export function serviceAccountRoutes(accounts: ServiceAccountsService, sessions: Sessions): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/',
      {
        config: MANAGE,
        schema: {
          tags: TAGS,
          summary: "Create a service account (for a chain partner's system or operations tooling)",
          description:
            'A service account has no password and cannot sign in; it calls the API with tokens. Give it roles through grants, then issue a token.',
          body: Type.Object(
            {
              username: Type.String({ pattern: USERNAME_PATTERN, description: 'e.g. politie-bvh' }),
              displayName: Type.String({ minLength: 1, maxLength: 200 }),
              unitId: Uuid,
              reason: Reason,
            },
            { additionalProperties: false },
          ),
          response: { 201: AccountSchema },
        },
      },
      async (request, reply) => {
        const account = await accounts.create(request.actorContext(), request.body);
        return reply.code(201).send(presentAccount(account));
      },
    );

    app.get(
      '/',
      {
        config: MANAGE,
        schema: {
          tags: TAGS,
          summary: 'Service accounts in the units where you manage them, with their token counts',
          response: { 200: Type.Object({ items: Type.Array(AccountSchema) }) },
        },
      },
      async (request) => ({ items: (await accounts.list(request.actorContext())).map(presentAccount) }),
    );

    app.get(
      '/:accountId/tokens',
      {
        config: MANAGE,
        schema: {
          tags: TAGS,
          summary: "The account's tokens (never the secrets)",
          params: AccountParams,
          response: { 200: Type.Object({ items: Type.Array(TokenSchema) }) },
        },
      },
      async (request) => ({ items: (await accounts.tokens(request.actorContext(), request.params.accountId)).map(presentToken) }),
    );

    app.post(
      '/:accountId/tokens',
      {
        config: MANAGE,
        schema: {
          tags: TAGS,
          summary: 'Issue an API token (shown once)',
          description:
            `Send it as \`Authorization: Bearer <token>\`. It expires after expiresInDays (default ${DEFAULT_TOKEN_DAYS}, at most ${MAX_TOKEN_DAYS}). ` +
            'roleIds narrows it to some of the roles the account holds now; without it, the token names all of them (roles granted later do not flow into it). ' +
            'You must be able to make each of the grants it carries yourself (grants.manage in their units), else 403. ' +
            'From a browser session this needs a re-authentication within 10 minutes.',
          params: AccountParams,
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 200, description: 'What uses it, e.g. "BVH koppeling productie"' }),
              expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TOKEN_DAYS })),
              roleIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 50 })),
              reason: Type.Optional(Reason),
            },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({
              token: Type.String({ description: 'The secret: store it now, it is not shown again' }),
              id: Uuid,
              prefix: Type.String(),
              expiresAt: DateTime,
            }),
          },
        },
      },
      async (request, reply) => {
        if (request.actor.kind === 'user') sessions.requireRecentAuthentication(request);
        const { accountId } = request.params;
        const body = request.body;
        const issued = await accounts.issue(request.actorContext(), {
          accountId,
          name: body.name,
          expiresAt: new Date(Date.now() + (body.expiresInDays ?? DEFAULT_TOKEN_DAYS) * 86_400_000),
          roleIds: body.roleIds ?? null,
          reason: body.reason ?? null,
        });
        // The secret must not linger in caches or proxies.
        reply.header('Cache-Control', 'no-store');
        return reply
          .code(201)
          .send({ token: issued.token, id: issued.id, prefix: issued.prefix, expiresAt: issued.expiresAt.toISOString() });
      },
    );

    app.post(
      '/:accountId/tokens/:tokenId/revoke',
      {
        config: MANAGE,
        schema: {
          tags: TAGS,
          summary: 'Revoke a token (effective on its next request)',
          params: TokenParams,
          body: Type.Object({ reason: Reason }, { additionalProperties: false }),
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        const { accountId, tokenId } = request.params;
        await accounts.revoke(request.actorContext(), accountId, tokenId, request.body.reason);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/:accountId/deactivate',
      {
        config: MANAGE,
        schema: {
          tags: TAGS,
          summary: 'Deactivate a service account: its tokens and roles are revoked',
          params: AccountParams,
          body: Type.Object({ reason: Reason }, { additionalProperties: false }),
          response: { 200: Type.Object({ tokensRevoked: Type.Integer(), grantsRevoked: Type.Integer() }) },
        },
      },
      async (request) => accounts.deactivate(request.actorContext(), request.params.accountId, request.body.reason),
    );
  };
}

/** GET /auth/token: which account and token this is, what it may do where, and when it expires. */
export function tokenInfoRoutes(accounts: ServiceAccountsService, tokens: TokenAuthenticator): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { access: { authenticated: true }, surface: 'integration' },
        schema: {
          tags: ['authentication'],
          summary: 'Who am I, for an API token: its service account, permissions per unit and expiry',
          description: 'For integrators checking their set-up. Only for requests authenticated with a bearer token.',
          response: {
            200: Type.Object({
              account: Type.Object({ id: Uuid, username: Type.String(), displayName: Type.String(), unitId: Uuid }),
              token: Type.Object({
                id: Uuid,
                name: Type.String(),
                prefix: Type.String(),
                roleIds: Nullable(Type.Array(Uuid)),
                expiresAt: DateTime,
              }),
              permissions: Type.Record(Type.String(), Type.Array(Type.String()), {
                description: 'Permission -> ids of the units it holds in',
              }),
            }),
          },
        },
      },
      async (request) => {
        const token = tokens.tokenOf(request);
        const account = token ? await accounts.accountOf(token.accountId) : undefined;
        if (!token || !account)
          throw AppError.forbidden('Only a request with an API token has a token to show; browser sessions use /auth/session.');
        const actor = request.actor;
        const permissions: Record<string, string[]> = {};
        for (const p of actor.permissions ?? []) permissions[p] = [...(actor.scopes?.[p] ?? actor.units ?? [])];
        return {
          account: { id: account.id, username: account.username, displayName: account.display_name, unitId: account.unit_id },
          token: { id: token.id, name: token.name, prefix: token.prefix, roleIds: token.roleIds, expiresAt: token.expiresAt.toISOString() },
          permissions,
        };
      },
    );
  };
}
