// The progress reporter: a throttled bar redrawn in place on a terminal, periodic plain lines
// elsewhere, rate and ETA from the rows done, and a summary at the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgress, formatDuration } from './progress.ts';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 100, write: (chunk: string) => writes.push(chunk) } };
}

test('on a terminal: one line redrawn at most every 100 ms, with bar, percentage, rate and ETA', () => {
  let now = 0;
  const { writes, stream } = fakeStream(true);
  const progress = createProgress({ label: 'persons', total: 1000, stream, now: () => now });
  now = 1000;
  progress.update(100);
  now = 1050;
  progress.add(50); // within 100 ms of the last redraw: not drawn
  now = 2000;
  progress.add(100);
  assert.equal(writes.length, 2);
  assert.ok(writes.every((w) => w.startsWith('\r\u001b[2K') && !w.includes('\n')));
  assert.equal(writes[1], `\r\u001b[2Kpersons [${'#'.repeat(8)}${'-'.repeat(22)}] 250/1,000 (25.0%) · 125 rows/s · ETA 0:06`);
  now = 4000;
  progress.update(1000);
  progress.finish();
  progress.finish();
  assert.equal(writes.at(-1), '\r\u001b[2Kpersons: 1,000/1,000 (100.0%) · 250 rows/s · in 0:04\n');
  assert.equal(writes.filter((w) => w.endsWith('\n')).length, 1);
});

test('elsewhere: a plain line every few seconds, and a short load prints only its summary', () => {
  let now = 0;
  const { writes, stream } = fakeStream(false);
  const progress = createProgress({ label: 'contact moments', total: 10_000, stream, lineIntervalSeconds: 5, now: () => now });
  for (let second = 1; second <= 12; second++) {
    now = second * 1000;
    progress.add(500);
  }
  assert.deepEqual(writes, [
    'contact moments: 2,500/10,000 (25.0%) · 500 rows/s · ETA 0:15\n',
    'contact moments: 5,000/10,000 (50.0%) · 500 rows/s · ETA 0:10\n',
  ]);
  progress.finish();
  assert.equal(writes.at(-1), 'contact moments: 6,000/10,000 (60.0%) · 500 rows/s · in 0:12\n');

  const quick = fakeStream(false);
  const short = createProgress({ label: 'tasks', stream: quick.stream, now: () => 0 });
  short.add(10);
  short.finish();
  assert.equal(quick.writes.length, 1);
  assert.match(quick.writes[0]!, /^tasks: 10 · .* rows\/s · in 0:00\n$/);
});

test('durations read as m:ss or h:mm:ss', () => {
  assert.equal(formatDuration(0), '0:00');
  assert.equal(formatDuration(75), '1:15');
  assert.equal(formatDuration(3 * 3600 + 2 * 60 + 5), '3:02:05');
  assert.equal(formatDuration(Number.POSITIVE_INFINITY), '?');
});
