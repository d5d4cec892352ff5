// "Who saw or changed this person's data": the audit events about a data subject, for the subject-
// access export. The audit trail is readable by the system actor only (kernel 0013); this function is
// the one narrow way past that for answering a data-subject request: it answers only holders of
// privacy.subject-access (checked first, from the sealed actor), only the events naming the persons
// asked for (as the data subject of a single read or change, or among the data subjects of a list
// read), and only the columns the export shows (never details, object_ids or the other data subjects
// of a list: they are about other people). The audit module's own search reads the trail with its own
// permissions; this does not replace it.
// Row-level security: no table of its own; the function reads audit_event with its owner's rights.
// Lists (data_subject_ids) are searched with && so that a GIN index the audit module may add serves it.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const subjectAudit: Migration = {
  name: '0004_subject_audit',
  async up(db, { appRole }) {
    await sql`create function privacy_subject_audit(subjects uuid[])
      returns table (id bigint, occurred_at timestamptz, actor_kind text, actor_id text, action text, object_type text,
        object_id text, data_subject_id text, result text, reason text, changed_fields text[])
      language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp as $$
      declare
        named text[] := array(select s::text from unnest(subjects) s);
      begin
        if not public.casus_actor_has_permission('privacy.subject-access') then
          raise exception 'privacy.subject-access is required' using errcode = 'insufficient_privilege';
        end if;
        -- A BitmapOr of the data subject index and (once there is one) an index on the lists.
        return query
          select e.id, e.occurred_at, e.actor_kind, e.actor_id, e.action, e.object_type, e.object_id,
                 case when e.data_subject_id = any(named) then e.data_subject_id end,
                 e.result, e.reason,
                 case when e.data_subject_id = any(named) then e.changed_fields end
            from public.audit_event e
           where e.data_subject_id = any(named) or e.data_subject_ids && named
           order by e.occurred_at, e.id;
      end $$`.execute(db);
    await sql`revoke all on function privacy_subject_audit(uuid[]) from public`.execute(db);
    await sql`grant execute on function privacy_subject_audit(uuid[]) to ${sql.id(appRole)}`.execute(db);
  },
  async down(db) {
    await sql`drop function privacy_subject_audit(uuid[])`.execute(db);
  },
};
