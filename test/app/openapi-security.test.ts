// The OpenAPI document as served, with every module: a valid OpenAPI 3.1 document (checked against the
// specification's JSON Schema), declaring how callers authenticate (the session cookie with its CSRF
// header, and bearer API tokens), and stating for every operation what it accepts, from its access
// declaration: public operations `security: []`, the others the cookie (with the CSRF header for
// changes) or a bearer token. A 401 to a request with a refused bearer token says so (RFC 6750).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { build } from '../helpers/build.ts';
import { adminQuery } from '../helpers/database.ts';
import { createUser, grantRole } from '../helpers/identity.ts';
import { modules } from '../../src/app/modules.ts';
import { createIdentityModule } from '../../src/modules/identity/index.ts';

type Operation = { security?: Record<string, string[]>[] };
type Document = { components: { securitySchemes: Record<string, unknown> }; paths: Record<string, Record<string, Operation>> };

// Document paths are relative to the server URL, /api/v1.
const fastifyPath = (path: string) => `/api/v1${path === '/' ? '' : path}`.replace(/\{([^}]+)\}/g, ':$1');

test("the document is valid OpenAPI 3.1 and states each operation's security from its access", async (t) => {
  const system = await build(t, { modules });
  const response = await system.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  const document = response.json<Document>();
  const validator = new Validator();
  const result = await validator.validate(structuredClone(document));
  assert.ok(result.valid, JSON.stringify(result.errors, null, 2)?.slice(0, 3000));
  assert.equal(validator.version, '3.1');

  const schemes = Object.fromEntries(
    Object.entries(document.components.securitySchemes).map(([name, scheme]) => {
      const { description, ...rest } = scheme as { description?: string };
      assert.ok(description && description.length > 20, `${name} is described`);
      return [name, rest];
    }),
  );
  assert.deepEqual(schemes, {
    sessionCookie: { type: 'apiKey', in: 'cookie', name: 'casus-session' },
    csrfToken: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
    bearerToken: { type: 'http', scheme: 'bearer', bearerFormat: 'casus_<43 characters>' },
  });
  // The validator does refuse what the specification does not allow.
  const broken = structuredClone(document) as unknown as { components: { securitySchemes: Record<string, unknown> } };
  broken.components.securitySchemes.bearerToken = { type: 'token', in: 'nowhere' };
  assert.equal((await new Validator().validate(broken)).valid, false);

  const access = new Map(system.app.routeAccess.flatMap((r) => r.method.split(',').map((m) => [`${m} ${r.url}`, r.access] as const)));
  let publicOperations = 0;
  let counted = 0;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const declared = access.get(`${method.toUpperCase()} ${fastifyPath(path)}`);
      assert.ok(declared, `${method} ${path} is in the route inventory`);
      counted++;
      if ('public' in declared) {
        publicOperations++;
        assert.deepEqual(operation.security, [], `${method} ${path} is public`);
      } else {
        const session = method === 'get' ? { sessionCookie: [] } : { sessionCookie: [], csrfToken: [] };
        assert.deepEqual(operation.security, [session, { bearerToken: [] }], `${method} ${path}: ${JSON.stringify(declared)}`);
      }
    }
  }
  assert.ok(counted > 100 && publicOperations > 10, `${counted} operations, ${publicOperations} public`);
  // The sign-in routes are public: a client needs no credentials to call them.
  assert.deepEqual(document.paths['/auth/sign-in']!.post!.security, []);
});

test('over TLS the document names the __Host- cookie', async (t) => {
  const system = await build(t, {
    modules: [createIdentityModule({ printSetupLink: false })],
    env: { CASUS_PUBLIC_URL: 'https://casus.example.org' },
  });
  const document = (await system.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<Document>();
  assert.equal((document.components.securitySchemes.sessionCookie as { name: string }).name, '__Host-casus-session');
});

// Proves RFC 6750 §3: no credentials get a bare challenge; a bearer token that does not authenticate
// (unknown, malformed, expired, revoked) gets error="invalid_token"; another scheme is not a bearer
// token at all (a bare challenge); a working token is served.
test('401 answers to refused bearer tokens carry error="invalid_token"', async (t) => {
  const system = await build(t, {
    modules: [createIdentityModule({ printSetupLink: false })],
    env: { CASUS_AUTH_ATTEMPTS_PER_IP: '100000' },
  });
  const account = await createUser(system, 'svc-challenge', { kind: 'service', password: null });
  await grantRole(system, account.id, 'it-operations');
  const tokens: Record<string, string> = {};
  for (const name of ['live', 'expired', 'revoked']) {
    const token = `casus_${randomBytes(32).toString('base64url')}`;
    tokens[name] = token;
    await adminQuery(
      system.target.ownerUrl,
      `insert into api_token (user_id, name, token_hash, prefix, created_by, expires_at, revoked_at)
      values ($1, $2, $3, $4, 'test', now() + $5::interval, $6)`,
      [
        account.id,
        name,
        createHash('sha256').update(token).digest('hex'),
        token.slice(0, 12),
        name === 'expired' ? '-1 minute' : '30 days',
        name === 'revoked' ? new Date() : null,
      ],
    );
  }
  const call = (authorization?: string) =>
    system.app.inject({ method: 'GET', url: '/api/v1/auth/token', headers: authorization ? { authorization } : {} });

  assert.equal((await call(`Bearer ${tokens.live}`)).statusCode, 200);
  const none = await call();
  assert.equal(none.statusCode, 401);
  assert.equal(none.headers['www-authenticate'], 'Bearer realm="casus"', 'no credentials: no error code');
  const refused = {
    unknown: `Bearer casus_${randomBytes(32).toString('base64url')}`,
    malformed: 'Bearer not-a-casus-token',
    expired: `Bearer ${tokens.expired}`,
    revoked: `Bearer ${tokens.revoked}`,
  };
  for (const [what, header] of Object.entries(refused)) {
    const response = await call(header);
    assert.equal(response.statusCode, 401, what);
    assert.match(
      String(response.headers['www-authenticate']),
      /^Bearer realm="casus", error="invalid_token", error_description="[^"]+"$/,
      what,
    );
    assert.equal(response.json<{ type: string }>().type, 'urn:casus:problem:unauthenticated', what);
  }
  const basic = await call(`Basic ${Buffer.from('a:b').toString('base64')}`);
  assert.equal(basic.headers['www-authenticate'], 'Bearer realm="casus"', 'another scheme is not a refused bearer token');
  // A public route stays public with a refused token, and says nothing about it.
  const open = await system.app.inject({ method: 'GET', url: '/api/v1', headers: { authorization: refused.revoked } });
  assert.equal(open.statusCode, 200);
  assert.equal(open.headers['www-authenticate'], undefined);
});
