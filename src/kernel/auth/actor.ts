// Who is acting, and from where. Every transaction carries an ActorContext so that row-level
// security policies and the audit trail know the acting user without trusting the caller's SQL.

export type Actor =
  | { kind: 'user'; id: string }
  | { kind: 'service'; id: string }
  /** The platform itself: jobs, schedules, migrations. `id` names the job or component. */
  | { kind: 'system'; id: string }
  | { kind: 'anonymous'; id: null };

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
