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
import { sql, type Kysely } from 'kysely';
import { AppError } from '../../../kernel/errors.ts';
import type { Tables } from '../../../kernel/db/tables.ts';
import type { Settings } from '../../../kernel/config.ts';

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
    const { rows } = await sql<{ attempts: number; retry_after: number }>`
      insert into auth_throttle as t (key, window_started_at, attempts) values (${key}, now(), 1)
      on conflict (key) do update set
        attempts = case when t.window_started_at < now() - make_interval(mins => ${windowMinutes}) then 1 else t.attempts + 1 end,
        window_started_at = case when t.window_started_at < now() - make_interval(mins => ${windowMinutes}) then now() else t.window_started_at end
      returning attempts, ceil(extract(epoch from (window_started_at + make_interval(mins => ${windowMinutes}) - now())))::int as retry_after`.execute(this.#db);
    const row = rows[0]!;
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
        await sql`update auth_throttle set attempts = greatest(attempts - 1, 0)
          where key = ${`ip:${input.ip}`} and extract(epoch from window_started_at) = ${ipWindow}::numeric`.execute(this.#db);
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
    // The window's start as exact epoch text (a JS Date would drop the microseconds).
    const { rows } = await sql<{ window_epoch: string }>`
      insert into auth_throttle as t (key, window_started_at, attempts) values (${key}, now(), 1)
      on conflict (key) do update set
        attempts = case when t.window_started_at < now() - make_interval(mins => ${WINDOW_MINUTES}) then 1 else t.attempts + 1 end,
        window_started_at = case when t.window_started_at < now() - make_interval(mins => ${WINDOW_MINUTES}) then now() else t.window_started_at end
        where t.window_started_at < now() - make_interval(mins => ${WINDOW_MINUTES}) or t.attempts < ${limit}
      returning extract(epoch from window_started_at)::text as window_epoch`.execute(this.#db);
    if (rows[0]) return rows[0].window_epoch;
    const { rows: refused } = await sql<{ retry_after: number }>`
      select ceil(extract(epoch from (window_started_at + make_interval(mins => ${WINDOW_MINUTES}) - now())))::int as retry_after
      from auth_throttle where key = ${key}`.execute(this.#db);
    throw tooMany(refused[0]?.retry_after ?? 1);
  }

  /**
   * Takes one of the account's attempts: refused while locked and while maxFailures attempts are
   * counted (failed, or still being evaluated). `number` is this attempt's place in the series.
   */
  async #reserveAccount(key: string): Promise<{ allowed: boolean; number: number }> {
    const max = this.#settings.maxFailures;
    const { rows } = await sql<{ failures: number }>`
      insert into auth_throttle as t (key, failures, attempt_started_at) values (${key}, 1, now())
      on conflict (key) do update set
        failures = case when t.failures >= ${max} then 1 else t.failures + 1 end,
        attempt_started_at = now()
        where (t.locked_until is null or t.locked_until <= now())
          and (t.failures < ${max} or t.attempt_started_at < now() - make_interval(secs => ${LOST_RESERVATION_SECONDS}))
      returning failures`.execute(this.#db);
    return rows[0] ? { allowed: true, number: rows[0].failures } : { allowed: false, number: 0 };
  }

  /**
   * After a wrong proof (already counted when reserved): locks the account when the count is at the
   * limit. The lock resets the count in the same statement, so the other failures of the same burst
   * find it below the limit and lock nothing: one lockout per series.
   */
  async #lockIfLimitReached(key: string): Promise<boolean> {
    const { rows } = await sql<{ key: string }>`
      update auth_throttle set
        locked_until = now() + make_interval(mins => ${this.#settings.lockoutMinutes} * power(2, least(lockouts, ${MAX_LOCK_DOUBLINGS}))::int),
        lockouts = lockouts + 1, failures = 0
      where key = ${key} and failures >= ${this.#settings.maxFailures} and (locked_until is null or locked_until <= now())
      returning key`.execute(this.#db);
    return rows.length === 1;
  }

  /**
   * Failed attempts per IP address: refused (429) once over the limit in the window. For routes whose
   * failures are counted after the fact (setup links, SSO); proofs use `begin`.
   */
  async checkIp(ip: string): Promise<void> {
    const { rows } = await sql<{ attempts: number; retry_after: number }>`
      select attempts, ceil(extract(epoch from (window_started_at + make_interval(mins => ${WINDOW_MINUTES}) - now())))::int as retry_after
      from auth_throttle where key = ${`ip:${ip}`} and window_started_at >= now() - make_interval(mins => ${WINDOW_MINUTES})`.execute(this.#db);
    const row = rows[0];
    if (row && row.attempts >= this.#settings.attemptsPerIp) throw tooMany(row.retry_after);
  }

  async failIp(ip: string): Promise<void> {
    await this.hit(`ip:${ip}`, Number.MAX_SAFE_INTEGER);
  }

  async isLocked(key: string): Promise<boolean> {
    const row = await this.#db.selectFrom('auth_throttle').select('locked_until').where('key', '=', key).executeTakeFirst();
    return !!row?.locked_until && row.locked_until.getTime() > Date.now();
  }

  async succeed(key: string): Promise<void> {
    await this.#db.updateTable('auth_throttle').set({ failures: 0, lockouts: 0, locked_until: null }).where('key', '=', key).execute();
  }

  /** Lifts a lockout (service desk, after checking who is asking). */
  async unlock(key: string): Promise<boolean> {
    const result = await this.#db.updateTable('auth_throttle').set({ failures: 0, locked_until: null }).where('key', '=', key).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Rows whose window and lock are long over carry no information: purged daily. */
  async purge(): Promise<number> {
    const result = await sql`delete from auth_throttle where window_started_at < now() - interval '1 day'
      and (locked_until is null or locked_until < now() - interval '1 day') and failures = 0
      and (attempt_started_at is null or attempt_started_at < now() - interval '1 day')`.execute(this.#db);
    return Number(result.numAffectedRows ?? 0);
  }
}
