// Whole-word look-up of names, so a name search need not scan the trigram index of every person.
// A trigram search of a common name at 2M persons (`name_search %> 'jansen' and name_search %> 'daan'`)
// reads the long posting lists of common trigrams: 70-120 ms of CPU per search, 2.3 s p95 at 50
// connections (docs/performance.md). Instead, the search first finds the similar *words* in a small
// dictionary of the distinct name words (person_name_word, tens of thousands of rows, its own trigram
// index: well under a millisecond), then the persons having one of those words through a GIN index on
// the words of name_search (`string_to_array(name_search, ' ') && array[...]`): a few milliseconds.
// This is the method pg_trgm's documentation gives for full-text search ("Text Search Integration").
//
// The dictionary is kept by statement-level triggers on person (one insert per COPY or UPDATE
// statement, not per row). It holds words only, never which person has them, and is readable only by
// the owner: search_person_candidates() (search module, SECURITY DEFINER) reads it. Words no person
// carries any more (after a rename, merge or destruction) are removed by person_name_words_prune(),
// which the persons module runs nightly.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const nameWords: Migration = {
  name: '0004_name_words',
  async up(db, { appRole }) {
    // Row-level security: none needed; no role but the owner may touch the dictionary (revoked below), the definer
    // functions of the search read and prune it.
    await sql`create table person_name_word (word text primary key check (length(word) between 1 and 200))`.execute(db);
    await sql`revoke all on person_name_word from public`.execute(db);
    await sql`create index person_name_word_trgm on person_name_word using gin (word gin_trgm_ops)`.execute(db);
    await sql`create index person_name_words on person using gin (string_to_array(name_search, ' '))`.execute(db);

    // SECURITY DEFINER: the application role writes persons but may not read or write the dictionary.
    await sql`create function person_name_words_added() returns trigger language plpgsql security definer
      set search_path = pg_catalog, public as $$
      begin
        if tg_op = 'INSERT' then
          insert into person_name_word (word)
            select distinct w from added_persons p, unnest(string_to_array(p.name_search, ' ')) w
            where w <> '' and length(w) <= 200
            on conflict do nothing;
        else
          insert into person_name_word (word)
            select distinct w from added_persons p join removed_persons o on o.id = p.id and o.name_search is distinct from p.name_search,
              unnest(string_to_array(p.name_search, ' ')) w
            where w <> '' and length(w) <= 200
            on conflict do nothing;
        end if;
        return null;
      end $$`.execute(db);
    await sql`revoke all on function person_name_words_added() from public`.execute(db);
    await sql`create trigger person_name_words_inserted after insert on person
      referencing new table as added_persons for each statement execute function person_name_words_added()`.execute(db);
    await sql`create trigger person_name_words_updated after update on person
      referencing old table as removed_persons new table as added_persons for each statement execute function person_name_words_added()`.execute(
      db,
    );

    // Words no person carries any more; returns how many were removed. For the nightly job, which runs
    // as the application role with the system actor; nobody else.
    await sql`create function person_name_words_prune() returns integer language plpgsql security definer
      set search_path = pg_catalog, public as $$
      declare
        removed integer;
      begin
        if casus_actor_kind() <> 'system' then
          raise exception 'person_name_words_prune() is for the system actor only' using errcode = '42501';
        end if;
        delete from person_name_word d
          where not exists (select 1 from person p where string_to_array(p.name_search, ' ') @> array[d.word]);
        get diagnostics removed = row_count;
        return removed;
      end $$`.execute(db);
    await sql`revoke all on function person_name_words_prune() from public`.execute(db);
    await sql`grant execute on function person_name_words_prune() to ${sql.id(appRole)}`.execute(db);

    await sql`insert into person_name_word (word)
      select distinct w from person p, unnest(string_to_array(p.name_search, ' ')) w where w <> '' and length(w) <= 200`.execute(db);
    await sql`analyze person_name_word`.execute(db);
  },
  async down(db) {
    await sql`drop trigger person_name_words_updated on person`.execute(db);
    await sql`drop trigger person_name_words_inserted on person`.execute(db);
    await sql`drop function person_name_words_added()`.execute(db);
    await sql`drop function person_name_words_prune()`.execute(db);
    await sql`drop index person_name_words`.execute(db);
    await sql`drop table person_name_word`.execute(db);
  },
};
