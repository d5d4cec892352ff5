// "Screen ready" marks: when a panel or screen shows its first data (or its empty or error state), it
// leaves a mark in the browser's Performance timeline (`casus:ready:<name>`, its time counted from the
// navigation's start). `npm run bench:web` reads them to measure, in a real browser, when a screen is
// usable (bench/web.ts); they cost nothing otherwise.
import { useEffect } from 'react';

export const READY_MARK_PREFIX = 'casus:ready:';

/** Marks `name` ready once per mount, when `ready` first becomes true; `detail` tells marks of one name apart. */
export function useReadyMark(name: string, ready: boolean, detail?: string): void {
  useEffect(() => {
    if (ready) performance.mark(`${READY_MARK_PREFIX}${name}`, { detail: detail ?? null });
  }, [name, ready, detail]);
}
