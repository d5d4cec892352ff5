// Referrals (aanmeldingen) and their contact attempts. Row-level security for the application role:
//   - read: holders of referrals.read-unit in the owning unit (the team's queue), the assignee, staff
//     who registered it themselves (for seven days, like persons), whoever can see the case it was
//     converted to (case_file's policy applies inside the sub-query), and the system actor;
//   - insert: chain partners (channel 'api') where they hold referrals.submit, staff (other channels)
//     where they hold referrals.create, always as themselves; a partner cannot read back what it sent;
//   - update: the team (referrals.read-unit) and the assignee; no one deletes.
// The payload is kept as received, encrypted with the key ring (purpose referrals.payload, the id as
// context); the columns beside it hold what the queue and the policies need.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export const referrals: Migration = {
  name: '0001_referrals',
  async up(db, { appRole }) {
    await sql`create table referral (
      id uuid primary key default gen_random_uuid(),
      source text not null check (source in (${list(['police', 'public-prosecutor', 'zsm', 'self', 'partner'])})),
      channel text not null check (channel in (${list(['api', 'phone', 'email', 'web-form', 'letter', 'in-person'])})),
      received_at timestamptz not null,
      source_reference text check (length(source_reference) between 1 and 100),
      raw_payload bytea not null,
      owning_unit_id uuid not null,
      person_id uuid references person (id),
      incident_id uuid references incident (id),
      consent_given boolean not null default false,
      consent_source text check (consent_source in (${list(['client', 'police', 'prosecutor', 'legal-representative', 'parent-or-guardian', 'other'])})),
      status text not null default 'open' check (status in (${list(['open', 'in-contact', 'not-reached', 'converted', 'duplicate', 'declined'])})),
      first_contact_due_at timestamptz not null,
      failed_attempts integer not null default 0 check (failed_attempts >= 0),
      assigned_to uuid,
      converted_case_id uuid references case_file (id),
      closed_reason text check (length(closed_reason) <= 2000),
      closed_at timestamptz,
      submitted_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      check ((status = 'converted') = (converted_case_id is not null)),
      check ((status in ('converted', 'duplicate', 'declined')) = (closed_at is not null)),
      check (not consent_given or consent_source is not null)
    )`.execute(db);
    // The team queue in deadline order (overdue first), for live referrals and per status.
    await sql`create index referral_queue on referral (owning_unit_id, first_contact_due_at, id) where status in ('open', 'in-contact', 'not-reached')`.execute(
      db,
    );
    await sql`create index referral_unit_status on referral (owning_unit_id, status, first_contact_due_at, id)`.execute(db);
    await sql`create index referral_assigned on referral (assigned_to, first_contact_due_at, id) where assigned_to is not null`.execute(db);
    await sql`create index referral_converted_case on referral (converted_case_id) where converted_case_id is not null`.execute(db);
    await sql`create index referral_person on referral (person_id) where person_id is not null`.execute(db);
    await sql`create index referral_source_reference on referral (source_reference) where source_reference is not null`.execute(db);

    await sql`create table referral_contact_attempt (
      id uuid primary key default gen_random_uuid(),
      referral_id uuid not null references referral (id) on delete cascade,
      at timestamptz not null,
      channel text not null check (channel in (${list(['phone', 'sms', 'email', 'letter', 'visit'])})),
      outcome text not null check (outcome in (${list(['reached', 'no-answer', 'voicemail', 'wrong-number', 'declined'])})),
      note text check (length(note) <= 500),
      recorded_by uuid,
      recorded_at timestamptz not null default now()
    )`.execute(db);
    await sql`create index referral_contact_attempt_referral on referral_contact_attempt (referral_id, at)`.execute(db);

    // What a referral is (source, receipt, team) does not change after intake; rotation rewrites raw_payload.
    await sql`grant select, insert on referral to ${sql.id(appRole)}`.execute(db);
    await sql`grant update (status, failed_attempts, assigned_to, person_id, converted_case_id, closed_reason, closed_at, updated_at, version, raw_payload)
      on referral to ${sql.id(appRole)}`.execute(db);
    await sql`grant select, insert on referral_contact_attempt to ${sql.id(appRole)}`.execute(db);
    for (const table of ['referral', 'referral_contact_attempt']) {
      await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    }
    const system = sql.raw(`(select casus_actor_kind()) = 'system'`);
    const works = sql.raw(
      `(owning_unit_id = any((select case_actor_units('referrals.read-unit'))::uuid[]) or assigned_to = (select case_actor_user()))`,
    );
    await sql`create policy referral_read on referral for select using (
      ${system}
      or ${works}
      or (channel <> 'api' and submitted_by = (select case_actor_user()) and created_at > now() - interval '7 days')
      or (converted_case_id is not null and exists (select 1 from case_file c where c.id = converted_case_id)))`.execute(db);
    await sql`create policy referral_create on referral for insert with check (
      ${system}
      or (submitted_by = (select case_actor_user()) and (
        (channel = 'api' and owning_unit_id = any((select case_actor_units('referrals.submit'))::uuid[]))
        or (channel <> 'api' and owning_unit_id = any((select case_actor_units('referrals.create'))::uuid[])))))`.execute(db);
    await sql`create policy referral_change on referral for update using (${system} or ${works}) with check (${system} or ${works})`.execute(
      db,
    );

    await sql`create policy referral_contact_attempt_read on referral_contact_attempt for select using (
      ${system} or exists (select 1 from referral r where r.id = referral_id))`.execute(db);
    await sql`create policy referral_contact_attempt_create on referral_contact_attempt for insert with check (
      ${system}
      or (recorded_by = (select case_actor_user()) and exists (select 1 from referral r where r.id = referral_id
        and (r.owning_unit_id = any((select case_actor_units('referrals.read-unit'))::uuid[]) or r.assigned_to = (select case_actor_user())))))`.execute(
      db,
    );
  },
  async down(db) {
    await sql`drop table referral_contact_attempt, referral`.execute(db);
  },
};
