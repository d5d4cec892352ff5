// What the cases module holds about one person, for the privacy officer answering a data-subject
// request (GDPR art. 15; the privacy module composes the export). A case is visible to those who work
// on it (row-level security); a request must be answered whoever works on the person's cases, shielded
// ones included, so case_subject_access(persons) reads with its owner's rights and is the only way past
// that: it first checks, from the sealed actor, that the caller holds privacy.subject-access, and
// refuses everyone else (insufficient_privilege), whatever login calls it. It answers the persons'
// participations only, each with the case facts that concern them: the case's number, type, status,
// tracks, dates and close reason, the incident it is about, whether the person is the case's primary
// client (`about_person`: records of the case that name no person of their own are about them), its
// custom field values only then; and the ids of the case's other participants, which the export uses
// to strike their names from its free text and never shows. Never the other participants' roles, the
// workers or the grants. Pinned search_path and schema-qualified names, as every function of the
// module (0011).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const caseSubjectAccessFunction: Migration = {
  name: '0016_subject_access',
  async up(db, { appRole }) {
    await sql`create function case_subject_access(the_persons uuid[])
      returns table (case_id uuid, number text, case_type text, status text, confidentiality text, tracks text[],
        opened_at timestamptz, closed_at timestamptz, close_reason text, retention_until date, custom jsonb,
        role text, primary_client boolean, about_person boolean, added_at timestamptz,
        incident_id uuid, incident_category text, incident_occurred_on date, incident_place text,
        incident_police_reference text, incident_prosecutor_reference text, incident_description text,
        other_participant_ids uuid[])
      language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp as $$
      begin
        if not public.casus_actor_has_permission('privacy.subject-access') then
          raise exception 'privacy.subject-access is required' using errcode = 'insufficient_privilege';
        end if;
        return query
          select c.id, c.number, t.name, c.status, c.confidentiality, c.tracks, c.opened_at, c.closed_at, c.close_reason,
                 c.retention_until,
                 case when c.primary_client_id = any(the_persons) then c.custom end,
                 p.role, p.primary_client, coalesce(c.primary_client_id = any(the_persons), false), p.added_at,
                 i.id, i.category, i.occurred_on, i.place, i.police_reference, i.prosecutor_reference, i.description,
                 array(select distinct o.person_id from public.case_participant o
                        where o.case_id = c.id and o.person_id <> all(the_persons) order by 1)
            from public.case_participant p
            join public.case_file c on c.id = p.case_id
            join public.case_type t on t.id = c.case_type_id
            left join public.incident i on i.id = c.incident_id
           where p.person_id = any(the_persons)
           order by c.opened_at, c.id, p.added_at;
      end $$`.execute(db);
    await sql`revoke all on function case_subject_access(uuid[]) from public`.execute(db);
    await sql`grant execute on function case_subject_access(uuid[]) to ${sql.id(appRole)}`.execute(db);
  },
  async down(db) {
    await sql`drop function case_subject_access(uuid[])`.execute(db);
  },
};
