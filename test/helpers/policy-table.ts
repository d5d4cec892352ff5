// Table-driven policy tests without a database: each row is an actor and a resource, with the actions
// the policy must allow; every other action of the policy must be refused. Actors are built from
// their grants alone (the units each permission holds in), as identity would resolve them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor } from '../../src/kernel/auth/actor.ts';
import { allowedActions, type Policy } from '../../src/kernel/auth/policy.ts';

export const ANONYMOUS: Actor = { kind: 'anonymous', id: null };

/**
 * An actor (a user unless `kind` says otherwise) holding, in each unit named, the permissions listed:
 * `actor({ [TEAM_A]: ['cases.update'] })`. A grant reaches its unit's subtree: list every unit it covers.
 */
export function actor(
  grants: Readonly<Record<string, readonly string[]>> = {},
  who: { id?: string; kind?: 'user' | 'service' | 'system' } = {},
): Actor {
  const scopes: Record<string, string[]> = {};
  for (const [unit, permissions] of Object.entries(grants)) {
    for (const permission of permissions) (scopes[permission] ??= []).push(unit);
  }
  return { kind: who.kind ?? 'user', id: who.id ?? 'actor', permissions: Object.keys(scopes), units: Object.keys(grants), scopes };
}

export interface Row<R, A extends string> {
  /** Who, on what: the row's test name. */
  name: string;
  actor: Actor;
  resource: R;
  allows: readonly A[];
}

/** One test per row; and one that every action is allowed by some row and refused by another, so no rule goes unchecked. */
export function policyTable<R, A extends string>(title: string, policy: Policy<R, A>, rows: readonly Row<R, A>[]): void {
  for (const row of rows) {
    test(`${title}: ${row.name}`, () => {
      assert.deepEqual(allowedActions(row.actor, policy, row.resource).sort(), [...row.allows].sort());
    });
  }
  test(`${title}: every rule both allows and refuses in this table`, () => {
    for (const action of Object.keys(policy) as A[]) {
      assert.ok(
        rows.some((row) => row.allows.includes(action)),
        `${action} is allowed in no row`,
      );
      assert.ok(
        rows.some((row) => !row.allows.includes(action)),
        `${action} is refused in no row`,
      );
    }
  });
}
