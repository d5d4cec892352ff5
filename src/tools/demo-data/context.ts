// What every generator of one demo data set shares: the seed's stream keys, the BSN permutation and
// the reference time. "Now" is part of the input, not read from the clock, so a seed gives the same
// data set on any day (the loader passes today, or a fixed date for reproducible benchmarks).
import { createBsnGenerator, type BsnGenerator } from './bsn.ts';
import { deriveKey, type SeedKey } from './random.ts';

export type EmailDomains = 'common' | 'reserved';

export interface DemoOptions {
  seed: string;
  /** Reference time; dates are generated before it. Default: today 00:00 UTC. */
  now?: Date;
  /**
   * 'common' (default): gmail.com, ziggo.nl... as people use them, so search and screens look real;
   * such addresses may exist, so never let a mailer send to demo data. 'reserved': example.com and
   * friends (RFC 2606), which can never reach anyone.
   */
  emailDomains?: EmailDomains;
}

export interface DemoContext {
  seed: string;
  nowMs: number;
  emailDomains: EmailDomains;
  keys: Record<'person' | 'event' | 'referral' | 'case' | 'contact' | 'task', SeedKey>;
  bsn: BsnGenerator;
}

export function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

export function createDemoContext(options: DemoOptions): DemoContext {
  if (typeof options.seed !== 'string' || options.seed.length === 0) throw new Error('seed must be a non-empty string');
  const now = options.now ?? startOfUtcDay(new Date());
  if (Number.isNaN(now.getTime())) throw new Error('now must be a valid date');
  const key = (stream: string) => deriveKey(options.seed, stream);
  return {
    seed: options.seed,
    nowMs: now.getTime(),
    emailDomains: options.emailDomains ?? 'common',
    keys: {
      person: key('person'),
      event: key('event'),
      referral: key('referral'),
      case: key('case'),
      contact: key('contact'),
      task: key('task'),
    },
    bsn: createBsnGenerator(options.seed),
  };
}

export const DAY_MS = 86_400_000;

// Formatting dates is the hottest path of generation (several per row), and Date#toISOString costs an
// allocation each time: days are converted with integer arithmetic (Hinnant's civil_from_days) and
// cached, since a data set uses only some tens of thousands of distinct days.

/** [year, month 1-12, day 1-31] of a day number (days since 1970-01-01). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const DATE_OFFSET = 40_000; // 1860-07-10 ... 2133-11-08 are cached
const dateCache: (string | undefined)[] = new Array<string | undefined>(100_000);

/** 'YYYY-MM-DD' of epoch milliseconds (UTC). */
export function isoDate(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const slot = days + DATE_OFFSET;
  const cached = dateCache[slot];
  if (cached !== undefined) return cached;
  const [y, m, d] = civilFromDays(days);
  const text = `${String(y).padStart(4, '0')}-${TWO[m]!}-${TWO[d]!}`;
  if (slot >= 0 && slot < dateCache.length) dateCache[slot] = text;
  return text;
}

/** The UTC year of epoch milliseconds. */
export function utcYear(ms: number): number {
  const date = isoDate(ms);
  return date.length === 10 ? Number(date.slice(0, 4)) : civilFromDays(Math.floor(ms / DAY_MS))[0];
}

/** ISO 8601 timestamp in UTC, whole seconds: '2026-03-01T14:05:09Z'. */
export function isoTime(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const inDay = seconds - Math.floor(seconds / 86_400) * 86_400;
  return `${isoDate(ms)}T${TWO[Math.floor(inDay / 3600)]!}:${TWO[Math.floor(inDay / 60) % 60]!}:${TWO[inDay % 60]!}Z`;
}
