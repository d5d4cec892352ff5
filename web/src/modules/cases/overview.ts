// The case screen's data: GET /cases/{caseId}/overview, one request for the header and the first page of
// every section that the API composes (case, participants by name, latest contact moments, open tasks).
// The sections page and refresh through their own APIs; a change to the case puts the changed case
// (every change answers with it) in place, or asks the overview again when names may have changed.
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';

export type CaseOverview = paths['/cases/{caseId}/overview']['get']['responses'][200]['content']['application/json'];
export type CaseDetails = CaseOverview['case'];

export const caseOverviewKey = (caseId: string) => ['case', caseId, 'overview'] as const;

export const caseOverviewQuery = (caseId: string) =>
  queryOptions({
    queryKey: caseOverviewKey(caseId),
    queryFn: async () => unwrap(await api.GET('/cases/{caseId}/overview', { params: { path: { caseId } } })),
    // A 404 (not visible, or no such case) or 400 (malformed id) will not change by asking again.
    retry: false,
    refetchOnWindowFocus: false,
  });

/** Puts a case a change answered with into the overview (its header, allowed actions, workers). */
export function showChangedCase(queryClient: QueryClient, kase: CaseDetails): void {
  queryClient.setQueryData<CaseOverview>(caseOverviewKey(kase.id), (old) =>
    old ? { ...old, case: kase, allowedActions: kase.allowedActions } : old,
  );
}

/** Whether the session holds the permission in the case's unit (what the API checks for it too). */
export function holdsIn(permissions: Record<string, string[]> | undefined, permission: string, unitId: string): boolean {
  return permissions?.[permission]?.includes(unitId) ?? false;
}
