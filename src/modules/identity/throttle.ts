// Abuse resistance for sign-in, second factor and reset, kept in PostgreSQL so every instance counts
// together. Two mechanisms:
// - rate limits: at most N attempts per key (an IP address, an account's reset mails) per window;
//   beyond it 429 with Retry-After;
// - lockout: failed proofs per account (keyed by the typed username, so unknown accounts behave the
//   same as real ones); each failure delays the answer a little longer, and after maxFailures the
//   account is locked for lockoutMinutes, doubling with every further lockout until a success.
import { sql, type Kysely } from 'kysely';
import { AppError } from '../../kernel/errors.ts';
import type { Tables } from '../../kernel/db/tables.ts';
import type { Settings } from '../../kernel/config.ts';

const WINDOW_MINUTES = 15;
const MAX_LOCK_DOUBLINGS = 6;

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
   * Failed attempts per IP address: refused (429) once over the limit in the window. Only failures
   * count: a whole office behind one NAT address signing in every morning must not be limited.
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

  /** Records a failed proof; returns whether this failure locked the account, after the progressive delay. */
  async fail(key: string): Promise<{ locked: boolean; failures: number }> {
    const { rows } = await sql<{ failures: number; locked: boolean }>`
      insert into auth_throttle as t (key, failures) values (${key}, 1)
      on conflict (key) do update set failures = t.failures + 1
      returning failures, false as locked`.execute(this.#db);
    let { failures } = rows[0]!;
    let locked = false;
    if (failures >= this.#settings.maxFailures) {
      await sql`update auth_throttle set
          locked_until = now() + make_interval(mins => ${this.#settings.lockoutMinutes} * power(2, least(lockouts, ${MAX_LOCK_DOUBLINGS}))::int),
          lockouts = lockouts + 1, failures = 0
        where key = ${key}`.execute(this.#db);
      locked = true;
      failures = 0;
    }
    const delay = Math.min(this.delayPerFailureMs * failures, 2000);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    return { locked, failures };
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
      and (locked_until is null or locked_until < now() - interval '1 day') and failures = 0`.execute(this.#db);
    return Number(result.numAffectedRows ?? 0);
  }
}
