// The colleagues of the units a screen lists work of (assignees, requesters, whom to assign to), from
// GET /users?unitId (users.read there: a team lead reads her own team and no other). Units outside the
// session's users.read are not asked: the API would say nothing there, and the screens show such a
// colleague as unknown instead of guessing. Teams are small, so every page of a unit is read (200 a page).
import { useQueries, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { sessionQuery } from './session.ts';

export type Colleague = paths['/users']['get']['responses'][200]['content']['application/json']['items'][number];

async function membersOf(unitId: string): Promise<Colleague[]> {
  const members: Colleague[] = [];
  let after: string | undefined;
  do {
    const page = unwrap(await api.GET('/users', { params: { query: { unitId, limit: 200, after } } }));
    members.push(...page.items);
    after = page.next ?? undefined;
  } while (after);
  return members;
}

export interface Colleagues {
  /** Everyone of those units the caller may read, by id (deactivated users too: old assignments name them). */
  byId: Map<string, Colleague>;
  /** Active staff and volunteers of those units, by name: whom work can be given to. */
  assignable: Colleague[];
  /** A colleague's display name, the signed-in user's own included; undefined for one the caller may not read. */
  nameOf: (id: string) => string | undefined;
  isPending: boolean;
  isError: boolean;
}

export function useColleagues(unitIds: readonly string[]): Colleagues {
  const me = useQuery(sessionQuery).data;
  const readable = new Set(me?.permissions['users.read'] ?? []);
  const units = [...new Set(unitIds)].filter((unit) => readable.has(unit)).sort();
  return useQueries({
    queries: units.map((unitId) => ({
      queryKey: ['users', 'unit', unitId],
      queryFn: () => membersOf(unitId),
      staleTime: 5 * 60_000,
    })),
    combine: (results) => {
      const byId = new Map<string, Colleague>();
      for (const result of results) for (const user of result.data ?? []) byId.set(user.id, user);
      const assignable = [...byId.values()]
        .filter((user) => user.status === 'active' && user.kind !== 'service')
        .sort((a, b) => a.displayName.localeCompare(b.displayName, 'nl'));
      return {
        byId,
        assignable,
        nameOf: (id: string) => byId.get(id)?.displayName ?? (id === me?.user.id ? me.user.displayName : undefined),
        isPending: results.some((result) => result.isPending),
        isError: results.some((result) => result.isError),
      };
    },
  });
}
