// The name, phone and e-mail look-ups answer only ids of persons the actor may see, whatever the
// arguments. Before this the caller chose the cap (max_rows), and a look-up that found as many ids as
// asked for handed them back unnarrowed ("too broad"): with max_rows 1, any match (visible or not)
// came back, so SQL through the application's login could learn who is a client. Now the cap is fixed
// inside (more than 5,000 matches is too broad), and too broad is answered as one row (null, true) with
// no ids; below it, only the ids persons_visible_among (persons migration 0005) admits.
//
// Every SECURITY DEFINER function here also gets `search_path = pg_catalog, public, pg_temp`, pg_temp
// last (a temporary table named like a real one cannot stand in for it), and schema-qualified tables,
// also in the SQL they build. PL/pgSQL and plan_cache_mode stay where they were (docs/performance.md).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

/** More matches than this (visible or not) is too broad: the search asks for more terms instead. */
const CAP = 5000;
const PATH = 'set search_path = pg_catalog, public, pg_temp';

export const visibleAnswersOnly: Migration = {
  name: '0005_visible_answers_only',
  async up(db, { appRole }) {
    await sql`drop function search_person_exact_candidates(text[], date, integer)`.execute(db);
    await sql`drop function search_person_candidates(text[], text, text, real, integer)`.execute(db);
    await sql`drop function search_candidates_answer(uuid[], integer)`.execute(db);

    // Owner only: what both look-ups answer for the ids they found (at most CAP + 1).
    await sql
      .raw(
        `create function search_candidates_answer(ids uuid[]) returns table (person_id uuid, too_broad boolean)
      language plpgsql stable ${PATH} as $$
      begin
        if cardinality(ids) > ${CAP} then
          return query select null::uuid, true;
        else
          return query select v, false from persons_visible_among(ids) v;
        end if;
      end $$`,
      )
      .execute(db);
    await sql`revoke all on function search_candidates_answer(uuid[]) from public`.execute(db);

    await sql
      .raw(
        `create function search_person_exact_candidates(name_words text[], the_date_of_birth date)
      returns table (person_id uuid, too_broad boolean) language plpgsql stable security definer
      ${PATH}
      -- One generic plan (the words are a parameter; re-planning cost 0.1 ms a call).
      set plan_cache_mode = force_generic_plan
      as $$
      declare
        words text[];
        found uuid[];
      begin
        if not casus_actor_has_permission('search.use') then
          return;
        end if;
        select array_agg(person_search_text(w)) into words
          from unnest(coalesce(name_words[1:6], '{}')) w where length(w) between 1 and 100;
        if words is null then
          return;
        end if;
        if the_date_of_birth is null then
          found := array(select p.id from public.person p
            where string_to_array(p.name_search, ' ') @> words and p.merged_into is null limit ${CAP + 1});
        else
          -- The date of birth alone narrows to some tens of persons; ANDing the bitmap of a common name
          -- word (16,000 persons) cost 3 ms, so the words are checked on those rows only (OFFSET 0
          -- keeps the planner from pushing the condition into an index scan).
          found := array(select d.id from (
              select p.id, p.name_search from public.person p where p.date_of_birth = the_date_of_birth and p.merged_into is null offset 0
            ) d
            where string_to_array(d.name_search, ' ') @> words limit ${CAP + 1});
        end if;
        return query select a.person_id, a.too_broad from search_candidates_answer(found) a;
      end $$`,
      )
      .execute(db);

    await sql
      .raw(
        `create function search_person_candidates(name_words text[], phone text, email text, threshold real)
      returns table (person_id uuid, too_broad boolean) language plpgsql stable security definer
      ${PATH}
      as $$
      declare
        word_conditions text[] := '{}';
        trigram_conditions text[] := '{}';
        other_conditions text[] := '{}';
        query_word text;
        similar_words text[];
        dictionary_complete boolean := true;
        found uuid[] := '{}';
        previous text := current_setting('pg_trgm.word_similarity_threshold', true);
      begin
        if not casus_actor_has_permission('search.use') or threshold is null or threshold < 0.3 or threshold > 1 then
          return;
        end if;
        perform set_config('pg_trgm.word_similarity_threshold', threshold::text, true);
        foreach query_word in array coalesce(name_words[1:6], '{}') loop
          if length(query_word) between 1 and 100 then
            query_word := person_search_text(query_word);
            trigram_conditions := trigram_conditions || format('p.name_search %%> %L', query_word);
            select array_agg(d.word) into similar_words from public.person_name_word d where d.word %> query_word;
            if similar_words is null then
              dictionary_complete := false;
            else
              word_conditions := word_conditions || format('string_to_array(p.name_search, '' '') && %L::text[]', similar_words);
            end if;
          end if;
        end loop;
        if phone is not null then other_conditions := other_conditions || format('p.phones @> array[%L]', phone); end if;
        if email is not null then other_conditions := other_conditions || format('p.emails @> array[%L]', lower(email)); end if;
        if cardinality(trigram_conditions) + cardinality(other_conditions) = 0 then
          perform set_config('pg_trgm.word_similarity_threshold', coalesce(previous, '0.6'), true);
          return;
        end if;
        -- A query word no dictionary word resembles can still match across words of a name: only the
        -- trigram scan can tell, so the dictionary path is tried only when every word had similar words.
        if dictionary_complete then
          execute format('select array(select p.id from public.person p where p.merged_into is null and %s limit ${CAP + 1})',
            array_to_string(word_conditions || other_conditions, ' and ')) into found;
        end if;
        if not dictionary_complete or (cardinality(found) = 0 and cardinality(trigram_conditions) > 0) then
          execute format('select array(select p.id from public.person p where p.merged_into is null and %s limit ${CAP + 1})',
            array_to_string(trigram_conditions || other_conditions, ' and ')) into found;
        end if;
        perform set_config('pg_trgm.word_similarity_threshold', coalesce(previous, '0.6'), true);
        return query select a.person_id, a.too_broad from search_candidates_answer(found) a;
      end $$`,
      )
      .execute(db);

    for (const fn of ['search_person_exact_candidates(text[], date)', 'search_person_candidates(text[], text, text, real)']) {
      await sql`revoke all on function ${sql.raw(fn)} from public`.execute(db);
      await sql`grant execute on function ${sql.raw(fn)} to ${sql.id(appRole)}`.execute(db);
    }
  },
  async down(db, { appRole }) {
    await sql`drop function search_person_exact_candidates(text[], date)`.execute(db);
    await sql`drop function search_person_candidates(text[], text, text, real)`.execute(db);
    await sql`drop function search_candidates_answer(uuid[])`.execute(db);
    // The functions of 0003 and 0004 as they were (caller-chosen cap, search_path without pg_temp).
    await sql`create function search_candidates_answer(ids uuid[], max_rows integer) returns setof uuid language plpgsql stable
      set search_path = pg_catalog, public as $$
      begin
        if cardinality(ids) >= max_rows then
          return query select unnest(ids);
        else
          return query select persons_visible_among(ids);
        end if;
      end $$`.execute(db);
    await sql`revoke all on function search_candidates_answer(uuid[], integer) from public`.execute(db);
    await sql`create function search_person_exact_candidates(name_words text[], the_date_of_birth date, max_rows integer)
      returns setof uuid language plpgsql stable security definer
      set search_path = pg_catalog, public
      set plan_cache_mode = force_generic_plan
      as $$
      declare
        words text[];
        found uuid[];
      begin
        if not casus_actor_has_permission('search.use') or max_rows is null or max_rows < 1 then
          return;
        end if;
        select array_agg(person_search_text(w)) into words
          from unnest(coalesce(name_words[1:6], '{}')) w where length(w) between 1 and 100;
        if words is null then
          return;
        end if;
        if the_date_of_birth is null then
          found := array(select p.id from person p
            where string_to_array(p.name_search, ' ') @> words and p.merged_into is null limit least(max_rows, 20000));
        else
          found := array(select d.id from (
              select p.id, p.name_search from person p where p.date_of_birth = the_date_of_birth and p.merged_into is null offset 0
            ) d
            where string_to_array(d.name_search, ' ') @> words limit least(max_rows, 20000));
        end if;
        return query select search_candidates_answer(found, max_rows);
      end $$`.execute(db);
    await sql`create function search_person_candidates(name_words text[], phone text, email text, threshold real, max_rows integer)
      returns setof uuid language plpgsql stable security definer
      set search_path = pg_catalog, public
      as $$
      declare
        word_conditions text[] := '{}';
        trigram_conditions text[] := '{}';
        other_conditions text[] := '{}';
        query_word text;
        similar_words text[];
        dictionary_complete boolean := true;
        found uuid[] := '{}';
        row_cap integer;
        previous text := current_setting('pg_trgm.word_similarity_threshold', true);
      begin
        if not casus_actor_has_permission('search.use') or threshold is null or threshold < 0.3 or threshold > 1 or max_rows is null or max_rows < 1 then
          return;
        end if;
        row_cap := least(max_rows, 20000);
        perform set_config('pg_trgm.word_similarity_threshold', threshold::text, true);
        foreach query_word in array coalesce(name_words[1:6], '{}') loop
          if length(query_word) between 1 and 100 then
            query_word := person_search_text(query_word);
            trigram_conditions := trigram_conditions || format('p.name_search %%> %L', query_word);
            select array_agg(d.word) into similar_words from person_name_word d where d.word %> query_word;
            if similar_words is null then
              dictionary_complete := false;
            else
              word_conditions := word_conditions || format('string_to_array(p.name_search, '' '') && %L::text[]', similar_words);
            end if;
          end if;
        end loop;
        if phone is not null then other_conditions := other_conditions || format('p.phones @> array[%L]', phone); end if;
        if email is not null then other_conditions := other_conditions || format('p.emails @> array[%L]', lower(email)); end if;
        if cardinality(trigram_conditions) + cardinality(other_conditions) = 0 then
          perform set_config('pg_trgm.word_similarity_threshold', coalesce(previous, '0.6'), true);
          return;
        end if;
        if dictionary_complete then
          execute format('select array(select p.id from person p where p.merged_into is null and %s limit %s)',
            array_to_string(word_conditions || other_conditions, ' and '), row_cap) into found;
        end if;
        if not dictionary_complete or (cardinality(found) = 0 and cardinality(trigram_conditions) > 0) then
          execute format('select array(select p.id from person p where p.merged_into is null and %s limit %s)',
            array_to_string(trigram_conditions || other_conditions, ' and '), row_cap) into found;
        end if;
        perform set_config('pg_trgm.word_similarity_threshold', coalesce(previous, '0.6'), true);
        return query select search_candidates_answer(found, max_rows);
      end $$`.execute(db);
    for (const fn of [
      'search_person_exact_candidates(text[], date, integer)',
      'search_person_candidates(text[], text, text, real, integer)',
    ]) {
      await sql`revoke all on function ${sql.raw(fn)} from public`.execute(db);
      await sql`grant execute on function ${sql.raw(fn)} to ${sql.id(appRole)}`.execute(db);
    }
  },
};
