// Who is acting, and from where. Every transaction carries an ActorContext so that row-level
// security policies and the audit trail know the acting user without trusting the caller's SQL.
import { AppError } from '../errors.ts';

/**
 * What an actor was granted. `permissions`: every permission held anywhere; `units`: every
 * organisational unit some grant covers (subtrees expanded); `scopes`: per permission, the units it
 * holds there. A permission without a `scopes` entry holds in all of `units` (simple actors in tests).
 */
export interface Grants {
  permissions?: readonly string[];
  units?: readonly string[];
  scopes?: Readonly<Record<string, readonly string[]>>;
}

export type Actor =
  | ({ kind: 'user'; id: string } & Grants)
  | ({ kind: 'service'; id: string } & Grants)
  /** The platform itself: jobs, schedules, migrations. `id` names the job or component. */
  | ({ kind: 'system'; id: string } & Grants)
  | { kind: 'anonymous'; id: null; permissions?: undefined; units?: undefined; scopes?: undefined };

export interface RequestOrigin {
  requestId: string | null;
  traceId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface ActorContext {
  actor: Actor;
  origin: RequestOrigin;
}

export const NO_ORIGIN: RequestOrigin = { requestId: null, traceId: null, ip: null, userAgent: null };

export function systemContext(component: string, origin: Partial<RequestOrigin> = {}): ActorContext {
  return { actor: { kind: 'system', id: component }, origin: { ...NO_ORIGIN, ...origin } };
}

/** The acting user's id (for `created_by` and the like); null for services, the system and anonymous callers. */
export function userIdOf(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.id : null;
}

/** The acting user's id, where only a person may act (a grant to oneself); 403 for any other actor. */
export function requireUserId(actor: Actor, detail = 'Only a signed-in person can do this.'): string {
  if (actor.kind !== 'user') throw AppError.forbidden(detail);
  return actor.id;
}
