// Signed checkpoints of the sealed trail (ADR 0025): each row is a C2SP tlog-checkpoint note (tree size,
// root, time) signed with Ed25519, with the tree's frontier at that size so the next checkpoint costs only
// the leaves since (seal/merkle.ts), and when its copy reached the witness store.
//
// Row-level security:
//   - audit_checkpoint: read by the system actor (the sealer, the verifier) and by holders of audit.verify
//     (the verification screens); nobody inserts directly: casus_audit_checkpoint_add (SECURITY DEFINER,
//     system actor only) checks the size against the sealed tree. Triggers refuse UPDATE (but setting
//     witnessed_at once, through casus_audit_checkpoint_witnessed), DELETE and TRUNCATE.
//   - audit_seal_state: the system actor (the verifier needs the sealer's boundary of what is final) and
//     holders of audit.verify (the tree size on the verification screen) may now read it; writing stays
//     with the sealing functions of 0001.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const DEFINER = `language plpgsql security definer set search_path = pg_catalog, public, pg_temp`;
const SYSTEM_ONLY = `if public.casus_actor_kind() is distinct from 'system' then
      raise exception 'only the system actor issues checkpoints' using errcode = 'insufficient_privilege';
    end if;`;

export const auditCheckpoints: Migration = {
  name: '0003_checkpoints',
  async up(db, { appRole }) {
    await sql`create table audit_checkpoint (
      tree_size bigint primary key check (tree_size > 0),
      root_hash bytea not null check (octet_length(root_hash) = 32),
      issued_at timestamptz not null,
      key_id text not null check (key_id ~ '^[0-9a-f]{8}$'),
      note text not null,
      frontier bytea[] not null,
      witnessed_at timestamptz
    )`.execute(db);
    await sql`create index audit_checkpoint_unwitnessed_idx on audit_checkpoint (tree_size) where witnessed_at is null`.execute(db);

    // Append-only, but for recording once when the witness store took the copy.
    await sql`create function audit_checkpoint_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and old.witnessed_at is null and new.witnessed_at is not null
          and (new.tree_size, new.root_hash, new.issued_at, new.key_id, new.note, new.frontier)
            is not distinct from (old.tree_size, old.root_hash, old.issued_at, old.key_id, old.note, old.frontier) then
          return new;
        end if;
        raise exception 'audit_checkpoint is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$`.execute(db);
    await sql`create trigger audit_checkpoint_append_only before update or delete on audit_checkpoint
      for each row execute function audit_checkpoint_append_only()`.execute(db);
    await sql`create trigger audit_checkpoint_no_truncate before truncate on audit_checkpoint
      for each statement execute function audit_checkpoint_append_only()`.execute(db);

    await sql
      .raw(
        `create function casus_audit_checkpoint_add(p_size bigint, p_root bytea, p_issued_at timestamptz, p_key_id text,
        p_note text, p_frontier bytea[]) returns void ${DEFINER} as $$
      declare
        sealed bigint;
        last bigint;
      begin
        ${SYSTEM_ONLY}
        select tree_size into sealed from public.audit_seal_state;
        select max(tree_size) into last from public.audit_checkpoint;
        if p_size > sealed then
          raise exception 'a checkpoint of % leaves, but only % are sealed', p_size, sealed using errcode = 'invalid_parameter_value';
        end if;
        if p_size <= coalesce(last, 0) then
          raise exception 'a checkpoint of % leaves is not after the last one (%)', p_size, last using errcode = 'invalid_parameter_value';
        end if;
        if exists (select 1 from unnest(p_frontier) as f (node) where octet_length(node) is distinct from 32) then
          raise exception 'frontier nodes are 32-byte hashes' using errcode = 'invalid_parameter_value';
        end if;
        insert into public.audit_checkpoint (tree_size, root_hash, issued_at, key_id, note, frontier)
          values (p_size, p_root, p_issued_at, p_key_id, p_note, p_frontier);
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function casus_audit_checkpoint_witnessed(p_size bigint) returns void ${DEFINER} as $$
      begin
        ${SYSTEM_ONLY}
        update public.audit_checkpoint set witnessed_at = clock_timestamp() where tree_size = p_size and witnessed_at is null;
      end $$`,
      )
      .execute(db);
    for (const fn of [
      'casus_audit_checkpoint_add(bigint, bytea, timestamptz, text, text, bytea[])',
      'casus_audit_checkpoint_witnessed(bigint)',
    ]) {
      await sql.raw(`revoke all on function ${fn} from public`).execute(db);
      await sql.raw(`grant execute on function ${fn} to ${appRole}`).execute(db);
    }

    await sql`revoke all on audit_checkpoint from public`.execute(db);
    await sql`grant select on audit_checkpoint, audit_seal_state to ${sql.id(appRole)}`.execute(db);
    await sql`alter table audit_checkpoint enable row level security`.execute(db);
    await sql`create policy audit_checkpoint_read on audit_checkpoint for select
      using ((select casus_actor_kind()) = 'system' or (select casus_actor_has_permission('audit.verify')))`.execute(db);
    await sql`create policy audit_seal_state_read on audit_seal_state for select
      using ((select casus_actor_kind()) = 'system' or (select casus_actor_has_permission('audit.verify')))`.execute(db);
  },
  async down(db, { appRole }) {
    await sql`drop policy audit_seal_state_read on audit_seal_state`.execute(db);
    await sql`revoke select on audit_seal_state from ${sql.id(appRole)}`.execute(db);
    await sql`drop function casus_audit_checkpoint_witnessed(bigint)`.execute(db);
    await sql`drop function casus_audit_checkpoint_add(bigint, bytea, timestamptz, text, text, bytea[])`.execute(db);
    await sql`drop table audit_checkpoint`.execute(db);
    await sql`drop function audit_checkpoint_append_only()`.execute(db);
  },
};
