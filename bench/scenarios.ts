// What `npm run bench` measures. Each scenario is one request shape fired by autocannon at the real
// server. Modules add their own here as they land (an authenticated read once identity exists;
// search, opening a case and saving a contact moment with their modules), so the figures in
// docs/performance.md grow with the screens users wait for.
import type autocannon from 'autocannon';

export interface Scenario {
  /** Short, stable name: used in the table, in results JSON and by --only. */
  name: string;
  /** One line for the report: what cost this request represents. */
  measures: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path (and query) on the server, starting with "/". */
  path: string;
  headers?: Record<string, string>;
  /** Request body, sent as-is; set content-type in headers. */
  body?: string;
  /** Concurrent keep-alive connections (overridden by --connections). */
  connections: number;
  /** Measured seconds when neither --duration, --quick nor BENCH_DURATION is given. */
  duration?: number;
  /** Statuses that count as success. Default: any 2xx. Anything else is "unexpected" and fails the run. */
  expectStatus?: number[];
  /** Send the signed-in benchmark user's session cookie (bench/identity.ts). */
  session?: boolean;
  /** A casework scenario on demo data (bench/casework.ts): run with --existing, or on a fresh database after loading a small demo set. */
  demo?: boolean;
  /** autocannon request sequence (e.g. a setupRequest that varies the path or body per request). */
  requests?: autocannon.Request[];
}

export const scenarios: Scenario[] = [
  {
    name: 'health-live',
    measures: 'Fastify floor: routing and the hook chain, no database, no access-log line',
    method: 'GET',
    path: '/health/live',
    connections: 10,
  },
  {
    name: 'health-ready',
    measures: 'a pool checkout and `select 1`, the cached migration status and the job-queue state',
    method: 'GET',
    path: '/health/ready',
    connections: 10,
  },
  {
    name: 'api-root',
    measures: 'an /api/v1 route through the full hook chain: request id, trace, security headers, metrics, response-schema serialisation',
    method: 'GET',
    path: '/api/v1',
    headers: { accept: 'application/json' },
    connections: 10,
  },
  {
    name: 'api-root-signed-in',
    measures:
      'api-root with a session cookie: the difference to api-root is the cost of session lookup, user status and grant resolution over the unit tree',
    method: 'GET',
    path: '/api/v1',
    headers: { accept: 'application/json' },
    session: true,
    connections: 10,
  },
  {
    name: 'api-root-serial',
    measures: 'api-root, one request at a time: the latency floor without queueing',
    method: 'GET',
    path: '/api/v1',
    headers: { accept: 'application/json' },
    connections: 1,
  },
  {
    name: 'signed-in-serial',
    measures:
      'api-root-signed-in, one request at a time: minus api-root-serial, the latency that session + authorisation add (target < 2 ms at p95)',
    method: 'GET',
    path: '/api/v1',
    headers: { accept: 'application/json' },
    session: true,
    connections: 1,
  },
  {
    name: 'who-am-i',
    measures: 'GET /auth/session: a signed-in request with a permission-per-unit response (session, grants, user row)',
    method: 'GET',
    path: '/api/v1/auth/session',
    session: true,
    connections: 10,
  },
  {
    name: 'forbidden',
    measures: 'a signed-in request refused by access control (403 problem+json) before any handler runs',
    method: 'GET',
    path: '/api/v1/service-accounts',
    session: true,
    connections: 10,
    expectStatus: [403],
  },
  {
    name: 'openapi',
    measures: 'a response that grows with the API: the generated OpenAPI document (1.5 KB while no module has routes)',
    method: 'GET',
    path: '/api/v1/openapi.json',
    connections: 10,
  },
  {
    name: 'not-found',
    measures: 'the error path: unknown route rendered as RFC 9457 problem+json',
    method: 'GET',
    path: '/api/v1/no-such-resource',
    headers: { accept: 'application/problem+json' },
    connections: 10,
    expectStatus: [404],
  },
];
