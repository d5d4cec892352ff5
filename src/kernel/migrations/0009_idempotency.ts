// Idempotency-Key records (http/idempotency.ts). Row-level security keeps each actor to its own keys
// and kept answers (sealed anyway); the retention job, which acts for no one, deletes expired rows
// through a SECURITY DEFINER function that can do nothing else.
import { sql } from 'kysely';
import type { Migration } from '../db/migrator.ts';

export const idempotency: Migration = {
  name: '0009_idempotency',
  async up(db, { appRole }) {
    await sql`create table idempotency_record (
      id uuid primary key default gen_random_uuid(),
      actor_kind text not null,
      actor_id text not null,
      key_hash bytea not null,
      method text not null,
      route text not null,
      fingerprint bytea not null,
      state text not null default 'in-progress' check (state in ('in-progress', 'completed')),
      claim_token uuid not null,
      locked_until timestamptz not null,
      transactional boolean not null,
      applied_at timestamptz,
      result bytea,
      status_code smallint check (status_code between 100 and 599),
      response bytea,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      unique (actor_kind, actor_id, key_hash),
      check (state = 'in-progress' or (status_code is not null and response is not null))
    )`.execute(db);
    await sql`create index idempotency_record_expires_idx on idempotency_record (expires_at)`.execute(db);
    await sql`alter table idempotency_record enable row level security`.execute(db);
    await sql`create policy idempotency_record_own on idempotency_record to ${sql.id(appRole)}
      using (actor_kind = (select casus_actor_kind()) and actor_id = (select casus_actor_id()))
      with check (actor_kind = (select casus_actor_kind()) and actor_id = (select casus_actor_id()))`.execute(db);
    await sql`grant select, insert, update, delete on idempotency_record to ${sql.id(appRole)}`.execute(db);

    await sql`create function casus_purge_idempotency_records(batch_size integer) returns integer
      language plpgsql volatile security definer
      set search_path = pg_catalog, public
      as $$
      declare removed integer;
      begin
        delete from public.idempotency_record where id in (select id from public.idempotency_record
          where expires_at < now() order by expires_at limit least(greatest(batch_size, 1), 10000));
        get diagnostics removed = row_count;
        return removed;
      end $$`.execute(db);
    await sql`revoke all on function casus_purge_idempotency_records(integer) from public`.execute(db);
    await sql`grant execute on function casus_purge_idempotency_records(integer) to ${sql.id(appRole)}`.execute(db);
  },
  async down(db) {
    await sql`drop function casus_purge_idempotency_records(integer)`.execute(db);
    await sql`drop table idempotency_record`.execute(db);
  },
};
