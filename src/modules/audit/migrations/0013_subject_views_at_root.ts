// "Who looked at this client" for the privacy officer, whoever the client is. 0011 answered holders of
// audit.subject-views only for persons they may see, and a privacy officer at the root sees no client
// through the cases (she works on none): the view the organisation gives her for data-subject requests
// stayed closed where it is needed. Now audit_subject_access(person) answers 'holder' for an existing
// person when audit.subject-views is granted at the root unit (audit_actor_holds_at_root, as audit.read
// is: the trail belongs to the whole organisation, a grant in one team opens nothing beyond that
// team's persons). A holder elsewhere, and a case worker, still need to see the person first ('hidden'
// otherwise: an id alone reveals nothing). The privacy module's person search reads past case
// visibility in the same way for privacy.subject-access.
//
// SECURITY DEFINER with search_path = pg_catalog, public, pg_temp; every table named with its schema.
// Row-level security: no new table.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const PATH = 'set search_path = pg_catalog, public, pg_temp';

const body = (rootHolders: boolean) => `
      declare
        actor uuid := public.case_actor_user();
      begin
        if subject is null then return 'hidden'; end if;
        ${
          rootHolders
            ? `if public.audit_actor_holds_at_root('audit.subject-views')
           and exists (select 1 from public.person p where p.id = subject) then
          return 'holder';
        end if;`
            : ''
        }
        if not exists (select 1 from public.persons_visible_among(array[subject]) v where v = subject) then
          return 'hidden';
        end if;
        if public.casus_actor_has_permission('audit.subject-views') then return 'holder'; end if;
        if actor is not null and exists (
          select 1 from public.case_participant cp join public.case_assignment a on a.case_id = cp.case_id
          where cp.person_id = subject and a.user_id = actor and a.ended_at is null and a.role <> 'volunteer') then
          return 'worker';
        end if;
        return 'refused';
      end`;

const define = (rootHolders: boolean) =>
  sql.raw(
    `create or replace function audit_subject_access(subject uuid) returns text language plpgsql stable security definer ${PATH} as $$${body(rootHolders)} $$`,
  );

export const subjectViewsAtRoot: Migration = {
  name: '0013_subject_views_at_root',
  async up(db) {
    await define(true).execute(db);
  },
  async down(db) {
    await define(false).execute(db);
  },
};
