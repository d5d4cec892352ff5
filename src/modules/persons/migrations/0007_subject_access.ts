// What the persons module holds about one person, for the privacy officer answering a data-subject
// request (GDPR art. 15; the privacy module composes the export). A person is visible through the cases
// they take part in (row-level security); a request must be answered whoever works on those cases, so
// these functions read with their owner's rights, and are the only way past that:
//   - each first checks, from the sealed actor, that the caller holds privacy.subject-access, and
//     refuses everyone else (insufficient_privilege), whatever login calls it;
//   - person_subject_access(person) answers that person and the records merged into them (a merged
//     duplicate's data was about the same person); asked for a merged duplicate it answers the person
//     kept in the end, and that tree;
//   - person_consent_subject_access(persons) answers the consents recorded for those persons;
//   - person_subject_lookup(bsn index, name, date of birth) finds the person a request is from, as the
//     duplicate check matches (the same BSN, or the same date of birth and a similar name: the owner's
//     person_duplicate_matches, 0006), answering names and date of birth of live persons only;
//   - person_redaction_terms(persons) answers the names, BSN (encrypted), phones and e-mail addresses of
//     the persons given: the export strikes them from its free text when they are other people sharing
//     a case with the data subject; they are never part of the answer.
// The BSN leaves encrypted (the application decrypts it with the key ring). The application role may
// execute them; nothing else changes. Pinned search_path and schema-qualified tables, as every
// SECURITY DEFINER function of the module (0006).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const HEAD = `language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp`;
const CHECK = `if not public.casus_actor_has_permission('privacy.subject-access') then
          raise exception 'privacy.subject-access is required' using errcode = 'insufficient_privilege';
        end if;`;

export const personSubjectAccessFunctions: Migration = {
  name: '0007_subject_access',
  async up(db, { appRole }) {
    await sql
      .raw(
        `create function person_subject_access(the_person uuid)
      returns table (id uuid, voornamen text, roepnaam text, tussenvoegsel text, achternaam text, date_of_birth date,
        bsn_encrypted bytea, phones text[], emails text[], postcode text, huisnummer integer, huisnummer_toevoeging text,
        street text, city text, country text, preferred_language text, interpreter_needed boolean, confidential_address boolean,
        vulnerabilities text[], merged_into uuid, created_at timestamptz, updated_at timestamptz, version integer)
      ${HEAD} as $$
      declare
        root uuid := the_person;
        parent uuid;
      begin
        ${CHECK}
        -- The person kept in the end (merges chain; at most as many steps as there are persons).
        loop
          select p.merged_into into parent from public.person p where p.id = root;
          exit when parent is null or parent = the_person;
          root := parent;
        end loop;
        return query
          with recursive tree as (
            select p.id from public.person p where p.id = root
            union
            select p.id from public.person p join tree t on p.merged_into = t.id
          )
          select p.id, p.voornamen, p.roepnaam, p.tussenvoegsel, p.achternaam, p.date_of_birth, p.bsn_encrypted, p.phones,
                 p.emails, p.postcode, p.huisnummer, p.huisnummer_toevoeging, p.street, p.city, p.country, p.preferred_language,
                 p.interpreter_needed, p.confidential_address, p.vulnerabilities, p.merged_into, p.created_at, p.updated_at, p.version
            from public.person p join tree t on t.id = p.id
           order by (p.id = root) desc, p.created_at, p.id;
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function person_consent_subject_access(the_persons uuid[])
      returns table (id uuid, person_id uuid, subject text, given boolean, source text, recorded_at timestamptz, note text)
      ${HEAD} as $$
      begin
        ${CHECK}
        return query
          select c.id, c.person_id, c.subject, c.given, c.source, c.recorded_at, c.note
            from public.person_consent c where c.person_id = any(the_persons)
           order by c.recorded_at, c.id;
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function person_subject_lookup(the_bsn_index bytea, the_name text, the_date_of_birth date)
      returns table (id uuid, voornamen text, roepnaam text, tussenvoegsel text, achternaam text, date_of_birth date, matched_on text[])
      ${HEAD} as $$
      begin
        ${CHECK}
        return query
          select p.id, p.voornamen, p.roepnaam, p.tussenvoegsel, p.achternaam, p.date_of_birth, array_agg(distinct m.kind order by m.kind)
            from public.person_duplicate_matches(the_bsn_index, the_name, the_date_of_birth) m
            join public.person p on p.id = m.id
           group by p.id
           order by p.achternaam, p.id;
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function person_redaction_terms(the_persons uuid[])
      returns table (id uuid, voornamen text, roepnaam text, tussenvoegsel text, achternaam text, bsn_encrypted bytea,
        phones text[], emails text[])
      ${HEAD} as $$
      begin
        ${CHECK}
        return query
          select p.id, p.voornamen, p.roepnaam, p.tussenvoegsel, p.achternaam, p.bsn_encrypted, p.phones, p.emails
            from public.person p where p.id = any(the_persons);
      end $$`,
      )
      .execute(db);
    for (const fn of [
      'person_subject_access(uuid)',
      'person_consent_subject_access(uuid[])',
      'person_subject_lookup(bytea, text, date)',
      'person_redaction_terms(uuid[])',
    ]) {
      await sql`revoke all on function ${sql.raw(fn)} from public`.execute(db);
      await sql`grant execute on function ${sql.raw(fn)} to ${sql.id(appRole)}`.execute(db);
    }
  },
  async down(db) {
    await sql`drop function person_redaction_terms(uuid[])`.execute(db);
    await sql`drop function person_subject_lookup(bytea, text, date)`.execute(db);
    await sql`drop function person_consent_subject_access(uuid[])`.execute(db);
    await sql`drop function person_subject_access(uuid)`.execute(db);
  },
};
