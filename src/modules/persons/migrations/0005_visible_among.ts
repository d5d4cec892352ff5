// persons_visible_among(ids): which of these persons the transaction's actor may see, answered as a
// set-based join by the owner instead of row-level security's per-row sub-plans. It mirrors the
// person_read policy of 0001 (and, through it, case_participant_read and case_file_read of the cases
// module): the system actor, a participant in a visible case (assigned, explicitly or break-the-glass
// granted, or a non-shielded case of a unit where the actor holds cases.read-unit), or a person the
// actor registered in the last seven days.
//
// It is a narrowing step only, never the decision: the search's SECURITY DEFINER look-ups hand it the
// ids they found, so that they answer only ids the actor may see, and the search then reads those
// under row-level security as always. So if this mirror were
// ever wider than the policy nothing would leak; if narrower, a person would be missing from search
// results, which persons.visibility.test.ts guards against by comparing both for many actors.
// Telling an actor which of some ids they may see reveals nothing row-level security does not.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const visibleAmong: Migration = {
  name: '0005_visible_among',
  async up(db, { appRole }) {
    await sql`create function persons_visible_among(ids uuid[]) returns setof uuid language plpgsql stable security definer
      set search_path = pg_catalog, public as $$
      declare
        actor uuid := case_actor_user();
        assigned uuid[];
        granted uuid[];
        units uuid[];
      begin
        if casus_actor_kind() = 'system' then
          return query select distinct u from unnest(ids) u;
          return;
        end if;
        assigned := case_ids_assigned_to_actor();
        granted := case_ids_granted_to_actor();
        units := case_actor_units('cases.read-unit');
        return query
          select p.id from person p
          where p.id = any(ids)
            and (
              exists (
                select 1 from case_participant cp join case_file c on c.id = cp.case_id
                where cp.person_id = p.id
                  and (c.id = any(assigned) or c.id = any(granted) or (c.confidentiality <> 'shielded' and c.owning_unit_id = any(units))))
              or (actor is not null and p.created_by = actor and p.created_at > now() - interval '7 days'));
      end $$`.execute(db);
    await sql`revoke all on function persons_visible_among(uuid[]) from public`.execute(db);
    await sql`grant execute on function persons_visible_among(uuid[]) to ${sql.id(appRole)}`.execute(db);
  },
  async down(db) {
    await sql`drop function persons_visible_among(uuid[])`.execute(db);
  },
};
