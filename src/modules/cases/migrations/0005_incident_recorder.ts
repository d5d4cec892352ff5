// Incidents get their own API (incidents.routes.ts). A case worker records an incident before any
// case links it, but holds no cases.read-unit: under 0001's incident_read she could not read back
// what she just wrote, nor link her next case to it. As for persons and referrals, whoever recorded
// an incident sees it for seven days; after that, through the cases linked to it (or the unit).
// Lookups by the public prosecutor's reference get the index the police reference already has.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const system = sql.raw(`(select casus_actor_kind()) = 'system'`);
const unitOrCase = sql.raw(`owning_unit_id = any((select case_actor_units('cases.read-unit'))::uuid[])
      or exists (select 1 from case_file c where c.incident_id = incident.id)`);

export const incidentRecorder: Migration = {
  name: '0005_incident_recorder',
  async up(db) {
    await sql`drop policy incident_read on incident`.execute(db);
    await sql`create policy incident_read on incident for select using (
      ${system}
      or ${unitOrCase}
      or (created_by = (select case_actor_user()) and created_at > now() - interval '7 days'))`.execute(db);
    await sql`create index if not exists incident_prosecutor_reference on incident (prosecutor_reference) where prosecutor_reference is not null`.execute(
      db,
    );
  },
  async down(db) {
    await sql`drop index if exists incident_prosecutor_reference`.execute(db);
    await sql`drop policy incident_read on incident`.execute(db);
    await sql`create policy incident_read on incident for select using (${system} or ${unitOrCase})`.execute(db);
  },
};
