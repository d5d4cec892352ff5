// Once converted, a referral is its case's: visible only to those who see the case (case_file's own
// row-level security decides, inside the sub-query), whatever unit, assignee or submitter it had. The
// unit (referrals.read-unit), assignee and submitter rules of 0001 hold only while it is not converted.
// Before this, a converted referral (name, BSN, incident in its payload) stayed readable by the whole
// team, shielded case or not: a way around cases.read-unit for every converted case. Contact attempts
// follow their referral (their read policy asks referral's); their insert policy and the update policy
// no longer admit converted referrals through the unit or assignee either; tasks on a referral follow
// it through the task policies. A referral cannot be inserted already converted.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const SYSTEM = `(select casus_actor_kind()) = 'system'`;
const WORKS = `(owning_unit_id = any((select case_actor_units('referrals.read-unit'))::uuid[]) or assigned_to = (select case_actor_user()))`;
const SUBMITTED = `(channel <> 'api' and submitted_by = (select case_actor_user()) and created_at > now() - interval '7 days')`;
const CASE_VISIBLE = `exists (select 1 from public.case_file c where c.id = converted_case_id)`;

/** The policies of 0001, for down. */
async function createOriginal(db: Parameters<Migration['up']>[0]) {
  await sql
    .raw(
      `create policy referral_read on referral for select using (
    ${SYSTEM} or ${WORKS} or ${SUBMITTED} or (converted_case_id is not null and ${CASE_VISIBLE}))`,
    )
    .execute(db);
  await sql
    .raw(`create policy referral_change on referral for update using (${SYSTEM} or ${WORKS}) with check (${SYSTEM} or ${WORKS})`)
    .execute(db);
  await sql
    .raw(
      `create policy referral_create on referral for insert with check (
    ${SYSTEM}
    or (submitted_by = (select case_actor_user()) and (
      (channel = 'api' and owning_unit_id = any((select case_actor_units('referrals.submit'))::uuid[]))
      or (channel <> 'api' and owning_unit_id = any((select case_actor_units('referrals.create'))::uuid[])))))`,
    )
    .execute(db);
  await sql
    .raw(
      `create policy referral_contact_attempt_create on referral_contact_attempt for insert with check (
    ${SYSTEM}
    or (recorded_by = (select case_actor_user()) and exists (select 1 from referral r where r.id = referral_id
      and (r.owning_unit_id = any((select case_actor_units('referrals.read-unit'))::uuid[]) or r.assigned_to = (select case_actor_user())))))`,
    )
    .execute(db);
}

async function dropAll(db: Parameters<Migration['up']>[0]) {
  for (const [policy, table] of [
    ['referral_read', 'referral'],
    ['referral_change', 'referral'],
    ['referral_create', 'referral'],
    ['referral_contact_attempt_create', 'referral_contact_attempt'],
  ]) {
    await sql`drop policy ${sql.id(policy!)} on ${sql.table(table!)}`.execute(db);
  }
}

export const convertedFollowCase: Migration = {
  name: '0003_converted_follow_case',
  async up(db) {
    await dropAll(db);
    await sql
      .raw(
        `create policy referral_read on referral for select using (
      ${SYSTEM}
      or (converted_case_id is null and (${WORKS} or ${SUBMITTED}))
      or (converted_case_id is not null and ${CASE_VISIBLE}))`,
      )
      .execute(db);
    // Working a referral (attempts, assigning, converting, closing) is for the team and the assignee
    // while it is not converted; converting it needs the new case visible to the converter (she opened it).
    await sql
      .raw(
        `create policy referral_change on referral for update
      using (${SYSTEM} or (converted_case_id is null and ${WORKS}))
      with check (${SYSTEM} or (converted_case_id is null and ${WORKS}) or (converted_case_id is not null and ${CASE_VISIBLE}))`,
      )
      .execute(db);
    await sql
      .raw(
        `create policy referral_create on referral for insert with check (
      ${SYSTEM}
      or (converted_case_id is null and submitted_by = (select case_actor_user()) and (
        (channel = 'api' and owning_unit_id = any((select case_actor_units('referrals.submit'))::uuid[]))
        or (channel <> 'api' and owning_unit_id = any((select case_actor_units('referrals.create'))::uuid[])))))`,
      )
      .execute(db);
    await sql
      .raw(
        `create policy referral_contact_attempt_create on referral_contact_attempt for insert with check (
      ${SYSTEM}
      or (recorded_by = (select case_actor_user()) and exists (select 1 from public.referral r where r.id = referral_id and r.converted_case_id is null
        and (r.owning_unit_id = any((select case_actor_units('referrals.read-unit'))::uuid[]) or r.assigned_to = (select case_actor_user())))))`,
      )
      .execute(db);
  },
  async down(db) {
    await dropAll(db);
    await createOriginal(db);
  },
};
