// No 5xx from bad (or merely unusual) input, for every operation of the API as served. The OpenAPI
// document of the whole application is walked; for each operation fast-check generates requests
// from its schemas: valid values biased to their edges (bounds, longest strings, NUL and unusual
// Unicode where any text is allowed, the first and last days of the calendar) and values that break
// one part (a path or query parameter, a body property, extra or missing properties, broken JSON).
// They are sent through app.inject as a signed-in user holding every seeded role (so requests pass
// the access checks and reach handlers and the database), public operations anonymously. Ids from
// earlier answers are reused, so requests reach real rows. No answer may be a 5xx.
//
// Bounded: RUNS requests per operation and a time budget for all of them. Seeded: the seed (default
// fixed, so CI is reproducible; CASUS_FUZZ_SEED=<n> or `random` to explore) and each failure's
// fast-check path are printed, and the failing request is shown in full.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { build, type TestSystem } from '../helpers/build.ts';
import { createUnit, createUser, grantRole, signIn, totpCode, type Session } from '../helpers/identity.ts';
import { modules } from '../../src/app/modules.ts';
import { invalidValue, kindOf, validValue, type Schema, type SchemaContext } from '../helpers/openapi-arbitraries.ts';

const RUNS = Number(process.env.CASUS_FUZZ_RUNS ?? 16);
const WARM_UP_RUNS = 6;
const BUDGET_MS = Number(process.env.CASUS_FUZZ_BUDGET_MS ?? 70_000);
const SEED =
  process.env.CASUS_FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.CASUS_FUZZ_SEED ?? 20_260_209);
const SEEDED_ROLES = [
  'case-worker',
  'volunteer',
  'team-lead',
  'functional-administrator',
  'security-officer',
  'privacy-officer',
  'it-operations',
  'service-desk',
];
const METHODS = ['post', 'get', 'patch', 'put', 'delete'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Changes that take things away (our own session, roles, users): after the others, so those find something. */
const DESTRUCTIVE = /\/(sign-out|deactivate|reset-factors|end|revoke|remove|delete|merge|close|permissions|sessions\/\{sessionId\})$/;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}
interface OperationObject {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  security?: unknown[];
}
interface Operation {
  method: string;
  path: string;
  spec: OperationObject;
  public: boolean;
}

type Body =
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; text: string; contentType: string }
  | { kind: 'bytes'; data: Uint8Array }
  | { kind: 'none' };
interface GeneratedRequest {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Partial<Record<string, string>>;
  body: Body;
}

const BROKEN_JSON = [
  '{',
  '{"a":',
  '[1,,2]',
  '"\\u0000"',
  'nul',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '\u0000',
  '',
];
const PRINTABLE = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });

function requestArbitrary(operation: Operation, context: SchemaContext, etags: Map<string, string>): fc.Arbitrary<GeneratedRequest> {
  const parameters = operation.spec.parameters ?? [];
  const inPart = (part: Parameter['in']) => parameters.filter((p) => p.in === part && !/^(idempotency-key|if-match)$/i.test(p.name));
  const json = operation.spec.requestBody?.content['application/json'];
  const bytes = operation.spec.requestBody?.content['application/octet-stream'];
  const parts = ['none', 'none', 'none'];
  if (inPart('path').length > 0) parts.push('path');
  if (inPart('query').length > 0) parts.push('query', 'query');
  if (json) parts.push('body', 'body', 'broken-json');
  if (inPart('header').length > 0 || operation.method !== 'get') parts.push('headers');

  return fc.constantFrom(...parts).chain((broken) => {
    const values = (list: Parameter[], part: string) => {
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const p of list) {
        const value =
          broken === part
            ? fc.oneof(validValue(p.schema, context, 0, p.name), invalidValue(p.schema, context, 0, p.name))
            : validValue(p.schema, context, 0, p.name);
        // Optional parameters now and then: each one that is sent is another chance of a 400.
        record[p.name] = p.required || p.in === 'path' ? value : fc.option(value, { freq: 2, nil: undefined });
      }
      const base = fc.record(record).map((v) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)));
      // A parameter no route declares rides along now and then.
      return broken === part
        ? fc
            .tuple(base, fc.option(fc.constantFrom('x', '\u0000', 'ä'.repeat(500))))
            .map(([v, extra]) => (extra === null ? v : { ...v, unknownParameter: extra }))
        : base;
    };
    const body: fc.Arbitrary<Body> = json
      ? broken === 'broken-json'
        ? fc
            .record({
              text: fc.constantFrom(...BROKEN_JSON),
              contentType: fc.constantFrom('application/json', 'text/plain', 'application/json; charset=latin1'),
            })
            .map((r) => ({ kind: 'raw' as const, ...r }))
        : (broken === 'body' ? invalidValue(json.schema, context) : validValue(json.schema, context)).map((value) => ({
            kind: 'json' as const,
            value,
          }))
      : bytes
        ? fc
            .oneof(
              fc.uint8Array({ maxLength: 2048 }),
              fc.constantFrom(new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), new Uint8Array(0)),
            )
            .map((data) => ({ kind: 'bytes' as const, data }))
        : fc.constant({ kind: 'none' as const });
    const headers = fc
      .record({
        ifMatch: fc.option(fc.oneof(fc.constant('known'), fc.constant('*'), fc.constant('"x:y:1"'), PRINTABLE)),
        idempotencyKey: fc.option(PRINTABLE),
        contentDisposition: fc.option(
          fc.oneof(
            PRINTABLE.map((s) => `attachment; filename*=UTF-8''${encodeURIComponent(s)}`),
            PRINTABLE,
          ),
        ),
      })
      .map(({ ifMatch, idempotencyKey, contentDisposition }) => {
        const result: Record<string, string> = {};
        if (ifMatch !== null) result['if-match'] = ifMatch;
        if (idempotencyKey !== null) result['idempotency-key'] = idempotencyKey;
        if (contentDisposition !== null && bytes) result['content-disposition'] = contentDisposition;
        return result;
      });
    return fc
      .record({
        path: values(inPart('path'), 'path'),
        query: values(inPart('query'), 'query'),
        headers:
          broken === 'headers' ? headers : headers.map((h): Record<string, string> => (h['if-match'] ? { 'if-match': h['if-match'] } : {})),
        body,
      })
      .map((request) => {
        if (request.headers['if-match'] === 'known') {
          const etag = etags.get(fillPath(operation.path, request.path));
          const { 'if-match': _known, ...others } = request.headers;
          request.headers = etag ? { ...others, 'if-match': etag } : others;
        }
        return request;
      });
  });
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}

function fillPath(path: string, values: Record<string, unknown>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(text(values[name]).toWellFormed()));
}

function urlOf(operation: Operation, request: GeneratedRequest): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) query.append(name, text(item).toWellFormed());
  }
  const qs = query.toString();
  return `${fillPath(operation.path, request.path)}${qs ? `?${qs}` : ''}`;
}

/**
 * Ids in an answer, for later requests to use, by what they name: `caseId` names a case, and `id`
 * names what the path is about (`/cases/…/contact-moments` -> contactmoment).
 */
function harvest(answer: unknown, path: string, ids: Map<string, string[]>): void {
  const resource = (
    path
      .split('/')
      .filter((segment) => segment && !segment.startsWith('{'))
      .at(-1) ?? ''
  )
    .split('-')
    .at(-1)!
    .replace(/s$/, '');
  const stack: [unknown, string][] = [[answer, '']];
  for (let budget = 10_000; stack.length > 0 && budget > 0; budget--) {
    const [item, key] = stack.pop()!;
    if (typeof item === 'string' && UUID.test(item)) {
      for (const kind of new Set(['', key === 'id' ? resource : kindOf(key)])) {
        const list = ids.get(kind) ?? [];
        if (list.length < 200 && !list.includes(item)) list.push(item);
        ids.set(kind, list);
      }
    } else if (Array.isArray(item)) stack.push(...item.map((v): [unknown, string] => [v, key]));
    else if (item && typeof item === 'object') stack.push(...Object.entries(item).map(([k, v]): [unknown, string] => [v, k]));
  }
}

/** 5xx answers that are about the installation, not the request: a dependency this test does not configure. */
const NOT_CONFIGURED = new Set(['urn:casus:problem:mail-not-configured']);

async function fuzzUser(system: TestSystem, n: number): Promise<Session> {
  const user = await createUser(system, `fuzzer${n}`);
  for (const role of SEEDED_ROLES) await grantRole(system, user.id, role);
  const session = await signIn(system, user);
  // Sensitive operations (granting, factors) need a recent factor check.
  const reauthenticated = await session.request('POST', '/api/v1/auth/reauthenticate', { method: 'totp', code: await totpCode(user) });
  assert.equal(reauthenticated.statusCode, 204, reauthenticated.body);
  return session;
}

/**
 * A few rows of every kind through the API (a team, a person, a case with a contact moment, a task, a
 * referral, an incident, a document), so generated requests reach real rows from the start. A fixture
 * the API refuses is reported, not fatal: the generated requests still run.
 */
async function fixtures(system: TestSystem, session: Session, context: SchemaContext, note: (text: string) => void): Promise<void> {
  const teamId = await createUnit(system, 'fuzz-team', 'team');
  const make = async (kind: string, url: string, body: unknown, options: { headers?: Record<string, string>; raw?: Buffer } = {}) => {
    const response = await system.app.inject({
      method: 'POST',
      url,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...options.headers },
      ...(options.raw ? { payload: options.raw } : { payload: body as object }),
    });
    if (response.statusCode !== 201) {
      note(`fixture ${kind} not made: ${response.statusCode} ${response.body.slice(0, 300)}`);
      return null;
    }
    harvest(response.json(), url.split('?')[0]!, context.ids);
    return response.json<{ id: string }>().id;
  };
  harvest({ unitId: teamId }, '', context.ids);
  const personId = await make('person', '/api/v1/persons', {
    achternaam: 'Fixture',
    voornamen: 'Fuzz',
    dateOfBirth: '1980-02-29',
    confirmNoDuplicate: true,
  });
  const incidentId = await make('incident', '/api/v1/incidents', { owningUnitId: teamId, category: 'violence', occurredOn: '2026-01-02' });
  const caseId = await make('case', '/api/v1/cases', {
    owningUnitId: teamId,
    ...(personId ? { participants: [{ personId, role: 'victim' }] } : {}),
    ...(incidentId ? { incidentId } : {}),
  });
  await make('referral', '/api/v1/referrals', {
    source: 'police',
    channel: 'phone',
    owningUnitId: teamId,
    person: { achternaam: 'Referred' },
  });
  if (caseId) {
    await make('contact moment', `/api/v1/cases/${caseId}/contact-moments`, {
      channel: 'phone',
      direction: 'outbound',
      outcome: 'reached',
      summary: 'Fixture',
      ...(personId ? { personId } : {}),
    });
    await make('task', '/api/v1/tasks', { caseId, title: 'Fixture', dueInWorkingDays: 3 });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n');
    await make('document', `/api/v1/cases/${caseId}/documents?restricted=false`, null, {
      raw: pdf,
      headers: { 'content-type': 'application/octet-stream', 'content-disposition': "attachment; filename*=UTF-8''fixture.pdf" },
    });
  }
}

test('no operation answers 5xx to generated valid or invalid requests', async (t) => {
  const system = await build(t, { modules, env: { CASUS_AUTH_ATTEMPTS_PER_IP: '100000', CASUS_LOGIN_MAX_FAILURES: '20' } });
  type Document = SchemaContext['document'] & { paths: Record<string, Record<string, OperationObject>> };
  const document = (await system.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<Document>();
  const operations: Operation[] = [];
  // Paths are relative to the server URL, which carries the major version (/api/v1).
  for (const [relative, item] of Object.entries(document.paths)) {
    const path = `/api/v1${relative === '/' ? '' : relative}`;
    for (const method of METHODS) {
      const spec = item[method];
      if (spec)
        operations.push({ method: method.toUpperCase(), path, spec, public: Array.isArray(spec.security) && spec.security.length === 0 });
    }
  }
  assert.ok(operations.length > 100, `the document lists the operations (${operations.length})`);
  const rank = (o: Operation) => (DESTRUCTIVE.test(o.path) ? 10 : 0) + METHODS.indexOf(o.method.toLowerCase() as (typeof METHODS)[number]);
  operations.sort((a, b) => rank(a) - rank(b));

  const context: SchemaContext = { document, ids: new Map() };
  const etags = new Map<string, string>();
  let users = 0;
  let session = await fuzzUser(system, users++);
  await fixtures(system, session, context, (note) => t.diagnostic(note));
  const failures: string[] = [];
  const safetyNet = new Set<string>();
  const statuses = new Map<string, Map<number, number>>();
  const deadline = Date.now() + BUDGET_MS;

  /** One operation, `runs` generated requests; a 5xx is recorded with what reproduces it. */
  const exercise = async (operation: Operation, seed: number, runs: number, timeLimit: number) => {
    const label = `${operation.method} ${operation.path}`;
    const counts = statuses.get(label) ?? new Map<number, number>();
    statuses.set(label, counts);
    let last = '';
    const details = await fc.check(
      fc.asyncProperty(requestArbitrary(operation, context, etags), async (request) => {
        const url = urlOf(operation, request);
        const headers = Object.fromEntries(Object.entries(request.headers).filter((e): e is [string, string] => e[1] !== undefined));
        let payload: string | Buffer | undefined;
        if (request.body.kind === 'json') {
          headers['content-type'] = 'application/json';
          payload = JSON.stringify(request.body.value) ?? 'null';
        } else if (request.body.kind === 'raw') {
          headers['content-type'] = request.body.contentType;
          payload = request.body.text;
        } else if (request.body.kind === 'bytes') {
          headers['content-type'] = 'application/octet-stream';
          payload = Buffer.from(request.body.data);
        }
        if (!operation.public) Object.assign(headers, { cookie: session.cookie, 'x-csrf-token': session.csrf });
        const response = await system.app.inject({
          method: operation.method as 'GET',
          url,
          headers,
          ...(payload !== undefined ? { payload } : {}),
        });
        counts.set(response.statusCode, (counts.get(response.statusCode) ?? 0) + 1);
        last = `${operation.method} ${url}\n    headers: ${JSON.stringify(request.headers)}\n    body: ${payload === undefined ? '-' : Buffer.isBuffer(payload) ? `${payload.length} bytes` : payload.slice(0, 2000)}\n    -> ${response.statusCode} ${response.body.slice(0, 500)}`;
        if (response.statusCode >= 200 && response.statusCode < 300) {
          if (response.headers.etag) etags.set(url.split('?')[0]!, String(response.headers.etag));
          if (String(response.headers['content-type']).startsWith('application/json'))
            harvest(response.json(), operation.path, context.ids);
        }
        // Refused by the kernel's safety net (a database error mapped to 400) rather than by the route: worth fixing there.
        if (response.statusCode === 400 && String(response.json().detail).startsWith('A value in the request cannot be accepted'))
          safetyNet.add(`${label}: ${last}`);
        // Our own session may end (a lockout after wrong current passwords, deactivation of ourselves):
        // go on as a new user.
        if (response.statusCode === 401 && !operation.public && response.json().type === 'urn:casus:problem:unauthenticated')
          session = await fuzzUser(system, users++);
        return response.statusCode < 500 || (response.statusCode === 503 && NOT_CONFIGURED.has(response.json().type));
      }),
      { seed, numRuns: runs, endOnFailure: true, interruptAfterTimeLimit: timeLimit, markInterruptAsFailure: false },
    );
    // Interrupted before a request was answered (a slow start): no failure, but the coverage check counts it.
    if (details.failed && !(details.interrupted && details.counterexample === null)) {
      const why =
        details.errorInstance instanceof Error
          ? details.errorInstance.stack
          : details.counterexample
            ? 'a 5xx answer'
            : `no run (interrupted: ${details.interrupted}, skipped: ${details.numSkips})`;
      failures.push(`${label} (fast-check seed ${details.seed}, path "${details.counterexamplePath ?? ''}", ${why}):\n    ${last}`);
    }
  };

  // A first, short round creates rows (and collects their ids) for the second to reach: a case needs
  // a unit, a contact moment a case. Changes that take things away wait for the second round. Each
  // operation gets its share of the time left, so a slow machine runs fewer requests, not fewer operations.
  const only = process.env.CASUS_FUZZ_ONLY ? new RegExp(process.env.CASUS_FUZZ_ONLY) : null;
  const selected = operations.filter((o) => !only || only.test(`${o.method} ${o.path}`));
  const share = (until: number, left: number, least: number) => Math.max(least, (until - Date.now()) / Math.max(1, left));
  const warmUpUntil = Date.now() + BUDGET_MS / 4;
  for (const [index, operation] of selected.entries()) {
    if (!DESTRUCTIVE.test(operation.path))
      await exercise(operation, SEED + index, WARM_UP_RUNS, share(warmUpUntil, selected.length - index, 500));
  }
  for (const [index, operation] of selected.entries()) {
    await exercise(operation, (SEED + 1_000 + index * 7919) % 2 ** 31, RUNS, share(deadline, selected.length - index, 1500));
  }
  if (process.env.CASUS_FUZZ_VERBOSE) {
    for (const [label, counts] of statuses) console.log(label, JSON.stringify(Object.fromEntries(counts)));
  }
  for (const hit of safetyNet) t.diagnostic(`refused by the database, not by the route's schema: ${hit}`);
  assert.deepEqual(failures, [], `5xx answers (run seed ${SEED}; rerun with CASUS_FUZZ_SEED=${SEED}):\n${failures.join('\n')}`);
  const thin = [...statuses].filter(([, c]) => [...c.values()].reduce((a, b) => a + b, 0) < 3).map(([label]) => label);
  assert.equal(statuses.size, selected.length, 'every operation was exercised');
  assert.deepEqual(thin, [], 'operations with fewer than 3 requests in the time budget');
});
