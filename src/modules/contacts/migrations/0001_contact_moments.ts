// Contact moments (contactmomenten) on cases. Row-level security for the application role:
//   - read: whoever can see the case (case_file's own policy applies inside the sub-query);
//   - log: whoever can see the case, while it is open, and works on it or holds cases.update in its
//     unit; the row must name the actor as author, and a contacted person must take part in the case;
//   - correct: the author within 24 hours of logging, or holders of contacts.correct in the case's unit;
//   - delete: nobody (no grant). The system actor (key rotation, retention) sees and changes all.
// Column grants keep the author, the case and the time of logging out of reach of hand-written SQL:
// they are set once, by the database (created_at) or checked against the actor (created_by).
// The summary is stored only encrypted (key ring purpose 'contacts.summary', the row id as context).
// The value lists are written out, not imported from contacts.tables.ts: this migration is history;
// test/app/schema-drift.test.ts keeps the constants and the CHECKs in step.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const contactMoments: Migration = {
  name: '0001_contact_moments',
  async up(db, { appRole }) {
    await sql`create table contact_moment (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_file (id) on delete cascade,
      person_id uuid references person (id),
      channel text not null check (channel in ('phone', 'video', 'email', 'letter', 'chat', 'visit')),
      direction text not null check (direction in ('inbound', 'outbound')),
      occurred_at timestamptz not null check (occurred_at > '2000-01-01'),
      duration_minutes integer check (duration_minutes between 0 and 1440),
      outcome text not null check (outcome in ('reached', 'no-answer', 'voicemail', 'cancelled', 'completed')),
      summary_encrypted bytea not null,
      created_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    )`.execute(db);
    // "Open a case with its latest contacts" at 10-20M rows: one index range scan per page, in
    // keyset order (occurred_at, id) newest first. Also serves the foreign key's cascade.
    await sql`create index contact_moment_case_recent on contact_moment (case_id, occurred_at desc, id desc)`.execute(db);
    // Merges and data-subject requests find a person's contact moments.
    await sql`create index contact_moment_person on contact_moment (person_id) where person_id is not null`.execute(db);

    await sql`grant select on contact_moment to ${sql.id(appRole)}`.execute(db);
    await sql`grant insert (id, case_id, person_id, channel, direction, occurred_at, duration_minutes, outcome, summary_encrypted, created_by)
      on contact_moment to ${sql.id(appRole)}`.execute(db);
    await sql`grant update (person_id, channel, direction, occurred_at, duration_minutes, outcome, summary_encrypted, updated_at, version)
      on contact_moment to ${sql.id(appRole)}`.execute(db);

    await sql`alter table contact_moment enable row level security`.execute(db);
    const system = sql.raw(`(select casus_actor_kind()) = 'system'`);
    const caseVisible = sql.raw(`exists (select 1 from case_file c where c.id = contact_moment.case_id)`);
    const participant = sql.raw(`(person_id is null or exists (select 1 from case_participant p
      where p.case_id = contact_moment.case_id and p.person_id = contact_moment.person_id))`);
    // Who may correct: the author for 24 hours, or contacts.correct in the (visible) case's unit.
    // Qualified: inside these sub-queries a bare created_at would be case_file's.
    const mayCorrect = sql.raw(`exists (select 1 from case_file c where c.id = contact_moment.case_id and (
      (contact_moment.created_by = (select case_actor_user()) and contact_moment.created_at > now() - interval '24 hours')
      or c.owning_unit_id = any((select case_actor_units('contacts.correct'))::uuid[])))`);

    await sql`create policy contact_moment_read on contact_moment for select using (${system} or ${caseVisible})`.execute(db);
    await sql`create policy contact_moment_log on contact_moment for insert with check (${system} or (
      created_by = (select case_actor_user())
      and exists (select 1 from case_file c where c.id = contact_moment.case_id and c.closed_at is null
        and (c.id = any((select case_ids_assigned_to_actor())::uuid[]) or c.owning_unit_id = any((select case_actor_units('cases.update'))::uuid[])))
      and ${participant}))`.execute(db);
    await sql`create policy contact_moment_correct on contact_moment for update
      using (${system} or ${mayCorrect})
      with check (${system} or (${mayCorrect} and ${participant}))`.execute(db);
  },
  async down(db) {
    await sql`drop table contact_moment`.execute(db);
  },
};
