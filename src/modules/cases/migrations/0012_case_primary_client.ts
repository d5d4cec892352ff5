// The person a case is about, on the case itself: case_file.primary_client_id is its primary client,
// else its first participant (by when they were added), else null, kept by the database whenever
// participants are added, changed (a merge moves them) or removed. A list of cases audits the persons
// it showed (audit_event.data_subject_ids); read per listed case through case_participant's own
// row-level security this cost 0.6 ms on a 1.1 ms team list (twelve index probes per case), and the
// contact and document screens asked for it on every request. Now it is one more column of the row
// already read, visible exactly when the case is.
// The triggers are statement-level with transition tables, so a bulk load (the demo data) refreshes
// each case once, not once per participant (a join with the changed rows); the functions run as the
// owner: whoever may change participants (a merge of persons included) need not be allowed to write
// the case row.
// The application role may no longer write the column, nor the case's number, type, opening and
// creation (column grants): they are set once.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const PINNED = 'set search_path = pg_catalog, public, pg_temp';
const UPDATABLE =
  'status, owning_unit_id, confidentiality, incident_id, tracks, closed_at, close_reason, retention_until, custom, updated_at, version';
const FIRST = `(select p.person_id from public.case_participant p where p.case_id = c.id order by p.primary_client desc, p.added_at, p.id limit 1)`;
const TRIGGERS = [
  { name: 'case_primary_client_inserted', event: 'insert', transition: 'new table as changed', ids: 'select case_id from changed' },
  {
    name: 'case_primary_client_updated',
    event: 'update',
    transition: 'old table as gone new table as changed',
    ids: 'select case_id from changed union select case_id from gone',
  },
  { name: 'case_primary_client_deleted', event: 'delete', transition: 'old table as gone', ids: 'select case_id from gone' },
];

export const casePrimaryClient: Migration = {
  name: '0012_case_primary_client',
  async up(db, { appRole }) {
    await sql`alter table case_file add column primary_client_id uuid`.execute(db);
    await sql`comment on column case_file.primary_client_id is 'The person the case is about: its primary client, else its first participant (kept by triggers on case_participant)'`.execute(
      db,
    );
    await sql`update case_file c set primary_client_id = p.person_id
      from (select distinct on (case_id) case_id, person_id from case_participant order by case_id, primary_client desc, added_at, id) p
      where p.case_id = c.id`.execute(db);
    for (const trigger of TRIGGERS) {
      await sql
        .raw(
          `create function ${trigger.name}() returns trigger language plpgsql security definer ${PINNED} as $$
        begin
          update public.case_file c set primary_client_id = ${FIRST}
            where c.id in (${trigger.ids}) and c.primary_client_id is distinct from ${FIRST};
          return null;
        end $$`,
        )
        .execute(db);
      await sql.raw(`revoke all on function ${trigger.name}() from public`).execute(db);
      await sql
        .raw(
          `create trigger ${trigger.name} after ${trigger.event} on case_participant referencing ${trigger.transition}
        for each statement execute function ${trigger.name}()`,
        )
        .execute(db);
    }
    await sql`revoke update on case_file from ${sql.id(appRole)}`.execute(db);
    await sql`grant update (${sql.raw(UPDATABLE)}) on case_file to ${sql.id(appRole)}`.execute(db);
  },
  async down(db, { appRole }) {
    await sql`revoke update (${sql.raw(UPDATABLE)}) on case_file from ${sql.id(appRole)}`.execute(db);
    await sql`grant update on case_file to ${sql.id(appRole)}`.execute(db);
    for (const trigger of [...TRIGGERS].reverse()) {
      await sql.raw(`drop trigger ${trigger.name} on case_participant`).execute(db);
      await sql.raw(`drop function ${trigger.name}()`).execute(db);
    }
    await sql`alter table case_file drop column primary_client_id`.execute(db);
  },
};
