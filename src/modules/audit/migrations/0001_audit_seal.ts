// Sealing the audit trail (ADR 0025): each committed event gets the next index of a gap-free sequence
// (a leaf of the RFC 6962 Merkle tree), after the fact, so inserts never wait for one another.
//
// Which events are final: the sealer works in a REPEATABLE READ transaction and remembers its
// snapshot's xmax and running transaction ids (audit_seal_state). Every event whose transaction id
// (audit_event.xact_id, kernel migration 0015) is below that xmax and not among those ids was
// visible to that snapshot if it committed, and was sealed then. So the next round only looks at
// events of transactions at or above the old xmax, or among the old running ids: a bounded scan of
// the xact_id index, correct however late a long transaction commits.
//
// Row-level security:
//   - audit_leaf: the application role may only SELECT, and only as the system actor (RLS); leaves are
//     added by casus_audit_seal_append (SECURITY DEFINER, owner), never by the role itself, so SQL through
//     the application's login cannot seal an event out of turn. Triggers refuse UPDATE, DELETE and
//     TRUNCATE (retention, when it lands, goes through its own owner function).
//   - audit_seal_state: no access for the application role; read and written by the two functions.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const DEFINER = `language plpgsql security definer set search_path = pg_catalog, public, pg_temp`;
const SYSTEM_ONLY = `if public.casus_actor_kind() is distinct from 'system' then
      raise exception 'only the system actor seals the audit trail' using errcode = 'insufficient_privilege';
    end if;`;

export const auditSeal: Migration = {
  name: '0001_audit_seal',
  async up(db, { appRole }) {
    await sql`create table audit_leaf (
      leaf_index bigint primary key check (leaf_index >= 0),
      event_id bigint not null unique,
      leaf_hash bytea not null check (octet_length(leaf_hash) = 32),
      sealed_at timestamptz not null default clock_timestamp()
    )`.execute(db);
    await sql`create table audit_seal_state (
      singleton boolean primary key default true check (singleton),
      tree_size bigint not null default 0 check (tree_size >= 0),
      seen_xmax xid8,
      seen_xip xid8[] not null default '{}',
      sealed_at timestamptz
    )`.execute(db);
    await sql`insert into audit_seal_state default values`.execute(db);

    await sql`create function audit_leaf_is_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_leaf is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$`.execute(db);
    await sql`create trigger audit_leaf_no_update_delete before update or delete on audit_leaf
      for each row execute function audit_leaf_is_append_only()`.execute(db);
    await sql`create trigger audit_leaf_no_truncate before truncate on audit_leaf
      for each statement execute function audit_leaf_is_append_only()`.execute(db);

    // The events the next round must look at, oldest transaction first. Only ids: the sealer reads the
    // events themselves through the application role (as the system actor), in the same snapshot.
    await sql
      .raw(
        `create function casus_audit_seal_candidates(p_limit integer) returns setof bigint ${DEFINER} stable as $$
      declare
        s public.audit_seal_state;
      begin
        ${SYSTEM_ONLY}
        if current_setting('transaction_isolation') <> 'repeatable read' then
          raise exception 'sealing needs a repeatable read transaction' using errcode = 'invalid_transaction_state';
        end if;
        select * into s from public.audit_seal_state;
        return query
          select e.id from public.audit_event e
          where (s.seen_xmax is null or e.xact_id >= s.seen_xmax or e.xact_id = any(s.seen_xip))
            and not exists (select 1 from public.audit_leaf l where l.event_id = e.id)
          order by e.xact_id, e.id
          limit p_limit;
      end $$`,
      )
      .execute(db);

    // Appends leaves in the order given, at the next indexes. p_exhausted: the candidates of this
    // snapshot are all sealed, so the snapshot becomes the new boundary of what is final.
    await sql
      .raw(
        `create function casus_audit_seal_append(p_event_ids bigint[], p_leaf_hashes bytea[], p_exhausted boolean)
      returns bigint ${DEFINER} as $$
      declare
        s public.audit_seal_state;
        n integer := coalesce(cardinality(p_event_ids), 0);
        snap pg_snapshot := pg_current_snapshot();
      begin
        ${SYSTEM_ONLY}
        if current_setting('transaction_isolation') <> 'repeatable read' then
          raise exception 'sealing needs a repeatable read transaction' using errcode = 'invalid_transaction_state';
        end if;
        if n <> coalesce(cardinality(p_leaf_hashes), 0) then
          raise exception 'one leaf hash per event' using errcode = 'invalid_parameter_value';
        end if;
        select * into s from public.audit_seal_state for update;
        if n > 0 then
          if (select count(*) from public.audit_event where id = any(p_event_ids)) <> n then
            raise exception 'only existing events, each once, are sealed' using errcode = 'invalid_parameter_value';
          end if;
          insert into public.audit_leaf (leaf_index, event_id, leaf_hash)
            select s.tree_size + u.ord - 1, u.event_id, u.leaf_hash
            from unnest(p_event_ids, p_leaf_hashes) with ordinality as u (event_id, leaf_hash, ord);
        end if;
        update public.audit_seal_state set
          tree_size = s.tree_size + n,
          sealed_at = case when n > 0 then clock_timestamp() else sealed_at end,
          seen_xmax = case when p_exhausted then pg_snapshot_xmax(snap) else seen_xmax end,
          seen_xip = case when p_exhausted then array(select pg_snapshot_xip(snap)) else seen_xip end;
        return s.tree_size + n;
      end $$`,
      )
      .execute(db);

    for (const fn of ['casus_audit_seal_candidates(integer)', 'casus_audit_seal_append(bigint[], bytea[], boolean)']) {
      await sql.raw(`revoke all on function ${fn} from public`).execute(db);
      await sql.raw(`grant execute on function ${fn} to ${appRole}`).execute(db);
    }
    await sql`revoke all on audit_leaf, audit_seal_state from public`.execute(db);
    await sql`grant select on audit_leaf to ${sql.id(appRole)}`.execute(db);
    await sql`alter table audit_leaf enable row level security`.execute(db);
    await sql`alter table audit_seal_state enable row level security`.execute(db);
    await sql`create policy audit_leaf_read on audit_leaf for select using ((select casus_actor_kind()) = 'system')`.execute(db);
  },
  async down(db) {
    await sql`drop function casus_audit_seal_append(bigint[], bytea[], boolean)`.execute(db);
    await sql`drop function casus_audit_seal_candidates(integer)`.execute(db);
    await sql`drop table audit_seal_state`.execute(db);
    await sql`drop table audit_leaf`.execute(db);
    await sql`drop function audit_leaf_is_append_only()`.execute(db);
  },
};
