// Persons (clients: victims, next of kin, witnesses…). Row-level security: a person is visible to
// whoever can see a case the person participates in (case_participant's own policy follows the
// case), and to the person's creator for seven days (an intake before any case exists); the system
// actor sees all. The BSN is stored only encrypted (key ring, purpose 'persons.bsn', the row id as
// context) with a keyed blind index for exact-match search; name_search (unaccented, lower case)
// feeds typo-tolerant trigram search.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const persons: Migration = {
  name: '0001_persons',
  async up(db, { appRole }) {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create extension if not exists unaccent`.execute(db);
    // unaccent() is STABLE (its dictionary could change); for an index we fix the dictionary.
    await sql`create function person_search_text(text) returns text language sql immutable parallel safe
      as $$ select lower(public.unaccent('public.unaccent'::regdictionary, coalesce($1, ''))) $$`.execute(db);

    await sql`create table person (
      id uuid primary key default gen_random_uuid(),
      voornamen text check (length(voornamen) <= 200),
      roepnaam text check (length(roepnaam) <= 100),
      tussenvoegsel text check (length(tussenvoegsel) <= 20),
      achternaam text not null check (length(achternaam) between 1 and 200),
      date_of_birth date check (date_of_birth > '1890-01-01'),
      bsn_encrypted bytea,
      bsn_index bytea check (octet_length(bsn_index) = 32),
      phones text[] not null default '{}',
      emails text[] not null default '{}',
      postcode text check (postcode ~ '^[1-9][0-9]{3}[A-Z]{2}$'),
      huisnummer integer check (huisnummer between 1 and 99999),
      huisnummer_toevoeging text check (length(huisnummer_toevoeging) <= 10),
      street text check (length(street) <= 200),
      city text check (length(city) <= 100),
      country text not null default 'NL' check (country ~ '^[A-Z]{2}$'),
      preferred_language text not null default 'nl' check (preferred_language ~ '^[a-z]{2,3}$'),
      interpreter_needed boolean not null default false,
      confidential_address boolean not null default false,
      vulnerabilities text[] not null default '{}',
      merged_into uuid references person (id),
      name_search text not null default '',
      created_at timestamptz not null default now(),
      created_by uuid,
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      check ((bsn_encrypted is null) = (bsn_index is null))
    )`.execute(db);
    // One live person per BSN; merged records keep theirs for history.
    await sql`create unique index person_bsn_index on person (bsn_index) where bsn_index is not null and merged_into is null`.execute(db);
    await sql`create index person_name_trgm on person using gin (name_search gin_trgm_ops)`.execute(db);
    await sql`create index person_date_of_birth on person (date_of_birth)`.execute(db);
    await sql`create index person_postcode on person (postcode, huisnummer) where postcode is not null`.execute(db);
    await sql`create index person_phones on person using gin (phones)`.execute(db);
    await sql`create index person_emails on person using gin (emails)`.execute(db);
    await sql`create function person_name_search() returns trigger language plpgsql as $$
      begin
        new.name_search := person_search_text(concat_ws(' ', new.voornamen, new.roepnaam, new.tussenvoegsel, new.achternaam));
        return new;
      end $$`.execute(db);
    await sql`create trigger person_name_search before insert or update of voornamen, roepnaam, tussenvoegsel, achternaam on person
      for each row execute function person_name_search()`.execute(db);

    await sql`create table person_consent (
      id uuid primary key default gen_random_uuid(),
      person_id uuid not null references person (id),
      subject text not null check (subject in ('support', 'data-sharing-police', 'data-sharing-partners', 'contact-by-email', 'contact-by-sms', 'research')),
      given boolean not null,
      source text not null check (source in ('client', 'police', 'prosecutor', 'legal-representative', 'parent-or-guardian', 'other')),
      recorded_at timestamptz not null default now(),
      recorded_by uuid,
      note text check (length(note) <= 1000)
    )`.execute(db);
    await sql`create index person_consent_person on person_consent (person_id, recorded_at desc)`.execute(db);

    await sql`grant select, insert, update on person, person_consent to ${sql.id(appRole)}`.execute(db);
    await sql`grant execute on function person_search_text(text) to ${sql.id(appRole)}`.execute(db);
    for (const table of ['person', 'person_consent']) {
      await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    }
    const system = sql.raw(`(select casus_actor_kind()) = 'system'`);
    const visible = sql.raw(`(exists (select 1 from case_participant p where p.person_id = person.id)
      or (created_by = (select case_actor_user()) and created_at > now() - interval '7 days'))`);
    await sql`create policy person_read on person for select using (${system} or ${visible})`.execute(db);
    await sql`create policy person_create on person for insert with check (${system} or (select casus_actor_has_permission('persons.create')))`.execute(
      db,
    );
    await sql`create policy person_change on person for update using (${system} or (${visible} and (select casus_actor_has_permission('persons.update'))))`.execute(
      db,
    );
    await sql`create policy person_consent_read on person_consent for select using (${system} or exists (select 1 from person p where p.id = person_id))`.execute(
      db,
    );
    await sql`create policy person_consent_write on person_consent for insert with check (${system}
      or (exists (select 1 from person p where p.id = person_id) and (select casus_actor_has_permission('persons.update'))))`.execute(db);
  },
  async down(db) {
    await sql`drop table person_consent, person`.execute(db);
    await sql`drop function person_name_search()`.execute(db);
    await sql`drop function person_search_text(text)`.execute(db);
  },
};
