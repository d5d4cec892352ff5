// The seeded generator: reproducible per (seed, index) whatever the order, independent between
// indexes and seeds, and its helpers draw from the distributions they promise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPermutation, createRng, cyrb128, deriveKey, forIndex, weightedTable, type Rng } from './random.ts';

const draw = (rng: Rng, n = 8) => Array.from({ length: n }, () => rng.uint32());

test('forIndex gives the same sequence for the same seed and index, in any order of calls', () => {
  const forward = Array.from({ length: 50 }, (_, i) => draw(forIndex('seed-a', i)));
  const backward = Array.from({ length: 50 }, (_, k) => 49 - k)
    .map((i) => draw(forIndex('seed-a', i)))
    .reverse();
  assert.deepEqual(forward, backward);
  // A string seed and its key (as the generators pass it) are the same thing.
  assert.deepEqual(draw(forIndex(cyrb128('seed-a'), 7)), forward[7]);
});

test('different indexes, seeds and streams give different sequences', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 10_000; i++) seen.add(draw(forIndex('seed-a', i), 2).join(','));
  assert.equal(seen.size, 10_000);
  assert.notDeepEqual(draw(forIndex('seed-a', 1)), draw(forIndex('seed-b', 1)));
  assert.notDeepEqual(draw(forIndex(deriveKey('s', 'person'), 1)), draw(forIndex(deriveKey('s', 'event'), 1)));
  // Indexes beyond 2^32 are distinct from their low 32 bits.
  assert.notDeepEqual(draw(forIndex('seed-a', 2 ** 32 + 5)), draw(forIndex('seed-a', 5)));
  assert.throws(() => forIndex('seed-a', -1));
  assert.throws(() => forIndex('seed-a', 1.5));
});

test('neighbouring indexes are uncorrelated: first draws look uniform', () => {
  // Bucket the first float of 100,000 consecutive indexes into 10 bins: each should hold ~10%.
  const bins = new Array<number>(10).fill(0);
  for (let i = 0; i < 100_000; i++) bins[Math.floor(forIndex('x', i).next() * 10)]!++;
  for (const count of bins) assert.ok(Math.abs(count - 10_000) < 500, `bin ${count}`);
});

test('int, bool, pick, normal and recent stay in range and follow their distributions', () => {
  const rng = createRng('helpers');
  const ints = new Map<number, number>();
  for (let i = 0; i < 60_000; i++) {
    const v = rng.int(-2, 3);
    ints.set(v, (ints.get(v) ?? 0) + 1);
  }
  assert.deepEqual(
    [...ints.keys()].sort((a, b) => a - b),
    [-2, -1, 0, 1, 2, 3],
  );
  for (const count of ints.values()) assert.ok(Math.abs(count - 10_000) < 600);

  let trues = 0;
  for (let i = 0; i < 100_000; i++) if (rng.bool(0.3)) trues++;
  assert.ok(Math.abs(trues / 100_000 - 0.3) < 0.01);

  let sum = 0;
  let squares = 0;
  for (let i = 0; i < 100_000; i++) {
    const x = rng.normal(10, 2);
    sum += x;
    squares += x * x;
  }
  const mean = sum / 100_000;
  assert.ok(Math.abs(mean - 10) < 0.05);
  assert.ok(Math.abs(Math.sqrt(squares / 100_000 - mean * mean) - 2) < 0.05);

  const now = Date.UTC(2026, 0, 1);
  let lastYear = 0;
  for (let i = 0; i < 10_000; i++) {
    const t = rng.recent(now, 600, 2);
    assert.ok(t <= now && t > now - 600 * 86_400_000);
    if (t > now - 100 * 86_400_000) lastYear++;
  }
  // skew 2: P(age < 1/6 of the span) = (1/6)^(1/2) ≈ 0.41, against 0.17 uniform.
  assert.ok(Math.abs(lastYear / 10_000 - 0.408) < 0.03);

  const from = new Date('2020-01-01T00:00:00Z');
  const to = new Date('2020-01-02T00:00:00Z');
  for (let i = 0; i < 1000; i++) {
    const d = rng.dateBetween(from, to);
    assert.ok(d >= from && d < to);
  }
});

test('weighted tables pick in proportion to their weights (alias method)', () => {
  const table = weightedTable([
    ['a', 1],
    ['b', 2],
    ['c', 7],
    ['never', 0],
  ]);
  const rng = createRng('weights');
  const counts: Record<string, number> = { a: 0, b: 0, c: 0, never: 0 };
  for (let i = 0; i < 200_000; i++) counts[rng.weighted(table)]!++;
  assert.equal(counts.never, 0);
  assert.ok(Math.abs(counts.a! / 200_000 - 0.1) < 0.005);
  assert.ok(Math.abs(counts.b! / 200_000 - 0.2) < 0.005);
  assert.ok(Math.abs(counts.c! / 200_000 - 0.7) < 0.005);
  assert.throws(() => weightedTable([]));
  assert.throws(() => weightedTable([['a', -1]]));
  assert.throws(() => weightedTable([['a', 0]]));
});

test('shuffle and sample permute without losing or repeating items', () => {
  const rng = createRng('shuffle');
  const items = Array.from({ length: 100 }, (_, i) => i);
  const shuffled = rng.shuffle([...items]);
  assert.notDeepEqual(shuffled, items);
  assert.deepEqual(
    [...shuffled].sort((a, b) => a - b),
    items,
  );
  const sample = rng.sample(items, 10);
  assert.equal(new Set(sample).size, 10);
  assert.equal(rng.sample([1, 2], 5).length, 2);
  // fork: reproducible children that differ from each other.
  const a = createRng('fork');
  const b = createRng('fork');
  assert.deepEqual(draw(a.fork(1)), draw(b.fork(1)));
  assert.notDeepEqual(draw(createRng('fork').fork(1)), draw(createRng('fork').fork(2)));
});

test('createPermutation is a bijection of [0, size) that depends on the key', () => {
  for (const size of [1, 2, 3, 10, 1000, 4097, 65_536, 99_991]) {
    const permute = createPermutation(deriveKey('perm', String(size)), size);
    const seen = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      const j = permute(i);
      assert.ok(Number.isInteger(j) && j >= 0 && j < size);
      assert.equal(seen[j], 0, `size ${size}: ${j} twice`);
      seen[j] = 1;
    }
  }
  const a = createPermutation(deriveKey('one', 'p'), 1_000_000);
  const b = createPermutation(deriveKey('two', 'p'), 1_000_000);
  let same = 0;
  for (let i = 0; i < 1000; i++) if (a(i) === b(i)) same++;
  assert.ok(same < 5);
  assert.throws(() => a(1_000_000));
  assert.throws(() => createPermutation(deriveKey('x', 'y'), 0));
});
