// Possible duplicates must be found across all persons, also those the registering worker cannot
// see: the same BSN (blind index), or the same date of birth with a similar name (trigram
// similarity). This function answers only ids and what matched, only to holders of persons.create;
// the service shows details only of the candidates the actor may see, and counts the others.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const duplicateCandidates: Migration = {
  name: '0003_duplicate_candidates',
  async up(db, { appRole }) {
    await sql`create function person_duplicate_candidates(the_bsn_index bytea, the_name text, the_date_of_birth date)
      returns table (id uuid, matched_on text) language sql stable security definer
      set search_path = pg_catalog, public
      as $$
        select p.id, 'bsn' from person p
        where casus_actor_has_permission('persons.create') and the_bsn_index is not null and p.bsn_index = the_bsn_index and p.merged_into is null
        union
        select p.id, 'name-and-date-of-birth' from person p
        where casus_actor_has_permission('persons.create') and the_date_of_birth is not null and p.date_of_birth = the_date_of_birth
          and p.merged_into is null and similarity(p.name_search, person_search_text(the_name)) >= 0.45
        limit 20
      $$`.execute(db);
    await sql`revoke all on function person_duplicate_candidates(bytea, text, date) from public`.execute(db);
    await sql`grant execute on function person_duplicate_candidates(bytea, text, date) to ${sql.id(appRole)}`.execute(db);
  },
  async down(db) {
    await sql`drop function person_duplicate_candidates(bytea, text, date)`.execute(db);
  },
};
