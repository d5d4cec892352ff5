// The tasks that name one person, for the privacy officer answering a data-subject request (GDPR
// art. 15; the privacy module composes the export). Tasks are visible with their case or referral
// (row-level security); a request must be answered whoever works on them, so task_subject_access reads
// with its owner's rights and is the only way past that: it first checks, from the sealed actor, that
// the caller holds privacy.subject-access, and refuses everyone else (insufficient_privilege). A task
// names no person of its own; it names them when it is on a referral about them, or on a case whose
// primary client they are (the data subject of the case's records), or on another case of theirs and
// its title or description names them (`name_patterns`: case-insensitive regular expressions the
// privacy module builds from the person's names, escaped there). The caller passes those ids (the
// referrals and cases modules answer them); tasks of a shared case that name someone else are not
// answered.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const taskSubjectAccessFunction: Migration = {
  name: '0004_subject_access',
  async up(db, { appRole }) {
    await sql`create function task_subject_access(on_referrals uuid[], client_of_cases uuid[], other_cases uuid[], name_patterns text[])
      returns table (id uuid, case_id uuid, referral_id uuid, title text, description text, status text, due_at timestamptz,
        created_at timestamptz, updated_at timestamptz, completed_at timestamptz, cancel_reason text)
      language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp as $$
      begin
        if not public.casus_actor_has_permission('privacy.subject-access') then
          raise exception 'privacy.subject-access is required' using errcode = 'insufficient_privilege';
        end if;
        return query
          select t.id, t.case_id, t.referral_id, t.title, t.description, t.status, t.due_at, t.created_at, t.updated_at,
                 t.completed_at, t.cancel_reason
            from public.task t
           where t.referral_id = any(on_referrals)
              or t.case_id = any(client_of_cases)
              or (t.case_id = any(other_cases) and (t.title || ' ' || coalesce(t.description, '')) ~* any(name_patterns))
           order by t.created_at, t.id;
      end $$`.execute(db);
    await sql`revoke all on function task_subject_access(uuid[], uuid[], uuid[], text[]) from public`.execute(db);
    await sql`grant execute on function task_subject_access(uuid[], uuid[], uuid[], text[]) to ${sql.id(appRole)}`.execute(db);
  },
  async down(db) {
    await sql`drop function task_subject_access(uuid[], uuid[], uuid[], text[])`.execute(db);
  },
};
