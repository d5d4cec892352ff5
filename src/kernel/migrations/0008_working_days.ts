// The working-day calendar in SQL, twin of kernel/calendar/working-days.ts: queues order by and jobs
// look for overdue deadlines inside the database. The closed days are computed in TypeScript (default
// calendar; start-up applies the settings) rather than in SQL, so the holiday rules live in one place.
// Both functions refuse days outside 2000-2100, where the table ends, instead of answering wrongly.
import { sql } from 'kysely';
import type { Migration } from '../db/migrator.ts';
import { writeClosedDays } from '../calendar/closed-days.ts';
import { DEFAULT_CALENDAR, FIRST_YEAR, LAST_YEAR, MAX_WORKING_DAYS } from '../calendar/working-days.ts';

const range = `'${FIRST_YEAR}-01-01'::date and '${LAST_YEAR}-12-31'::date`;

export const workingDays: Migration = {
  name: '0008_working_days',
  async up(db, { appRole }) {
    await sql`create table calendar_closed_day (day date primary key, name text not null)`.execute(db);
    await writeClosedDays(db, DEFAULT_CALENDAR);

    await sql.raw(`create function casus_is_working_day(day date) returns boolean
      language plpgsql stable strict parallel safe
      set search_path = pg_catalog, public
      as $$
      begin
        if day not between ${range} then
          raise exception 'day % lies outside the working-day calendar', day using errcode = '22023';
        end if;
        return extract(isodow from day) < 6 and not exists (select 1 from public.calendar_closed_day c where c.day = casus_is_working_day.day);
      end $$`).execute(db);

    // The end (23:59:59.999 Amsterdam) of the N-th working day after the moment's Amsterdam date; N = 0:
    // of the first working day on or after it. The window of dates grows only when closure days crowd it.
    await sql.raw(`create function casus_add_working_days(from_time timestamptz, days integer) returns timestamptz
      language plpgsql stable strict parallel safe
      set search_path = pg_catalog, public
      as $$
      declare
        moment_day date := (from_time at time zone 'Europe/Amsterdam')::date;
        first_day date := moment_day + case when days = 0 then 0 else 1 end;
        span integer := days * 2 + 14;
        due date;
      begin
        if days < 0 or days > ${MAX_WORKING_DAYS} then
          raise exception 'the number of working days must be from 0 to ${MAX_WORKING_DAYS}, not %', days using errcode = '22023';
        end if;
        if moment_day not between ${range} then
          raise exception 'moment % lies outside the working-day calendar', from_time using errcode = '22023';
        end if;
        loop
          select x.d into due
            from (select first_day + i as d from generate_series(0, span) as i) as x
            where extract(isodow from x.d) < 6 and not exists (select 1 from public.calendar_closed_day c where c.day = x.d)
            order by x.d offset greatest(days - 1, 0) limit 1;
          exit when due is not null or first_day + span > '${LAST_YEAR}-12-31'::date;
          span := span * 4;
        end loop;
        if due is null or due > '${LAST_YEAR}-12-31'::date then
          raise exception 'the deadline lies outside the working-day calendar' using errcode = '22023';
        end if;
        return ((due + 1)::timestamp at time zone 'Europe/Amsterdam') - interval '1 millisecond';
      end $$`).execute(db);

    await sql`grant select on calendar_closed_day to ${sql.id(appRole)}`.execute(db);
    for (const fn of ['casus_is_working_day(date)', 'casus_add_working_days(timestamptz, integer)']) {
      await sql`revoke all on function ${sql.raw(fn)} from public`.execute(db);
      await sql`grant execute on function ${sql.raw(fn)} to ${sql.id(appRole)}`.execute(db);
    }
  },
  async down(db) {
    await sql`drop function casus_add_working_days(timestamptz, integer)`.execute(db);
    await sql`drop function casus_is_working_day(date)`.execute(db);
    await sql`drop table calendar_closed_day`.execute(db);
  },
};
