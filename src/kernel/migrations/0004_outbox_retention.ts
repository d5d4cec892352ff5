// Delivered events and handler claims are kept for a while (for diagnosis and to recognise late
// redeliveries), then removed by the kernel's daily retention job, which runs as the application role.
import { sql } from 'kysely';
import type { Migration } from '../db/migrator.ts';

export const outboxRetention: Migration = {
  name: '0004_outbox_retention',
  async up(db, { appRole }) {
    await sql`grant delete on outbox_event, processed_event to ${sql.id(appRole)}`.execute(db);
    await sql`create index outbox_event_relayed_idx on outbox_event (relayed_at) where relayed_at is not null`.execute(db);
    await sql`create index processed_event_age_idx on processed_event (processed_at)`.execute(db);
  },
  async down(db, { appRole }) {
    await sql`drop index processed_event_age_idx`.execute(db);
    await sql`drop index outbox_event_relayed_idx`.execute(db);
    await sql`revoke delete on outbox_event, processed_event from ${sql.id(appRole)}`.execute(db);
  },
};
