// What the permission matrix needs to know of a route to call it: how to fill its path parameters and
// a valid body or query for each scope, so that its answer reflects permission and scope rather than
// validation; whether the call uses up what it acts on (then each success gets a fresh one); and for
// which scopes the route has nothing to act on.
import type { Caller, CallerName, FreshKind, FreshKinds, Organisation, Casework, Scope, World } from '../../helpers/world.ts';

export interface Probe {
  /** Path with query string. */
  url: string;
  body?: unknown;
  raw?: Buffer;
  headers?: Record<string, string>;
}

export interface ProbeContext {
  world: World;
  scope: Scope;
  caller: Caller;
  callerName: CallerName;
  /** The scope's case work (team a for `own` and `shielded`, team b, region r1). */
  work: Casework;
  /** The organisation rows of the scope (for `shielded`: team a's). */
  org: Organisation;
  /** This entry's own resource of a kind in the scope: made on first use and again after every success. */
  fresh<K extends FreshKind>(kind: K): Promise<FreshKinds[K]>;
  /** The row's current version (the one to send back), read over the owner login. */
  version(table: string, id: string): Promise<number>;
}

export interface Entry {
  /** As in the inventory: 'GET /api/v1/cases/:caseId'. */
  route: string;
  /** A second row for the same route (e.g. a converted referral): 'GET /api/v1/referrals/:referralId (converted)'. */
  variant?: string;
  /**
   * The answer depends on neither a unit nor a case (sign-in steps, the caller's own session,
   * organisation-wide lists): called once per caller, the same answer in all four cells. Says why.
   */
  unscoped?: string;
  /** Scopes for which the route has nothing to act on: '-' in the table. Says why. */
  without?: { scopes: Scope[]; why: string };
  probe(ctx: ProbeContext): Promise<Probe> | Probe;
}

export const rowKey = (entry: Pick<Entry, 'route' | 'variant'>): string =>
  entry.variant ? `${entry.route} (${entry.variant})` : entry.route;

export const REASON = 'Matrix: checked in the permission matrix test';

/**
 * The context an entry's probe runs in, for one caller in one scope. `made` keeps the fresh resources
 * of this entry between calls (a success uses up those it named in `used`: the caller deletes them).
 */
export function probeContext(world: World, callerName: CallerName, scope: Scope, made: Map<string, unknown>, used: string[]): ProbeContext {
  return {
    world,
    scope,
    caller: world.callers[callerName],
    callerName,
    work: world.casework[scope],
    org: world.organisation[scope === 'shielded' ? 'own' : scope],
    fresh: async <K extends FreshKind>(kind: K) => {
      const key = `${scope}:${kind}`;
      used.push(key);
      if (!made.has(key)) made.set(key, await world.fresh(kind, scope));
      return made.get(key) as never;
    },
    version: async (table, id) => (await world.owner<{ version: number }>(`select version from ${table} where id = $1`, [id]))[0]!.version,
  };
}
