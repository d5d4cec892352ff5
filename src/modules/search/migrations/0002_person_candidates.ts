// Why a SECURITY DEFINER function: under row-level security PostgreSQL evaluates the policy before any
// condition built from a function that is not LEAKPROOF, and may not use such a condition to drive an
// index scan (it could leak rows the policy hides). The pg_trgm operators and array containment are
// not LEAKPROOF (only superusers may declare them so), so as the application role a name, phone or
// e-mail search would read every person row and run the visibility policy on each: seconds at 2M
// persons. This function does the index work (GIN trigram on name_search, GIN on phones and emails)
// as the owner and answers only ids; the search then reads those persons as the application role, so
// row-level security still decides what is shown. It answers only to holders of search.use, caps
// the ids at max_rows, and takes its words as values (quoted with %L), never as SQL.
// Equality on the BSN blind index, the date of birth and the postcode is LEAKPROOF and needs no help.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const personCandidates: Migration = {
  name: '0002_person_candidates',
  async up(db, { appRole }) {
    await sql`create function search_person_candidates(name_words text[], phone text, email text, threshold real, max_rows integer)
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
    await sql`revoke all on function search_person_candidates(text[], text, text, real, integer) from public`.execute(db);
    await sql`grant execute on function search_person_candidates(text[], text, text, real, integer) to ${sql.id(appRole)}`.execute(db);
  },
  async down(db) {
    await sql`drop function search_person_candidates(text[], text, text, real, integer)`.execute(db);
  },
};
