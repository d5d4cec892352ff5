// Who may shield, un-shield, move and grant, held by the database as the services hold it:
//   - case_file: the changed row must still be one the actor may change (WITH CHECK = USING; 0001's
//     let an assigned worker write any unit). What row-level security cannot see (the row before the
//     change) a trigger checks: leaving or entering `shielded` needs cases.grant-access in the case's
//     unit; moving a case needs cases.update in the unit it leaves and in the one it enters; a case
//     links only an incident the actor can see (else linking would be a way into a hidden incident).
//     The trigger applies where row-level security does (the application role; not the owner's
//     maintenance) and not to the platform's own system actor.
//   - case_access_grant: an explicit grant is given only for a case the grantor can see, by a holder
//     of cases.grant-access in that case's unit (0001 accepted the permission in any unit), never to
//     oneself, except the grant whoever shields a case keeps: a self-grant is accepted only while the
//     case is not yet shielded and only if it is shielded when the transaction commits (a deferred
//     constraint trigger). Break-the-glass is for oneself, by holders of cases.break-glass, at most 72
//     hours, and never directly into a shielded case (that takes an approved request, 0010). Grants
//     are no longer changed by the application role at all (0001 let any holder of
//     cases.grant-access or cases.review-access anywhere rewrite any grant it could see, e.g. lengthen
//     its own break-the-glass access); reviews go through case_review_break_glass.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const PINNED = 'set search_path = pg_catalog, public, pg_temp';
const system = `(select public.casus_actor_kind()) = 'system'`;
const units = (permission: string) => `(select public.case_actor_units('${permission}'))::uuid[]`;
const changeable = `(${system}
      or id = any((select public.case_ids_assigned_to_actor())::uuid[])
      or (confidentiality <> 'shielded' and owning_unit_id = any(${units('cases.update')}))
      or (id = any((select public.case_ids_granted_to_actor())::uuid[]) and owning_unit_id = any(${units('cases.update')})))`;

export const shieldingAndGrants: Migration = {
  name: '0009_shielding_and_grants',
  async up(db, { appRole }) {
    await sql`drop policy case_file_change on case_file`.execute(db);
    await sql.raw(`create policy case_file_change on case_file for update using ${changeable} with check ${changeable}`).execute(db);

    // Invoker: the incident check must see incidents as the actor does.
    await sql
      .raw(
        `create function case_file_guard() returns trigger language plpgsql security invoker ${PINNED} as $$
      begin
        if not pg_catalog.row_security_active('public.case_file'::pg_catalog.regclass) or public.casus_actor_kind() = 'system' then
          return new;
        end if;
        if tg_op = 'UPDATE' then
          if old.owning_unit_id is distinct from new.owning_unit_id and not (old.owning_unit_id = any(public.case_actor_units('cases.update'))
              and new.owning_unit_id = any(public.case_actor_units('cases.update'))) then
            raise exception 'moving a case to another unit needs cases.update in both units' using errcode = 'insufficient_privilege';
          end if;
          if (old.confidentiality = 'shielded') <> (new.confidentiality = 'shielded')
              and not old.owning_unit_id = any(public.case_actor_units('cases.grant-access')) then
            raise exception '% a case needs cases.grant-access in its unit', case when old.confidentiality = 'shielded' then 'leaving shielded' else 'shielding' end
              using errcode = 'insufficient_privilege';
          end if;
          if new.incident_id is not distinct from old.incident_id then
            return new;
          end if;
        end if;
        if new.incident_id is not null and not exists (select 1 from public.incident i where i.id = new.incident_id) then
          raise exception 'a case links only an incident the actor can see' using errcode = 'insufficient_privilege';
        end if;
        return new;
      end $$`,
      )
      .execute(db);
    await sql`revoke all on function case_file_guard() from public`.execute(db);
    await sql`create trigger case_file_guard_update before update on case_file for each row
      when (old.owning_unit_id is distinct from new.owning_unit_id
        or (old.confidentiality = 'shielded') <> (new.confidentiality = 'shielded')
        or (new.incident_id is not null and new.incident_id is distinct from old.incident_id))
      execute function case_file_guard()`.execute(db);
    await sql`create trigger case_file_guard_insert before insert on case_file for each row
      when (new.incident_id is not null) execute function case_file_guard()`.execute(db);

    // Break-the-glass straight into a case: only one that exists and is not shielded (as the owner:
    // the case is outside the actor's sight by definition), and only for holders of cases.break-glass.
    await sql
      .raw(
        `create function case_break_glass_direct(the_case uuid) returns boolean language plpgsql stable security definer ${PINNED} as $$
      begin
        return public.casus_actor_has_permission('cases.break-glass')
          and exists (select 1 from public.case_file where id = the_case and confidentiality <> 'shielded');
      end $$`,
      )
      .execute(db);
    await sql`revoke all on function case_break_glass_direct(uuid) from public`.execute(db);
    await sql`grant execute on function case_break_glass_direct(uuid) to ${sql.id(appRole)}`.execute(db);

    await sql`drop policy case_access_grant_write on case_access_grant`.execute(db);
    await sql
      .raw(
        `create policy case_access_grant_write on case_access_grant for insert with check (
      ${system}
      or (granted_by = (select public.case_actor_user()) and (
        (kind = 'break-glass' and user_id = granted_by and (select public.casus_actor_has_permission('cases.break-glass'))
          and expires_at <= now() + interval '72 hours' and public.case_break_glass_direct(case_access_grant.case_id))
        or (kind = 'explicit' and exists (select 1 from public.case_file c where c.id = case_access_grant.case_id
          and c.owning_unit_id = any(${units('cases.grant-access')})
          and (case_access_grant.user_id <> case_access_grant.granted_by or c.confidentiality <> 'shielded'))))))`,
      )
      .execute(db);
    await sql`drop policy case_access_grant_revoke on case_access_grant`.execute(db);
    await sql
      .raw(`create policy case_access_grant_revoke on case_access_grant for update using (${system}) with check (${system})`)
      .execute(db);

    // Invoker, deferred to the commit: by then the case the self-grant came with must be shielded
    // (and the actor sees it, through that very grant).
    await sql
      .raw(
        `create function case_access_grant_self_check() returns trigger language plpgsql security invoker ${PINNED} as $$
      begin
        if not pg_catalog.row_security_active('public.case_access_grant'::pg_catalog.regclass) or public.casus_actor_kind() = 'system' then
          return null;
        end if;
        if not exists (select 1 from public.case_file c where c.id = new.case_id and c.confidentiality = 'shielded') then
          raise exception 'an explicit grant to oneself comes only with shielding the case' using errcode = 'insufficient_privilege';
        end if;
        return null;
      end $$`,
      )
      .execute(db);
    await sql`revoke all on function case_access_grant_self_check() from public`.execute(db);
    await sql`create constraint trigger case_access_grant_self after insert on case_access_grant deferrable initially deferred for each row
      when (new.kind = 'explicit' and new.user_id = new.granted_by) execute function case_access_grant_self_check()`.execute(db);
  },
  async down(db) {
    const legacySystem = `(select casus_actor_kind()) = 'system'`;
    await sql`drop trigger case_access_grant_self on case_access_grant`.execute(db);
    await sql`drop function case_access_grant_self_check()`.execute(db);
    await sql`drop policy case_access_grant_revoke on case_access_grant`.execute(db);
    await sql
      .raw(
        `create policy case_access_grant_revoke on case_access_grant for update
      using (${legacySystem} or (select casus_actor_has_permission('cases.grant-access')) or (select casus_actor_has_permission('cases.review-access')))`,
      )
      .execute(db);
    await sql`drop policy case_access_grant_write on case_access_grant`.execute(db);
    await sql
      .raw(
        `create policy case_access_grant_write on case_access_grant for insert with check (
      ${legacySystem}
      or (kind = 'break-glass' and user_id = case_actor_user() and (select casus_actor_has_permission('cases.break-glass')))
      or (kind = 'explicit' and (select casus_actor_has_permission('cases.grant-access'))))`,
      )
      .execute(db);
    await sql`drop function case_break_glass_direct(uuid)`.execute(db);
    await sql`drop trigger case_file_guard_insert on case_file`.execute(db);
    await sql`drop trigger case_file_guard_update on case_file`.execute(db);
    await sql`drop function case_file_guard()`.execute(db);
    await sql`drop policy case_file_change on case_file`.execute(db);
    await sql
      .raw(
        `create policy case_file_change on case_file for update using (
      ${legacySystem}
      or id = any((select case_ids_assigned_to_actor())::uuid[])
      or (confidentiality <> 'shielded' and owning_unit_id = any((select case_actor_units('cases.update'))::uuid[]))
      or (id = any((select case_ids_granted_to_actor())::uuid[]) and owning_unit_id = any((select case_actor_units('cases.update'))::uuid[])))
      with check (${legacySystem} or id = any((select case_ids_assigned_to_actor())::uuid[]) or owning_unit_id = any((select case_actor_units('cases.update'))::uuid[]))`,
      )
      .execute(db);
  },
};
