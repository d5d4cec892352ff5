// A BackgroundWorker that runs one round every `intervalMs` (measured from the end of the previous
// round, so rounds never overlap within an instance). A failing round is reported and the next one
// runs as planned; stop() waits for the round in progress.
import type { BackgroundWorker } from '../module.ts';

export function intervalWorker(
  name: string,
  options: { intervalMs: number; round: () => Promise<unknown>; onError: (error: unknown) => void },
): BackgroundWorker {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = options
        .round()
        .then(() => undefined, options.onError)
        .finally(() => {
          running = null;
          schedule();
        });
    }, options.intervalMs);
    timer.unref();
  };
  return {
    name,
    async start() {
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
