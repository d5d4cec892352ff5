// Abuse resistance for sign-in, second factor and reset, kept in PostgreSQL so every instance counts
// together. Two mechanisms:
// - rate limits: at most N attempts per key (an IP address, an account's reset mails) per window;
//   beyond it 429 with Retry-After;
// - lockout: failed proofs per account (keyed by the typed username, so unknown accounts behave the
//   same as real ones); each failure delays the answer a little longer, and after maxFailures the
//   account is locked for lockoutMinutes, doubling with every further lockout until a success.
//
// Concurrency: a proof (password, code) is only evaluated after an attempt was *reserved* in one
// statement that checks and counts together (`begin`). The reservation counts as a failure until the
// proof turns out right, so however many requests arrive at once, at most maxFailures proofs per
// account and attemptsPerIp per address are evaluated, and exactly one failure (the first one that
// finds the reserved count at the limit) locks the account: one lockout, one audit event. A check
// followed by a separate count would let every parallel request pass the check before any counted.
import type { Kysely } from 'kysely';
import { AppError } from '../../../kernel/errors.ts';
import type { Tables } from '../../../kernel/db/tables.ts';
import type { Settings } from '../../../kernel/config.ts';
import {
  clearFailures,
  countAttempt,
  currentWindow,
  deleteStaleThrottles,
  giveBackWindowAttempt,
  liftLock,
  lockedUntil,
  lockIfLimitReached,
  reserveAccountAttempt,
  reserveWindowAttempt,
  windowRetryAfter,
} from './throttle.repository.ts';

const WINDOW_MINUTES = 15;
const MAX_LOCK_DOUBLINGS = 6;
/**
 * A reservation not resolved within this time was lost (the process died between reserving and
 * answering): the account's series starts again rather than staying blocked for ever.
 */
const LOST_RESERVATION_SECONDS = 60;

function tooMany(retryAfter: number): AppError {
  return new AppError({
    status: 429,
    code: 'too-many-attempts',
    title: 'Too many attempts',
    detail: 'Too many attempts from here. Wait a while and try again.',
    extensions: { retryAfterSeconds: Math.max(1, retryAfter) },
  });
}

export function accountKey(username: string): string {
  return `account:${username.trim().toLowerCase()}`;
}

/**
 * One reserved attempt at a proof. `allowed` is false when the account is locked or all its remaining
 * attempts are already being evaluated: the caller must not evaluate the proof then (and answers as
 * for a wrong one). Exactly one of `succeeded` and `failed` must follow.
 */
export interface Attempt {
  readonly allowed: boolean;
  /** A right proof: the address's reservation is given back and the account's failures forgotten. */
  succeeded(): Promise<void>;
  /** A wrong proof (or one that could not be checked): true for the one failure that locked the account. */
  failed(): Promise<{ locked: boolean }>;
}

export class Throttle {
  readonly #db: Kysely<Tables>;
  readonly #settings: Settings['auth'];
  /** Milliseconds added per earlier failure before a failed attempt is answered (tests set 0). */
  delayPerFailureMs = 250;

  constructor(db: Kysely<Tables>, settings: Settings['auth']) {
    this.#db = db;
    this.#settings = settings;
  }

  /** Counts one attempt under `key`; throws 429 once more than `limit` fall in the window. */
  async hit(key: string, limit: number, windowMinutes = WINDOW_MINUTES): Promise<void> {
    const row = await countAttempt(this.#db, key, windowMinutes);
    if (row.attempts > limit) throw tooMany(row.retry_after);
  }

  /**
   * Reserves an attempt for a proof from `ip` (429 when the address is over its limit) and, with
   * `account`, for that account. Check and count are one statement each, so parallel requests
   * cannot all pass the check before any of them counted.
   */
  async begin(input: { ip: string; account?: string }): Promise<Attempt> {
    const ipWindow = await this.#reserveIp(`ip:${input.ip}`);
    const account = input.account ? await this.#reserveAccount(input.account) : { allowed: true, number: 0 };
    let settled = false;
    const settle = () => {
      if (settled) throw new Error('An attempt is settled once');
      settled = true;
    };
    return {
      allowed: account.allowed,
      succeeded: async () => {
        settle();
        // Only failures count per address: a whole office behind one NAT address signs in every morning.
        await giveBackWindowAttempt(this.#db, `ip:${input.ip}`, ipWindow);
        if (input.account && account.allowed) await this.succeed(input.account);
      },
      failed: async () => {
        settle();
        if (!input.account || !account.allowed) return { locked: false };
        const locked = await this.#lockIfLimitReached(input.account);
        const delay = locked ? 0 : Math.min(this.delayPerFailureMs * account.number, 2000);
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        return { locked };
      },
    };
  }

  /** Takes one of the address's attempts in the window; 429 (counting nothing) when none is left. */
  async #reserveIp(key: string): Promise<string> {
    const limit = this.#settings.attemptsPerIp;
    const window = await reserveWindowAttempt(this.#db, key, limit, WINDOW_MINUTES);
    if (window !== null) return window;
    throw tooMany((await windowRetryAfter(this.#db, key, WINDOW_MINUTES)) ?? 1);
  }

  /**
   * Takes one of the account's attempts: refused while locked and while maxFailures attempts are
   * counted (failed, or still being evaluated). `number` is this attempt's place in the series.
   */
  async #reserveAccount(key: string): Promise<{ allowed: boolean; number: number }> {
    const number = await reserveAccountAttempt(this.#db, key, this.#settings.maxFailures, LOST_RESERVATION_SECONDS);
    return number !== null ? { allowed: true, number } : { allowed: false, number: 0 };
  }

  /**
   * After a wrong proof (already counted when reserved): locks the account when the count is at the
   * limit. The lock resets the count in the same statement, so the other failures of the same burst
   * find it below the limit and lock nothing: one lockout per series.
   */
  async #lockIfLimitReached(key: string): Promise<boolean> {
    return lockIfLimitReached(this.#db, key, {
      max: this.#settings.maxFailures,
      lockoutMinutes: this.#settings.lockoutMinutes,
      maxDoublings: MAX_LOCK_DOUBLINGS,
    });
  }

  /**
   * Failed attempts per IP address: refused (429) once over the limit in the window. For routes whose
   * failures are counted after the fact (setup links, SSO); proofs use `begin`.
   */
  async checkIp(ip: string): Promise<void> {
    const row = await currentWindow(this.#db, `ip:${ip}`, WINDOW_MINUTES);
    if (row && row.attempts >= this.#settings.attemptsPerIp) throw tooMany(row.retry_after);
  }

  async failIp(ip: string): Promise<void> {
    await this.hit(`ip:${ip}`, Number.MAX_SAFE_INTEGER);
  }

  async isLocked(key: string): Promise<boolean> {
    const until = await lockedUntil(this.#db, key);
    return !!until && until.getTime() > Date.now();
  }

  async succeed(key: string): Promise<void> {
    await clearFailures(this.#db, key);
  }

  /** Lifts a lockout (service desk, after checking who is asking). */
  async unlock(key: string): Promise<boolean> {
    return liftLock(this.#db, key);
  }

  /** Rows whose window and lock are long over carry no information: purged daily. */
  async purge(): Promise<number> {
    return deleteStaleThrottles(this.#db);
  }
}
