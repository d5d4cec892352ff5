// Each threshold rule's distinct values per actor, with the time of their latest hit (detection_value):
// whether an actor can reach a rule's threshold at all is then a count over her distinct values (a case
// worker's few clients), not over every hit the window holds (an hour of her opening them again and
// again, 44 ms a batch with 50 people at work and growing through the day). Filled from the hits
// already kept, so a window open during the upgrade counts them.
//
// Row-level security: the detection consumer's working state like detection_hit; only the system actor
// (the consumer runs as it) reads and writes it. No index on last_at: the upsert then changes no indexed
// column and stays a HOT update in place (fillfactor leaves room on each page); the purge reads the whole
// table, which holds only the values of the last two hours.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const SYSTEM = `(select casus_actor_kind()) = 'system'`;

export const detectionValues: Migration = {
  name: '0022_detection_values',
  async up(db, { appRole }) {
    await sql`create table detection_value (
      rule_id text not null,
      actor_id text not null,
      value text not null,
      last_at timestamptz not null,
      primary key (rule_id, actor_id, value)
    ) with (fillfactor = 70)`.execute(db);
    await sql`insert into detection_value (rule_id, actor_id, value, last_at)
      select rule_id, actor_id, value, max(occurred_at) from detection_hit group by 1, 2, 3`.execute(db);
    await sql`revoke all on detection_value from public`.execute(db);
    await sql`grant select, insert, update, delete on detection_value to ${sql.id(appRole)}`.execute(db);
    await sql`alter table detection_value enable row level security`.execute(db);
    await sql.raw(`create policy detection_value_system on detection_value using (${SYSTEM}) with check (${SYSTEM})`).execute(db);
  },
  async down(db) {
    await sql`drop table detection_value`.execute(db);
  },
};
