// A real OpenID Connect provider for tests (oidc-provider on 127.0.0.1, a free port) with one client,
// 'casus' (client_secret_basic, or public; PKCE required), and its login and consent screens done in
// code: whoever `idp.nextLogin` names signs in and consents at once (null: the user cancels). Used by the
// API tests of single sign-on (src/modules/identity/authentication/sso.test.ts) and the browser test.
import type { TestContext } from 'node:test';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CLIENT_SECRET = 'a-test-client-secret-of-enough-length-0123456789';
const SIGNING_KEY = {
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
  kid: 'test',
  use: 'sig',
  alg: 'RS256',
};

// oidc-provider announces its development defaults (in-memory adapter) on the console: not ours to see.
for (const level of ['warn', 'info'] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) =>
    typeof args[0] === 'string' && args[0].startsWith('oidc-provider ') ? undefined : original(...args);
}

export interface Account {
  email: string;
  email_verified?: boolean;
  name: string;
}
export interface Idp {
  issuer: string;
  accounts: Map<string, Account>;
  /** Who "signs in" at the next interaction; null: the user cancels. */
  nextLogin: string | null;
  /** Answer every request with 503 (the provider is down). */
  down: boolean;
}

/** A provider with client 'casus' (client_secret_basic, or public; PKCE required) and login/consent done in code. */
export async function startIdp(t: Pick<TestContext, 'after'>, options: { callback: string; publicClient?: boolean }): Promise<Idp> {
  // A module without type declarations: typed here by what the test uses.
  const moduleName: string = 'oidc-provider';
  const { default: Provider } = (await import(moduleName)) as { default: new (issuer: string, config: object) => OidcProvider };
  // Created once the server listens (the issuer names its port).
  const live: { provider?: OidcProvider; handle?: (req: IncomingMessage, res: ServerResponse) => void } = {};
  const idp: Idp = { issuer: '', accounts: new Map(), nextLogin: null, down: false };
  const server = createServer((req, res) => {
    const { provider, handle } = live;
    if (idp.down || !provider || !handle) {
      res.statusCode = 503;
      res.end();
    } else if (req.url?.startsWith('/interaction/')) {
      interact(provider, idp, req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    } else {
      handle(req, res);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  idp.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(idp.issuer, {
    clients: [
      {
        client_id: 'casus',
        redirect_uris: [options.callback],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        ...(options.publicClient
          ? { token_endpoint_auth_method: 'none' }
          : { client_secret: CLIENT_SECRET, token_endpoint_auth_method: 'client_secret_basic' }),
      },
    ],
    findAccount: (_ctx: unknown, sub: string) => {
      const account = idp.accounts.get(sub);
      return account ? { accountId: sub, claims: () => ({ sub, ...account }) } : undefined;
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Entra ID and Keycloak put the scope's claims in the id_token; oidc-provider does so only when told.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ['test-cookie-signing-key'] },
    jwks: { keys: [SIGNING_KEY] },
    renderError: (ctx: { type: string; body: unknown }, out: unknown) => {
      ctx.type = 'json';
      ctx.body = out;
    },
  });
  provider.silent = true;
  Object.assign(live, { provider, handle: provider.callback() });
  return idp;
}

interface OidcProvider {
  silent: boolean;
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<{ params: { client_id: string; scope: string } }>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: object,
    options: { mergeWithLastSubmission: boolean },
  ): Promise<void>;
  Grant: new (input: { accountId: string; clientId: string }) => { addOIDCScope(scope: string): void; save(): Promise<string> };
}

/** The login and consent screens: whoever idp.nextLogin names signs in and consents at once. */
async function interact(provider: OidcProvider, idp: Idp, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const accountId = idp.nextLogin;
  if (!accountId) {
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'The user cancelled' },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
}
