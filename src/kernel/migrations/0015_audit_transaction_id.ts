// Each audit event records the id of the transaction that wrote it (xid8, never wraps), set by a
// trigger for every writer, the owner included. The sealer (the audit module) needs it to know which
// events are final: an event's transaction has ended once its id is below a snapshot's xmin, or below
// its xmax and not among its running ids. Identity values cannot tell that: a transaction may draw
// id 100, commit after another drew 101, and a cursor on ids would skip it. With the transaction id the
// sealer seals every committed event exactly once, without serialising inserts.
//
// Row-level security: unchanged (0013). Existing rows get 0: older than any transaction, sealed first.
import { sql } from 'kysely';
import type { Migration } from '../db/migrator.ts';

export const auditTransactionId: Migration = {
  name: '0015_audit_transaction_id',
  async up(db) {
    await sql`alter table audit_event add column xact_id xid8 not null default '0'`.execute(db);
    // SECURITY INVOKER: pg_current_xact_id() is the writer's own transaction; no table is read.
    await sql`create function audit_event_transaction_id() returns trigger language plpgsql
      set search_path = pg_catalog, public, pg_temp as $$
      begin
        new.xact_id := pg_current_xact_id();
        return new;
      end $$`.execute(db);
    await sql`create trigger audit_event_transaction_id before insert on audit_event
      for each row execute function audit_event_transaction_id()`.execute(db);
    await sql`create index audit_event_xact_idx on audit_event (xact_id)`.execute(db);
  },
  async down(db) {
    await sql`drop trigger audit_event_transaction_id on audit_event`.execute(db);
    await sql`drop function audit_event_transaction_id()`.execute(db);
    await sql`alter table audit_event drop column xact_id`.execute(db);
  },
};
