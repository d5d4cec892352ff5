// The referrals module's part of erasure (privacy.erasure) and of destruction rounds (issue 12).
//   - The payload as received (names, BSN, phone, the incident's description) may now be erased:
//     raw_payload null with payload_erased_at set (a CHECK keeps the one from being null without the
//     other). The referral's non-identifying facts stay countable: source, channel, dates, team,
//     status, attempts (their dates, channels and outcomes).
//   - referral_person_erasure_facts(persons): the referrals linked to the persons or converted into
//     the cases about them, whether each is still being worked (open, in contact, not reached) and
//     whether the actor holds privacy.erasure in its team; for holders of privacy.erasure only.
//   - referral_erase_persons(persons, apply): those referrals lose their payload, their partner's
//     reference, their close reason and their link to the person, and their attempts lose their notes;
//     refused while one is still being worked, or lies in a team where the actor does not hold
//     privacy.erasure, or the cases module refuses (case_actor_may_erase).
//   - referral_destroy_case(case): a destroyed case takes the referral it was converted from (its
//     attempts, and its tasks, go with it by cascade), when the cases module says it was cleared for
//     destruction in this transaction (case_actor_may_destroy).
// The application role still has no DELETE on referral: only these SECURITY DEFINER functions delete.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const PINNED = 'set search_path = pg_catalog, public, pg_temp';
const FUNCTIONS = ['referral_person_erasure_facts(uuid[])', 'referral_erase_persons(uuid[], boolean)', 'referral_destroy_case(uuid)'];
const LIVE = `('open', 'in-contact', 'not-reached')`;
const OF_PERSONS = `(r.person_id = any(the_persons) or r.converted_case_id = any(public.case_ids_about(the_persons)))`;

export const erasure: Migration = {
  name: '0005_erasure',
  async up(db, { appRole }) {
    await sql`alter table referral alter column raw_payload drop not null`.execute(db);
    await sql`alter table referral add column payload_erased_at timestamptz`.execute(db);
    await sql`alter table referral add constraint referral_payload_kept check (raw_payload is not null or payload_erased_at is not null)`.execute(
      db,
    );
    await sql`comment on column referral.payload_erased_at is 'When the payload was erased (privacy.erasure); raw_payload is null from then on'`.execute(
      db,
    );

    await sql
      .raw(
        `create function referral_person_erasure_facts(the_persons uuid[])
      returns table (referral_id uuid, live boolean, permitted boolean)
      language plpgsql stable security definer ${PINNED} as $$
      begin
        if not public.casus_actor_has_permission('privacy.erasure') then
          raise exception 'referral_person_erasure_facts needs privacy.erasure' using errcode = 'insufficient_privilege';
        end if;
        return query select r.id, r.status in ${LIVE}, r.owning_unit_id = any(public.case_actor_units('privacy.erasure'))
          from public.referral r where ${OF_PERSONS} order by r.received_at, r.id;
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function referral_erase_persons(the_persons uuid[], apply boolean) returns integer
      language plpgsql volatile security definer ${PINNED} as $$
      declare
        ids uuid[];
        n integer;
      begin
        if not public.case_actor_may_erase(the_persons, apply) then
          raise exception 'referral_erase_persons: not permitted, or a case is open or on a legal hold' using errcode = 'insufficient_privilege';
        end if;
        ids := array(select r.id from public.referral r where ${OF_PERSONS});
        if exists (select 1 from public.referral r where r.id = any(ids)
            and (not r.owning_unit_id = any(public.case_actor_units('privacy.erasure')) or (apply and r.status in ${LIVE}))) then
          raise exception 'referral_erase_persons: a referral is still being worked, or lies outside the units of privacy.erasure'
            using errcode = 'insufficient_privilege';
        end if;
        if not apply then return cardinality(ids); end if;
        update public.referral set raw_payload = null, payload_erased_at = coalesce(payload_erased_at, pg_catalog.now()),
            source_reference = null, closed_reason = null, person_id = null, updated_at = pg_catalog.now(), version = version + 1
          where id = any(ids);
        get diagnostics n = row_count;
        update public.referral_contact_attempt set note = null where referral_id = any(ids) and note is not null;
        return n;
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function referral_destroy_case(the_case uuid) returns integer
      language plpgsql volatile security definer ${PINNED} as $$
      declare
        n integer;
      begin
        if not public.case_actor_may_destroy(the_case) then
          raise exception 'referral_destroy_case: the case is not cleared for destruction in this transaction' using errcode = 'insufficient_privilege';
        end if;
        delete from public.referral r where r.converted_case_id = the_case;
        get diagnostics n = row_count;
        return n;
      end $$`,
      )
      .execute(db);
    for (const fn of FUNCTIONS) {
      await sql`revoke all on function ${sql.raw(fn)} from public`.execute(db);
      await sql`grant execute on function ${sql.raw(fn)} to ${sql.id(appRole)}`.execute(db);
    }
  },
  async down(db) {
    for (const fn of [...FUNCTIONS].reverse()) await sql`drop function ${sql.raw(fn)}`.execute(db);
    await sql`alter table referral drop constraint referral_payload_kept`.execute(db);
    await sql`alter table referral drop column payload_erased_at`.execute(db);
    // Fails once a payload was erased: an erasure is not undone.
    await sql`alter table referral alter column raw_payload set not null`.execute(db);
  },
};
