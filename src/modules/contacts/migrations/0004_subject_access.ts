// The contact moments that concern one person, for the privacy officer answering a data-subject request
// (GDPR art. 15; the privacy module composes the export). Contact moments are visible with their case
// (row-level security); a request must be answered whoever works on the case, so
// contact_moment_subject_access reads with its owner's rights and is the only way past that: it first
// checks, from the sealed actor, that the caller holds privacy.subject-access, and refuses everyone
// else (insufficient_privilege). A contact moment concerns the person it names (person_id), or, when it
// names nobody, the case's primary client: the same rule that makes them the data subject of its audit
// events. The caller passes the person's ids and the cases whose primary client they are (the cases
// module answers those); contact with someone else on a shared case is never answered. The summary
// leaves encrypted (the application decrypts it with the key ring).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const contactSubjectAccessFunction: Migration = {
  name: '0004_subject_access',
  async up(db, { appRole }) {
    await sql`create function contact_moment_subject_access(the_persons uuid[], client_of_cases uuid[])
      returns table (id uuid, case_id uuid, person_id uuid, channel text, direction text, occurred_at timestamptz,
        duration_minutes integer, outcome text, summary_encrypted bytea, created_at timestamptz, updated_at timestamptz)
      language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp as $$
      begin
        if not public.casus_actor_has_permission('privacy.subject-access') then
          raise exception 'privacy.subject-access is required' using errcode = 'insufficient_privilege';
        end if;
        return query
          select m.id, m.case_id, m.person_id, m.channel, m.direction, m.occurred_at, m.duration_minutes, m.outcome,
                 m.summary_encrypted, m.created_at, m.updated_at
            from public.contact_moment m
           where m.person_id = any(the_persons) or (m.person_id is null and m.case_id = any(client_of_cases))
           order by m.occurred_at, m.id;
      end $$`.execute(db);
    await sql`revoke all on function contact_moment_subject_access(uuid[], uuid[]) from public`.execute(db);
    await sql`grant execute on function contact_moment_subject_access(uuid[], uuid[]) to ${sql.id(appRole)}`.execute(db);
  },
  async down(db) {
    await sql`drop function contact_moment_subject_access(uuid[], uuid[])`.execute(db);
  },
};
