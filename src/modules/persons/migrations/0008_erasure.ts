// The persons module's part of erasure (privacy.erasure) and of destruction rounds (issue 12).
//   - person.anonymised_at: when the person was anonymised. Readable by the application role (so
//     screens can say so), written only by person_erase (column grants: no insert or update).
//   - person_erasure_facts(person): the person, the duplicates merged into it (recursively: they hold
//     the same personal data as history) and the names to confirm whom one erases, for a holder of
//     privacy.erasure in the unit of every case they take part in (the cases module's
//     case_actor_may_erase); nothing for anyone else.
//   - person_erase(persons, apply): with no case left to any of them, erased entirely (the persons,
//     their consents); while a case remains (a closed one: an open one or a legal hold refuses), or when
//     something outside this module still refers to them, anonymised: names replaced, date of birth
//     rounded to 1 January (age groups stay countable), BSN and its blind index, phones, e-mail
//     addresses, address, vulnerabilities and consent notes removed. Not applied, it only says which.
//   - person_erase_released(case): after a destruction round destroyed a case (cleared in this
//     transaction, see cases 0016), the persons who took part in it and in no other case are erased,
//     except those something else still refers to (a referral, say): those are kept as they are.
// Either way the name words the persons carried leave the search dictionary (person_name_word) at
// once unless another person carries them, so an old name is not even a known word any more.
// SECURITY DEFINER with search_path = pg_catalog, public, pg_temp and schema-qualified tables.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const PINNED = 'set search_path = pg_catalog, public, pg_temp';
const FUNCTIONS = [
  'person_erasure_facts(uuid)',
  'person_erase(uuid[], boolean)',
  'person_erase_released(uuid)',
  'person_forget_words(text[])',
];
/** The persons of an array, and those merged into them (recursively). */
const family = (roots: string) =>
  `array(with recursive f(id) as (select unnest(${roots}) union select d.id from public.person d join f on d.merged_into = f.id) select f.id from f)`;
const wordsOf = (ids: string) =>
  `array(select distinct w from public.person p, unnest(string_to_array(p.name_search, ' ')) w where p.id = any(${ids}) and w <> '')`;

export const erasure: Migration = {
  name: '0008_erasure',
  async up(db, { appRole }) {
    const app = sql.id(appRole);
    await sql`alter table person add column anonymised_at timestamptz`.execute(db);
    await sql`comment on column person.anonymised_at is 'When the person was anonymised (privacy.erasure or a destruction round); null: never'`.execute(
      db,
    );
    // Column grants on person (0006): a new column needs its own; reading only.
    await sql`grant select (anonymised_at) on person to ${app}`.execute(db);

    // Owner-only helper: removes dictionary words no person carries any more.
    await sql
      .raw(
        `create function person_forget_words(words text[]) returns void language plpgsql volatile security definer ${PINNED} as $$
      begin
        delete from public.person_name_word d where d.word = any(words)
          and not exists (select 1 from public.person p where string_to_array(p.name_search, ' ') @> array[d.word]);
      end $$`,
      )
      .execute(db);

    await sql
      .raw(
        `create function person_erasure_facts(the_person uuid)
      returns table (id uuid, merged_into uuid, anonymised_at timestamptz, voornamen text, roepnaam text, tussenvoegsel text,
                     achternaam text, date_of_birth date, family uuid[], consents integer)
      language plpgsql stable security definer ${PINNED} as $$
      declare
        members uuid[] := ${family('array[the_person]')};
      begin
        if not exists (select 1 from public.person p where p.id = the_person) or not public.case_actor_may_erase(members, false) then
          return;
        end if;
        return query select p.id, p.merged_into, p.anonymised_at, p.voornamen, p.roepnaam, p.tussenvoegsel, p.achternaam, p.date_of_birth,
            members, (select count(*)::integer from public.person_consent c where c.person_id = any(members))
          from public.person p where p.id = the_person;
      end $$`,
      )
      .execute(db);

    await sql
      .raw(
        `create function person_erase(the_persons uuid[], apply boolean)
      returns table (outcome text, persons integer, consents integer)
      language plpgsql volatile security definer ${PINNED} as $$
      declare
        members uuid[] := ${family('the_persons')};
        words text[];
        result text;
        n_consents integer;
      begin
        if not public.case_actor_may_erase(members, apply) then
          raise exception 'person_erase: not permitted, or a case is open or on a legal hold' using errcode = 'insufficient_privilege';
        end if;
        result := case when exists (select 1 from public.case_participant p where p.person_id = any(members)) then 'anonymised' else 'erased' end;
        select count(*)::integer into n_consents from public.person_consent c where c.person_id = any(members);
        if not apply then
          return query select result, cardinality(members), n_consents;
          return;
        end if;
        perform 1 from public.person p where p.id = any(members) for update;
        words := ${wordsOf('members')};
        if result = 'erased' then
          begin
            delete from public.person_consent where person_id = any(members);
            -- One statement: the foreign key from a duplicate to its kept person is checked at its end.
            delete from public.person where id = any(members);
          exception when foreign_key_violation then
            result := 'anonymised';
          end;
        end if;
        if result = 'anonymised' then
          update public.person set voornamen = null, roepnaam = null, tussenvoegsel = null, achternaam = 'Geanonimiseerd',
              date_of_birth = pg_catalog.date_trunc('year', date_of_birth)::date, bsn_encrypted = null, bsn_index = null,
              phones = '{}', emails = '{}', postcode = null, huisnummer = null, huisnummer_toevoeging = null, street = null, city = null,
              confidential_address = false, vulnerabilities = '{}', anonymised_at = coalesce(anonymised_at, pg_catalog.now()),
              updated_at = pg_catalog.now(), version = version + 1
            where id = any(members);
          update public.person_consent set note = null where person_id = any(members) and note is not null;
        end if;
        perform public.person_forget_words(words);
        return query select result, cardinality(members), n_consents;
      end $$`,
      )
      .execute(db);

    await sql
      .raw(
        `create function person_erase_released(the_case uuid)
      returns table (erased uuid[], kept uuid[])
      language plpgsql volatile security definer ${PINNED} as $$
      declare
        one uuid;
        members uuid[];
        words text[];
        gone uuid[] := '{}';
        stay uuid[] := '{}';
      begin
        -- Empty unless the case was cleared for destruction in this transaction (cases 0016).
        for one in select r from public.case_destruction_released_persons(the_case) r loop
          if one = any(gone) or not exists (select 1 from public.person p where p.id = one) then continue; end if;
          members := ${family('array[one]')};
          if exists (select 1 from public.case_participant p where p.person_id = any(members)) then
            stay := stay || one;
            continue;
          end if;
          perform 1 from public.person p where p.id = any(members) for update;
          words := ${wordsOf('members')};
          begin
            delete from public.person_consent where person_id = any(members);
            delete from public.person where id = any(members);
            gone := gone || members;
            perform public.person_forget_words(words);
          exception when foreign_key_violation then
            stay := stay || one;
          end;
        end loop;
        return query select gone, stay;
      end $$`,
      )
      .execute(db);

    for (const fn of FUNCTIONS) await sql`revoke all on function ${sql.raw(fn)} from public`.execute(db);
    for (const fn of FUNCTIONS.filter((f) => !f.startsWith('person_forget_words'))) {
      await sql`grant execute on function ${sql.raw(fn)} to ${app}`.execute(db);
    }
  },
  async down(db, { appRole }) {
    for (const fn of [...FUNCTIONS].reverse()) await sql`drop function ${sql.raw(fn)}`.execute(db);
    await sql`revoke select (anonymised_at) on person from ${sql.id(appRole)}`.execute(db);
    await sql`alter table person drop column anonymised_at`.execute(db);
  },
};
