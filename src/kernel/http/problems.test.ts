// The HTTP kernel's error contract: every failure is RFC 9457 problem+json with the request's ids,
// validation names the failing fields, internals never leak, and bad input changes nothing (the
// handler is never reached, and a handler that fails rolls back what it wrote, audit row included).
// Also the registration rule: an API route without its schemas stops the system from starting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyPluginAsync, LightMyRequestResponse } from 'fastify';
import { Type, type Static } from 'typebox';
import { recordAudit } from '../audit/audit.ts';
import { AppError } from '../errors.ts';
import type { CasusModule } from '../module.ts';
import { build, type TestSystem } from '../../../test/helpers/build.ts';
import { adminQuery, testDatabase } from '../../../test/helpers/database.ts';

// The file's database is created here, outside any test: testDatabase() registers its drop with
// node:test's after(), which, called inside a test, would drop it when that first test ends.
await testDatabase();

const CREATE = 'test-errors.create';
const ROLLED_BACK = 'test-errors.rolled-back';

const WidgetBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    email: Type.String({ format: 'email' }),
    size: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

function errorsModule(system: () => TestSystem, progress: { wroteBeforeCrash: boolean }): CasusModule {
  const plugin: FastifyPluginAsync = async (app) => {
    app.post<{ Body: Static<typeof WidgetBody> }>(
      '/widgets',
      { config: { access: { public: true } }, schema: { body: WidgetBody, response: { 201: Type.Object({ name: Type.String() }) } } },
      async (request, reply) => {
        await system().db.transaction(request.actorContext(), (tx) => recordAudit(tx, { action: CREATE, objectType: 'widget' }));
        return reply.code(201).send({ name: request.body.name });
      },
    );
    app.get(
      '/widgets',
      {
        config: { access: { public: true } },
        schema: {
          querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100 }) }),
          response: { 200: Type.Object({ items: Type.Array(Type.String()) }) },
        },
      },
      async () => ({ items: [] }),
    );
    app.get(
      '/widgets/:id',
      {
        config: { access: { public: true } },
        schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 200: Type.Object({ id: Type.String() }) } },
      },
      async (request) => ({
        ...(request.params as { id: string }),
        internalNote: 'must not leave the server',
      }),
    );
    app.get('/conflict', { config: { access: { public: true } }, schema: { response: { 200: Type.Object({}) } } }, async () => {
      throw AppError.conflict('The widget was renamed meanwhile.', { currentVersion: 7, status: 200, type: 'spoofed' });
    });
    app.get('/precondition', { config: { access: { public: true } }, schema: { response: { 200: Type.Object({}) } } }, async () => {
      throw AppError.preconditionFailed();
    });
    app.get('/crash', { config: { access: { public: true } }, schema: { response: { 200: Type.Object({}) } } }, async () => {
      throw new Error('secret internal detail');
    });
    app.post(
      '/write-then-crash',
      { config: { access: { public: true } }, schema: { body: Type.Object({}), response: { 201: Type.Object({}) } } },
      async (request) => {
        await system().db.transaction(request.actorContext(), async (tx) => {
          await recordAudit(tx, { action: ROLLED_BACK, objectType: 'widget' });
          progress.wroteBeforeCrash = true;
          throw new Error('failed after writing');
        });
      },
    );
  };
  return { name: 'test-errors', routes: [{ prefix: '/test', plugin }] };
}

/** Asserts the RFC 9457 shape and that the body names this request's ids; returns the body. */
function assertProblem(res: LightMyRequestResponse, status: number, type: string, instance: string): Record<string, unknown> {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json\b/);
  const body = res.json<Record<string, unknown>>();
  assert.equal(body.status, status);
  assert.equal(body.type, type);
  assert.ok(typeof body.title === 'string' && body.title.length > 0, 'title');
  assert.ok(typeof body.detail === 'string' && body.detail.length > 0, 'detail');
  assert.equal(body.instance, instance);
  assert.equal(body.requestId, res.headers['x-request-id']);
  assert.equal(body.traceId, String(res.headers.traceparent).split('-')[1]);
  return body;
}

function pointers(body: Record<string, unknown>): string[] {
  return (body.errors as { pointer: string; detail: string }[]).map((e) => e.pointer).sort();
}

/** Read over the owner login: the application role reads no audit events (kernel migration 0013). */
async function auditCount(system: TestSystem, action: string): Promise<number> {
  const { rows } = await adminQuery<{ n: number }>(system.target.ownerUrl, 'select count(*)::int as n from audit_event where action = $1', [
    action,
  ]);
  return rows[0]!.n;
}

const valid = { name: 'Blue widget', email: 'owner@example.org' };

test('errors are problem+json', async (t) => {
  const progress = { wroteBeforeCrash: false };
  const system: TestSystem = await build(t, { env: { CASUS_BODY_LIMIT_BYTES: '2048' }, modules: [errorsModule(() => system, progress)] });
  const { app } = system;
  const post = (payload: string | object, contentType = 'application/json') =>
    app.inject({ method: 'POST', url: '/api/v1/test/widgets', headers: { 'content-type': contentType }, payload });

  await t.test('a body that fails its schema names every failing field', async () => {
    const res = await post({ email: 'not-an-email', surplus: true });
    const body = assertProblem(res, 400, 'urn:casus:problem:validation', '/api/v1/test/widgets');
    // Missing required property, format violation and unknown property, all reported at once.
    assert.deepEqual(pointers(body), ['/body/email', '/body/name', '/body/surplus']);
    assert.match(String(body.detail), /nothing was changed/);
  });

  await t.test('query and path parameters are validated with their own pointers', async () => {
    const missing = assertProblem(await app.inject('/api/v1/test/widgets'), 400, 'urn:casus:problem:validation', '/api/v1/test/widgets');
    assert.deepEqual(pointers(missing), ['/query/limit']);
    const wrong = await app.inject('/api/v1/test/widgets?limit=many');
    assert.deepEqual(pointers(assertProblem(wrong, 400, 'urn:casus:problem:validation', '/api/v1/test/widgets')), ['/query/limit']);
    const badId = await app.inject('/api/v1/test/widgets/not-a-uuid');
    assert.deepEqual(pointers(assertProblem(badId, 400, 'urn:casus:problem:validation', '/api/v1/test/widgets/not-a-uuid')), [
      '/params/id',
    ]);
  });

  await t.test('the response schema is an output whitelist', async () => {
    const res = await app.inject('/api/v1/test/widgets/5b0f0c3e-4a7d-4c1e-9a51-2f8e7a1f3b6d');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { id: '5b0f0c3e-4a7d-4c1e-9a51-2f8e7a1f3b6d' });
  });

  await t.test('an unknown route is a 404 problem', async () => {
    const res = await app.inject('/api/v1/no-such-thing?q=personal');
    assertProblem(res, 404, 'urn:casus:problem:not-found', '/api/v1/no-such-thing');
    assert.doesNotMatch(res.body, /personal/, 'the query string is not echoed');
  });

  await t.test('AppError.conflict is a 409 carrying its extensions, which cannot override the standard members', async () => {
    const body = assertProblem(await app.inject('/api/v1/test/conflict'), 409, 'urn:casus:problem:conflict', '/api/v1/test/conflict');
    assert.equal(body.detail, 'The widget was renamed meanwhile.');
    assert.equal(body.currentVersion, 7);
  });

  await t.test('AppError.preconditionFailed is a 412', async () => {
    assertProblem(await app.inject('/api/v1/test/precondition'), 412, 'urn:casus:problem:precondition-failed', '/api/v1/test/precondition');
  });

  await t.test('an unexpected error is a 500 without its message or stack', async () => {
    const res = await app.inject('/api/v1/test/crash');
    const body = assertProblem(res, 500, 'about:blank', '/api/v1/test/crash');
    assert.doesNotMatch(res.body, /secret internal detail/);
    assert.doesNotMatch(res.body, /\bat .+:\d+:\d+|\.ts\b|stack/i);
    assert.equal(body.title, 'Internal Server Error');
  });

  await t.test('malformed, empty, unsupported and oversized bodies get their own problems', async () => {
    assertProblem(await post('{"name": "Blue'), 400, 'urn:casus:problem:malformed-body', '/api/v1/test/widgets');
    assertProblem(await post(''), 400, 'urn:casus:problem:malformed-body', '/api/v1/test/widgets');
    assertProblem(await post('<widget/>', 'application/xml'), 415, 'urn:casus:problem:unsupported-media-type', '/api/v1/test/widgets');
    assertProblem(await post({ ...valid, name: 'x'.repeat(4096) }), 413, 'urn:casus:problem:payload-too-large', '/api/v1/test/widgets');
  });

  await t.test('bad input changes nothing; good input writes exactly one audit event with the request ids', async () => {
    const before = await auditCount(system, CREATE);
    const refused = [
      await post('{"name": "Blue'),
      await post(''),
      await post({ ...valid, name: 'x'.repeat(4096) }),
      await post({ ...valid, email: 'nope' }),
      await post({ ...valid, admin: true }),
      await post(JSON.stringify(valid), 'text/xml'),
      await post('name=Blue', 'application/x-www-form-urlencoded'),
    ];
    assert.deepEqual(
      refused.map((r) => r.statusCode),
      [400, 400, 413, 400, 400, 415, 415],
    );
    assert.equal(await auditCount(system, CREATE), before, 'no refused request reached the handler');

    const ok = await post(valid);
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(await auditCount(system, CREATE), before + 1);
    const row = (
      await adminQuery<{ request_id: string; trace_id: string }>(
        system.target.ownerUrl,
        'select request_id, trace_id from audit_event where action = $1 order by id desc limit 1',
        [CREATE],
      )
    ).rows[0]!;
    assert.equal(row.request_id, ok.headers['x-request-id']);
    assert.equal(row.trace_id, String(ok.headers.traceparent).split('-')[1]);
  });

  await t.test('a handler that fails after writing rolls the write back', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/test/write-then-crash', payload: {} });
    assertProblem(res, 500, 'about:blank', '/api/v1/test/write-then-crash');
    assert.ok(progress.wroteBeforeCrash, 'the audit row was written before the failure');
    assert.equal(await auditCount(system, ROLLED_BACK), 0);
  });
});

// Each module below breaks the rule that every API route declares its schemas; build() must refuse.
const ok = { 200: Type.Object({}) };
const badRoutes: { name: string; expected: RegExp; plugin: FastifyPluginAsync }[] = [
  {
    name: 'GET without schema.response',
    expected: /GET \/api\/v1\/bad\/items must declare schema\.response/,
    plugin: async (app) => void app.get('/items', async () => ({})),
  },
  {
    name: 'POST without schema.body',
    expected: /POST \/api\/v1\/bad\/items must declare schema\.body/,
    plugin: async (app) => void app.post('/items', { config: { access: { public: true } }, schema: { response: ok } }, async () => ({})),
  },
  {
    name: ':param route without schema.params',
    expected: /GET \/api\/v1\/bad\/items\/:id must declare schema\.params/,
    plugin: async (app) => void app.get('/items/:id', { config: { access: { public: true } }, schema: { response: ok } }, async () => ({})),
  },
];

for (const bad of badRoutes) {
  test(`build() refuses an API route: ${bad.name}`, async (t) => {
    await assert.rejects(build(t, { modules: [{ name: 'bad', routes: [{ prefix: '/bad', plugin: bad.plugin }] }] }), bad.expected);
  });
}
