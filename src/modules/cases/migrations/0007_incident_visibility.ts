// An incident is as confidential as the cases it concerns. Under 0001/0005 holders of cases.read-unit
// in the incident's unit read it (description included) even when its only case is shielded from
// them, and incident_change let them change it, with no WITH CHECK at all. From here on:
//   - an incident that any case links is visible, and changeable, only through a linked case the
//     actor can see (case_file's own read policy decides, inside the sub-query);
//   - an incident no case links yet keeps the unit and recorder rules (cases.read-unit in its unit,
//     or recorded by the actor in the last seven days; changed with cases.update in its unit);
//   - changing it needs cases.update in its unit or in the unit of a visible linked case, and the
//     changed row must still satisfy that (WITH CHECK); its unit, author and time of recording cannot
//     be changed at all (column grants).
// Whether any case links an incident is a question row-level security cannot answer for the actor
// (the linking case may be hidden from her): case_incident_linked answers it as the owner, yes or
// no, and nothing else. It is asked only when the cheaper branches have not already decided.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const PINNED = 'set search_path = pg_catalog, public, pg_temp';
const system = `(select public.casus_actor_kind()) = 'system'`;
const visibleCase = `exists (select 1 from public.case_file c where c.incident_id = incident.id)`;
const units = (permission: string) => `(select public.case_actor_units('${permission}'))::uuid[]`;
const notLinked = `not public.case_incident_linked(incident.id)`;
const recorder = `(created_by = (select public.case_actor_user()) and created_at > now() - interval '7 days')`;
const changeable = `(${visibleCase} and (owning_unit_id = any(${units('cases.update')})
        or exists (select 1 from public.case_file c where c.incident_id = incident.id and c.owning_unit_id = any(${units('cases.update')}))))
      or (owning_unit_id = any(${units('cases.update')}) and ${notLinked})`;
const CHANGEABLE_COLUMNS = 'category, occurred_on, place, police_reference, prosecutor_reference, description, version';

export const incidentVisibility: Migration = {
  name: '0007_incident_visibility',
  async up(db, { appRole }) {
    await sql
      .raw(
        `create function case_incident_linked(the_incident uuid) returns boolean language plpgsql stable security definer
      ${PINNED} as $$
      begin
        return exists (select 1 from public.case_file where incident_id = the_incident);
      end $$`,
      )
      .execute(db);
    await sql`revoke all on function case_incident_linked(uuid) from public`.execute(db);
    await sql`grant execute on function case_incident_linked(uuid) to ${sql.id(appRole)}`.execute(db);

    await sql`drop policy incident_read on incident`.execute(db);
    await sql
      .raw(
        `create policy incident_read on incident for select using (
      ${system} or ${visibleCase}
      or ((owning_unit_id = any(${units('cases.read-unit')}) or ${recorder}) and ${notLinked}))`,
      )
      .execute(db);
    await sql`drop policy incident_change on incident`.execute(db);
    await sql
      .raw(
        `create policy incident_change on incident for update
      using (${system} or ${changeable})
      with check (${system} or ${changeable})`,
      )
      .execute(db);
    await sql`revoke update on incident from ${sql.id(appRole)}`.execute(db);
    await sql`grant update (${sql.raw(CHANGEABLE_COLUMNS)}) on incident to ${sql.id(appRole)}`.execute(db);
  },
  async down(db, { appRole }) {
    await sql`revoke update (${sql.raw(CHANGEABLE_COLUMNS)}) on incident from ${sql.id(appRole)}`.execute(db);
    await sql`grant update on incident to ${sql.id(appRole)}`.execute(db);
    // As 0005 and 0001 left them.
    await sql`drop policy incident_change on incident`.execute(db);
    await sql`create policy incident_change on incident for update using ((select casus_actor_kind()) = 'system' or owning_unit_id = any((select case_actor_units('cases.update'))::uuid[])
      or exists (select 1 from case_file c where c.incident_id = incident.id))`.execute(db);
    await sql`drop policy incident_read on incident`.execute(db);
    await sql`create policy incident_read on incident for select using (
      (select casus_actor_kind()) = 'system'
      or owning_unit_id = any((select case_actor_units('cases.read-unit'))::uuid[])
      or exists (select 1 from case_file c where c.incident_id = incident.id)
      or (created_by = (select case_actor_user()) and created_at > now() - interval '7 days'))`.execute(db);
    await sql`drop function case_incident_linked(uuid)`.execute(db);
  },
};
