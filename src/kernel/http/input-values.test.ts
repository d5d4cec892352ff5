// Values a schema lets through but PostgreSQL refuses are 400 problem+json naming the field, and
// change nothing: impossible page cursors, NUL and control characters, numbers Ajv's coercion made
// infinite, dates of the year 0000; and, behind those, a data exception of the database caused by a
// request's value is a 400 too (rolled back), while one no request value caused stays a 500.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyPluginAsync, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { Type, type Static } from 'typebox';
import { recordAudit } from '../audit/audit.ts';
import { decodeCursor, encodeCursor, isMoment } from './cursor.ts';
import type { CasusModule } from '../module.ts';
import { build, type TestSystem } from '../../../test/helpers/build.ts';
import { testDatabase } from '../../../test/helpers/database.ts';

await testDatabase();

const WROTE = 'test-values.wrote';
const Query = Type.Object({
  key: Type.Optional(Type.String({ maxLength: 63 })),
  after: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
const Body = Type.Object(
  {
    name: Type.Optional(Type.String()),
    tags: Type.Optional(Type.Array(Type.Object({ label: Type.String() }))),
    custom: Type.Optional(Type.Object({}, { additionalProperties: true })),
    day: Type.Optional(Type.String({ format: 'date' })),
    at: Type.Optional(Type.String({ format: 'date-time' })),
    number: Type.Optional(Type.String({ maxLength: 30 })),
  },
  { additionalProperties: false },
);

function valuesModule(system: () => TestSystem, reached: { handler: number }): CasusModule {
  const plugin: FastifyPluginAsync = async (app) => {
    const config = { access: { public: true as const } };
    app.get<{ Querystring: Static<typeof Query> }>(
      '/page',
      {
        config,
        schema: {
          querystring: Query,
          response: { 200: Type.Object({ key: Type.Union([Type.String(), Type.Null()]), at: Type.Union([Type.String(), Type.Null()]) }) },
        },
      },
      async (request) => {
        reached.handler++;
        const cursor = decodeCursor(request.query.after);
        // As the list routes do: the key and the cursor go to the database as they are.
        const { rows } = await sql<{
          key: string | null;
          at: string | null;
        }>`select ${request.query.key ?? null}::text as key, ${cursor?.at ?? null}::timestamptz::text as at, ${request.query.limit ?? 1}::int + 1 as n`.execute(
          system().db.kysely,
        );
        return rows[0]!;
      },
    );
    app.post<{ Body: Static<typeof Body> }>(
      '/things',
      { config, schema: { body: Body, response: { 201: Type.Object({}) } } },
      async (request, reply) => {
        reached.handler++;
        await system().db.transaction(request.actorContext(), async (tx) => {
          await recordAudit(tx, { action: WROTE, objectType: 'thing' });
          // Free text cast by the database: a value it cannot read raises a data exception.
          await sql`select ${request.body.name ?? ''}::text, ${request.body.day ?? null}::date, ${request.body.at ?? null}::timestamptz, ${request.body.number ?? null}::integer`.execute(
            tx.db,
          );
        });
        return reply.code(201).send({});
      },
    );
    app.get('/broken', { config, schema: { response: { 200: Type.Object({}) } } }, async () => {
      await sql`select 1 / (select count(*) from audit_event where false)::int`.execute(system().db.kysely);
      return {};
    });
  };
  return { name: 'test-values', routes: [{ prefix: '/test', plugin }] };
}

function refused(response: LightMyRequestResponse, pointer: string | null): void {
  assert.equal(response.statusCode, 400, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const body = response.json<{ type: string; errors?: { pointer: string }[] }>();
  assert.equal(body.type, 'urn:casus:problem:validation');
  if (pointer)
    assert.deepEqual(
      body.errors?.map((e) => e.pointer),
      [pointer],
      response.body,
    );
}

const cursor = (at: string) => encodeCursor({ at, id: '5b0f0c3e-4a7d-4c1e-9a51-2f8e7a1f3b6d' });

test('cursor moments are real calendar moments from the year 1 on', () => {
  for (const moment of ['2026-02-28T10:00:00Z', '2024-02-29T23:59:59.999999Z', '0001-01-01T00:00:00Z']) assert.ok(isMoment(moment), moment);
  for (const moment of [
    '2026-02-30T10:00:00Z',
    '2025-02-29T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T10:60:00Z',
  ]) {
    assert.equal(isMoment(moment), false, moment);
    assert.throws(() => decodeCursor(cursor(moment)), /page cursor is not valid/);
  }
});

test('values the database (or a service) cannot take are 400 naming the field, and change nothing', async (t) => {
  const reached = { handler: 0 };
  const system: TestSystem = await build(t, { modules: [valuesModule(() => system, reached)] });
  const { app } = system;
  const writes = async () =>
    Number((await sql<{ n: string }>`select count(*) as n from audit_event where action = ${WROTE}`.execute(system.db.kysely)).rows[0]!.n);
  const post = (payload: unknown) => app.inject({ method: 'POST', url: '/api/v1/test/things', payload: payload as object });

  await t.test('impossible cursors', async () => {
    assert.equal((await app.inject(`/api/v1/test/page?after=${cursor('2026-02-28T10:00:00Z')}`)).statusCode, 200);
    refused(await app.inject(`/api/v1/test/page?after=${cursor('2026-02-30T10:00:00Z')}`), '/query/after');
    refused(await app.inject(`/api/v1/test/page?after=${cursor('0000-01-01T00:00:00Z')}`), '/query/after');
  });

  await t.test('NUL and control characters in parameters, NUL anywhere in a body', async () => {
    const before = reached.handler;
    refused(await app.inject('/api/v1/test/page?key=%00'), '/query/key');
    refused(await app.inject('/api/v1/test/page?key=a%0Db'), '/query/key');
    refused(await post({ name: 'a\u0000b' }), '/body/name');
    refused(await post({ tags: [{ label: 'ok' }, { label: '\u0000' }] }), '/body/tags/1/label');
    refused(await post({ custom: { 'a/\u0000': 'x' } }), '/body/custom/a~1\u0000');
    refused(
      await app.inject({
        method: 'POST',
        url: '/api/v1/test/things',
        headers: { 'content-type': 'application/json' },
        payload: '{"custom": {"deep": [[["\\u0000"]]]}}',
      }),
      '/body/custom/deep/0/0/0',
    );
    assert.equal(reached.handler, before, 'no handler reached');
    // Line breaks and tabs are ordinary text in a body.
    assert.equal((await post({ name: 'line one\nline two\tend' })).statusCode, 201);
  });

  await t.test('numbers the coercion made infinite', async () => {
    refused(await app.inject('/api/v1/test/page?limit=Infinity'), '/query/limit');
    refused(await app.inject('/api/v1/test/page?limit=-1e400'), '/query/limit');
  });

  await t.test('dates of the year 0000 and days that do not exist', async () => {
    refused(await post({ day: '0000-01-01' }), '/body/day');
    refused(await post({ day: '2026-02-30' }), '/body/day');
    refused(await post({ at: '0000-06-01T12:00:00Z' }), '/body/at');
    // RFC 3339 has leap seconds; JavaScript's Date (with which services compute) does not.
    refused(await post({ at: '2016-12-31T23:59:60Z' }), '/body/at');
    assert.equal((await post({ day: '0001-01-01', at: '0001-01-01T00:00:00Z' })).statusCode, 201);
  });

  await t.test('a data exception the database raises for a value of the request is a 400, rolled back', async () => {
    const before = await writes();
    const response = await post({ number: 'twelve' });
    refused(response, null);
    assert.match(response.json<{ detail: string }>().detail, /nothing was changed/i);
    assert.doesNotMatch(response.body, /twelve|integer|syntax/, 'neither the value nor the database message is echoed');
    refused(await post({ number: '99999999999' }), null);
    assert.equal(await writes(), before, 'the audit row written before the failing statement was rolled back');
  });

  await t.test('a data exception without any value of the request stays a 500', async () => {
    const response = await app.inject('/api/v1/test/broken');
    assert.equal(response.statusCode, 500, response.body);
  });
});
