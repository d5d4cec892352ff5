// A progress reporter for long loads on stderr: a bar redrawn in place on a terminal, and on anything
// else (CI logs, a file, a pipe) a plain line every few seconds, so logs stay readable. It only ever
// shows counts, rates and times, never row contents.

export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  label: string;
  /** Expected rows; without it there is no bar, percentage or ETA. */
  total?: number;
  stream?: ProgressStream;
  /** Seconds between lines when the stream is not a terminal (default 5). */
  lineIntervalSeconds?: number;
  /** Clock in milliseconds (tests pass a fake one). */
  now?: () => number;
}

export interface Progress {
  /** Sets the number of rows done so far. */
  update(done: number): void;
  /** Adds to the number of rows done. */
  add(rows: number): void;
  /** Writes the final line; later calls are ignored. */
  finish(): void;
}

const REDRAW_MS = 100;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

const group = (n: number) => Math.round(n).toLocaleString('en-US');

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const tty = stream.isTTY === true;
  const lineInterval = (options.lineIntervalSeconds ?? 5) * 1000;
  const total = options.total !== undefined && options.total > 0 ? options.total : undefined;
  const started = now();
  let done = 0;
  let lastWrite = -Infinity;
  let finished = false;

  const describe = (t: number) => {
    const elapsed = Math.max((t - started) / 1000, 1e-9);
    const rate = done / elapsed;
    const parts = [total ? `${group(done)}/${group(total)} (${((100 * done) / total).toFixed(1)}%)` : group(done), `${group(rate)} rows/s`];
    if (total && !finished) parts.push(`ETA ${rate > 0 ? formatDuration((total - done) / rate) : '?'}`);
    if (finished) parts.push(`in ${formatDuration(elapsed)}`);
    return parts.join(' · ');
  };

  const bar = () => {
    if (!total) return '';
    const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 70));
    const filled = Math.min(width, Math.round((width * done) / total));
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] `;
  };

  const render = (force: boolean) => {
    if (finished) return;
    const t = now();
    if (!force && t - lastWrite < (tty ? REDRAW_MS : lineInterval)) return;
    lastWrite = t;
    if (tty) stream.write(`\r\u001b[2K${options.label} ${bar()}${describe(t)}`);
    else stream.write(`${options.label}: ${describe(t)}\n`);
  };

  // The first line of a non-terminal log waits one interval: short loads print only their summary.
  if (!tty) lastWrite = started;

  return {
    update(value) {
      done = value;
      render(false);
    },
    add(rows) {
      done += rows;
      render(false);
    },
    finish() {
      if (finished) return;
      finished = true;
      const line = `${options.label}: ${describe(now())}`;
      stream.write(tty ? `\r\u001b[2K${line}\n` : `${line}\n`);
    },
  };
}
