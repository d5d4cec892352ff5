// Idempotency-Key on creating POSTs: a client that did not get an answer may send the same request
// again with the same key, and it is not carried out twice. Routes opt in with `config.idempotency`.
//
// A key is claimed (row 'in-progress', unique per actor and key) before the handler runs, in its own
// short transaction; the answer is stored (sealed: it may hold personal data) once the handler is done.
// Claims have a lease; while it runs, the same key gets 409. Two modes:
//  - `idempotency: true`: the answer is stored after the handler. If the process dies between the
//    handler's commit and that write, whether the change happened is unknown: the key then answers
//    409 idempotency-outcome-unknown until it expires, rather than risk doing it twice.
//  - `idempotency: 'transactional'`: the service wraps its change in withIdempotency(tx, request, work),
//    which marks the claim applied and keeps work's result in the SAME transaction as the change. A
//    retry after a crash or a 5xx runs the handler again; withIdempotency then returns the kept result
//    without running work: exactly once, whatever fails when.
// See docs/api.md (Idempotency-Key) for the contract with clients.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { sql } from 'kysely';
import { AppError } from '../errors.ts';
import type { Tx } from '../db/database.ts';
import type { IdempotencyStore, StoredResponse } from './idempotency-store.ts';

export { IdempotencyStore, IDEMPOTENCY_PURPOSE, type StoredResponse } from './idempotency-store.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** POST only. true: the answer is kept after the handler; 'transactional': the service uses withIdempotency. */
    idempotency?: true | 'transactional';
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY = /^[\x21-\x7e]{1,255}$/;
const KEY_SCHEMA = {
  type: 'string',
  description: 'Makes a retry safe: the same key with the same request replays the first answer instead of acting again (for 24 hours).',
};
/** Headers a replay repeats; the rest (request id, security headers) belong to the new answer. */
const KEPT_HEADERS = ['location', 'content-type', 'etag'];
/** Refusals that say "try again later" are not kept, so the retry can succeed. */
const TRANSIENT = new Set([408, 425, 429]);

/** The key a request claimed, to hand to a service that should not see the request (idempotencyClaim). */
export interface IdempotencyClaim {
  readonly id: string;
}

interface Claim extends IdempotencyClaim {
  store: IdempotencyStore;
  id: string;
  token: string;
  transactional: boolean;
  actor: { kind: string; id: string };
  /** withIdempotency ran in this request. */
  used: boolean;
  settled: boolean;
}

const CLAIM = Symbol('casus.idempotency.claim');
const CLAIMS = new WeakSet<object>();
type WithClaim = FastifyRequest & { [CLAIM]?: Claim };

/** JSON with sorted keys: the same request body always hashes alike, whatever its member order. */
function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Buffer.isBuffer(value)) return JSON.stringify({ $bytes: value.toString('base64') });
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object)
      .filter((k) => object[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(object[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What makes two requests "the same": method, route, path parameters, query and body. */
export function requestFingerprint(request: FastifyRequest): Buffer {
  const route = request.routeOptions.url ?? request.url;
  return createHash('sha256')
    .update(`${request.method}\n${route}\n${canonical({ params: request.params, query: request.query, body: request.body })}`)
    .digest();
}

function keyOf(request: FastifyRequest): string | null {
  const key = request.headers[IDEMPOTENCY_HEADER];
  if (key === undefined) return null;
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw AppError.badRequest('Idempotency-Key must be 1-255 visible ASCII characters, sent once.', [
      { pointer: '/headers/idempotency-key', detail: 'must be 1-255 visible ASCII characters' },
    ]);
  }
  return key;
}

function storedResponse(reply: FastifyReply, payload: unknown): StoredResponse | null {
  let body: Buffer;
  if (payload === null || payload === undefined) body = Buffer.alloc(0);
  else if (typeof payload === 'string') body = Buffer.from(payload);
  else if (Buffer.isBuffer(payload)) body = payload;
  else return null; // a stream cannot be kept
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return { status: reply.statusCode, headers, body };
}

/**
 * Registered by buildApp(), before OpenAPI so the header is documented. Without a store (tooling such
 * as `casus routes`) routes still register, and a request with a key gets 503.
 */
export function registerIdempotency(app: FastifyInstance, store: IdempotencyStore | null): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const mode = route.config?.idempotency;
    if (mode === undefined) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if ((mode !== true && mode !== 'transactional') || methods.some((m) => m !== 'POST')) {
      throw new Error(`Route ${methods.join(',')} ${route.url}: config.idempotency (true or 'transactional') is for POST only`);
    }
    // Documented in OpenAPI; validated in the hook below, with its own answer.
    const schema = (route.schema ??= {}) as { headers?: { type?: string; properties?: Record<string, unknown> } };
    const headers = schema.headers ?? { type: 'object', properties: {} };
    if (headers.properties) {
      // A copy: the route's own header schema object may be shared with other routes.
      schema.headers = { ...headers, properties: { ...headers.properties, [IDEMPOTENCY_HEADER]: KEY_SCHEMA } };
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    const mode = request.routeOptions.config?.idempotency;
    if (mode === undefined) return;
    const key = keyOf(request);
    if (key === null) return;
    const { actor } = request;
    if (actor.kind === 'anonymous') throw AppError.badRequest('Idempotency-Key needs a signed-in caller: keys are kept per caller.');
    if (!store) throw AppError.unavailable('Idempotency keys cannot be kept here.');
    const outcome = await store.claim(request.actorContext(), {
      key,
      method: request.method,
      route: request.routeOptions.url ?? request.url,
      fingerprint: requestFingerprint(request),
      transactional: mode === 'transactional',
    });
    if (outcome.kind === 'replay') {
      reply.code(outcome.response.status).headers(outcome.response.headers).header('Idempotent-Replayed', 'true');
      return reply.send(outcome.response.body);
    }
    const claim: Claim = {
      store,
      id: outcome.id,
      token: outcome.token,
      transactional: mode === 'transactional',
      actor: { kind: actor.kind, id: actor.id },
      used: false,
      settled: false,
    };
    CLAIMS.add(claim);
    (request as WithClaim)[CLAIM] = claim;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = (request as WithClaim)[CLAIM];
    if (!claim || claim.settled) return payload;
    claim.settled = true;
    const status = reply.statusCode;
    const response = storedResponse(reply, payload);
    try {
      if (status >= 500 || TRANSIENT.has(status) || !response) {
        if (!response) request.log.warn('a streamed answer cannot be kept for Idempotency-Key; the key was released');
        await claim.store.release(request.actorContext(), claim);
      } else {
        if (claim.transactional && !claim.used && status < 300) {
          request.log.error(
            { route: request.routeOptions.url },
            "route declares idempotency 'transactional' but did not call withIdempotency",
          );
        }
        await claim.store.complete(request.actorContext(), claim, response);
      }
    } catch (error) {
      // The answer still goes out; a retry finds the claim in progress until its lease ends.
      request.log.error({ err: error }, 'idempotency record could not be settled');
    }
    return payload;
  });
}

/** The request's claim (null without a key), for services that take no Fastify request. */
export function idempotencyClaim(request: FastifyRequest): IdempotencyClaim | null {
  return (request as WithClaim)[CLAIM] ?? null;
}

/**
 * Runs `work` (the change) exactly once per Idempotency-Key, inside the caller's transaction `tx`,
 * which must be the requesting actor's (`db.transaction(request.actorContext(), …)`). `from` is the
 * request or its idempotencyClaim(). The claim is locked and marked applied in `tx`, with `work`'s
 * result (JSON: Dates come back as ISO strings) kept sealed: if `tx` commits the key is spent, if it
 * rolls back it is not. A retry after the change committed gets that result back without running
 * `work` again. Without a key, it just runs `work`.
 */
export async function withIdempotency<T>(tx: Tx, from: FastifyRequest | IdempotencyClaim | null, work: () => Promise<T>): Promise<T> {
  const claim = from === null ? undefined : CLAIMS.has(from) ? (from as Claim) : (from as WithClaim)[CLAIM];
  if (!claim) return work();
  if (claim.used) throw new Error('withIdempotency runs once per request');
  claim.used = true;
  if (tx.ctx.actor.kind !== claim.actor.kind || tx.ctx.actor.id !== claim.actor.id) {
    throw new Error('withIdempotency needs a transaction of the requesting actor (db.transaction(request.actorContext(), …))');
  }
  const row = (
    await sql<{
      claim_token: string;
      applied: boolean;
      result: Buffer | null;
    }>`select claim_token, applied_at is not null as applied, result
    from idempotency_record where id = ${claim.id} for update`.execute(tx.db)
  ).rows[0];
  if (!row || row.claim_token !== claim.token) throw claim.store.inProgress(1);
  if (row.applied) return claim.store.openResult(row.result) as T;
  const value = await work();
  await sql`update idempotency_record set applied_at = now(), result = ${claim.store.sealResult(value)} where id = ${claim.id}`.execute(
    tx.db,
  );
  return value;
}
