// Who, when and from where in the audit trail come from the sealed transaction, never from the
// writer's SQL. Until now the columns defaulted to the settings but took whatever an INSERT named, so
// SQL through the application's login could write events in someone else's name, at any time. A
// trigger now sets the actor, the request and trace ids, the address and the user agent from the
// sealed settings (anonymous and empty when the seal does not verify) and the time from the clock.
// Only the table's owner (migrations, `casus users bootstrap-admin`) writes its own values: it could
// rewrite the table anyway; tamper evidence for that comes with sealing the trail (a later issue).
//
// The same holds for the outbox: an event's actor and request are those of the transaction that
// published it, and the handlers that act on it as the system actor can trust them.
//
// Row-level security, for every login but the owner (the application's, and any other without BYPASSRLS):
//   - audit_event: anyone may add events (the trigger decides whose they are); only the system actor
//     reads them back through the application. The audit screens (a later issue) read with their own
//     permission; until then nothing in the application reads the trail.
//   - outbox_event: a sealed transaction may publish (an anonymous request's too: a sign-in lockout is
//     an event), a login without a seal may not; only the system actor (the relay and the retention
//     job) reads, marks relayed and deletes.
//   - processed_event: only the system actor (event handlers run as it).
import { sql } from 'kysely';
import type { Migration } from '../db/migrator.ts';

const PATH = 'pg_catalog, public, pg_temp';
const text = (name: string) => `nullif(current_setting('casus.${name}', true), '')`;
/**
 * The writers the trigger overrides: the application and authentication roles, the only ones migrations
 * let write these tables besides the owner (which could change the table anyway). A name comparison,
 * not a catalog look-up: it runs for every row.
 */
const untrusted = (roles: string[]) => `current_user::text in (${roles.map((r) => `'${r}'`).join(', ')})`;
const system = `(select casus_actor_kind()) = 'system'`;

export const auditFromSeal: Migration = {
  name: '0013_audit_from_seal',
  async up(db, { appRole, authRole }) {
    // The role names are checked by the settings ([a-z_][a-z0-9_]*): safe to inline.
    const writers = untrusted([appRole, authRole]);
    // SECURITY INVOKER on purpose: current_user must be the writer, to tell the owner from the application.
    await sql
      .raw(
        `create function audit_event_from_seal() returns trigger language plpgsql set search_path = ${PATH} as $$
      begin
        if not ${writers} then return new; end if;
        new.occurred_at := clock_timestamp();
        if casus_actor_sealed() then
          new.actor_kind := coalesce(${text('actor_kind')}, 'anonymous');
          new.actor_id := ${text('actor_id')};
          new.request_id := ${text('request_id')};
          new.trace_id := ${text('trace_id')};
          new.origin_ip := ${text('origin_ip')}::inet;
          new.user_agent := ${text('user_agent')};
        else
          new.actor_kind := 'anonymous';
          new.actor_id := null;
          new.request_id := null;
          new.trace_id := null;
          new.origin_ip := null;
          new.user_agent := null;
        end if;
        return new;
      end $$`,
      )
      .execute(db);
    await sql`create trigger audit_event_from_seal before insert on audit_event for each row execute function audit_event_from_seal()`.execute(
      db,
    );

    await sql
      .raw(
        `create function outbox_event_from_seal() returns trigger language plpgsql set search_path = ${PATH} as $$
      begin
        if not ${writers} then return new; end if;
        new.occurred_at := clock_timestamp();
        new.relayed_at := null;
        new.actor_kind := casus_actor_kind();
        new.actor_id := casus_actor_id();
        if casus_actor_sealed() then
          new.request_id := ${text('request_id')};
          new.trace_id := ${text('trace_id')};
        else
          new.request_id := null;
          new.trace_id := null;
        end if;
        return new;
      end $$`,
      )
      .execute(db);
    await sql`create trigger outbox_event_from_seal before insert on outbox_event for each row execute function outbox_event_from_seal()`.execute(
      db,
    );

    for (const table of ['audit_event', 'outbox_event', 'processed_event']) {
      await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    }
    await sql`create policy audit_event_add on audit_event for insert with check (true)`.execute(db);
    await sql.raw(`create policy audit_event_read on audit_event for select using (${system})`).execute(db);
    await sql.raw(`create policy outbox_event_publish on outbox_event for insert with check ((select casus_actor_sealed()))`).execute(db);
    await sql.raw(`create policy outbox_event_relay on outbox_event for select using (${system})`).execute(db);
    await sql.raw(`create policy outbox_event_mark on outbox_event for update using (${system}) with check (${system})`).execute(db);
    await sql.raw(`create policy outbox_event_purge on outbox_event for delete using (${system})`).execute(db);
    await sql.raw(`create policy processed_event_system on processed_event using (${system}) with check (${system})`).execute(db);
  },
  async down(db) {
    for (const [table, policies] of [
      ['processed_event', ['processed_event_system']],
      ['outbox_event', ['outbox_event_publish', 'outbox_event_relay', 'outbox_event_mark', 'outbox_event_purge']],
      ['audit_event', ['audit_event_add', 'audit_event_read']],
    ] as const) {
      for (const policy of policies) await sql`drop policy ${sql.id(policy)} on ${sql.table(table)}`.execute(db);
      await sql`alter table ${sql.table(table)} disable row level security`.execute(db);
    }
    await sql`drop trigger outbox_event_from_seal on outbox_event`.execute(db);
    await sql`drop function outbox_event_from_seal()`.execute(db);
    await sql`drop trigger audit_event_from_seal on audit_event`.execute(db);
    await sql`drop function audit_event_from_seal()`.execute(db);
  },
};
