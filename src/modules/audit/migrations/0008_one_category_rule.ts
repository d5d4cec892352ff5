// One rule for an audit event's retention category, for the trail and the processing log alike (issue 12:
// "the processing log's retention follows the same rules"): the module's, auditCategoryOf in
// shipping/category.ts, now also in SQL, where expiry (casus_audit_expire) classifies. 0005's rule was
// narrower (no failures, grants, roles, tokens or the audit module's own actions among security events).
// The first that applies:
//   security  the result is not success (a refusal, a failure); or details.securityEvent is true; or the
//             action's domain (before the first dot) is auth, session, security, grant, grant-request, role,
//             api-token, service-account or audit;
//   access    the verb (after the first dot) is read, list, search, query, export, report or view, starts
//             with read-, or ends in -list or -reveal;
//   change    everything else.
// Events already expired keep the category their tombstone names.
//
// Row-level security: unchanged (functions only; casus_audit_expire stays for the system actor
// "audit-retention" alone, as 0005 made it).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const PATH = `set search_path = pg_catalog, public, pg_temp`;
const DEFINER = `language plpgsql security definer ${PATH}`;
const RETENTION_ONLY = `if public.casus_actor_kind() is distinct from 'system' or public.casus_actor_id() is distinct from 'audit-retention' then
      raise exception 'only the audit retention job expires audit events' using errcode = 'insufficient_privilege';
    end if;`;
const LIMIT = `least(
      coalesce((select max(c.tree_size) from public.audit_checkpoint c where c.witnessed_at is not null), 0),
      coalesce((select min(s.leaf_index) + 1 from public.audit_stream_cursor s), 9223372036854775807))`;

/** casus_audit_expire, classifying with `category` (a call on e.action, e.result, e.details). */
const expire = (category: string) => `create or replace function casus_audit_expire(p_security_days integer, p_access_days integer,
        p_change_days integer, p_limit bigint, p_batch integer) returns bigint ${DEFINER} as $$
      declare
        v_boundary bigint := coalesce((select max(boundary) from public.audit_retention_note), 0);
        v_limit bigint := least(p_limit, ${LIMIT});
        v_now timestamptz := clock_timestamp();
        n bigint;
      begin
        ${RETENTION_ONLY}
        if least(p_security_days, p_access_days, p_change_days) < 30 then
          raise exception 'audit events are kept at least 30 days' using errcode = 'invalid_parameter_value';
        end if;
        perform set_config('casus.audit_expiring', 'on', true);
        with expired as (
          select l.leaf_index, e.id, c.category, e.occurred_at
          from public.audit_leaf l
          join public.audit_event e on e.id = l.event_id
          cross join lateral (select ${category} as category) c
          where l.leaf_index >= v_boundary and l.leaf_index < v_limit
            and e.occurred_at < v_now - make_interval(days => case c.category
              when 'security' then p_security_days when 'access' then p_access_days else p_change_days end)
          order by l.leaf_index
          limit p_batch
        ), kept as (
          insert into public.audit_tombstone (leaf_index, event_id, category, occurred_at)
          select leaf_index, id, category, occurred_at from expired
          returning event_id
        )
        delete from public.audit_event where id in (select event_id from kept);
        get diagnostics n = row_count;
        perform set_config('casus.audit_expiring', '', true);
        return n;
      end $$`;

export const oneCategoryRule: Migration = {
  name: '0008_one_category_rule',
  async up(db, { appRole }) {
    await sql
      .raw(
        `create function casus_audit_category(p_action text, p_result text, p_details jsonb) returns text language sql immutable ${PATH} as $$
      select case
        when p_result <> 'success' or p_details -> 'securityEvent' = 'true'::jsonb
          or split_part(p_action, '.', 1) in ('auth', 'session', 'security', 'grant', 'grant-request', 'role', 'api-token', 'service-account', 'audit')
          then 'security'
        when v.verb in ('read', 'list', 'search', 'query', 'export', 'report', 'view')
          or v.verb like 'read-%' or v.verb like '%-list' or v.verb like '%-reveal' then 'access'
        else 'change'
      end
      from (select case when strpos(p_action, '.') > 0 then substr(p_action, strpos(p_action, '.') + 1) else '' end as verb) v $$`,
      )
      .execute(db);
    await sql`revoke all on function casus_audit_category(text, text, jsonb) from public`.execute(db);
    await sql.raw(`grant execute on function casus_audit_category(text, text, jsonb) to ${appRole}`).execute(db);
    await sql.raw(expire('public.casus_audit_category(e.action, e.result, e.details)')).execute(db);
    await sql`drop function casus_audit_category(text, jsonb)`.execute(db);
  },
  async down(db, { appRole }) {
    // 0005's rule, as it was.
    await sql
      .raw(
        `create function casus_audit_category(p_action text, p_details jsonb) returns text language sql immutable ${PATH} as $$
      select case
        when coalesce(p_details ->> 'securityEvent', '') = 'true' or split_part(p_action, '.', 1) in ('security', 'auth', 'session') then 'security'
        when split_part(p_action, '.', 1) = 'search'
          or p_action ~ '\\.(read|list|search|query|export|view)$'
          or p_action ~ '\\.(read|view)-[a-z0-9-]+$'
          or p_action ~ '-(read|list|reveal|search|export|query)$' then 'access'
        else 'change'
      end $$`,
      )
      .execute(db);
    await sql`revoke all on function casus_audit_category(text, jsonb) from public`.execute(db);
    await sql.raw(`grant execute on function casus_audit_category(text, jsonb) to ${appRole}`).execute(db);
    await sql.raw(expire('public.casus_audit_category(e.action, e.details)')).execute(db);
    await sql`drop function casus_audit_category(text, text, jsonb)`.execute(db);
  },
};
