// Focus for the panels a button opens on a screen (a form to log or add something): the panel's first
// field takes the focus when it opens, and when it closes (saved or cancelled) the focus goes back to
// the button that opened it. Without this the focus falls to the page's body when the button hides
// itself or the panel goes away: a keyboard user starts again from the top and a screen reader loses
// its place.
import { useEffect, useRef } from 'react';

/** A ref for the button that opens a panel: when `open` turns false again, the focus returns to it. */
export function useReturnFocus<T extends HTMLElement>(open: boolean) {
  const ref = useRef<T>(null);
  const wasOpen = useRef(open);
  useEffect(() => {
    if (wasOpen.current && !open) ref.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return ref;
}

/** A ref for a panel's first field: it takes the focus when the panel opens. */
export function useFocusOnOpen<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}
