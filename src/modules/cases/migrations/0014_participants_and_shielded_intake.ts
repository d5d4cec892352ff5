// Found by the permission matrix (test/app/permission-matrix.test.ts):
//   - participants are added and removed by whoever may change the case, as casePolicy.update says and
//     as 0001 meant ("changeable by whoever may change the case"): its assigned workers, holders of
//     cases.update in its unit unless it is shielded, granted holders of cases.update in its unit.
//     0001 asked for a visible case and cases.update in any unit instead: an assigned volunteer (no
//     cases.update) was let through by the service and refused by the database (a 500), and someone
//     with cases.update in one team and a grant to a case of another could add people to that case
//     through SQL. Updates keep 0001's check: persons merges move participations (persons.merge).
//   - opening a case as shielded is shielding it: like shielding an open case (0009), it needs
//     cases.grant-access in the case's unit, here on insert. Without it a case worker could open a
//     case that no team lead can see, review or un-shield.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const PINNED = 'set search_path = pg_catalog, public, pg_temp';
const system = `(select public.casus_actor_kind()) = 'system'`;
const units = (permission: string) => `(select public.case_actor_units('${permission}'))::uuid[]`;
/** 0009's case_file_change, for the case a participant row hangs off (case_file's read policy applies inside). */
const caseChangeable = `(${system} or exists (select 1 from public.case_file c where c.id = case_id and (
      c.id = any((select public.case_ids_assigned_to_actor())::uuid[])
      or (c.confidentiality <> 'shielded' and c.owning_unit_id = any(${units('cases.update')}))
      or (c.id = any((select public.case_ids_granted_to_actor())::uuid[]) and c.owning_unit_id = any(${units('cases.update')})))))`;
const legacyCheck = `((select casus_actor_kind()) = 'system' or (exists (select 1 from case_file c where c.id = case_id) and (select casus_actor_has_permission('cases.update'))))`;

/** case_file_guard as 0009 made it, plus (`shieldedIntake`) the check on opening a case as shielded. */
const guard = (
  shieldedIntake: boolean,
) => `create or replace function case_file_guard() returns trigger language plpgsql security invoker ${PINNED} as $$
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
        end if;${
          shieldedIntake
            ? `
        if tg_op = 'INSERT' and new.confidentiality = 'shielded' and not new.owning_unit_id = any(public.case_actor_units('cases.grant-access')) then
          raise exception 'opening a case as shielded needs cases.grant-access in its unit' using errcode = 'insufficient_privilege';
        end if;`
            : ''
        }
        if new.incident_id is not null and not exists (select 1 from public.incident i where i.id = new.incident_id) then
          raise exception 'a case links only an incident the actor can see' using errcode = 'insufficient_privilege';
        end if;
        return new;
      end $$`;

export const participantsAndShieldedIntake: Migration = {
  name: '0014_participants_and_shielded_intake',
  async up(db) {
    await sql`drop policy case_participant_insert on case_participant`.execute(db);
    await sql`drop policy case_participant_delete on case_participant`.execute(db);
    await sql.raw(`create policy case_participant_insert on case_participant for insert with check ${caseChangeable}`).execute(db);
    await sql.raw(`create policy case_participant_delete on case_participant for delete using ${caseChangeable}`).execute(db);

    await sql.raw(guard(true)).execute(db);
    await sql`drop trigger case_file_guard_insert on case_file`.execute(db);
    await sql`create trigger case_file_guard_insert before insert on case_file for each row
      when (new.incident_id is not null or new.confidentiality = 'shielded') execute function case_file_guard()`.execute(db);
  },
  async down(db) {
    await sql`drop trigger case_file_guard_insert on case_file`.execute(db);
    await sql`create trigger case_file_guard_insert before insert on case_file for each row
      when (new.incident_id is not null) execute function case_file_guard()`.execute(db);
    await sql.raw(guard(false)).execute(db);

    await sql`drop policy case_participant_delete on case_participant`.execute(db);
    await sql`drop policy case_participant_insert on case_participant`.execute(db);
    await sql.raw(`create policy case_participant_insert on case_participant for insert with check (${legacyCheck})`).execute(db);
    await sql.raw(`create policy case_participant_delete on case_participant for delete using (${legacyCheck})`).execute(db);
  },
};
