// Name candidates through the name-word dictionary (persons migration 0004_name_words) first: each
// query word becomes the set of dictionary words similar to it (same pg_trgm word similarity and
// threshold as before), and a person is a candidate when, for every query word, one of its name words
// is in that set (GIN on the words of name_search). At 2M persons that costs a few milliseconds where
// the trigram scan over every person cost 70-120 ms (docs/performance.md). Only when that finds no one
// (a query word matching across two name words, "vandenberg" for "van den Berg") does the function fall
// back to the trigram scan of 0002. Phones and e-mail addresses are unchanged. Same contract as 0002:
// ids only, only to holders of search.use, words taken as values (%L), threshold restored; and below
// max_rows only the ids the actor may see (persons_visible_among, persons migration 0005).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const nameWordCandidates: Migration = {
  name: '0003_name_word_candidates',
  async up(db) {
    // What both name look-ups answer (also 0004): as many ids as asked for means "too broad", and the
    // caller says so, so they go back unnarrowed; otherwise only those the actor may see
    // (persons_visible_among, persons migration 0005), which the caller reads under row-level security.
    // Owner only: called from the SECURITY DEFINER look-ups.
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
    await sql`create or replace function search_person_candidates(name_words text[], phone text, email text, threshold real, max_rows integer)
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
        -- A query word no dictionary word resembles can still match across words of a name: only the
        -- trigram scan can tell, so the dictionary path is tried only when every word had similar words.
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
  },
  async down(db) {
    // Back to 0002's body (same signature, so the grants stay), then without the shared answer.
    await sql`create or replace function search_person_candidates(name_words text[], phone text, email text, threshold real, max_rows integer)
      returns setof uuid language plpgsql stable security definer
      set search_path = pg_catalog, public
      as $$
      declare
        conditions text[] := '{}';
        word text;
        previous text := current_setting('pg_trgm.word_similarity_threshold', true);
      begin
        if not casus_actor_has_permission('search.use') or threshold is null or threshold < 0.3 or threshold > 1 or max_rows is null or max_rows < 1 then
          return;
        end if;
        foreach word in array coalesce(name_words[1:6], '{}') loop
          if length(word) between 1 and 100 then
            conditions := conditions || format('p.name_search %%> %L', person_search_text(word));
          end if;
        end loop;
        if phone is not null then conditions := conditions || format('p.phones @> array[%L]', phone); end if;
        if email is not null then conditions := conditions || format('p.emails @> array[%L]', lower(email)); end if;
        if cardinality(conditions) = 0 then return; end if;
        perform set_config('pg_trgm.word_similarity_threshold', threshold::text, true);
        return query execute format('select p.id from person p where p.merged_into is null and %s limit %s',
          array_to_string(conditions, ' and '), least(max_rows, 20000));
        perform set_config('pg_trgm.word_similarity_threshold', coalesce(previous, '0.6'), true);
      end $$`.execute(db);
    await sql`drop function search_candidates_answer(uuid[], integer)`.execute(db);
  },
};
