// Consumers of the sealed trail (detection, shipping) read it in leaf order and remember the last leaf
// each has processed, in the same transaction as what they did with it: the sealed sequence is their
// outbox. Retention never removes a leaf a consumer has not processed.
//
// Row-level security: only the system actor (the consumers run as it) reads, adds and moves cursors;
// nobody deletes one through the application.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const streamCursors: Migration = {
  name: '0002_stream_cursors',
  async up(db, { appRole }) {
    await sql`create table audit_stream_cursor (
      consumer text primary key check (consumer ~ '^[a-z][a-z0-9-]*$'),
      leaf_index bigint not null default -1 check (leaf_index >= -1),
      updated_at timestamptz not null default clock_timestamp()
    )`.execute(db);
    await sql`revoke all on audit_stream_cursor from public`.execute(db);
    await sql`grant select, insert, update on audit_stream_cursor to ${sql.id(appRole)}`.execute(db);
    await sql`alter table audit_stream_cursor enable row level security`.execute(db);
    await sql`create policy audit_stream_cursor_system on audit_stream_cursor
      using ((select casus_actor_kind()) = 'system') with check ((select casus_actor_kind()) = 'system')`.execute(db);
  },
  async down(db) {
    await sql`drop table audit_stream_cursor`.execute(db);
  },
};
