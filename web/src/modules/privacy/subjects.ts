// What the data-subject request screens (/privacy/persons, /privacy/persons/$personId) share: the
// request being answered (its reference and date: the `reason` every step sends and the audit trail
// records) and the persons the last search found (so the request's page can name whom it is about).
// Both are kept in the query cache, in memory only (they may name the requester: never in a URL or
// localStorage), which signing out clears with everything else the screens held. And saving an answer
// the API sent as a file.
import { useState } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { paths } from '../../api/schema';

export type FoundPerson = paths['/privacy/persons/search']['post']['responses'][200]['content']['application/json']['items'][number];
export type AccessExport = paths['/privacy/persons/{personId}/subject-access']['post']['responses'][200]['content']['application/json'];
export type RectificationEntry =
  paths['/privacy/persons/{personId}/rectification-history']['post']['responses'][200]['content']['application/json']['items'][number];
export type ErasurePreview = paths['/privacy/persons/{personId}/erasure']['get']['responses'][200]['content']['application/json'];
export type ErasureResult = paths['/privacy/persons/{personId}/erasure']['post']['responses'][200]['content']['application/json'];
export type ErasureBlocker = ErasurePreview['blockers'][number];

/** The API's shortest reason (its `minLength`). */
export const MIN_REASON = 10;

const REASON_KEY = ['privacy', 'subject-request', 'reason'];
const FOUND_KEY = ['privacy', 'subject-request', 'found'];
/** Kept while the session lasts (no query observes them, which would otherwise let them go after minutes). */
const kept = (queryClient: QueryClient) => {
  queryClient.setQueryDefaults(REASON_KEY, { gcTime: Infinity });
  queryClient.setQueryDefaults(FOUND_KEY, { gcTime: Infinity });
};

/** The request being answered, shared by the search and the request's page until sign-out. */
export function useRequestReason(): [string, (reason: string) => void] {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState(() => queryClient.getQueryData<string>(REASON_KEY) ?? '');
  return [
    reason,
    (next: string) => {
      kept(queryClient);
      queryClient.setQueryData(REASON_KEY, next);
      setReason(next);
    },
  ];
}

export function rememberFound(queryClient: QueryClient, persons: readonly FoundPerson[]): void {
  kept(queryClient);
  queryClient.setQueryData<Record<string, FoundPerson>>(FOUND_KEY, (known) => ({
    ...known,
    ...Object.fromEntries(persons.map((person) => [person.personId, person])),
  }));
}

export function foundPerson(queryClient: QueryClient, personId: string): FoundPerson | undefined {
  return queryClient.getQueryData<Record<string, FoundPerson>>(FOUND_KEY)?.[personId];
}

/** Hands a file the API answered to the browser as a download (an object URL and an <a download>). */
export function saveFile(file: Blob, name: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the click; the URL is let go a little later, not at once.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The sections of the export counted for the summary, in the order the export lists them. */
export const EXPORT_SECTIONS = [
  'mergedRecords',
  'consents',
  'cases',
  'contactMoments',
  'documents',
  'referrals',
  'tasks',
  'accessLog',
  'rectificationHistory',
] as const satisfies readonly (keyof AccessExport)[];

/** What erasure removes or changes, by kind, in the order shown. */
export const ERASURE_EFFECTS = [
  'persons',
  'consents',
  'contactMoments',
  'documents',
  'tasks',
  'referrals',
  'cases',
  'incidents',
] as const satisfies readonly (keyof ErasurePreview['effects'])[];
