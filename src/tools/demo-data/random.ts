// Seeded randomness for synthetic data. Demo data must be reproducible (same seed, same rows) and
// generated in any order or in parallel workers, so every entity draws from its own generator derived
// from (seed, stream, index) instead of one shared sequence: row 1,234,567 is the same whether it is
// generated first, last or alone. sfc32 is small, fast in plain JavaScript (32-bit integer ops only)
// and passes PractRand; cyrb128 stretches a string seed into its 128-bit state. Neither is
// cryptographic: nothing here may be used for secrets.

export type SeedKey = readonly [number, number, number, number];

/** 128-bit hash of a string (cyrb128): four 32-bit words. */
export function cyrb128(input: string): SeedKey {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < input.length; i++) {
    const k = input.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** MurmurHash3's finaliser: a cheap 32-bit avalanche, used to spread an index over the state. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A key for one stream of one seed ("person", "event", ...), so streams never correlate. */
export function deriveKey(seed: string, stream: string): SeedKey {
  return cyrb128(`casus-demo\u0000${seed}\u0000${stream}`);
}

/** A table for O(1) weighted picks (Vose's alias method). */
export interface WeightedTable<T> {
  readonly values: readonly T[];
  readonly probability: Float64Array;
  readonly alias: Uint32Array;
}

export function weightedTable<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  const n = entries.length;
  if (n === 0) throw new Error('weightedTable needs at least one entry');
  let total = 0;
  for (const [, weight] of entries) {
    if (!(weight >= 0) || !Number.isFinite(weight)) throw new Error('weights must be finite and non-negative');
    total += weight;
  }
  if (total <= 0) throw new Error('weights must not all be zero');
  const probability = new Float64Array(n);
  const alias = new Uint32Array(n);
  const scaled = entries.map(([, weight]) => (weight * n) / total);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large.pop()!;
    probability[s] = scaled[s]!;
    alias[s] = l;
    scaled[l] = scaled[l]! + scaled[s]! - 1;
    (scaled[l] < 1 ? small : large).push(l);
  }
  for (const i of [...small, ...large]) probability[i] = 1;
  return { values: entries.map(([value]) => value), probability, alias };
}

/** The weighted pick for a given uniform `u` in [0, 1): for choices that follow from a hash, not a stream. */
export function pickAt<T>(table: WeightedTable<T>, u: number): T {
  const x = u * table.values.length;
  const i = Math.floor(x);
  return table.values[x - i < table.probability[i]! ? i : table.alias[i]!]!;
}

const DAY_MS = 86_400_000;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    // sfc32's recommended warm-up: the first outputs of nearby states are still alike.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** sfc32: an unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  bool(probability = 0.5): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(table: WeightedTable<T>): T {
    return pickAt(table, this.next());
  }

  /** Normally distributed (Box-Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next(); // (0, 1]: log(0) would be -Infinity
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal with the given median, clamped to [min, max]: durations, counts, amounts. */
  logNormal(median: number, sigma: number, min: number, max: number): number {
    return Math.min(max, Math.max(min, median * Math.exp(this.normal(0, sigma))));
  }

  /** Epoch milliseconds uniformly in [fromMs, toMs). */
  between(fromMs: number, toMs: number): number {
    return fromMs + Math.floor(this.next() * (toMs - fromMs));
  }

  dateBetween(from: Date, to: Date): Date {
    return new Date(this.between(from.getTime(), to.getTime()));
  }

  /**
   * Epoch milliseconds in the `days` before `nowMs`, denser near `nowMs`: skew 1 is uniform, higher
   * packs more into recent time (the density falls off as age^(1/skew - 1)).
   */
  recent(nowMs: number, days: number, skew = 1): number {
    return nowMs - Math.floor(Math.pow(this.next(), skew) * days * DAY_MS);
  }

  /** Fisher-Yates, in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** k distinct items in random order (k clamped to the list's length). */
  sample<T>(items: readonly T[], k: number): T[] {
    return this.shuffle([...items]).slice(0, Math.min(k, items.length));
  }

  /** An independent child generator (e.g. for the n-th contact moment of a case). */
  fork(label: number): Rng {
    return new Rng(this.uint32() ^ mix32(label), this.uint32(), this.uint32() ^ label, this.uint32());
  }
}

/** A generator from a string seed (one sequence; prefer forIndex for rows). */
export function createRng(seed: string): Rng {
  const [a, b, c, d] = cyrb128(seed);
  return new Rng(a, b, c, d);
}

let lastSeed: string | null = null;
let lastKey: SeedKey = [0, 0, 0, 0];

/**
 * The generator of entity `index` (a non-negative safe integer) under `seed` (a string, hashed, or
 * a key from deriveKey). Independent of every other index and of the order of calls.
 */
export function forIndex(seed: string | SeedKey, index: number): Rng {
  if (!Number.isSafeInteger(index) || index < 0) throw new Error('index must be a non-negative safe integer');
  let key: SeedKey;
  if (typeof seed === 'string') {
    if (seed !== lastSeed) {
      lastKey = cyrb128(seed);
      lastSeed = seed;
    }
    key = lastKey;
  } else {
    key = seed;
  }
  const lo = index >>> 0;
  const hi = Math.floor(index / 4294967296) >>> 0;
  return new Rng(mix32(key[0] ^ lo), mix32(key[1] ^ hi ^ 0x9e3779b9), mix32((key[2] + Math.imul(lo, 0x85ebca6b)) | 0), key[3] ^ lo);
}

/**
 * A keyed bijection of [0, size): a balanced Feistel network on the next even power of two,
 * cycle-walked back into range. Turns a row index into a unique, random-looking slot (BSNs,
 * reference numbers) without remembering what was handed out.
 */
export function createPermutation(key: SeedKey, size: number): (index: number) => number {
  if (!Number.isSafeInteger(size) || size < 1 || size > 2 ** 52) throw new Error('permutation size out of range');
  let halfBits = 1;
  while (2 ** (2 * halfBits) < size) halfBits++;
  const half = 2 ** halfBits;
  const mask = half - 1;
  const rounds = [key[0], key[1], key[2], key[3], mix32(key[0] ^ key[2]), mix32(key[1] ^ key[3])];
  // Halves have at most 26 bits, so 32-bit integer operations suffice.
  const round = (r: number, x: number) => mix32(x ^ r) & mask;
  const encrypt = (value: number) => {
    let left = Math.floor(value / half);
    let right = value % half;
    for (const r of rounds) {
      const next = (left ^ round(r, right)) >>> 0;
      left = right;
      right = next;
    }
    return left * half + right;
  };
  return (index: number) => {
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new Error('index outside the permutation');
    let x = encrypt(index);
    // Expected fewer than 4 steps: the domain is at most 4x the size.
    while (x >= size) x = encrypt(x);
    return x;
  };
}
