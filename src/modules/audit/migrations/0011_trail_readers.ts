// Who may read the audit trail through the application's login (until now only the system actor could,
// kernel 0013):
//
// - audit_event_auditor_read: holders of audit.read or audit.export granted at the root unit read every
//   event. The trail belongs to the whole organisation and events carry no unit, so a grant in one team
//   opens nothing: otherwise a team's administrator, with one colleague approving, could make an auditor
//   of the whole organisation out of someone in her team. audit_actor_holds_at_root(permission) answers
//   it from the sealed actor (casus_actor_units) and the unit tree (the root is the unit without a
//   parent). A plain SELECT is not audited by the database: the API audits every search and export
//   (trail/), and reading the trail with hand-written SQL already takes audit.read at the root.
//
// - "Who looked at this client" for those who hold audit.subject-views (the privacy officer) or work on
//   a case of the person (a live assignment other than as volunteer): never through a policy, only
//   through audit_subject_events(), a SECURITY DEFINER function that first asks
//   audit_subject_access(person): 'hidden' when the actor may not see the person
//   (persons_visible_among, the persons module's one answer to that, which mirrors person_read),
//   'refused' when she may but neither holds the permission nor works on a case of the person, else
//   'holder' or 'worker'. A holder gets every event naming the person (data_subject_id, or among the
//   data_subject_ids of a list read) or a person merged into her; a case worker only those about the
//   person herself (object 'person') and those made in one of the cases she works on (object 'case', or
//   details.caseId), so a colleague's work on another, perhaps shielded, case of the same client stays
//   out of her sight; never the trail's own reads (audit.*: an investigation, perhaps of her) nor the
//   privacy officer's work (privacy.*). The function writes its own audit event ('audit.subject-view', the person as data
//   subject, with the persons merged into her among the data subjects, the events shown as object_ids),
//   so the view is audited by whatever path it is called; as the owner's writes, its actor and origin
//   come from the sealed transaction (persons 0006 does the same).
//
// Both definer functions run with search_path = pg_catalog, public, pg_temp and name every table with
// its schema: a TEMP object cannot stand in for one.
//
// Row-level security: audit_event keeps the kernel's policies (anyone inserts, the system actor reads)
// and gains audit_event_auditor_read above; no new table.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const PATH = 'set search_path = pg_catalog, public, pg_temp';
/** A casus.* setting of the transaction, only when its seal verifies (the kernel's audit trigger reads them so). */
const SEALED = (name: string) => `case when public.casus_actor_sealed() then nullif(current_setting('casus.${name}', true), '') end`;
const AUDIT_ORIGIN_COLUMNS = 'actor_kind, actor_id, request_id, trace_id, origin_ip, user_agent';
const AUDIT_ORIGIN = `public.casus_actor_kind(), public.casus_actor_id(), ${SEALED('request_id')}, ${SEALED('trace_id')}, (${SEALED('origin_ip')})::inet, ${SEALED('user_agent')}`;
/** The case an event was made in: its object, or the case its details name (contact moments, documents, tasks). */
const CASE_OF_EVENT = `case when e.object_type = 'case' then e.object_id else e.details->>'caseId' end`;

export const trailReaders: Migration = {
  name: '0011_trail_readers',
  async up(db, { appRole }) {
    const app = sql.id(appRole);
    await sql
      .raw(
        `create function audit_actor_holds_at_root(permission text) returns boolean language plpgsql stable ${PATH} as $$
      begin
        return exists (select 1 from public.org_unit u where u.parent_id is null and u.id::text = any(public.casus_actor_units(permission)));
      end $$`,
      )
      .execute(db);
    await sql`revoke all on function audit_actor_holds_at_root(text) from public`.execute(db);
    await sql`grant execute on function audit_actor_holds_at_root(text) to ${app}`.execute(db);
    await sql`create policy audit_event_auditor_read on audit_event for select
      using ((select audit_actor_holds_at_root('audit.read')) or (select audit_actor_holds_at_root('audit.export')))`.execute(db);

    await sql
      .raw(
        `create function audit_subject_access(subject uuid) returns text language plpgsql stable security definer ${PATH} as $$
      declare
        actor uuid := public.case_actor_user();
      begin
        if subject is null or not exists (select 1 from public.persons_visible_among(array[subject]) v where v = subject) then
          return 'hidden';
        end if;
        if public.casus_actor_has_permission('audit.subject-views') then return 'holder'; end if;
        if actor is not null and exists (
          select 1 from public.case_participant cp join public.case_assignment a on a.case_id = cp.case_id
          where cp.person_id = subject and a.user_id = actor and a.ended_at is null and a.role <> 'volunteer') then
          return 'worker';
        end if;
        return 'refused';
      end $$`,
      )
      .execute(db);
    await sql`revoke all on function audit_subject_access(uuid) from public`.execute(db);
    await sql`grant execute on function audit_subject_access(uuid) to ${app}`.execute(db);

    await sql
      .raw(
        `create function audit_subject_events(subject uuid, before_at timestamptz, before_id bigint, max_rows integer)
      returns table (id bigint, occurred_at timestamptz, cursor_at text, actor_kind text, actor_id text, action text, object_type text,
                     object_id text, result text, listed boolean, more boolean)
      language plpgsql volatile security definer ${PATH} as $$
      #variable_conflict use_column
      declare
        access text := public.audit_subject_access(subject);
        actor uuid := public.case_actor_user();
        persons text[];
        worked text[];
      begin
        if access not in ('holder', 'worker') then
          raise exception 'audit_subject_events: %', access using errcode = 'insufficient_privilege';
        end if;
        if max_rows is null or max_rows < 1 or max_rows > 200 or (before_at is null) <> (before_id is null) then
          raise exception 'audit_subject_events: invalid page' using errcode = 'invalid_parameter_value';
        end if;
        -- The person and every person merged into her, however many merges ago.
        persons := array(
          with recursive merged(id) as (
            select subject union select p.id from public.person p join merged m on p.merged_into = m.id
          ) select m.id::text from merged m);
        if access = 'worker' then
          worked := array(
            select distinct a.case_id::text from public.case_participant cp join public.case_assignment a on a.case_id = cp.case_id
            where cp.person_id = subject and a.user_id = actor and a.ended_at is null and a.role <> 'volunteer');
        end if;
        return query
          with fetched as (
            select e.id, e.occurred_at, to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at,
                   e.actor_kind, e.actor_id, e.action, e.object_type, e.object_id, e.result,
                   not coalesce(e.data_subject_id = any(persons), false) as listed
            from public.audit_event e
            where (e.data_subject_id = any(persons) or e.data_subject_ids && persons)
              and (before_at is null or (e.occurred_at, e.id) < (before_at, before_id))
              and (access = 'holder'
                or (e.action not like 'audit.%' and e.action not like 'privacy.%'
                    and ((e.object_type = 'person' and e.object_id = any(persons)) or ${CASE_OF_EVENT} = any(worked))))
            order by e.occurred_at desc, e.id desc
            limit max_rows + 1
          ),
          shown as (select * from fetched f order by f.occurred_at desc, f.id desc limit max_rows),
          logged as (
            insert into public.audit_event (${AUDIT_ORIGIN_COLUMNS}, action, object_type, object_id, data_subject_id, result, details, object_ids,
                                            data_subject_ids)
            values (${AUDIT_ORIGIN}, 'audit.subject-view', 'person', subject::text, subject::text, 'success',
              jsonb_build_object('via', access, 'count', (select count(*) from shown), 'page', before_at is not null,
                                 'mergedPersons', cardinality(persons) - 1),
              (select coalesce(array_agg(s.id::text order by s.occurred_at desc, s.id desc), '{}') from shown s), persons)
          )
          select s.*, (select count(*) from fetched) > max_rows from shown s order by s.occurred_at desc, s.id desc;
      end $$`,
      )
      .execute(db);
    await sql`revoke all on function audit_subject_events(uuid, timestamptz, bigint, integer) from public`.execute(db);
    await sql`grant execute on function audit_subject_events(uuid, timestamptz, bigint, integer) to ${app}`.execute(db);
  },
  async down(db) {
    await sql`drop function audit_subject_events(uuid, timestamptz, bigint, integer)`.execute(db);
    await sql`drop function audit_subject_access(uuid)`.execute(db);
    await sql`drop policy audit_event_auditor_read on audit_event`.execute(db);
    await sql`drop function audit_actor_holds_at_root(text)`.execute(db);
  },
};
