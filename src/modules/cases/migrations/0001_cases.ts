// Case types, incidents (gebeurtenissen), cases, their workers, explicit access grants and
// participants. Visibility is enforced by row-level security for the application role, so a
// hand-written query through that role sees exactly what the services would show:
//   - cases assigned to the actor (case_assignment, not ended);
//   - cases granted to the actor explicitly or by break-the-glass (case_access_grant, not revoked, not expired);
//   - non-shielded cases of units where the actor holds cases.read-unit (team leads, unit-wide readers);
//   - everything for the platform's own system actor (retention, rotation, jobs).
// The assignment and grant look-ups are SECURITY DEFINER functions evaluated once per statement
// (`any((select f())::uuid[])`: the sub-select is an init plan, the cast keeps PostgreSQL from
// reading `any (subquery)`), which also keeps the policies of the tables that point at case_file (assignments,
// participants, persons) from recursing into each other.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const DEFAULT_TYPE = {
  statuses: [
    { key: 'intake', label: 'Intake', closed: false },
    { key: 'active', label: 'Lopend', closed: false },
    { key: 'on-hold', label: 'Wacht op cliënt of derden', closed: false },
    { key: 'closed', label: 'Afgesloten', closed: true },
  ],
  transitions: [
    { from: 'intake', to: 'active' },
    { from: 'intake', to: 'closed' },
    { from: 'active', to: 'on-hold' },
    { from: 'on-hold', to: 'active' },
    { from: 'active', to: 'closed' },
    { from: 'on-hold', to: 'closed' },
    { from: 'closed', to: 'active' },
  ],
};

const TABLES = ['case_type', 'incident', 'case_file', 'case_number_counter', 'case_assignment', 'case_access_grant', 'case_participant'];

export const cases: Migration = {
  name: '0001_cases',
  async up(db, { appRole }) {
    // The acting user as a uuid (null for anonymous, system and test actors with other ids).
    await sql`create function case_actor_user() returns uuid language sql stable
      as $$ select case when casus_actor_id() ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then casus_actor_id()::uuid end $$`.execute(
      db,
    );
    await sql`create function case_actor_units(permission text) returns uuid[] language sql stable
      as $$ select coalesce(array_agg(u::uuid), '{}') from unnest(casus_actor_units(permission)) u
            where u ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' $$`.execute(db);

    await sql`create table case_type (
      id uuid primary key default gen_random_uuid(),
      key text not null unique check (key ~ '^[a-z][a-z0-9-]{1,62}$'),
      name text not null check (length(name) between 1 and 200),
      statuses jsonb not null check (jsonb_typeof(statuses) = 'array' and jsonb_array_length(statuses) > 0),
      transitions jsonb not null check (jsonb_typeof(transitions) = 'array'),
      initial_status text not null,
      retention_years integer not null default 6 check (retention_years between 1 and 100),
      active boolean not null default true,
      version integer not null default 1
    )`.execute(db);
    await sql`insert into case_type (key, name, statuses, transitions, initial_status)
      values ('default', 'Slachtofferhulp', ${JSON.stringify(DEFAULT_TYPE.statuses)}::jsonb, ${JSON.stringify(DEFAULT_TYPE.transitions)}::jsonb, 'intake')`.execute(
      db,
    );

    await sql`create table incident (
      id uuid primary key default gen_random_uuid(),
      category text not null check (category in ('violence', 'property', 'traffic', 'sexual-offence', 'homicide', 'calamity', 'missing-person', 'other')),
      occurred_on date,
      place text check (length(place) <= 200),
      police_reference text check (length(police_reference) <= 50),
      prosecutor_reference text check (length(prosecutor_reference) <= 50),
      description text check (length(description) <= 4000),
      owning_unit_id uuid not null,
      created_at timestamptz not null default now(),
      created_by uuid,
      version integer not null default 1
    )`.execute(db);
    await sql`create index incident_police_reference on incident (police_reference) where police_reference is not null`.execute(db);

    await sql`create table case_number_counter (year integer primary key, last integer not null)`.execute(db);
    await sql`create table case_file (
      id uuid primary key default gen_random_uuid(),
      number text not null unique check (number ~ '^[0-9]{4}-[0-9]{6,}$'),
      case_type_id uuid not null references case_type (id),
      status text not null,
      owning_unit_id uuid not null,
      confidentiality text not null default 'normal' check (confidentiality in ('normal', 'sensitive', 'shielded')),
      incident_id uuid references incident (id),
      tracks text[] not null default '{}' check (tracks <@ array['emotional', 'practical', 'legal', 'damage-recovery', 'criminal-proceedings']),
      opened_at timestamptz not null default now(),
      opened_by uuid,
      closed_at timestamptz,
      close_reason text check (length(close_reason) <= 2000),
      retention_until date,
      custom jsonb not null default '{}' check (jsonb_typeof(custom) = 'object'),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      check ((closed_at is null) = (retention_until is null))
    )`.execute(db);
    await sql`create index case_file_unit_status on case_file (owning_unit_id, status, updated_at desc)`.execute(db);
    await sql`create index case_file_incident on case_file (incident_id) where incident_id is not null`.execute(db);
    await sql`create index case_file_retention on case_file (retention_until) where retention_until is not null`.execute(db);

    await sql`create table case_assignment (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_file (id) on delete cascade,
      user_id uuid not null,
      role text not null default 'worker' check (role in ('worker', 'volunteer', 'coordinator')),
      assigned_at timestamptz not null default now(),
      assigned_by uuid,
      ended_at timestamptz
    )`.execute(db);
    await sql`create unique index case_assignment_live on case_assignment (case_id, user_id) where ended_at is null`.execute(db);
    await sql`create index case_assignment_user on case_assignment (user_id) include (case_id) where ended_at is null`.execute(db);

    // Explicit access (shielded cases) and break-the-glass access, both with a reason; kept when revoked.
    await sql`create table case_access_grant (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_file (id) on delete cascade,
      user_id uuid not null,
      kind text not null check (kind in ('explicit', 'break-glass')),
      reason text not null check (length(reason) between 10 and 2000),
      granted_by uuid,
      granted_at timestamptz not null default now(),
      expires_at timestamptz,
      revoked_at timestamptz,
      reviewed_at timestamptz,
      reviewed_by uuid,
      check (kind <> 'break-glass' or expires_at is not null)
    )`.execute(db);
    await sql`create index case_access_grant_user on case_access_grant (user_id) include (case_id, expires_at) where revoked_at is null`.execute(
      db,
    );
    await sql`create index case_access_grant_case on case_access_grant (case_id)`.execute(db);

    await sql`create table case_participant (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_file (id) on delete cascade,
      person_id uuid not null,
      role text not null check (role in ('victim', 'next-of-kin', 'witness', 'legal-representative', 'contact-person')),
      primary_client boolean not null default false,
      added_at timestamptz not null default now(),
      unique (case_id, person_id, role)
    )`.execute(db);
    await sql`create index case_participant_person on case_participant (person_id) include (case_id)`.execute(db);

    // Once per statement, bypassing RLS on purpose: the case ids the actor holds directly.
    await sql`create function case_ids_assigned_to_actor() returns uuid[] language sql stable security definer
      set search_path = pg_catalog, public
      as $$ select coalesce(array_agg(case_id), '{}') from case_assignment where user_id = case_actor_user() and ended_at is null $$`.execute(
      db,
    );
    await sql`create function case_ids_granted_to_actor() returns uuid[] language sql stable security definer
      set search_path = pg_catalog, public
      as $$ select coalesce(array_agg(case_id), '{}') from case_access_grant
            where user_id = case_actor_user() and revoked_at is null and (expires_at is null or expires_at > now()) $$`.execute(db);

    for (const table of TABLES) {
      await sql`grant select on ${sql.table(table)} to ${sql.id(appRole)}`.execute(db);
    }
    await sql`grant insert, update on incident, case_file, case_number_counter, case_assignment, case_access_grant, case_participant to ${sql.id(appRole)}`.execute(
      db,
    );
    await sql`grant delete on case_participant to ${sql.id(appRole)}`.execute(db);
    await sql`grant update on case_type to ${sql.id(appRole)}`.execute(db);
    for (const fn of ['case_actor_user()', 'case_actor_units(text)', 'case_ids_assigned_to_actor()', 'case_ids_granted_to_actor()']) {
      await sql`revoke all on function ${sql.raw(fn)} from public`.execute(db);
      await sql`grant execute on function ${sql.raw(fn)} to ${sql.id(appRole)}`.execute(db);
    }

    // Row-level security for the application role. Deliberately not FORCE: the SECURITY DEFINER
    // look-ups below run as the owner and must see every row (with FORCE and a non-superuser owner,
    // the policies would filter them and recurse into each other). The owner login is the DBA's.
    for (const table of ['incident', 'case_file', 'case_assignment', 'case_access_grant', 'case_participant']) {
      await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    }
    const system = sql.raw(`(select casus_actor_kind()) = 'system'`);
    await sql`create policy case_file_read on case_file for select using (
      ${system}
      or id = any((select case_ids_assigned_to_actor())::uuid[])
      or id = any((select case_ids_granted_to_actor())::uuid[])
      or (confidentiality <> 'shielded' and owning_unit_id = any((select case_actor_units('cases.read-unit'))::uuid[])))`.execute(db);
    await sql`create policy case_file_create on case_file for insert with check (
      ${system} or owning_unit_id = any((select case_actor_units('cases.create'))::uuid[]))`.execute(db);
    // Changing a case: one must see it, and either work on it or hold cases.update in its unit.
    // A case cannot be moved into a unit where the actor may not create cases.
    await sql`create policy case_file_change on case_file for update using (
      ${system}
      or id = any((select case_ids_assigned_to_actor())::uuid[])
      or (confidentiality <> 'shielded' and owning_unit_id = any((select case_actor_units('cases.update'))::uuid[]))
      or (id = any((select case_ids_granted_to_actor())::uuid[]) and owning_unit_id = any((select case_actor_units('cases.update'))::uuid[])))
      with check (${system} or id = any((select case_ids_assigned_to_actor())::uuid[]) or owning_unit_id = any((select case_actor_units('cases.update'))::uuid[]))`.execute(
      db,
    );

    // The rows hanging off a case follow the case: visible when the case is (case_file's policy applies
    // inside these sub-queries), changeable by whoever may change the case.
    const caseVisible = sql.raw(`exists (select 1 from case_file c where c.id = case_id)`);
    for (const table of ['case_assignment', 'case_participant']) {
      await sql`create policy ${sql.id(`${table}_read`)} on ${sql.table(table)} for select using (${system} or ${caseVisible})`.execute(db);
    }
    // One's own grants stay visible (also the break-the-glass row being inserted, for RETURNING).
    await sql`create policy case_access_grant_read on case_access_grant for select using (${system} or user_id = (select case_actor_user()) or ${caseVisible})`.execute(
      db,
    );
    // Writes get their own policies per command (not FOR ALL, which would add a second SELECT policy
    // and make every read evaluate the case check twice).
    const participantCheck = sql.raw(
      `((select casus_actor_kind()) = 'system' or (exists (select 1 from case_file c where c.id = case_id) and (select casus_actor_has_permission('cases.update'))))`,
    );
    await sql`create policy case_participant_insert on case_participant for insert with check (${participantCheck})`.execute(db);
    await sql`create policy case_participant_update on case_participant for update using (${system} or ${caseVisible}) with check (${participantCheck})`.execute(
      db,
    );
    await sql`create policy case_participant_delete on case_participant for delete using (${participantCheck})`.execute(db);
    const assignCheck = sql.raw(
      `((select casus_actor_kind()) = 'system' or exists (select 1 from case_file c where c.id = case_id and c.owning_unit_id = any((select case_actor_units('cases.assign'))::uuid[])))`,
    );
    await sql`create policy case_assignment_insert on case_assignment for insert with check (${assignCheck})`.execute(db);
    await sql`create policy case_assignment_update on case_assignment for update using (${assignCheck}) with check (${assignCheck})`.execute(
      db,
    );
    // Grants are written by the service after its own checks (explicit: cases.grant-access in the
    // unit; break-the-glass: cases.break-glass and a reason); the policy repeats the permission part.
    await sql`create policy case_access_grant_write on case_access_grant for insert with check (
      ${system}
      or (kind = 'break-glass' and user_id = case_actor_user() and (select casus_actor_has_permission('cases.break-glass')))
      or (kind = 'explicit' and (select casus_actor_has_permission('cases.grant-access'))))`.execute(db);
    await sql`create policy case_access_grant_revoke on case_access_grant for update
      using (${system} or (select casus_actor_has_permission('cases.grant-access')) or (select casus_actor_has_permission('cases.review-access')))`.execute(
      db,
    );

    await sql`create policy incident_read on incident for select using (
      ${system}
      or owning_unit_id = any((select case_actor_units('cases.read-unit'))::uuid[])
      or exists (select 1 from case_file c where c.incident_id = incident.id))`.execute(db);
    await sql`create policy incident_write on incident for insert with check (${system} or owning_unit_id = any((select case_actor_units('cases.create'))::uuid[]))`.execute(
      db,
    );
    await sql`create policy incident_change on incident for update using (${system} or owning_unit_id = any((select case_actor_units('cases.update'))::uuid[])
      or exists (select 1 from case_file c where c.incident_id = incident.id))`.execute(db);
  },
  async down(db) {
    await sql.raw(`drop table ${[...TABLES].reverse().join(', ')}`).execute(db);
    for (const fn of ['case_ids_granted_to_actor()', 'case_ids_assigned_to_actor()', 'case_actor_units(text)', 'case_actor_user()']) {
      await sql`drop function ${sql.raw(fn)}`.execute(db);
    }
  },
};
