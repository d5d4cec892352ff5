// Per-module policies: small rules saying who may do what with one resource, e.g.
//   const casePolicy = definePolicy<Case>({ read: (actor, c) => ..., close: (actor, c) => ... });
// Services call `authorize(actor, casePolicy, 'close', theCase)` as their first line; presenters call
// `allowedActions(actor, casePolicy, theCase)` so responses tell the UI what it may offer.
import { AppError } from '../errors.ts';
import type { Actor } from './actor.ts';

export type Rule<R> = (actor: Actor, resource: R) => boolean;
export type Policy<R, A extends string = string> = Readonly<Record<A, Rule<R>>>;

export function definePolicy<R, A extends string = string>(rules: Record<A, Rule<R>>): Policy<R, A> {
  return Object.freeze({ ...rules });
}

export function can<R, A extends string>(actor: Actor, policy: Policy<R, A>, action: A, resource: R): boolean {
  const rule = policy[action] as Rule<R> | undefined;
  return rule ? rule(actor, resource) : false;
}

/**
 * Throws 403, or 404 when the actor may not even know the resource exists (`hideExistence`), so that
 * probing ids reveals nothing about records one may not see.
 */
export function authorize<R, A extends string>(
  actor: Actor,
  policy: Policy<R, A>,
  action: A,
  resource: R,
  options: { hideExistence?: boolean } = {},
): void {
  if (can(actor, policy, action, resource)) return;
  throw options.hideExistence ? AppError.notFound() : AppError.forbidden();
}

/** The actions this actor may take on the resource, for the `allowedActions` member of responses. */
export function allowedActions<R, A extends string>(actor: Actor, policy: Policy<R, A>, resource: R): A[] {
  return (Object.keys(policy) as A[]).filter((action) => can(actor, policy, action, resource));
}
