// What the data-subject request screens (/privacy/persons, /privacy/persons/$personId) share: the
// request being answered (its reference and date: the `reason` every step sends and the audit trail
// records), kept in this tab's memory only (it may name the requester: never in a URL or localStorage);
// the persons the last search found, so the request's page can name whom it is about; and saving an
// answer the API sent as a file.
import { useState } from 'react';
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

let requestReason = '';
const found = new Map<string, FoundPerson>();

/** The request being answered, shared by the search and the request's page while the tab lives. */
export function useRequestReason(): [string, (reason: string) => void] {
  const [reason, setReason] = useState(requestReason);
  return [
    reason,
    (next: string) => {
      requestReason = next;
      setReason(next);
    },
  ];
}

export function rememberFound(persons: readonly FoundPerson[]): void {
  for (const person of persons) found.set(person.personId, person);
}

export function foundPerson(personId: string): FoundPerson | undefined {
  return found.get(personId);
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
