// Adding and changing a document ask the cases module whether the actor may change the open case
// (case_actor_may_update, cases 0015) instead of restating that rule as 0001 did; the document's own
// conditions (the uploader is the actor, restricted documents need documents.read-restricted in the
// case's unit, quarantine managers) stay. Same answers: the case row is one, so "visible, changeable and
// restricted-ok" is "changeable" and "visible and restricted-ok".
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const SYSTEM = `(select casus_actor_kind()) = 'system'`;
const QUARANTINE_MANAGER = `(document.quarantined and (select casus_actor_has_permission('documents.manage-quarantine')))`;
const RESTRICTED_OK = `(not document.restricted or c.owning_unit_id = any((select case_actor_units('documents.read-restricted'))::uuid[]))`;
const MAY_UPDATE = `public.case_actor_may_update(document.case_id)`;
const CASE_RESTRICTED_OK = `exists (select 1 from public.case_file c where c.id = document.case_id and ${RESTRICTED_OK})`;
/** 0001's rule, for down. */
const MAY_CHANGE_CASE_0001 = `(c.closed_at is null and (c.id = any((select case_ids_assigned_to_actor())::uuid[])
      or c.owning_unit_id = any((select case_actor_units('cases.update'))::uuid[])))`;

async function dropPolicies(db: Parameters<Migration['up']>[0]) {
  await sql`drop policy document_create on document`.execute(db);
  await sql`drop policy document_change on document`.execute(db);
}

export const changeThroughCaseRule: Migration = {
  name: '0003_change_through_case_rule',
  async up(db) {
    await dropPolicies(db);
    await sql
      .raw(
        `create policy document_create on document for insert with check (
      ${SYSTEM}
      or (document.uploaded_by = (select case_actor_user()) and document.deleted_at is null and ${MAY_UPDATE} and ${CASE_RESTRICTED_OK}))`,
      )
      .execute(db);
    await sql
      .raw(
        `create policy document_change on document for update
      using (${SYSTEM} or ${QUARANTINE_MANAGER} or ${MAY_UPDATE})
      with check (${SYSTEM} or ${QUARANTINE_MANAGER} or (${MAY_UPDATE} and ${CASE_RESTRICTED_OK}))`,
      )
      .execute(db);
  },
  async down(db) {
    await dropPolicies(db);
    await sql
      .raw(
        `create policy document_create on document for insert with check (
      ${SYSTEM}
      or (document.uploaded_by = (select case_actor_user()) and document.deleted_at is null
          and exists (select 1 from case_file c where c.id = document.case_id and ${MAY_CHANGE_CASE_0001} and ${RESTRICTED_OK})))`,
      )
      .execute(db);
    await sql
      .raw(
        `create policy document_change on document for update
      using (${SYSTEM} or ${QUARANTINE_MANAGER} or exists (select 1 from case_file c where c.id = document.case_id and ${MAY_CHANGE_CASE_0001}))
      with check (${SYSTEM} or ${QUARANTINE_MANAGER} or exists (select 1 from case_file c where c.id = document.case_id and ${MAY_CHANGE_CASE_0001} and ${RESTRICTED_OK}))`,
      )
      .execute(db);
  },
};
