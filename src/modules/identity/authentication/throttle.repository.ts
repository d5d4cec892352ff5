// SQL for rate limits and lockouts (auth_throttle: one row per key, an IP address or an account).
// Each reservation checks and counts in one statement (throttle.ts says why).
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../../kernel/db/tables.ts';

/** Counts one attempt under `key` in its window (a new window once the old one is over). */
export async function countAttempt(
  db: Kysely<Tables>,
  key: string,
  windowMinutes: number,
): Promise<{ attempts: number; retry_after: number }> {
  const { rows } = await sql<{ attempts: number; retry_after: number }>`
    insert into auth_throttle as t (key, window_started_at, attempts) values (${key}, now(), 1)
    on conflict (key) do update set
      attempts = case when t.window_started_at < now() - make_interval(mins => ${windowMinutes}) then 1 else t.attempts + 1 end,
      window_started_at = case when t.window_started_at < now() - make_interval(mins => ${windowMinutes}) then now() else t.window_started_at end
    returning attempts, ceil(extract(epoch from (window_started_at + make_interval(mins => ${windowMinutes}) - now())))::int as retry_after`.execute(
    db,
  );
  return rows[0]!;
}

/**
 * Takes one of the key's attempts in the window, unless `limit` are taken: the window's start as exact
 * epoch text (a JS Date would drop the microseconds), or null when none is left (nothing counted).
 */
export async function reserveWindowAttempt(db: Kysely<Tables>, key: string, limit: number, windowMinutes: number): Promise<string | null> {
  const { rows } = await sql<{ window_epoch: string }>`
    insert into auth_throttle as t (key, window_started_at, attempts) values (${key}, now(), 1)
    on conflict (key) do update set
      attempts = case when t.window_started_at < now() - make_interval(mins => ${windowMinutes}) then 1 else t.attempts + 1 end,
      window_started_at = case when t.window_started_at < now() - make_interval(mins => ${windowMinutes}) then now() else t.window_started_at end
      where t.window_started_at < now() - make_interval(mins => ${windowMinutes}) or t.attempts < ${limit}
    returning extract(epoch from window_started_at)::text as window_epoch`.execute(db);
  return rows[0]?.window_epoch ?? null;
}

/** Seconds until the key's window is over (undefined without a row). */
export async function windowRetryAfter(db: Kysely<Tables>, key: string, windowMinutes: number): Promise<number | undefined> {
  const { rows } = await sql<{ retry_after: number }>`
    select ceil(extract(epoch from (window_started_at + make_interval(mins => ${windowMinutes}) - now())))::int as retry_after
    from auth_throttle where key = ${key}`.execute(db);
  return rows[0]?.retry_after;
}

/** Gives back one attempt of the window that started at `windowEpoch` (not of a later one). */
export async function giveBackWindowAttempt(db: Kysely<Tables>, key: string, windowEpoch: string): Promise<void> {
  await sql`update auth_throttle set attempts = greatest(attempts - 1, 0)
    where key = ${key} and extract(epoch from window_started_at) = ${windowEpoch}::numeric`.execute(db);
}

/**
 * Takes one of the account's attempts: refused (null) while locked and while `max` attempts are
 * counted, unless the last was reserved longer than `lostAfterSeconds` ago. Its place in the series.
 */
export async function reserveAccountAttempt(
  db: Kysely<Tables>,
  key: string,
  max: number,
  lostAfterSeconds: number,
): Promise<number | null> {
  const { rows } = await sql<{ failures: number }>`
    insert into auth_throttle as t (key, failures, attempt_started_at) values (${key}, 1, now())
    on conflict (key) do update set
      failures = case when t.failures >= ${max} then 1 else t.failures + 1 end,
      attempt_started_at = now()
      where (t.locked_until is null or t.locked_until <= now())
        and (t.failures < ${max} or t.attempt_started_at < now() - make_interval(secs => ${lostAfterSeconds}))
    returning failures`.execute(db);
  return rows[0]?.failures ?? null;
}

/**
 * Locks the account when its count is at `max`, for `lockoutMinutes` doubled per earlier lockout (at
 * most `maxDoublings` times), resetting the count in the same statement; true when this locked it.
 */
export async function lockIfLimitReached(
  db: Kysely<Tables>,
  key: string,
  limits: { max: number; lockoutMinutes: number; maxDoublings: number },
): Promise<boolean> {
  const { rows } = await sql<{ key: string }>`
    update auth_throttle set
      locked_until = now() + make_interval(mins => ${limits.lockoutMinutes} * power(2, least(lockouts, ${limits.maxDoublings}))::int),
      lockouts = lockouts + 1, failures = 0
    where key = ${key} and failures >= ${limits.max} and (locked_until is null or locked_until <= now())
    returning key`.execute(db);
  return rows.length === 1;
}

/** The key's attempts in its current window, and the seconds until it is over; undefined outside one. */
export async function currentWindow(
  db: Kysely<Tables>,
  key: string,
  windowMinutes: number,
): Promise<{ attempts: number; retry_after: number } | undefined> {
  const { rows } = await sql<{ attempts: number; retry_after: number }>`
    select attempts, ceil(extract(epoch from (window_started_at + make_interval(mins => ${windowMinutes}) - now())))::int as retry_after
    from auth_throttle where key = ${key} and window_started_at >= now() - make_interval(mins => ${windowMinutes})`.execute(db);
  return rows[0];
}

export async function lockedUntil(db: Kysely<Tables>, key: string): Promise<Date | null> {
  return (await db.selectFrom('auth_throttle').select('locked_until').where('key', '=', key).executeTakeFirst())?.locked_until ?? null;
}

/** Forgets the account's failures and lockouts (a success). */
export async function clearFailures(db: Kysely<Tables>, key: string): Promise<void> {
  await db.updateTable('auth_throttle').set({ failures: 0, lockouts: 0, locked_until: null }).where('key', '=', key).execute();
}

/** Lifts a lock (the lockout count stays, so the next one lasts longer); false without a row. */
export async function liftLock(db: Kysely<Tables>, key: string): Promise<boolean> {
  const result = await db.updateTable('auth_throttle').set({ failures: 0, locked_until: null }).where('key', '=', key).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes rows whose window and lock are over for a day and that count nothing; how many. */
export async function deleteStaleThrottles(db: Kysely<Tables>): Promise<number> {
  const result = await sql`delete from auth_throttle where window_started_at < now() - interval '1 day'
    and (locked_until is null or locked_until < now() - interval '1 day') and failures = 0
    and (attempt_started_at is null or attempt_started_at < now() - interval '1 day')`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
