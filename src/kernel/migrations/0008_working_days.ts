// The working-day calendar in SQL, twin of kernel/calendar/working-days.ts: queues order by and jobs
// look for overdue deadlines inside the database. Both functions refuse days outside 2000-2100, where
// the table ends, instead of answering wrongly.
// This migration is history, so it imports nothing from the calendar: the years and the limit are
// written out, and the table starts with the default calendar's closed days computed below by the
// holiday rules as they were when it shipped (Good Friday open, Liberation Day every fifth year).
// Start-up rewrites the table from TypeScript to the configured calendar (calendar/closed-days.ts),
// so the rules that count live in working-days.ts alone.
import { sql } from 'kysely';
import type { Migration } from '../db/migrator.ts';

const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;
const MAX_WORKING_DAYS = 1000;

const range = `'${FIRST_YEAR}-01-01'::date and '${LAST_YEAR}-12-31'::date`;

export const workingDays: Migration = {
  name: '0008_working_days',
  async up(db, { appRole }) {
    // Row-level security: none; public holidays and closure days are no one's data, and the application role may only
    // SELECT them (granted below).
    await sql`create table calendar_closed_day (day date primary key, name text not null)`.execute(db);
    // Easter by the anonymous Gregorian algorithm (Meeus/Jones/Butcher); the monarch's day moves to the
    // Saturday before a Sunday; a day closed twice (Ascension on Liberation Day) carries both names.
    await sql`insert into calendar_closed_day (day, name)
      with easter as (
        select year, make_date(year, (h + l - 7 * m + 114) / 31, (h + l - 7 * m + 114) % 31 + 1) as sunday
        from generate_series(${FIRST_YEAR}::integer, ${LAST_YEAR}::integer) as year,
          lateral (select year % 19 as a, year / 100 as b, year % 100 as c) as century,
          lateral (select (19 * a + b - b / 4 - (b - (b + 8) / 25 + 1) / 3 + 15) % 30 as h) as epact,
          lateral (select (32 + 2 * (b % 4) + 2 * (c / 4) - h - c % 4) % 7 as l) as weekday,
          lateral (select (a + 11 * h + 22 * l) / 451 as m) as correction
      ),
      holiday (day, name, rank) as (
        select make_date(year, 1, 1), 'Nieuwjaarsdag', 1 from easter
        union all select sunday, 'Eerste Paasdag', 2 from easter
        union all select sunday + 1, 'Tweede Paasdag', 3 from easter
        union all select monarch - (extract(dow from monarch) = 0)::integer, case when year >= 2014 then 'Koningsdag' else 'Koninginnedag' end, 4
          from easter, lateral (select make_date(year, 4, case when year >= 2014 then 27 else 30 end) as monarch) as monarchs_day
        union all select sunday + 39, 'Hemelvaartsdag', 5 from easter
        union all select sunday + 49, 'Eerste Pinksterdag', 6 from easter
        union all select sunday + 50, 'Tweede Pinksterdag', 7 from easter
        union all select make_date(year, 12, 25), 'Eerste Kerstdag', 8 from easter
        union all select make_date(year, 12, 26), 'Tweede Kerstdag', 9 from easter
        union all select make_date(year, 5, 5), 'Bevrijdingsdag', 10 from easter where year % 5 = 0
      )
      select day, string_agg(name, ' en ' order by rank) from holiday group by day`.execute(db);

    await sql
      .raw(
        `create function casus_is_working_day(day date) returns boolean
      language plpgsql stable strict parallel safe
      set search_path = pg_catalog, public
      as $$
      begin
        if day not between ${range} then
          raise exception 'day % lies outside the working-day calendar', day using errcode = '22023';
        end if;
        return extract(isodow from day) < 6 and not exists (select 1 from public.calendar_closed_day c where c.day = casus_is_working_day.day);
      end $$`,
      )
      .execute(db);

    // The end (23:59:59.999 Amsterdam) of the N-th working day after the moment's Amsterdam date; N = 0:
    // of the first working day on or after it. The window of dates grows only when closure days crowd it.
    await sql
      .raw(
        `create function casus_add_working_days(from_time timestamptz, days integer) returns timestamptz
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
      end $$`,
      )
      .execute(db);

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
