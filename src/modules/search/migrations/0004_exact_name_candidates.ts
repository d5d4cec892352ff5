// Exact name words first. Every name word typed is looked up as a whole word of the person's name
// (GIN on the words of name_search, persons migration 0004), optionally with the date of birth: a few
// to a few hundred ids at 2M persons, narrowed to those the actor may see (persons_visible_among), so
// that row-level security checks only those. The search
// lists these exact matches, and only when none of them is visible to the actor does it fall back to
// similar words (search_person_candidates, typo-tolerant). Checking visibility costs about 10-25 µs a
// person, and a fuzzy two-word query ("de Vries Anna": anna, anne, hanna, annemarie, ...) matched
// 3,000 persons, whose checks alone took 75 ms (docs/performance.md). Same contract as
// search_person_candidates: ids only, only to holders of search.use, words passed as values.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const exactNameCandidates: Migration = {
  name: '0004_exact_name_candidates',
  async up(db, { appRole }) {
    await sql`create function search_person_exact_candidates(name_words text[], the_date_of_birth date, max_rows integer)
      returns setof uuid language plpgsql stable security definer
      set search_path = pg_catalog, public
      -- One generic plan (the words are a parameter; re-planning cost 0.1 ms a call).
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
          -- The date of birth alone narrows to some tens of persons; ANDing the bitmap of a common name
          -- word (16,000 persons) cost 3 ms, so the words are checked on those rows only (OFFSET 0
          -- keeps the planner from pushing the condition into an index scan).
          found := array(select d.id from (
              select p.id, p.name_search from person p where p.date_of_birth = the_date_of_birth and p.merged_into is null offset 0
            ) d
            where string_to_array(d.name_search, ' ') @> words limit least(max_rows, 20000));
        end if;
        -- Too broad, or only those the actor may see (search_candidates_answer, 0003).
        return query select search_candidates_answer(found, max_rows);
      end $$`.execute(db);
    await sql`revoke all on function search_person_exact_candidates(text[], date, integer) from public`.execute(db);
    await sql`grant execute on function search_person_exact_candidates(text[], date, integer) to ${sql.id(appRole)}`.execute(db);
  },
  async down(db) {
    await sql`drop function search_person_exact_candidates(text[], date, integer)`.execute(db);
  },
};
