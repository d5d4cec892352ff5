// The documents module's part of erasure (privacy.erasure) and of destruction rounds (issue 12).
// Documents are crypto-shredded as a deletion is (documents.service.ts): the row's wrapped data key is
// the only way to decrypt the blob, so forgetting it makes the blob unreadable ciphertext in the same
// transaction, even before the blob itself is removed after the commit (by the caller).
//   - document_erase_persons(persons, apply): the documents of the cases about the persons (the cases
//     module's case_ids_about) are marked deleted, their data keys forgotten and their file names
//     (which may name the client) replaced; answers every document of those cases, with whether it
//     was live, so the caller removes their blobs.
//   - document_destroy_case(case): the case's document rows are deleted (the key with them); answers
//     their ids for the blob removal. document.case_id refers to the case without cascade, on purpose:
//     nothing deletes a case while its documents' blobs are unaccounted for.
// The application role still has no DELETE on document and cannot write deleted_by or filename freely
// here: only these SECURITY DEFINER functions do, and only when the cases module says so
// (case_actor_may_erase, case_actor_may_destroy).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const PINNED = 'set search_path = pg_catalog, public, pg_temp';
const FUNCTIONS = ['document_erase_persons(uuid[], boolean)', 'document_destroy_case(uuid)'];

export const erasure: Migration = {
  name: '0005_erasure',
  async up(db, { appRole }) {
    await sql
      .raw(
        `create function document_erase_persons(the_persons uuid[], apply boolean)
      returns table (document_id uuid, was_live boolean)
      language plpgsql volatile security definer ${PINNED} as $$
      declare
        about uuid[];
      begin
        if not public.case_actor_may_erase(the_persons, apply) then
          raise exception 'document_erase_persons: not permitted, or a case is open or on a legal hold' using errcode = 'insufficient_privilege';
        end if;
        about := public.case_ids_about(the_persons);
        if not apply then
          return query select d.id, d.deleted_at is null from public.document d where d.case_id = any(about);
          return;
        end if;
        return query with present as (select d.id, d.deleted_at is null as live from public.document d where d.case_id = any(about) for update),
          shredded as (
            update public.document d set wrapped_key = null, filename = 'gewist',
                deleted_at = coalesce(d.deleted_at, pg_catalog.now()), deleted_by = coalesce(d.deleted_by, public.case_actor_user()),
                delete_reason = coalesce(d.delete_reason, 'Gewist op grond van de AVG (privacy.erasure)'),
                updated_at = pg_catalog.now(), version = d.version + 1
              from present b where d.id = b.id returning d.id, b.live)
          select s.id, s.live from shredded s;
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function document_destroy_case(the_case uuid) returns setof uuid
      language plpgsql volatile security definer ${PINNED} as $$
      begin
        if not public.case_actor_may_destroy(the_case) then
          raise exception 'document_destroy_case: the case is not cleared for destruction in this transaction' using errcode = 'insufficient_privilege';
        end if;
        return query delete from public.document d where d.case_id = the_case returning d.id;
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
  },
};
