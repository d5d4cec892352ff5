// Every failure leaves the server as RFC 9457 problem+json, mapped here once: validation -> 400 with
// the failing fields, unknown route -> 404, AppError -> its status, framework errors -> their status,
// a value of the request the database refuses (a data exception, a check) -> 400, anything
// unexpected -> 500 without internals (the details go to the log, under the request id).
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, type FieldError } from '../errors.ts';
import { authenticationChallengeOf } from '../auth/access.ts';
import { databaseErrorOf, type DatabaseError } from '../db/sqlstate.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'URI identifying the kind of problem: urn:casus:problem:<code>, or about:blank' }),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    traceId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String() }))),
  },
  { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details' },
);

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  traceId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** Fastify's own errors whose status we keep, with our stable codes. */
const FRAMEWORK_ERRORS: Record<string, { status: number; code: string; title: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload-too-large', title: 'Request body too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported-media-type', title: 'Unsupported media type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'malformed-body', title: 'Malformed request body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed-body', title: 'Malformed request body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed-body', title: 'Malformed request body' },
  FST_ERR_BAD_URL: { status: 400, code: 'bad-url', title: 'Malformed URL' },
};

function pointerFor(context: string | undefined, error: { instancePath?: string; params?: Record<string, unknown> }): string {
  // Fastify names the query part "querystring"; the pointers we promise (FieldError) say "query".
  const part = context === 'querystring' ? 'query' : (context ?? 'body');
  const base = `/${part}${error.instancePath ?? ''}`;
  const missing = error.params?.missingProperty ?? error.params?.additionalProperty;
  return typeof missing === 'string' ? `${base}/${missing.replace(/~/g, '~0').replace(/\//g, '~1')}` : base;
}

/**
 * SQLSTATEs by which PostgreSQL refuses a *value* (class 22 data exceptions, and check constraints):
 * a date it has no day for, a number beyond its type, a NUL byte, a value a constraint or a
 * function's argument check excludes. Routes are to refuse such values in their schemas and
 * services, naming the field; this is the safety net behind them, so a value that slipped through
 * is still the client's 400 and changes nothing (the transaction rolled back), not a 500.
 */
const DATABASE_REFUSED_VALUES: Record<string, string> = {
  '22001': 'a text is longer than can be stored',
  '22003': 'a number is out of the range that can be stored',
  '22007': 'a date or time is not valid',
  '22008': 'a date or time is out of the range that can be stored',
  '22019': 'a search pattern has an invalid escape character',
  '22021': 'a text contains a character that cannot be stored',
  '22023': 'a value is outside what is accepted',
  '22025': 'a search pattern has an invalid escape sequence',
  '2201B': 'a pattern is not a valid regular expression',
  '22P02': 'a value does not have the expected form',
  '22P05': 'a text contains a character that cannot be stored',
  '23514': 'a value is outside what is accepted',
};

/** The refusal of a value in a database error (pg's DatabaseError), or null for any other error. */
export function databaseRefusalOf(error: unknown): DatabaseError | null {
  const refusal = databaseErrorOf(error);
  return refusal && refusal.sqlState in DATABASE_REFUSED_VALUES ? refusal : null;
}

function hasInput(request: FastifyRequest): boolean {
  const filled = (part: unknown) =>
    part !== undefined && part !== null && (typeof part !== 'object' || Buffer.isBuffer(part) || Object.keys(part).length > 0);
  return filled(request.params) || filled(request.query) || filled(request.body);
}

export function problemFromError(
  error: FastifyError | AppError | Error,
  request: FastifyRequest,
): { problem: Problem; unexpected: boolean; refusal?: DatabaseError } {
  const base = { instance: request.url.split('?')[0], requestId: String(request.id), traceId: request.trace?.traceId };
  if (error instanceof AppError) {
    return {
      unexpected: false,
      problem: {
        ...error.extensions,
        type: `urn:casus:problem:${error.code}`,
        title: error.title,
        status: error.status,
        ...(error.detail ? { detail: error.detail } : {}),
        ...(error.errors ? { errors: error.errors } : {}),
        ...base,
      },
    };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const errors = fastifyError.validation.map((v) => ({
      pointer: pointerFor(fastifyError.validationContext, v as { instancePath?: string; params?: Record<string, unknown> }),
      detail: v.message ?? 'is invalid',
    }));
    return {
      unexpected: false,
      problem: {
        type: 'urn:casus:problem:validation',
        title: 'Invalid request',
        status: 400,
        detail: `The request did not pass validation (${errors.length} ${errors.length === 1 ? 'problem' : 'problems'}); nothing was changed.`,
        errors,
        ...base,
      },
    };
  }
  const known = fastifyError.code ? FRAMEWORK_ERRORS[fastifyError.code] : undefined;
  if (known || (error instanceof SyntaxError && fastifyError.statusCode === 400)) {
    const { status, code, title } = known ?? FRAMEWORK_ERRORS.FST_ERR_CTP_INVALID_JSON_BODY!;
    return {
      unexpected: false,
      problem: { type: `urn:casus:problem:${code}`, title, status, detail: `${error.message}; nothing was changed.`, ...base },
    };
  }
  // Only a request that brought values can have brought a bad one; otherwise it is our fault (500).
  const refusal = databaseRefusalOf(error);
  if (refusal && hasInput(request)) {
    return {
      unexpected: false,
      refusal,
      problem: {
        type: 'urn:casus:problem:validation',
        title: 'Invalid request',
        status: 400,
        detail: `A value in the request cannot be accepted: ${DATABASE_REFUSED_VALUES[refusal.sqlState]}. Nothing was changed.`,
        ...base,
      },
    };
  }
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    return { unexpected: false, problem: { type: 'about:blank', title: STATUS_CODES[status] ?? 'Client error', status, ...base } };
  }
  return {
    unexpected: true,
    problem: {
      type: 'about:blank',
      title: 'Internal Server Error',
      status: status && status >= 500 && status < 600 ? status : 500,
      detail: 'Something went wrong on our side. Quote the request id when you report it.',
      ...base,
    },
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/**
 * Requests that never became requests (unparseable HTTP, oversized headers, too slow to arrive) are
 * answered by the HTTP server itself, before any route or hook: as problem+json too.
 */
export function clientErrorResponse(error: NodeJS.ErrnoException): string {
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const title = STATUS_CODES[status] ?? 'Bad Request';
  const body = JSON.stringify({
    type: 'about:blank',
    title,
    status,
    detail: 'The request could not be read as HTTP; nothing was changed.',
  });
  return [
    `HTTP/1.1 ${status} ${title}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { problem, unexpected, refusal } = problemFromError(error, request);
    if (unexpected) request.log.error({ err: error }, 'unexpected error');
    // Worth a developer's look: the route's schema or service should have named the field.
    else if (refusal) request.log.warn({ database: refusal, route: request.routeOptions.url }, 'database refused a value of the request');
    else if (problem.status >= 500) request.log.warn({ err: error }, 'service unavailable');
    else request.log.info({ status: problem.status, code: problem.type }, 'request refused');
    // RFC 9110: 429 and 503 may say when to come back; the problem's retryAfterSeconds becomes the header.
    if (typeof problem.retryAfterSeconds === 'number') reply.header('Retry-After', String(problem.retryAfterSeconds));
    // RFC 9110 §11.6.1: every 401 carries a challenge, also those a service answers (a pending sign-in gone).
    if (problem.status === 401 && !reply.hasHeader('WWW-Authenticate'))
      reply.header('WWW-Authenticate', authenticationChallengeOf(request));
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      type: 'urn:casus:problem:not-found',
      title: 'Not found',
      status: 404,
      detail: `No route for ${request.method} ${request.url.split('?')[0]}.`,
      instance: request.url.split('?')[0],
      requestId: String(request.id),
      ...(request.trace ? { traceId: request.trace.traceId } : {}),
    }),
  );
}
