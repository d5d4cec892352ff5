// A batch's CPU work (an HMAC per person, formatting) runs in the working instance's event loop, which
// in `casus serve` also answers users: done in slices with a turn of the event loop between them, a
// batch of 500 never holds up a request for more than a few milliseconds.
import { setImmediate as nextTurn } from 'node:timers/promises';

export async function mapInSlices<T, R>(items: readonly T[], fn: (item: T) => R, size = 50): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    if (i > 0) await nextTurn();
    for (const item of items.slice(i, i + size)) out.push(fn(item));
  }
  return out;
}
