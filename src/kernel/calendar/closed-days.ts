// The SQL side of the working-day calendar: the table calendar_closed_day that casus_is_working_day()
// and casus_add_working_days() read, so queries can order queues and find overdue work without
// calling TypeScript. Migration 0008 fills it with the default calendar; at start-up the system
// rewrites it to the configured calendar, so the SQL twin answers as addWorkingDays(settings.calendar).
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Logger } from '../observability/logger.ts';
import { FIRST_YEAR, LAST_YEAR, holidaysOf, type WorkingCalendar } from './working-days.ts';

export interface ClosedDaysChange {
  added: number;
  removed: number;
  renamed: number;
}

function wanted(calendar: WorkingCalendar): Map<string, string> {
  const days = new Map<string, string>();
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    for (const holiday of holidaysOf(year, calendar)) days.set(holiday.date, holiday.name);
  }
  return days;
}

/**
 * Makes the table hold exactly the calendar's closed days of FIRST_YEAR..LAST_YEAR. Runs in the
 * caller's transaction (the migration's, or syncClosedDays'); writes nothing when nothing differs.
 */
export async function writeClosedDays(db: Kysely<unknown>, calendar: WorkingCalendar): Promise<ClosedDaysChange> {
  const target = wanted(calendar);
  const current = new Map(
    (
      await sql<{ day: string; name: string }>`select to_char(day, 'YYYY-MM-DD') as day, name from calendar_closed_day`.execute(db)
    ).rows.map((r) => [r.day, r.name]),
  );
  const removed = [...current.keys()].filter((day) => !target.has(day));
  const upserts = [...target].filter(([day, name]) => current.get(day) !== name);
  if (removed.length > 0) await sql`delete from calendar_closed_day where day = any(${removed}::date[])`.execute(db);
  if (upserts.length > 0) {
    await sql`insert into calendar_closed_day (day, name)
      select * from unnest(${upserts.map(([day]) => day)}::date[], ${upserts.map(([, name]) => name)}::text[])
      on conflict (day) do update set name = excluded.name`.execute(db);
  }
  const added = upserts.filter(([day]) => !current.has(day)).length;
  return { added, removed: removed.length, renamed: upserts.length - added };
}

/**
 * Idempotent: brings the table in line with the calendar in one transaction. The lock makes instances
 * that start together take turns (the second finds nothing to do); readers are never blocked. Needs
 * the owner login: the application role may only read the table.
 */
export async function syncClosedDays(db: Kysely<unknown>, calendar: WorkingCalendar): Promise<ClosedDaysChange> {
  return db.transaction().execute(async (trx) => {
    await sql`lock table calendar_closed_day in share row exclusive mode`.execute(trx);
    return writeClosedDays(trx, calendar);
  });
}

/** Start-up: syncClosedDays over a short-lived owner connection; skipped (with a warning) before migration 0008. */
export async function syncClosedDaysAt(ownerUrl: string, calendar: WorkingCalendar, log: Logger): Promise<void> {
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: ownerUrl, max: 1, application_name: 'casus-calendar' }) }),
  });
  try {
    const exists = await sql<{ present: boolean }>`select to_regclass('calendar_closed_day') is not null as present`.execute(db);
    if (!exists.rows[0]?.present) {
      log.warn(
        'calendar_closed_day does not exist yet: SQL working-day deadlines use the calendar of the settings after `casus migrate up` and a restart',
      );
      return;
    }
    const change = await syncClosedDays(db, calendar);
    if (change.added + change.removed + change.renamed > 0) log.info({ ...change }, 'working-day calendar updated from the settings');
  } finally {
    await db.destroy();
  }
}
