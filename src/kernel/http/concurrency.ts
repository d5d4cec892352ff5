// Optimistic concurrency: no lost updates when two workers edit one resource. Every versioned
// resource has an integer `version`, bumped by every change, and an ETag built from it. A client sends
// back the ETag it read (If-Match) or the version (a `version` body member); a change to a newer
// version is refused with 412. The guarantee lives in SQL: `update … where id = $1 and version = $2`
// (updateWithVersion in db/versioned.ts), so two writers holding the same version can never both
// succeed, whatever the timing. Routes opt in with `config.concurrency: 'if-match'`: a change without
// either then gets 428.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'if-match': a change must name the version it was based on (If-Match, or `version` in the body). */
    concurrency?: 'if-match';
  }
}

const CHANGE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const RESOURCE_TYPE = /^[a-z][a-z0-9-]{0,62}$/;
// Characters an entity tag may hold (RFC 9110 etagc), minus ':' which separates our fields.
const ID = /^[\x21\x23-\x39\x3b-\x7e]{1,200}$/;
const ENTITY_TAG = /^\s*(W\/)?"([\x21\x23-\x7e]*)"\s*(,|$)/;

export function preconditionRequired(
  detail = 'Send the ETag you read in If-Match (or its `version` in the body), so a change cannot overwrite one you have not seen.',
): AppError {
  return new AppError({ status: 428, code: 'precondition-required', title: 'Precondition required', detail });
}

/**
 * The strong ETag of one version of one resource: `"<resourceType>:<id>:<version>"`. The type and id
 * make tags of different resources differ even at the same version; ids are opaque, never personal data.
 */
export function etagOf(resourceType: string, id: string, version: number): string {
  if (!RESOURCE_TYPE.test(resourceType)) throw new Error(`ETag resource type ${resourceType} must be kebab-case`);
  if (!ID.test(id)) throw new Error('ETag ids must be 1-200 visible ASCII characters without ", : or spaces');
  if (!Number.isSafeInteger(version) || version < 0) throw new Error('ETag versions are non-negative integers');
  return `"${resourceType}:${id}:${version}"`;
}

/** Sets the ETag of the resource in the answer (GET, and the answer to a change: the new version). */
export function setEtag(reply: FastifyReply, resourceType: string, id: string, version: number): FastifyReply {
  return reply.header('ETag', etagOf(resourceType, id, version));
}

/** The entity tags of an If-Match header, '*', or null when absent; 400 when it is not a list of tags. */
function ifMatchOf(request: FastifyRequest): { weak: boolean; value: string }[] | '*' | null {
  const header = request.headers['if-match'];
  if (header === undefined) return null;
  if (header.trim() === '*') return '*';
  const tags: { weak: boolean; value: string }[] = [];
  let rest = header;
  for (let i = 0; i < 50 && rest.trim() !== ''; i++) {
    const match = ENTITY_TAG.exec(rest);
    if (!match) break;
    tags.push({ weak: match[1] !== undefined, value: match[2]! });
    rest = rest.slice(match[0].length);
  }
  if (tags.length === 0 || rest.trim() !== '') {
    throw AppError.badRequest('If-Match must be a list of entity tags as received in ETag.', [
      { pointer: '/headers/if-match', detail: 'is not a list of entity tags' },
    ]);
  }
  return tags;
}

function bodyVersionOf(request: FastifyRequest): number | null {
  const body = request.body;
  if (body === null || typeof body !== 'object' || Buffer.isBuffer(body)) return null;
  const version = (body as { version?: unknown }).version;
  return Number.isSafeInteger(version) ? (version as number) : null;
}

/**
 * The version the client based its change on: from If-Match (the resource's ETag), or the `version`
 * body member. 428 when neither is given (or If-Match is `*`, which names no version); 412 when the
 * If-Match tags name another resource or a weak tag (If-Match compares strongly), or contradict the
 * body's version; 400 when If-Match is malformed.
 */
export function expectedVersion(request: FastifyRequest, resourceType: string, id: string): number {
  const tags = ifMatchOf(request);
  const fromBody = bodyVersionOf(request);
  if (tags === '*') throw preconditionRequired('If-Match: * names no version; send the ETag you read.');
  if (tags === null) {
    if (fromBody === null) throw preconditionRequired();
    return fromBody;
  }
  const prefix = etagOf(resourceType, id, 0).slice(1, -2);
  const versions = new Set<number>();
  for (const tag of tags) {
    if (tag.weak || !tag.value.startsWith(prefix) || !/^\d{1,15}$/.test(tag.value.slice(prefix.length))) continue;
    versions.add(Number(tag.value.slice(prefix.length)));
  }
  if (versions.size > 1)
    throw AppError.badRequest('If-Match names several versions of this resource; send the one your change is based on.', [
      { pointer: '/headers/if-match', detail: 'names several versions' },
    ]);
  const [fromHeader] = versions;
  if (fromHeader === undefined)
    throw AppError.preconditionFailed('If-Match does not name a version of this resource; reload it and try again.');
  if (fromBody !== null && fromBody !== fromHeader)
    throw AppError.preconditionFailed('If-Match and the version in the body disagree; reload the resource and try again.');
  return fromHeader;
}

/**
 * For services that read (and lock: `for update`) the current row before changing it: throws 428 or
 * 412 unless the client's If-Match or `version` names exactly this version. Without the lock two
 * writers can pass this check together; updateWithVersion needs no lock.
 */
export function requireIfMatch(request: FastifyRequest, current: { resourceType: string; id: string; version: number }): void {
  if (expectedVersion(request, current.resourceType, current.id) !== current.version) throw AppError.preconditionFailed();
}

/**
 * Registered by buildApp(): routes with `concurrency: 'if-match'` must be changes (else start-up
 * fails), and a request to one without If-Match or a `version` body member gets 428 before the handler.
 */
export function registerConcurrency(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.config?.concurrency === undefined) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.config.concurrency !== 'if-match' || methods.some((m) => !CHANGE_METHODS.has(m))) {
      throw new Error(`Route ${methods.join(',')} ${route.url}: config.concurrency 'if-match' is for POST, PUT, PATCH and DELETE`);
    }
  });
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.config?.concurrency !== 'if-match') return;
    const tags = ifMatchOf(request);
    if (tags === '*') throw preconditionRequired('If-Match: * names no version; send the ETag you read.');
    if (tags === null && bodyVersionOf(request) === null) throw preconditionRequired();
  });
}
