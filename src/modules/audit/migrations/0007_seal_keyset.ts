// The sealer's candidates, continued from where the previous batch of the same round stopped. While a round
// drains a backlog, the sealer's boundary of what is final stays where the last complete round left it, so
// every batch used to scan again, from that boundary, the events the round had already sealed: after an
// outage (a backlog of a million events) the rounds slowed down quadratically. Now a batch may name the
// last (transaction id, event id) it sealed and the next one starts after it. A transaction that commits
// late, with a smaller id, is still found: a round only counts as complete (and moves the boundary) after a
// batch without that starting point found less than a full batch.
//
// Row-level security: unchanged (0001); the function is SECURITY DEFINER for the system actor only, as the
// one it replaces.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const DEFINER = `language plpgsql security definer set search_path = pg_catalog, public, pg_temp`;
const CHECKS = `if public.casus_actor_kind() is distinct from 'system' then
      raise exception 'only the system actor seals the audit trail' using errcode = 'insufficient_privilege';
    end if;
    if current_setting('transaction_isolation') <> 'repeatable read' then
      raise exception 'sealing needs a repeatable read transaction' using errcode = 'invalid_transaction_state';
    end if;`;
const PENDING = `(s.seen_xmax is null or e.xact_id >= s.seen_xmax or e.xact_id = any(s.seen_xip))
          and not exists (select 1 from public.audit_leaf l where l.event_id = e.id)`;

export const sealKeyset: Migration = {
  name: '0007_seal_keyset',
  async up(db, { appRole }) {
    await sql`drop function casus_audit_seal_candidates(integer)`.execute(db);
    await sql
      .raw(
        `create function casus_audit_seal_candidates(p_limit integer, p_after_xact xid8, p_after_id bigint)
      returns table (event_id bigint, event_xact_id xid8) ${DEFINER} stable as $$
      declare
        s public.audit_seal_state;
      begin
        ${CHECKS}
        select * into s from public.audit_seal_state;
        if p_after_xact is null then
          return query select e.id, e.xact_id from public.audit_event e
            where ${PENDING}
            order by e.xact_id, e.id limit p_limit;
        else
          return query select e.id, e.xact_id from public.audit_event e
            where e.xact_id >= p_after_xact and (e.xact_id, e.id) > (p_after_xact, p_after_id) and ${PENDING}
            order by e.xact_id, e.id limit p_limit;
        end if;
      end $$`,
      )
      .execute(db);
    await sql`revoke all on function casus_audit_seal_candidates(integer, xid8, bigint) from public`.execute(db);
    await sql.raw(`grant execute on function casus_audit_seal_candidates(integer, xid8, bigint) to ${appRole}`).execute(db);
  },
  async down(db, { appRole }) {
    await sql`drop function casus_audit_seal_candidates(integer, xid8, bigint)`.execute(db);
    await sql
      .raw(
        `create function casus_audit_seal_candidates(p_limit integer) returns setof bigint ${DEFINER} stable as $$
      declare
        s public.audit_seal_state;
      begin
        ${CHECKS}
        select * into s from public.audit_seal_state;
        return query select e.id from public.audit_event e where ${PENDING} order by e.xact_id, e.id limit p_limit;
      end $$`,
      )
      .execute(db);
    await sql`revoke all on function casus_audit_seal_candidates(integer) from public`.execute(db);
    await sql.raw(`grant execute on function casus_audit_seal_candidates(integer) to ${appRole}`).execute(db);
  },
};
