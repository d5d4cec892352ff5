// Documents on cases. The bytes live encrypted in the kernel's blob store under the document's id;
// this table keeps what the store returned (the wrapped per-file data key, the sniffed type, size,
// SHA-256, the virus verdict) and who may see it. Row-level security for the application role:
//   - a document is visible when its case is (case_file's own policy applies inside the sub-query),
//     and a restricted one only when the actor holds documents.read-restricted in the case's unit;
//   - a quarantined document (clamd found something) is visible only to holders of
//     documents.manage-quarantine, whether or not they see the case: they triage it without
//     reading the case, and nobody else is ever offered it;
//   - adding one needs what changing the case needs (assigned, or cases.update in its unit), on an
//     open case, as oneself, and a restricted one also documents.read-restricted in the unit;
//   - the system actor (rotation, retention) sees and changes all.
// Only some columns can be changed at all (column grants): a document never moves to another case,
// and its content, size, hash and quarantine verdict are what the upload produced.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

// As of this migration (the code's list is DOCUMENT_TYPE_KEYS in documents.tables.ts).
const TYPES = ['correspondence', 'police-report', 'medical', 'legal', 'financial', 'identity', 'other'] as const;

export const documents: Migration = {
  name: '0001_documents',
  async up(db, { appRole }) {
    const types = sql.join(TYPES.map((t) => sql.lit(t)));
    // key_id follows wrapped_key (format 0x01 | id length | key id | …, ids are ASCII), so it stays
    // right when `casus keys rotate` re-wraps the key and touches only that column.
    // ON DELETE RESTRICT on the case: destroying a case must destroy its documents' blobs first.
    await sql`create table document (
      id uuid primary key,
      case_id uuid not null references case_file (id),
      filename text not null check (length(filename) between 1 and 255),
      content_type text not null check (length(content_type) between 3 and 200),
      size bigint not null check (size >= 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      wrapped_key bytea,
      key_id text generated always as (case when octet_length(wrapped_key) < 2 or wrapped_key is null then null
        else encode(substring(wrapped_key from 3 for get_byte(wrapped_key, 1)), 'escape') end) stored,
      format_version smallint not null,
      document_type text not null default 'other' check (document_type in (${types})),
      restricted boolean not null default false,
      quarantined boolean not null default false,
      signature text check (length(signature) between 1 and 200),
      uploaded_by uuid,
      uploaded_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      deleted_by uuid,
      delete_reason text check (length(delete_reason) between 10 and 2000),
      version integer not null default 1,
      check (quarantined = (signature is not null)),
      check ((deleted_at is null) = (delete_reason is null)),
      check (wrapped_key is not null or deleted_at is not null)
    )`.execute(db);
    await sql`create index document_case on document (case_id, uploaded_at desc, id desc) where deleted_at is null`.execute(db);
    await sql`create index document_quarantine on document (uploaded_at desc, id desc) where quarantined and deleted_at is null`.execute(
      db,
    );

    await sql`grant select, insert on document to ${sql.id(appRole)}`.execute(db);
    await sql`grant update (filename, document_type, restricted, wrapped_key, updated_at, deleted_at, deleted_by, delete_reason, version)
      on document to ${sql.id(appRole)}`.execute(db);
    await sql`alter table document enable row level security`.execute(db);

    const system = sql.raw(`(select casus_actor_kind()) = 'system'`);
    const quarantineManager = sql.raw(`(document.quarantined and (select casus_actor_has_permission('documents.manage-quarantine')))`);
    const restrictedOk = sql.raw(
      `(not document.restricted or c.owning_unit_id = any((select case_actor_units('documents.read-restricted'))::uuid[]))`,
    );
    // What changing a case takes (case_file_change): the case is visible (its policy applies here) and
    // the actor works on it or holds cases.update in its unit; and it is open.
    const mayChangeCase = sql.raw(`(c.closed_at is null and (c.id = any((select case_ids_assigned_to_actor())::uuid[])
      or c.owning_unit_id = any((select case_actor_units('cases.update'))::uuid[])))`);
    await sql`create policy document_read on document for select using (
      ${system} or ${quarantineManager}
      or (not document.quarantined and exists (select 1 from case_file c where c.id = document.case_id and ${restrictedOk})))`.execute(db);
    await sql`create policy document_create on document for insert with check (
      ${system}
      or (document.uploaded_by = (select case_actor_user()) and document.deleted_at is null
          and exists (select 1 from case_file c where c.id = document.case_id and ${mayChangeCase} and ${restrictedOk})))`.execute(db);
    await sql`create policy document_change on document for update
      using (${system} or ${quarantineManager} or exists (select 1 from case_file c where c.id = document.case_id and ${mayChangeCase}))
      with check (${system} or ${quarantineManager} or exists (select 1 from case_file c where c.id = document.case_id and ${mayChangeCase} and ${restrictedOk}))`.execute(
      db,
    );
  },
  async down(db) {
    await sql`drop table document`.execute(db);
  },
};
