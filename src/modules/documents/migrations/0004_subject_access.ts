// The documents that concern one person, for the privacy officer answering a data-subject request
// (GDPR art. 15; the privacy module composes the export): their names, types, sizes and dates, never
// their contents. Documents are visible with their case (row-level security, restricted ones with
// documents.read-restricted); a request must be answered whoever works on the case, so
// document_subject_access reads with its owner's rights and is the only way past that: it first checks,
// from the sealed actor, that the caller holds privacy.subject-access, and refuses everyone else
// (insufficient_privilege). A document names no person: it concerns its case's primary client (the data
// subject of its audit events), so the caller passes the cases whose primary client the person is (the
// cases module answers those). Deleted documents are listed too (their record is kept; the content is
// gone).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const documentSubjectAccessFunction: Migration = {
  name: '0004_subject_access',
  async up(db, { appRole }) {
    await sql`create function document_subject_access(client_of_cases uuid[])
      returns table (id uuid, case_id uuid, filename text, document_type text, content_type text, size bigint,
        restricted boolean, quarantined boolean, uploaded_at timestamptz, updated_at timestamptz, deleted_at timestamptz)
      language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp as $$
      begin
        if not public.casus_actor_has_permission('privacy.subject-access') then
          raise exception 'privacy.subject-access is required' using errcode = 'insufficient_privilege';
        end if;
        return query
          select d.id, d.case_id, d.filename, d.document_type, d.content_type, d.size::bigint, d.restricted, d.quarantined,
                 d.uploaded_at, d.updated_at, d.deleted_at
            from public.document d
           where d.case_id = any(client_of_cases)
           order by d.uploaded_at, d.id;
      end $$`.execute(db);
    await sql`revoke all on function document_subject_access(uuid[]) from public`.execute(db);
    await sql`grant execute on function document_subject_access(uuid[]) to ${sql.id(appRole)}`.execute(db);
  },
  async down(db) {
    await sql`drop function document_subject_access(uuid[])`.execute(db);
  },
};
