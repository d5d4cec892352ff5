// The transactional outbox: events are written in the same transaction as the change that caused
// them, and relayed to subscribers after commit (see events/bus.ts). processed_event lets
// handlers be idempotent under at-least-once delivery.
import { sql } from 'kysely';
import type { Migration } from '../db/migrator.ts';

export const outbox: Migration = {
  name: '0003_outbox',
  async up(db, { appRole }) {
    const role = sql.id(appRole);
    await sql`create table outbox_event (
      id uuid primary key,
      name text not null check (name ~ '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$'),
      payload jsonb not null,
      occurred_at timestamptz not null default clock_timestamp(),
      actor_kind text not null,
      actor_id text,
      request_id text,
      trace_id text,
      relayed_at timestamptz
    )`.execute(db);
    await sql`create index outbox_event_pending_idx on outbox_event (occurred_at) where relayed_at is null`.execute(db);
    // Wake the relay at commit instead of waiting for its next poll.
    await sql`create function outbox_event_notify() returns trigger language plpgsql as $$
      begin perform pg_notify('casus_outbox', ''); return null; end $$`.execute(db);
    await sql`create trigger outbox_event_notify after insert on outbox_event
      for each statement execute function outbox_event_notify()`.execute(db);
    await sql`create table processed_event (
      handler text not null,
      event_id uuid not null,
      processed_at timestamptz not null default now(),
      primary key (handler, event_id)
    )`.execute(db);
    await sql`revoke all on outbox_event, processed_event from public`.execute(db);
    await sql`grant select, insert, update (relayed_at) on outbox_event to ${role}`.execute(db);
    await sql`grant select, insert on processed_event to ${role}`.execute(db);
  },
  async down(db) {
    await sql`drop table processed_event`.execute(db);
    await sql`drop table outbox_event`.execute(db);
    await sql`drop function outbox_event_notify()`.execute(db);
  },
};
